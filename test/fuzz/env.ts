// What the fuzz properties work on: the compiled catalog and the real texts they mutate. Loaded from a
// repository root given by the caller, so the same code runs under tsx (node:test) and as an esbuild
// bundle (`npm run fuzz`), where `__dirname` means nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../server/src/core/catalog';
import type { CatalogIndex } from '../../server/src/core/types';

export interface SeedText {
  /** Path relative to the repository root (also what tells the scanner the language). */
  name: string;
  text: string;
}

export interface FuzzEnv {
  root: string;
  catalog: Catalog;
  /** Real scanner fixtures and the example project: the texts the mutation properties start from. */
  seeds: SeedText[];
}

const SEED_DIRS = ['test/core/fixtures/scanner', 'test/core/fixtures/grants', 'examples/platform-backend'];
/** Seeds are small source files; anything bigger would only slow every case down. */
const MAX_SEED = 64 * 1024;

export function loadEnv(root: string, catalog?: Catalog): FuzzEnv {
  const cat = catalog ?? Catalog.fromIndex(JSON.parse(fs.readFileSync(path.join(root, 'dist', 'catalog.json'), 'utf8')) as CatalogIndex);
  const seeds: SeedText[] = [];
  for (const dir of SEED_DIRS) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    const files = fs.readdirSync(abs, { recursive: true }).map(String).sort();
    for (const f of files) {
      const file = path.join(abs, f);
      if (!fs.statSync(file).isFile() || fs.statSync(file).size > MAX_SEED) continue;
      seeds.push({ name: path.posix.join(dir, f.split(path.sep).join('/')), text: fs.readFileSync(file, 'utf8') });
    }
  }
  if (!seeds.length) throw new Error(`fuzz: no seed texts under ${root}`);
  return { root, catalog: cat, seeds };
}
