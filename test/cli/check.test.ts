import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, copyExample as copyExampleAs } from '../helpers/cli';


const copyExample = () => copyExampleAs('wxperm-cli-');

test('check examples/ prints the expected findings and exits 1', () => {
  const r = cli(['check', 'examples/platform-backend']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(lines, [
    'examples/platform-backend/app/express.py:8:18 error not-granted',
    'examples/platform-backend/app/express.py:14:16 error not-granted',
    'examples/platform-backend/internal/wxa/code.go:9:48 error not-granted',
    'examples/platform-backend/internal/wxa/code.go:9:48 hint mutex-set',
    'examples/platform-backend/src/qrcode.ts:20:63 warning needs-confirmation',
    'examples/platform-backend/src/qrcode.ts:20:63 information agreement-required',
  ]);
  assert.match(r.stdout, /order\/add\) needs set 71 .* or set 45 .*not granted by wx9f8e7d6c5b4a3f2e; .*errcode 61007/);
  assert.match(r.stdout, /getillegalrecords\) needs set 76 .* and set 18 .*not granted by wx1a2b3c4d5e6f7a8b, wx9f8e7d6c5b4a3f2e/);
  assert.match(r.stderr, /wxperm: 3 errors, 1 warnings, 1 infos, 1 hints/);
  // a look-alike URL on another host and the component-token call are not findings
  assert.doesNotMatch(r.stdout, /audit\.internal|api_authorizer_token/);
});

test('check --format json: versioned, 0-based ranges, the reference resolved', () => {
  const r = cli(['check', 'examples/platform-backend', '--format', 'json']);
  assert.equal(r.status, 1);
  const json = JSON.parse(r.stdout);
  assert.equal(json.version, 1);
  const f = json.findings[0];
  assert.equal(f.file, 'examples/platform-backend/app/express.py');
  assert.deepEqual(f.range, { start: { line: 7, character: 17 }, end: { line: 7, character: 52 } });
  assert.equal(f.rule, 'not-granted');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.reference, { kind: 'path', text: '/cgi-bin/express/business/order/add', path: '/cgi-bin/express/business/order/add', name: 'addOrder', sets: [45, 71] });
});

test('check --locale zh-cn speaks Chinese', () => {
  const r = cli(['check', 'examples/platform-backend', '--locale', 'zh-cn']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /61007/);
  assert.match(r.stdout, /[\u4e00-\u9fff]/);
});

test('a clean project exits 0; warnings over --max-warnings exit 1', () => {
  const dir = copyExample();
  fs.writeFileSync(path.join(dir, 'wxperm.json'), '{ "grants": [17, 18, 19, 30, 45, 52, 71, 76] }');
  const clean = cli(['check', dir]);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stderr, /0 errors, 0 warnings/);
  fs.writeFileSync(path.join(dir, 'src', 'extra.ts'), "const grants = 'category_id_list=17|9999';\n");
  assert.equal(cli(['check', dir]).status, 0);
  const strict = cli(['check', dir, '--max-warnings', '0']);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /warning unknown-set/);
});

test('--config points at a wxperm.json elsewhere; config is resolved the same for a sub-folder', () => {
  const dir = copyExample();
  const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-cfg-')), 'wxperm.json');
  fs.writeFileSync(other, '{ "grants": [17, 18, 45, 52, 71, 76] }');
  const r = cli(['check', path.join(dir, 'app'), '--config', other]);
  assert.equal(r.status, 0, r.stdout);
  const sub = cli(['check', path.join(dir, 'app')]);
  assert.equal(sub.status, 1);
  assert.match(sub.stdout, /not granted by wx9f8e7d6c5b4a3f2e/);
});

test('.gitignore and exclude are honoured', () => {
  const dir = copyExample();
  fs.writeFileSync(path.join(dir, '.gitignore'), 'app/\n');
  assert.doesNotMatch(cli(['check', dir]).stdout, /express\.py/);
  fs.rmSync(path.join(dir, '.gitignore'));
  const cfg = fs.readFileSync(path.join(dir, 'wxperm.json'), 'utf8').replace('"rules": {', '"exclude": ["internal/**"],\n  "rules": {');
  fs.writeFileSync(path.join(dir, 'wxperm.json'), cfg);
  const r = cli(['check', dir]);
  assert.doesNotMatch(r.stdout, /code\.go/);
  assert.match(r.stdout, /express\.py/);
});

test('broken config exits 2 with the error located in wxperm.json', () => {
  const dir = copyExample();
  fs.writeFileSync(path.join(dir, 'wxperm.json'), '{ "grants": [17, 18,, ] ');
  const r = cli(['check', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /wxperm\.json:1:\d+ error invalid-config/);
  assert.match(r.stderr, /configuration cannot be used/);
});

test('bad usage exits 2 with a clear message', () => {
  for (const [args, msg] of [
    [['check', '--format', 'xml'], /--format must be text or json/],
    [['check', '--max-warnings', 'many'], /--max-warnings takes a whole number/],
    [['check', '/no/such/place'], /no such file or folder/],
    [['check', '--bogus'], /bogus/],
  ] as [string[], RegExp][]) {
    const r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg);
  }
});

test('scan --json lists every reference with the documented shape', () => {
  const r = cli(['scan', 'examples/platform-backend', '--json']);
  assert.equal(r.status, 0);
  const json = JSON.parse(r.stdout);
  assert.equal(json.version, 1);
  const kinds = new Set(json.references.map((x: { kind: string }) => x.kind));
  assert.deepEqual([...kinds].sort(), ['path', 'set-id']);
  const unlimit = json.references.find((x: { path?: string }) => x.path === '/wxa/getwxacodeunlimit');
  assert.deepEqual(unlimit, {
    file: 'examples/platform-backend/src/qrcode.ts',
    range: { start: { line: 9, character: 16 }, end: { line: 9, character: 38 } },
    kind: 'path', text: '/wxa/getwxacodeunlimit', path: '/wxa/getwxacodeunlimit', name: 'getUnlimitedQRCode', sets: [17, 58],
  });
  const ids = json.references.filter((x: { file: string }) => x.file.endsWith('AuthLink.php')).map((x: { text: string }) => x.text);
  assert.deepEqual(ids, ['17', '18', '19', '30', '45', '52']);
});
