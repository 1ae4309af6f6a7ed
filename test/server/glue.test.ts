import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { catalog } from '../helpers/catalog';
import { localeFrom, normalizeSettings, skipReason } from '../../server/src/settings';
import { dedupeFindings, fromDiagnostic, toDiagnostic } from '../../server/src/diagnostics';
import { createNodeReader, recordingReader, statStamp } from '../../server/src/nodeReader';
import type { Finding } from '../../server/src/core/model';

test('settings: every shape clients send is understood; junk is dropped', () => {
  const want = { grants: [17], rules: { 'mutex-set': 'hint' as const } };
  assert.deepEqual(normalizeSettings({ grants: [17], rules: { 'mutex-set': 'hint' } }), want);
  assert.deepEqual(normalizeSettings({ wxperm: { grants: [17], rules: { 'mutex-set': 'hint' } } }), want);
  assert.deepEqual(normalizeSettings({ settings: { wxperm: { grants: [17], rules: { 'mutex-set': 'hint' } } } }), want);
  assert.deepEqual(normalizeSettings({ 'wxperm.grants': [17], 'wxperm.rules': { 'mutex-set': 'hint' } }), want);
  assert.deepEqual(normalizeSettings({ rules: { 'mutex-set': 'loud', nope: 'error' }, maxFileSize: -1 }), { rules: {} });
  assert.deepEqual(normalizeSettings({ maxFileSize: 1024 }), { maxFileSize: 1024 });
  for (const junk of [null, undefined, 3, 'x', [], { locale: 'zh-cn', trusted: true }]) assert.deepEqual(normalizeSettings(junk), {});
});

test('locale: zh* → zh-cn, anything else → en; initializationOptions.locale over params.locale', () => {
  assert.equal(localeFrom('zh-CN', undefined), 'zh-cn');
  // Traditional Chinese gets English, as VS Code gives it our (Simplified) bundles only for zh-cn
  assert.equal(localeFrom('zh-tw', undefined), 'en');
  assert.equal(localeFrom('zh-Hans', undefined), 'zh-cn');
  assert.equal(localeFrom('de', undefined), 'en');
  assert.equal(localeFrom(undefined, undefined), 'en');
  assert.equal(localeFrom('en', { locale: 'zh-cn' }), 'zh-cn');
  assert.equal(localeFrom('zh-cn', { locale: 'en-US' }), 'en');
  assert.equal(localeFrom('zh', { locale: 42 }), 'zh-cn');
});

test('skipReason: size over the limit, minified lines; ordinary and compact small files pass', () => {
  assert.equal(skipReason('const a = "/wxa/commit";\n'.repeat(1000)), undefined);
  assert.equal(skipReason(JSON.stringify({ authorization_info: { func_info: Array.from({ length: 40 }, (_, i) => ({ funcscope_category: { id: i } })) } })), undefined, 'a compact saved response on one line is not minified');
  assert.match(skipReason('x'.repeat(3 * 1024 * 1024))!, /3\.0 MB, over wxperm\.maxFileSize \(2\.0 MB\)/);
  assert.match(skipReason('abc\n'.repeat(100), 200)!, /over wxperm\.maxFileSize/);
  assert.match(skipReason('var a=1;'.repeat(3000))!, /minified \(a line of 24,000 characters\)/);
  assert.match(skipReason(('y'.repeat(1500) + '\n').repeat(40))!, /minified \(lines average/);
  assert.match(skipReason('汉'.repeat(600_000))!, /minified/);
  assert.match(skipReason('汉\n'.repeat(600_000))!, /2\.3 MB, over wxperm\.maxFileSize/, 'the limit is in UTF-8 bytes, not UTF-16 units');
});

test('diagnostics: a finding maps to a wxperm diagnostic and back through Diagnostic.data', () => {
  const cat = catalog();
  const resolution = cat.resolve('/wxa/commit')!;
  const f: Finding = {
    rule: 'not-granted',
    severity: 'error',
    range: { start: { line: 3, character: 10 }, end: { line: 3, character: 21 } },
    message: 'needs set 18',
    reference: {
      kind: 'path', range: { start: { line: 3, character: 10 }, end: { line: 3, character: 21 } }, offset: 40, length: 11,
      text: '/wxa/commit', path: '/wxa/commit', name: 'commit', sets: [18], allOf: false, resolution,
    },
    data: { sets: [18], missing: [{ authorizer: '#1', sets: [18] }], doc: 'https://developers.weixin.qq.com/doc/x' },
  };
  const d = toDiagnostic(f, { codeDescription: true });
  assert.equal(d.source, 'wxperm');
  assert.equal(d.code, 'not-granted');
  assert.equal(d.severity, 1);
  assert.deepEqual(d.codeDescription, { href: 'https://developers.weixin.qq.com/doc/x' });
  const wire = JSON.parse(JSON.stringify(d)); // what a client sends back
  assert.ok(JSON.stringify(wire.data).length < 1000, 'no catalog objects in Diagnostic.data');
  const back = fromDiagnostic(wire, cat)!;
  assert.equal(back.rule, 'not-granted');
  assert.equal(back.severity, 'error');
  assert.deepEqual(back.range, f.range);
  assert.deepEqual(back.data, f.data);
  assert.equal(back.reference?.path, '/wxa/commit');
  assert.equal(back.reference?.resolution?.kind, 'interface');
  assert.equal(fromDiagnostic({ ...wire, source: 'eslint' }, cat), undefined);
  assert.equal(fromDiagnostic({ ...wire, data: undefined }, cat), undefined);
  assert.equal(dedupeFindings([f, { ...f }, { ...f, rule: 'mutex-set' }]).length, 2);
});

test('nodeReader: reads files, refuses big ones and directories, prefers open documents, records paths', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-reader-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.json'), '\ufeff{"grants":[17]}');
    fs.writeFileSync(path.join(dir, 'big.json'), 'x'.repeat(2000));
    const r = createNodeReader({ maxBytes: 1000, overlay: (p) => (p.endsWith('open.json') ? '{"open":true}' : undefined) });
    assert.equal(r.readFile(path.join(dir, 'a.json')), '{"grants":[17]}', 'BOM stripped');
    assert.equal(r.readFile(path.join(dir, 'big.json')), undefined);
    assert.equal(r.readFile(dir), undefined);
    assert.equal(r.readFile(path.join(dir, 'missing.json')), undefined);
    assert.equal(r.readFile(path.join(dir, 'open.json')), '{"open":true}');
    const rec = recordingReader(r);
    rec.readFile(path.join(dir, 'a.json'));
    rec.readFile(path.join(dir, 'a.json'));
    rec.readFile(path.join(dir, 'missing.json'));
    assert.deepEqual(rec.paths, [path.join(dir, 'a.json'), path.join(dir, 'missing.json')]);
    const before = statStamp(rec.paths);
    fs.writeFileSync(path.join(dir, 'missing.json'), '{}');
    assert.notEqual(statStamp(rec.paths), before, 'a created file changes the stamp');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
