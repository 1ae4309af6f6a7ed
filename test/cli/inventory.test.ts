import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers/catalog';

const EXAMPLE = path.join(ROOT, 'examples', 'platform-backend');
const A = 'wx1a2b3c4d5e6f7a8b';
const B = 'wx9f8e7d6c5b4a3f2e';
const cli = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd, env: { ...process.env, WXPERM_LOCALE: 'en' } });

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-inv-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

function inventoryJson(args: string[], cwd = ROOT) {
  const r = cli(['inventory', ...args, '--json'], cwd);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.version, 1);
  return json;
}

test('inventory --json on the example: needed sets, states, alternatives, locations', () => {
  const json = inventoryJson(['examples/platform-backend']);
  assert.equal(json.projects.length, 1);
  const p = json.projects[0];
  assert.equal(p.folder, 'examples/platform-backend');
  assert.equal(p.config, 'examples/platform-backend/wxperm.json');
  assert.equal(p.grantsSource, 'file');
  assert.deepEqual(p.needed.map((n: { id: number; state: string; missingFor: string[]; alternatives: number[] }) => [n.id, n.state, n.missingFor, n.alternatives]), [
    [76, 'missing', [A, B], []],
    [45, 'partial', [B], [71]],
    [17, 'granted', [], [58]],
    [18, 'granted', [], []],
    [52, 'granted', [], []],
  ]);
  const byId = (id: number) => p.needed.find((n: { id: number }) => n.id === id);
  assert.equal(byId(76).mutex, true);
  assert.equal(byId(52).agreement, true);
  assert.equal(byId(17).name, 'Get Mini Program code');
  assert.deepEqual(byId(18).interfaces.map((i: { path: string }) => i.path), ['/wxa/commit', '/wxa/getillegalrecords', '/wxa/release', '/wxa/submit_audit']);
  assert.deepEqual(byId(45).interfaces, [
    { path: '/cgi-bin/express/business/order/add', name: 'addOrder', locations: [{ file: 'examples/platform-backend/app/express.py', range: { start: { line: 7, character: 17 }, end: { line: 7, character: 52 } } }] },
    { path: '/cgi-bin/express/business/path/get', name: 'getPath', locations: [{ file: 'examples/platform-backend/app/express.py', range: { start: { line: 13, character: 15 }, end: { line: 13, character: 49 } } }] },
  ]);
  // the component-token call needs no set, and set ids (AuthLink.php, wxperm.json) are not needs
  assert.ok(!JSON.stringify(p.needed).includes('api_authorizer_token'));
});

test('inventory --json on the example: granted, missing and unused per authorizer, category_id_list', () => {
  const p = inventoryJson(['examples/platform-backend']).projects[0];
  assert.deepEqual(p.authorizers, [
    { label: A, granted: [17, 18, 19, 30, 45, 52], missing: [76], unused: [19, 30] },
    { label: B, granted: [17, 18, 19, 30, 52], missing: [76, 45], unused: [19, 30] },
  ]);
  assert.deepEqual(p.unused.map((u: { id: number; authorizers: string[] }) => [u.id, u.authorizers]), [[19, [A, B]], [30, [A, B]]]);
  // least privilege for a new authorizer: 71 (not mutex) rather than 45 (mutex) for the logistics
  // calls, 17 rather than the outside id 58; non-mutex first, the mutex sets 76 and 18 last
  assert.equal(p.categoryIdList, '17|71|52|76|18');
});

test('inventory text is readable and ends with the ready category_id_list value', () => {
  const r = cli(['inventory', 'examples/platform-backend']);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /Sets the code needs \(5\)/);
  assert.match(out, / 76 {2}Mini Program Violation and Transaction Complaint Management \[mutex\] — MISSING: wx1a2b3c4d5e6f7a8b, wx9f8e7d6c5b4a3f2e/);
  assert.match(out, / 45 {2}WeChat Logistics Services \[mutex\] — MISSING for some: wx9f8e7d6c5b4a3f2e; also covered by 71/);
  assert.match(out, /\/cgi-bin\/express\/business\/order\/add {2}addOrder\n\s+examples\/platform-backend\/app\/express\.py:8:18/);
  assert.match(out, /Granted, per authorizer\n {2}wx1a2b3c4d5e6f7a8b: 17, 18, 19, 30, 45, 52\n {2}wx9f8e7d6c5b4a3f2e: 17, 18, 19, 30, 52/);
  assert.match(out, /Missing, per authorizer\n {2}wx1a2b3c4d5e6f7a8b: 76\n {2}wx9f8e7d6c5b4a3f2e: 76, 45 \(or 71\)/);
  assert.match(out, /Unused grants[^\n]*\n\s+19 {2}[^\n]+— wx1a2b3c4d5e6f7a8b, wx9f8e7d6c5b4a3f2e\n\s+30 /);
  assert.match(out.trimEnd(), /category_id_list=17\|71\|52\|76\|18$/);
});

test('inventory --locale zh-cn names the sets in Chinese', () => {
  const r = cli(['inventory', 'examples/platform-backend', '--locale', 'zh-cn']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, / 17 {2}[^\n]*[\u4e00-\u9fff]/);
});

test('without grants: every needed set is unknown, nothing missing or unused, the link value still there', () => {
  const dir = copyExample();
  fs.rmSync(path.join(dir, 'wxperm.json'));
  const p = inventoryJson([], dir).projects[0];
  assert.equal(p.config, null);
  assert.equal(p.grantsSource, 'none');
  assert.deepEqual(p.needed.map((n: { id: number; state: string }) => [n.id, n.state]), [[17, 'unknown'], [18, 'unknown'], [52, 'unknown'], [71, 'unknown'], [76, 'unknown']]);
  assert.deepEqual(p.authorizers, []);
  assert.deepEqual(p.unused, []);
  assert.equal(p.categoryIdList, '17|71|52|76|18');
  const text = cli(['inventory'], dir);
  assert.match(text.stdout, /no grants configured/);
});

test('--fail-on-missing exits 1 when a needed set is missing, 0 when all are granted', () => {
  const dir = copyExample();
  assert.equal(cli(['inventory', '--fail-on-missing'], dir).status, 1);
  assert.equal(cli(['inventory'], dir).status, 0);
  fs.writeFileSync(path.join(dir, 'wxperm.json'), '{ "grants": [17, 18, 45, 52, 76] }');
  const r = cli(['inventory', '--fail-on-missing', '--json'], dir);
  assert.equal(r.status, 0, r.stdout);
  const p = JSON.parse(r.stdout).projects[0];
  assert.deepEqual(p.authorizers, [{ label: '#1', granted: [17, 18, 45, 52, 76], missing: [], unused: [] }]);
});

test('--config and a broken config behave as in check', () => {
  const dir = copyExample();
  const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-invcfg-')), 'wxperm.json');
  fs.writeFileSync(other, '{ "grants": [17, 18, 19, 71, 76, 52] }');
  const p = inventoryJson([path.join(dir, 'app'), '--config', other]).projects[0];
  assert.deepEqual(p.needed.map((n: { id: number; state: string }) => [n.id, n.state]), [[71, 'granted']]);
  assert.deepEqual(p.unused.map((u: { id: number }) => u.id), [17, 18, 19, 52, 76]);
  fs.writeFileSync(path.join(dir, 'wxperm.json'), '{ "grants": [17, 18,, ] ');
  const bad = cli(['inventory'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /wxperm\.json:1:\d+ error invalid-config/);
});
