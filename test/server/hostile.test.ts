// Hostile workspaces: an authorization path may not lead outside the workspace folder, by `..`, by an
// absolute path, or by a symlink; huge files are refused. Each gives invalid-config, never a read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { catalog } from '../helpers/catalog';
import { resolveConfig } from '../../server/src/workspaceConfig';
import { createNodeReader } from '../../server/src/nodeReader';

const RESPONSE = JSON.stringify({ authorization_info: { authorizer_appid: 'wxsecret', func_info: [{ funcscope_category: { id: 17 } }] } });

function workspace(config: string): { ws: string; outside: string } {
  const base = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'wxperm-hostile-'));
  const ws = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(ws);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'auth.json'), RESPONSE);
  fs.writeFileSync(path.join(ws, 'wxperm.json'), config);
  return { ws, outside };
}

function resolve(ws: string) {
  return resolveConfig(ws, {}, catalog(), createNodeReader());
}

const invalid = (r: ReturnType<typeof resolve>) => r.findings.filter((f) => f.rule === 'invalid-config');

test('a symlink inside the workspace pointing outside is not followed', () => {
  const { ws, outside } = workspace('{ "authorization": "auth/link.json" }');
  fs.mkdirSync(path.join(ws, 'auth'));
  fs.symlinkSync(path.join(outside, 'auth.json'), path.join(ws, 'auth', 'link.json'));
  const r = resolve(ws);
  assert.equal(r.grants.authorizers.length, 0);
  assert.equal(invalid(r).length, 1);
  assert.ok(!r.grants.authorizers.some((a) => a.label === 'wxsecret'));
});

test('a symlinked folder inside the workspace pointing outside is not followed either', () => {
  const { ws, outside } = workspace('{ "authorization": "linked/auth.json" }');
  fs.symlinkSync(outside, path.join(ws, 'linked'));
  const r = resolve(ws);
  assert.equal(invalid(r).length, 1);
  assert.equal(r.grants.authorizers.length, 0);
});

test('a symlink that stays inside the workspace is fine', () => {
  const { ws } = workspace('{ "authorization": "auth/link.json" }');
  fs.mkdirSync(path.join(ws, 'auth'));
  fs.writeFileSync(path.join(ws, 'auth', 'real.json'), RESPONSE);
  fs.symlinkSync(path.join(ws, 'auth', 'real.json'), path.join(ws, 'auth', 'link.json'));
  const r = resolve(ws);
  assert.deepEqual(invalid(r), []);
  assert.deepEqual([...r.grants.authorizers[0].sets], [17]);
});

test('`..` and absolute paths are refused with invalid-config on the value', () => {
  for (const p of ['../outside/auth.json', '/etc/passwd', 'auth/../../outside/auth.json']) {
    const { ws, outside } = workspace('{}');
    const value = p === '/etc/passwd' ? path.join(outside, 'auth.json') : p;
    fs.writeFileSync(path.join(ws, 'wxperm.json'), JSON.stringify({ authorization: value }));
    const r = resolve(ws);
    const bad = invalid(r);
    assert.equal(bad.length, 1, p);
    assert.equal(bad[0].range.start.line, 0, p);
    assert.ok(bad[0].range.start.character > 10, `${p}: the range points at the value`);
    assert.equal(r.grants.authorizers.length, 0, p);
  }
});

test('an authorization file over 5 MB is refused with a message', () => {
  const { ws } = workspace('{ "authorization": "big.json" }');
  fs.writeFileSync(path.join(ws, 'big.json'), '{"authorization_info":{"func_info":[' + '{"funcscope_category":{"id":17}},'.repeat(200_000) + '{}]}}');
  const r = resolve(ws);
  assert.equal(invalid(r).length, 1);
  assert.match(invalid(r)[0].message, /5 MB|too large|larger/i);
});
