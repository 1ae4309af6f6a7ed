import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { complete } from '../../server/src/core/completion';
import type { Grants } from '../../server/src/core/model';
import { catalog } from '../helpers/catalog';

const NONE: Grants = { source: 'none', authorizers: [] };

function grants(...authorizers: [string, number[]][]): Grants {
  return { source: 'file', authorizers: authorizers.map(([label, sets]) => ({ label, sets: new Set(sets), confirm: new Map() })) };
}

/** Complete at the `§` in `text`. */
function at(text: string, options: { fileName?: string; languageId?: string; grants?: Grants; locale?: 'en' | 'zh-cn' } = {}): CompletionItem[] {
  const offset = text.indexOf('§');
  assert.ok(offset >= 0, 'test text needs a § for the cursor');
  const doc = { text: text.slice(0, offset) + text.slice(offset + 1), fileName: options.fileName ?? 'src/api.ts', languageId: options.languageId ?? 'typescript' };
  return complete(doc, offset, { catalog: catalog(), grants: options.grants ?? NONE, locale: options.locale ?? 'en' });
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : a.sortText! > b.sortText! ? 1 : 0));

test('a path being typed in a string completes to the catalog paths that extend it', () => {
  const items = at('const url = "/wxa/getwxacode§";');
  assert.deepEqual(labels(items).sort(), ['/wxa/getwxacode', '/wxa/getwxacodeunlimit']);
  const unlimited = items.find((i) => i.label === '/wxa/getwxacodeunlimit')!;
  assert.equal(unlimited.detail, 'getUnlimitedQRCode · 17, 58');
  assert.equal(unlimited.filterText, '/wxa/getwxacodeunlimit');
  assert.deepEqual(unlimited.textEdit, {
    range: { start: { line: 0, character: 13 }, end: { line: 0, character: 28 } },
    newText: '/wxa/getwxacodeunlimit',
  });
  assert.equal(unlimited.kind, 18 /* Reference */);
  assert.deepEqual(unlimited.documentation, {
    kind: 'markdown',
    value: 'Get unlimited Mini Program code · 获取不限制的小程序码\n\nAny one of these permission sets covers it:\n'
      + '- **17** Get Mini Program code\n- **58** _outside the seed_ — Older copy of the QR-code pages lists 17、58',
  });
});

test('without the leading slash the inserted path has none either', () => {
  const items = at("http.post('cgi-bin/express/business/order/a§', body)");
  const add = items.find((i) => i.label === '/cgi-bin/express/business/order/add')!;
  assert.ok(add, labels(items).join());
  assert.equal(add.detail, 'addOrder · 45, 71');
  assert.deepEqual(add.textEdit, {
    range: { start: { line: 0, character: 11 }, end: { line: 0, character: 43 } },
    newText: 'cgi-bin/express/business/order/add',
  });
  assert.equal(add.filterText, 'cgi-bin/express/business/order/add');
});

test('after the API host the range starts after the host; all-of sets read as a sum', () => {
  const line = 'url := "https://api.weixin.qq.com/wxa/getillegal§?access_token=%s"';
  const [item, ...rest] = at(line, { languageId: 'go', fileName: 'a.go' });
  assert.equal(rest.length, 0);
  assert.equal(item.label, '/wxa/getillegalrecords');
  assert.equal(item.detail, 'getIllegalRecords · 18 + 76');
  assert.deepEqual((item.textEdit as TextEdit).range, { start: { line: 0, character: 33 }, end: { line: 0, character: 48 } });
  assert.ok(at('"https://api.weixin.qq.com§').length > 800, 'the bare host offers every interface');
});

test('a leading placeholder for the host, and query discriminators', () => {
  for (const line of ['`${BASE}/wxa/getwxacode§`', 'f"{BASE}/wxa/getwxacode§"', '"%s/wxa/getwxacode§"']) {
    assert.deepEqual(labels(at(line)).sort(), ['/wxa/getwxacode', '/wxa/getwxacodeunlimit'], line);
  }
  assert.deepEqual(labels(at('"/wxa/operationams?action=agency_create_a§"')), ['/wxa/operationams?action=agency_create_adunit']);
});

test('granted interfaces sort first, withdrawn ones last', () => {
  const g = grants(['#1', [17]]);
  const items = sorted(at('"/wxa/get§"', { grants: g }));
  const first = items.findIndex((i) => i.label === '/wxa/getwxacode');
  const notGranted = items.findIndex((i) => i.detail!.endsWith('✗'));
  assert.ok(first >= 0 && notGranted > first, 'covered interfaces come before uncovered ones');
  assert.equal(items[0].detail!.endsWith('✓'), true);
  assert.deepEqual(items.slice(0, 2).map((i) => i.label), ['/wxa/getwxacode', '/wxa/getwxacodeunlimit']);
  const withdrawn = sorted(at('"/cgi-bin/message/wxopen/template/§"'));
  const last = withdrawn[withdrawn.length - 1];
  assert.equal(last.label, '/cgi-bin/message/wxopen/template/uniform_send');
  assert.deepEqual(last.tags, [1 /* Deprecated */]);
});

test('with several authorizers, covered means covered for every one', () => {
  const g = grants(['wxA', [17]], ['wxB', [18]]);
  const item = at('"/wxa/getwxacode§"', { grants: g }).find((i) => i.label === '/wxa/getwxacode')!;
  assert.equal(item.detail, 'getQRCode · 17 ✗');
  assert.match((item.documentation as { value: string }).value, /- \*\*17\*\* Get Mini Program code — ✓ wxA · ✗ wxB/);
});

