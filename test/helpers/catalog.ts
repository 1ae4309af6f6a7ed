// Tests load the same compiled index the server and CLI ship (built by `npm test` first).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../server/src/core/catalog';
import type { CatalogIndex } from '../../server/src/core/types';

export const ROOT = path.resolve(__dirname, '..', '..');
let cached: Catalog | undefined;

export function index(): CatalogIndex {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'catalog.json'), 'utf8')) as CatalogIndex;
}

export function catalog(): Catalog {
  return (cached ??= Catalog.fromIndex(index()));
}
