import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { catalog } from '../helpers/catalog';
import { findConfigFor, folderForLooseFile, isIncluded, resolveConfig } from '../../server/src/workspaceConfig';
import type { FileReader } from '../../server/src/core/grants';

const ROOT = path.resolve('/ws');
const p = (...parts: string[]) => path.join(ROOT, ...parts);

function reader(files: Record<string, string>): FileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile(f: string) {
      reads.push(f);
      return files[f];
    },
  };
}

function sets(g: { authorizers: { sets: ReadonlySet<number> }[] }): number[][] {
  return g.authorizers.map((a) => [...a.sets].sort((x, y) => x - y));
}

test('wxperm.json at the folder root wins over the settings', () => {
  const r = resolveConfig(ROOT, { grants: [18] }, catalog(), reader({ [p('wxperm.json')]: '{ "grants": [17, 30] }' }));
  assert.equal(r.grants.source, 'file');
  assert.deepEqual(sets(r.grants), [[17, 30]]);
  assert.equal(r.configPath, p('wxperm.json'));
  assert.equal(r.configText, '{ "grants": [17, 30] }');
  assert.deepEqual(r.findings, []);
});

test('without wxperm.json the settings are the fallback; without either there are no grants', () => {
  const fromSettings = resolveConfig(ROOT, { grants: [18, 19] }, catalog(), reader({}));
  assert.equal(fromSettings.grants.source, 'settings');
  assert.deepEqual(sets(fromSettings.grants), [[18, 19]]);
  assert.equal(fromSettings.configPath, undefined);

  const none = resolveConfig(ROOT, {}, catalog(), reader({}));
  assert.equal(none.grants.source, 'none');
  assert.deepEqual(none.findings, []);
  assert.deepEqual(none.watchedFiles, [p('wxperm.json')], 'a wxperm.json created later must be noticed');
});

test('rule severities: the file over the settings over the defaults', () => {
  const text = '{ "grants": [17], "rules": { "mutex-set": "hint", "not-granted": "warning" } }';
  const r = resolveConfig(ROOT, { rules: { 'mutex-set': 'off', 'unknown-set': 'error' } }, catalog(), reader({ [p('wxperm.json')]: text }));
  assert.deepEqual(r.config.rules, { 'mutex-set': 'hint', 'not-granted': 'warning', 'unknown-set': 'error' });
  const settingsOnly = resolveConfig(ROOT, { grants: [17], rules: { 'agreement-required': 'off' } }, catalog(), reader({}));
  assert.deepEqual(settingsOnly.config.rules, { 'agreement-required': 'off' });
});

test('watchedFiles: wxperm.json and every authorization file it references', () => {
  const files = {
    [p('wxperm.json')]: JSON.stringify({ authorization: { wx1111111111111111: 'auth/a.json', wx2222222222222222: [17] } }),
    [p('auth', 'a.json')]: JSON.stringify({ authorization_info: { authorizer_appid: 'wx1111111111111111', func_info: [{ funcscope_category: { id: 18 } }] } }),
  };
  const r = resolveConfig(ROOT, {}, catalog(), reader(files));
  assert.deepEqual(r.watchedFiles, [p('wxperm.json'), p('auth', 'a.json')]);
  assert.deepEqual(r.grants.authorizers.map((a) => a.label).sort(), ['wx1111111111111111', 'wx2222222222222222']);
  assert.deepEqual(r.findings, []);
});

test('settings-based authorization files are watched too and resolve against the folder', () => {
  const files = { [p('saved.json')]: JSON.stringify({ authorization_info: { authorizer_appid: 'wx3', func_info: [{ funcscope_category: { id: 30 } }] } }) };
  const r = resolveConfig(ROOT, { authorization: 'saved.json' }, catalog(), reader(files));
  assert.equal(r.grants.source, 'settings');
  assert.deepEqual(sets(r.grants), [[30]]);
  assert.ok(r.watchedFiles.includes(p('saved.json')));
});

test('a broken wxperm.json gives invalid-config findings placed on wxperm.json, and never throws', () => {
  for (const text of ['{ "grants": [17, ', '[]', '{"grants": "x"}', '\u0000\u0001', '{'.repeat(10000)]) {
    const r = resolveConfig(ROOT, { grants: [18] }, catalog(), reader({ [p('wxperm.json')]: text }));
    assert.ok(r.findings.length > 0, `findings for ${JSON.stringify(text.slice(0, 20))}`);
    for (const f of r.findings) {
      assert.equal(f.rule, 'invalid-config');
      assert.equal(f.file, p('wxperm.json'));
    }
  }
});

test('useConfigFile: false ignores wxperm.json (documents outside every folder)', () => {
  const r = resolveConfig(ROOT, { grants: [18] }, catalog(), reader({ [p('wxperm.json')]: '{ "grants": [17] }' }), { useConfigFile: false });
  assert.equal(r.grants.source, 'settings');
  assert.deepEqual(r.watchedFiles, []);
});

test('findConfigFor: the nearest (deepest) enclosing workspace folder, on segment boundaries', () => {
  const folders = [p('a'), p('a', 'nested'), p('b')];
  assert.equal(findConfigFor(p('a', 'x.ts'), folders), p('a'));
  assert.equal(findConfigFor(p('a', 'nested', 'deep', 'x.ts'), folders), p('a', 'nested'));
  assert.equal(findConfigFor(p('b', 'x.go'), folders), p('b'));
  assert.equal(findConfigFor(p('ab', 'x.ts'), folders), undefined, '/ws/ab is not inside /ws/a');
  assert.equal(findConfigFor(path.resolve('/elsewhere/x.ts'), folders), undefined);
  assert.equal(findConfigFor(p('a', 'x.ts'), []), undefined);
});

test('folderForLooseFile: the nearest ancestor holding wxperm.json, else the file\'s directory', () => {
  const exists = (f: string) => f === p('proj', 'wxperm.json');
  assert.equal(folderForLooseFile(p('proj', 'src', 'deep', 'x.ts'), exists), p('proj'));
  assert.equal(folderForLooseFile(p('other', 'x.ts'), exists), p('other'));
});

test('isIncluded: include/exclude globs relative to the folder; node_modules and .git always out', () => {
  const r = { folder: ROOT, config: { rules: {}, include: ['src/**', 'lib'], exclude: ['src/generated', '**/*.min.js'] } };
  assert.equal(isIncluded(r, p('src', 'a.ts')), true);
  assert.equal(isIncluded(r, p('src', 'deep', 'b.go')), true);
  assert.equal(isIncluded(r, p('lib', 'x', 'c.py')), true, 'a plain directory name means everything below it');
  assert.equal(isIncluded(r, p('src', 'generated', 'x.ts')), false);
  assert.equal(isIncluded(r, p('src', 'vendor.min.js')), false);
  assert.equal(isIncluded(r, p('test', 'x.ts')), false, 'not in include');
  assert.equal(isIncluded(r, p('src', 'node_modules', 'pkg', 'x.js')), false);
  assert.equal(isIncluded(r, path.resolve('/elsewhere/x.ts')), true, 'globs cannot speak about files outside the folder');

  const all = { folder: ROOT, config: { rules: {} } };
  assert.equal(isIncluded(all, p('anything', 'x.ts')), true);
  assert.equal(isIncluded(all, p('.hidden', 'x.ts')), true);
  assert.equal(isIncluded(all, p('node_modules', 'x', 'y.js')), false);
  assert.equal(isIncluded(all, p('.git', 'config')), false);
});
