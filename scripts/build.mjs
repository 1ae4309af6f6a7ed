// npm run build: compile the catalog, render CATALOG.md, bundle client, server and CLI with esbuild.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { compileCatalog, renderCatalogMd, renderGrammar } from './catalog-compile.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
fs.mkdirSync(dist, { recursive: true });

const index = compileCatalog(path.join(root, 'catalog'));
fs.writeFileSync(path.join(dist, 'catalog.json'), JSON.stringify(index));
writeIfChanged(path.join(root, 'catalog', 'CATALOG.md'), renderCatalogMd(index));
fs.copyFileSync(path.join(root, 'catalog', 'CATALOG.md'), path.join(dist, 'CATALOG.md'));
fs.mkdirSync(path.join(root, 'syntaxes'), { recursive: true });
writeIfChanged(path.join(root, 'syntaxes', 'wxperm-paths.injection.json'), JSON.stringify(renderGrammar(index), null, 2) + '\n');

function writeIfChanged(file, text) {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}
console.log(`catalog: ${index.sets.length} sets, ${index.interfaces.length} interfaces, ${index.families.length} families`);

const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true,
  minify: process.argv.includes('--minify'), logLevel: 'warning',
  mainFields: ['module', 'main'],
};
const entries = [
  { in: 'client/src/extension.ts', out: 'extension.js', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'server.js' },
  { in: 'server/src/cli.ts', out: 'cli.js', banner: '#!/usr/bin/env node' },
];
await Promise.all(entries.filter((e) => fs.existsSync(path.join(root, e.in))).map((e) => esbuild.build({
  ...common,
  entryPoints: [path.join(root, e.in)],
  outfile: path.join(dist, e.out),
  external: e.external ?? [],
  banner: e.banner ? { js: e.banner } : undefined,
})));
for (const e of entries) if (fs.existsSync(path.join(dist, e.out))) console.log(`bundled dist/${e.out} (${(fs.statSync(path.join(dist, e.out)).size / 1024).toFixed(0)} KiB)`);
