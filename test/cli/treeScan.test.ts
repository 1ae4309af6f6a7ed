// The pieces a parallel run is made of: tasks split anywhere give the same files, walk-order keys
// restore Walker's order, results survive the trip between threads, and the reader's limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { catalog } from '../helpers/catalog';
import { EXAMPLE } from '../helpers/cli';
import { TreeScanner, walkOrderKey, type ScanTask, type ScannedFile } from '../../server/src/cli/treeScan';
import { TextFileReader } from '../../server/src/cli/fileReader';
import { packOutcome, unpackOutcome } from '../../server/src/cli/wire';
import { checkFile } from '../../server/src/cli/fileCheck';
import { resolveKey } from '../../server/src/cli/projectConfig';
import { Walker } from '../../server/src/cli/walk';

/** Names whose order trips naive sorting: prefixes, dots, dashes, case, digits. */
const NAMES = ['a', 'a.b', 'a-b', 'ab', 'B', 'b', 'a0', 'a_', 'Z9', 'é'];

function tree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-tree-'));
  const make = (dir: string, depth: number) => {
    for (const n of NAMES) fs.writeFileSync(path.join(dir, `${n}.ts`), `post('/wxa/commit') // ${dir}/${n}\n`);
    if (depth === 0) return;
    for (const n of NAMES.slice(0, 5)) {
      fs.mkdirSync(path.join(dir, n));
      make(path.join(dir, n), depth - 1);
    }
  };
  make(root, 2);
  fs.writeFileSync(path.join(root, '.gitignore'), 'B/\n');
  fs.writeFileSync(path.join(root, 'a', '.gitignore'), 'b.ts\n');
  return root;
}

function scanner(root: string) {
  const cat = catalog();
  const resolved = resolveKey({ folder: root }, cat);
  return new TreeScanner(cat, { locale: 'en', judge: true, keepReferences: true, maxFileSize: 1 << 20 }, () => resolved);
}

/** Runs tasks the way the pool does, but picking the next task at random and with random budgets. */
function runScattered(s: TreeScanner, start: ScanTask, seed: number): ScannedFile[] {
  let x = seed;
  const rand = (n: number) => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
  const queue = [start];
  const files: ScannedFile[] = [];
  while (queue.length) {
    const take = queue.splice(rand(queue.length), 1 + rand(3));
    const r = s.run(take, 1 + rand(20));
    files.push(...r.files);
    queue.push(...r.left);
  }
  return files;
}

test('tasks split at any point reach every file once; walk-order keys restore Walker.walk order', async () => {
  const root = tree();
  try {
    const expected: string[] = [];
    for await (const e of new Walker({ root, maxFileSize: 1 << 20 }).walk(root)) expected.push(e.file);
    assert.ok(expected.length > 100);
    assert.ok(!expected.some((f) => f.includes(`${path.sep}B${path.sep}`)), '.gitignore B/ honoured');
    assert.ok(!expected.includes(path.join(root, 'a', 'b.ts')), 'nested .gitignore honoured');
    assert.ok(expected.includes(path.join(root, 'b.ts')), 'the nested .gitignore applies below its folder only');
    const s = scanner(root);
    const whole = s.run([s.startTask(0, 0, root, false)], Infinity);
    assert.equal(whole.left.length, 0);
    for (const seed of [1, 2, 3, 42]) {
      const files = runScattered(s, s.startTask(0, 0, root, false), seed);
      assert.equal(files.length, expected.length, `seed ${seed}: every file once`);
      const sorted = files.map((f) => f.file).sort((a, b) => { const ka = walkOrderKey(root, a); const kb = walkOrderKey(root, b); return ka < kb ? -1 : ka > kb ? 1 : 0; });
      assert.deepEqual(sorted, expected, `seed ${seed}: walk order restored`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an outcome crosses threads (structured clone) and comes back equal, catalog entries included', () => {
  const cat = catalog();
  const resolved = resolveKey({ folder: EXAMPLE }, cat);
  const reader = new TextFileReader(1 << 20);
  const options = { locale: 'en' as const, judge: true, keepReferences: true };
  for (const file of ['app/express.py', 'internal/wxa/code.go', 'src/qrcode.ts']) {
    const original = checkFile(path.join(EXAMPLE, file), reader, resolved, options, cat);
    assert.ok(original.refs?.length && original.findings?.length, `${file} has references and findings`);
    const sent = checkFile(path.join(EXAMPLE, file), reader, resolved, options, cat);
    packOutcome(sent, cat);
    const wire = JSON.stringify(sent);
    assert.ok(wire.length < JSON.stringify(original).length / 2, `${file}: catalog entries do not travel`);
    const received = structuredClone(sent);
    unpackOutcome(received, cat);
    assert.deepEqual(received, original, file);
    assert.equal(received.refs![0].resolution!.kind === 'interface' && received.refs![0].resolution!.iface, cat.interfaces.find((i) => i.path === received.refs![0].path), 'the very catalog object');
  }
});

test('the reader: size limit on the open file, binary by NUL, a buffer that grows, missing files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-reader-'));
  try {
    const reader = new TextFileReader(600_000);
    fs.writeFileSync(path.join(dir, 'big.ts'), 'x'.repeat(600_001));
    assert.deepEqual(reader.read(path.join(dir, 'big.ts')), { skip: 'too-large', detail: '600001 bytes > 600000' });
    fs.writeFileSync(path.join(dir, 'bin.ts'), Buffer.from([0x41, 0, 0x42]));
    assert.deepEqual(reader.read(path.join(dir, 'bin.ts')), { skip: 'binary' });
    // larger than the initial buffer, then smaller: the tail of the larger file must not leak into the next
    const large = 'ä'.repeat(200_000) + 'END';
    fs.writeFileSync(path.join(dir, 'large.ts'), large);
    fs.writeFileSync(path.join(dir, 'small.ts'), 'small');
    assert.deepEqual(reader.read(path.join(dir, 'large.ts')), { text: large, bytes: Buffer.byteLength(large) });
    assert.deepEqual(reader.read(path.join(dir, 'small.ts')), { text: 'small', bytes: 5 });
    assert.deepEqual(reader.read(path.join(dir, 'gone.ts')), { skip: 'unreadable', detail: 'removed while walking' });
    assert.deepEqual(reader.read(dir), { skip: 'unreadable', detail: 'is a folder' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
