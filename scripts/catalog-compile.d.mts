import type { CatalogIndex } from '../server/src/core/types';
export function validateCatalog(dir: string): string[];
export function compileCatalog(dir: string): CatalogIndex;
export function renderCatalogMd(index: CatalogIndex): string;
export function interfaceFiles(dir: string): string[];
export function readJson(file: string): unknown;
export function renderGrammar(index: CatalogIndex): { scopeName: string; injectionSelector: string; patterns: { name: string; match: string }[] };
