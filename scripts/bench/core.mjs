// The core, in-process: server/src/core/scanner.ts and catalog.ts bundled by esbuild exactly as
// `npm run build` bundles them into dist/*.js (platform node, target node20, not minified), written to
// a temp file, imported, and the temp file removed. The catalog is dist/catalog.json, the index the
// server and CLI ship with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export async function loadCore(root) {
  const out = path.join(os.tmpdir(), `wxperm-bench-core-${process.pid}.mjs`);
  await esbuild.build({
    stdin: {
      contents: `export { scan } from './server/src/core/scanner'; export { Catalog } from './server/src/core/catalog';`,
      resolveDir: root, loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    fs.rmSync(out, { force: true });
  }
}
