// Big runs share the tree among threads (main + scan workers): the output must not depend on it.
// A generated tree large enough to start the pool is checked with --jobs 1 and --jobs 3, in every
// output format, and the two must be byte-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, EXAMPLE } from '../helpers/cli';
import { POOL_AFTER_FILES } from '../../server/src/cli/scheduler';

const PATHS = ['/wxa/getwxacodeunlimit', '/cgi-bin/express/business/order/add', '/wxa/commit', '/tcb/getvoipsign', '/channels/ec/product/stock/update', '/wxa/servicemarket/get_paid_order_list'];

/** ~3 × POOL_AFTER_FILES files in nested packages, with ignored noise, a binary and an oversized file. */
function makeTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-parallel-'));
  fs.cpSync(EXAMPLE, path.join(dir, 'example'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'wxperm.json'), JSON.stringify({ grants: [17, 18], exclude: ['**/excluded/**'] }, null, 2));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'dist/\n*.log.txt\n');
  let n = 0;
  for (let p = 0; p < 6; p++) {
    for (let d = 0; d < 12; d++) {
      const folder = path.join(dir, `pkg${p}`, 'src', `mod${d}`, d % 3 ? 'deep' : '');
      fs.mkdirSync(folder, { recursive: true });
      for (let f = 0; f < 13; f++, n++) {
        const lines = Array.from({ length: 20 + (n % 7) }, (_, i) => (i === n % 11 ? `  await client.post('${PATHS[n % PATHS.length]}?access_token=' + token); // ${n}` : `  const v${i} = compute(${i}, '${n}');`));
        fs.writeFileSync(path.join(folder, `file${f}.${['ts', 'py', 'go', 'java'][n % 4]}`), lines.join('\n') + '\n');
      }
    }
    fs.mkdirSync(path.join(dir, `pkg${p}`, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(dir, `pkg${p}`, 'dist', 'bundle.js'), `post('${PATHS[0]}')\n`);
    fs.mkdirSync(path.join(dir, `pkg${p}`, 'excluded'), { recursive: true });
    fs.writeFileSync(path.join(dir, `pkg${p}`, 'excluded', 'x.ts'), `post('${PATHS[1]}')\n`);
    fs.writeFileSync(path.join(dir, `pkg${p}`, '.gitignore'), 'generated.ts\n');
    fs.writeFileSync(path.join(dir, `pkg${p}`, 'generated.ts'), `post('${PATHS[2]}')\n`);
  }
  fs.writeFileSync(path.join(dir, 'pkg0', 'image.ts'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
  fs.writeFileSync(path.join(dir, 'pkg1', 'huge.json'), `{"u": "${'x'.repeat(3 * 1024 * 1024)}"}`);
  fs.writeFileSync(path.join(dir, 'pkg2', 'server.log.txt'), `post('${PATHS[3]}')\n`);
  assert.ok(n > 2 * POOL_AFTER_FILES, 'the tree is big enough to start scan workers');
  return dir;
}

test('--jobs 3 gives byte-identical output to --jobs 1 in every format, and really uses threads', () => {
  const dir = makeTree();
  try {
    for (const args of [['check', '.'], ['check', '.', '--format', 'json'], ['check', '.', '--format', 'sarif'], ['scan', '.', '--json'], ['inventory', '.', '--json'], ['check', 'pkg0', 'pkg3/src', 'pkg0/src/mod1']]) {
      const one = cli([...args, '--jobs', '1', '--stats'], dir);
      const three = cli([...args, '--jobs', '3', '--stats'], dir);
      assert.equal(three.status, one.status, `${args.join(' ')}: ${three.stderr}`);
      assert.ok(one.stdout.length > 200, `${args.join(' ')} printed something`);
      assert.equal(three.stdout, one.stdout, `${args.join(' ')}: the same output`);
      const strip = (s: string) => s.replace(/[\d.]+ s, [\d.]+ MB\/s, \d+ threads?/, '');
      assert.equal(strip(three.stderr), strip(one.stderr), `${args.join(' ')}: the same summary and skipped files`);
      assert.match(one.stderr, / 1 thread$/m);
      if (!args.includes('pkg0')) assert.match(three.stderr, / 3 threads$/m, `${args.join(' ')} started workers`);
    }
    const check = cli(['check', '.', '--jobs', '3', '--stats'], dir);
    // ignored, excluded, binary and oversized files are not read; the oversized one is reported
    assert.doesNotMatch(check.stdout, /dist\/bundle\.js|excluded\/x\.ts|generated\.ts|server\.log\.txt|image\.ts/);
    assert.match(check.stderr, /skipped .*huge\.json \(too-large: \d+ bytes > 2097152\)/);
    assert.match(check.stdout, /example\/app\/express\.py:8:18 error not-granted/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--jobs takes a whole number', () => {
  for (const bad of ['0', '-1', 'two', '1.5', '']) {
    const r = cli(['check', 'examples', '--jobs', bad]);
    assert.equal(r.status, 2, `--jobs ${bad}`);
    assert.match(r.stderr, /--jobs takes a whole number|'--jobs' argument/);
  }
});
