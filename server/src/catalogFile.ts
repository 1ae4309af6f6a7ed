// Finds and loads the compiled catalog index that ships beside the bundles (dist/catalog.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from './core/catalog';
import type { CatalogIndex } from './core/types';

let cached: Catalog | undefined;

export function catalogIndexPath(): string {
  const candidates = [path.join(__dirname, 'catalog.json'), path.join(__dirname, '..', '..', 'dist', 'catalog.json'), path.join(__dirname, '..', 'dist', 'catalog.json')];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`wxperm: the catalog index is missing (looked in ${candidates.join(', ')}); run npm run build`);
  return found;
}

export function loadCatalog(): Catalog {
  if (!cached) cached = Catalog.fromIndex(JSON.parse(fs.readFileSync(catalogIndexPath(), 'utf8')) as CatalogIndex);
  return cached;
}
