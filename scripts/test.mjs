// npm test: build, then every tier — core and catalog (node:test), protocol (the bundled server over
// stdio, Neovim), editor (code-server). Prints one closing line: `wxperm: N passed, N failed`.
// `npm test -- core protocol` runs only the named tiers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const tiers = [
  { name: 'core', dirs: ['test/catalog', 'test/core', 'test/cli', 'test/server'] },
  { name: 'protocol', dirs: ['test/protocol'] },
  { name: 'editor', script: 'test/editor/run.mjs' },
].filter((t) => !wanted.length || wanted.includes(t.name));

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function testFiles(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true }).map(String).filter((f) => /\.test\.(ts|mjs)$/.test(f)).sort().map((f) => path.join(dir, f));
}

let passed = 0;
let failed = 0;
let problems = 0;

const build = await run('node', ['scripts/build.mjs']);
if (build.code !== 0) {
  console.error('wxperm: build failed');
  console.log('wxperm: 0 passed, 1 failed');
  process.exit(1);
}

const typecheck = await run('node', ['node_modules/typescript/bin/tsc', '-p', '.']);
if (typecheck.code !== 0) {
  console.error('wxperm: typecheck failed');
  problems++;
}

for (const tier of tiers) {
  console.log(`\n=== tier: ${tier.name} ===`);
  let r;
  if (tier.dirs) {
    const files = tier.dirs.flatMap(testFiles);
    if (!files.length) { console.log(`(no ${tier.name} tests yet)`); continue; }
    r = await run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);
    const p = /ℹ pass (\d+)/.exec(r.out);
    const f = /ℹ fail (\d+)/.exec(r.out);
    passed += p ? +p[1] : 0;
    failed += f ? +f[1] : 0;
  } else {
    if (!fs.existsSync(path.join(root, tier.script))) { console.log(`(no ${tier.name} tests yet)`); continue; }
    r = await run('node', [tier.script]);
    const m = [...r.out.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
    if (m) { passed += +m[1]; failed += +m[2]; }
  }
  if (r.code !== 0) problems++;
}

console.log(`\nwxperm: ${passed} passed, ${failed} failed`);
process.exit(failed || problems ? 1 : 0);
