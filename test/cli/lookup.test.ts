import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../helpers/catalog';

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

test('lookup getwxacodeunlimit --json answers with set 17', () => {
  const r = cli('lookup', 'getwxacodeunlimit', '--json');
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.version, 1);
  assert.equal(json.matches[0].kind, 'interface');
  assert.equal(json.matches[0].path, '/wxa/getwxacodeunlimit');
  assert.equal(json.matches[0].sets[0].id, 17);
  assert.equal(json.matches[0].sets[0].name, 'Get Mini Program code');
});

test('lookup of an id prints the set and its interfaces', () => {
  const r = cli('lookup', '52');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^set 52 Mini Program live broadcast management \[agreement\] · 小程序直播管理/);
  assert.match(r.stdout, /\/wxaapi\/broadcast\/goods\/add/);
  assert.match(r.stdout, /38 interfaces/);
});

test('lookup of an all-of interface says both sets are needed, with mutex marks', () => {
  const r = cli('lookup', '/wxa/getillegalrecords');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /needs all of: 18 .*\[mutex\]; 76 .*\[mutex\]/);
});

test('lookup of a component-token interface says no set is needed', () => {
  const r = cli('lookup', '/cgi-bin/component/api_query_auth', '--json');
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout).matches[0].sets, []);
});

test('nothing found exits 1 with a message; bad usage exits 2', () => {
  const none = cli('lookup', 'qqqzzzxxx');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /nothing in the catalog matches 'qqqzzzxxx'/);
  const empty = cli('lookup');
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /lookup needs a query/);
  const bad = cli('frobnicate');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
  const flag = cli('lookup', 'x', '--nope');
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /--nope/);
});