test('nothing in ordinary code or ordinary strings', () => {
  assert.deepEqual(at('const wxa = get§Thing();'), []);
  assert.deepEqual(at('const s = "hello /wxa/get§";'), []);
  assert.deepEqual(at('const s = "wxa§";'), [], 'a bare first segment is just a word');
  assert.deepEqual(at('const s = "/home/get§";'), [], 'unknown first segment');
  assert.deepEqual(at('const s = "/wxa/get" + wx§'), [], 'after the string closed');
  assert.deepEqual(at('// see /wxa/get§'), [], 'not in a string');
});

test('zh-cn completion text is Chinese', () => {
  const item = at('"/wxa/getwxacode§"', { locale: 'zh-cn' }).find((i) => i.label === '/wxa/getwxacode')!;
  assert.match((item.documentation as { value: string }).value, /^获取小程序码 · Get Mini Program code[\s\S]*所需权限集：\n- \*\*17\*\* 获取小程序码$/);
  const component = at('"/cgi-bin/component/api_query_au§"', { locale: 'zh-cn' })[0];
  assert.equal(component.detail, 'api_query_auth · 无需权限集');
});

test("set ids complete inside wxperm.json's grants list, without the ids already there", () => {
  const items = at('{\n  "grants": [17, 18, §]\n}', { fileName: '/ws/wxperm.json', languageId: 'jsonc' });
  const ids = labels(items);
  assert.ok(!ids.includes('17') && !ids.includes('18'));
  assert.ok(ids.includes('19') && ids.includes('58'), 'seed ids and ids outside the seed');
  const dev = items.find((i) => i.label === '30')!;
  assert.equal(dev.kind, 12 /* Value */);
  assert.equal(dev.detail, catalog().set(30)!.name.en);
  assert.deepEqual((dev.textEdit as TextEdit).range, { start: { line: 1, character: 21 }, end: { line: 1, character: 21 } });
  const mutex = items.find((i) => i.label === '49')!;
  assert.match((mutex.documentation as { value: string }).value,
    /^Mini Program Cloud Development Management · 小程序云开发管理 · mutex · needs agreement “WeChat Mini Program Cloud Development Features Terms of Service”\n\n/);
  const outside = items.find((i) => i.label === '58')!;
  assert.equal(outside.detail, 'outside the seed');
  assert.ok(sorted(items).findIndex((i) => i.label === '58') > sorted(items).findIndex((i) => i.label === '157'), 'outside ids after the seed');
});

test('a partly typed id is replaced, and the id being typed is not counted as listed', () => {
  const items = at('{ "grants": [17, 4§] }', { fileName: 'wxperm.json' });
  const item = items.find((i) => i.label === '45')!;
  assert.deepEqual((item.textEdit as TextEdit).range, { start: { line: 0, character: 17 }, end: { line: 0, character: 18 } });
  assert.ok(labels(items).includes('4') === false && labels(items).includes('40'));
  const again = at('{ "grants": [17§] }', { fileName: 'wxperm.json' });
  assert.ok(labels(again).includes('17'), 'the id under the cursor may be retyped');
});

test("an authorizer's id list completes too; other keys and arrays do not", () => {
  const config = (body: string) => at(body, { fileName: 'C:\\ws\\wxperm.json' });
  const items = config('{ "authorization": { "wx1": [17, §] } }');
  assert.ok(labels(items).includes('18') && !labels(items).includes('17'));
  assert.deepEqual(config('{ "include": ["src/**", §] }'), []);
  assert.deepEqual(config('{ "rules": { "§" } }'), []);
  assert.deepEqual(config('{ "gra§nts": [] }'), []);
  assert.deepEqual(config('{ "grants": [17, "§"] }'), []);
  assert.deepEqual(at('{ "grants": [§] }', { fileName: 'other.json' }), [], 'only wxperm.json');
});

test('a wxperm.json nested past what grants.ts reads (64 levels) completes nothing, however deep, and never throws', () => {
  const nested = (n: number) => `{ "grants": [17, §], "x": ${'['.repeat(n)}${']'.repeat(n)} }`;
  assert.ok(labels(at(nested(63), { fileName: 'wxperm.json' })).includes('18'), '64 levels are read');
  assert.deepEqual(at(nested(64), { fileName: 'wxperm.json' }), []);
  assert.deepEqual(at(nested(20_000), { fileName: 'wxperm.json' }), []);
});

test('category_id_list= values in any string complete set ids', () => {
  const line = "const link = `https://mp.weixin.qq.com/cgi-bin/componentloginpage?category_id_list=17|18|&auth_type=2`;";
  const cursor = line.indexOf('18|') + 3;
  const items = at(line.slice(0, cursor) + '§' + line.slice(cursor));
  const ids = labels(items);
  assert.ok(!ids.includes('17') && !ids.includes('18') && ids.includes('30'));
  assert.deepEqual((items.find((i) => i.label === '30')!.textEdit as TextEdit).range, { start: { line: 0, character: cursor }, end: { line: 0, character: cursor } });
  const partial = at('"category_id_list=17|3§|0|18"');
  assert.deepEqual((partial.find((i) => i.label === '30')!.textEdit as TextEdit).range, { start: { line: 0, character: 21 }, end: { line: 0, character: 22 } });
  assert.ok(!labels(partial).includes('18') && labels(partial).includes('30'));
  assert.deepEqual(at('category_id_list=17|§'), [], 'outside a string');
});
