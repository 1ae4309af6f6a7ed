import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isConfigFile, isDistinctiveName, referenceAt, scan } from '../../server/src/core/scanner';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { Reference } from '../../server/src/core/model';
import { catalog, ROOT } from '../helpers/catalog';

const FIXTURES = path.join(__dirname, 'fixtures', 'scanner');

/** [kind, text, "line:character" of the start, path (or set-id context), name (or set id), covering sets] */
type Row = [Reference['kind'], string, string, string, string | number | undefined, number[]];

function rows(refs: Reference[]): Row[] {
  return refs.map((r) => [
    r.kind, r.text, `${r.range.start.line}:${r.range.start.character}`,
    r.kind === 'set-id' ? r.context! : r.path!, r.kind === 'set-id' ? r.setId : r.name, r.sets,
  ]);
}

function scanFile(rel: string, languageId?: string): { text: string; refs: Reference[] } {
  const file = path.join(FIXTURES, rel);
  const text = fs.readFileSync(file, 'utf8');
  return { text, refs: scan(text, catalog(), { fileName: file, languageId }) };
}

/** What every scan result must satisfy, whatever the input. */
function assertWellFormed(text: string, refs: Reference[]): void {
  const lines = new LineIndex(text);
  let end = -1;
  for (const r of refs) {
    assert.ok(r.offset >= 0 && r.length > 0 && r.offset + r.length <= text.length, `range inside the text: ${r.offset}+${r.length}`);
    assert.ok(r.offset >= end, `sorted, no overlaps at ${r.offset}`);
    end = r.offset + r.length;
    assert.equal(text.slice(r.offset, r.offset + r.length), r.text);
    assert.deepEqual(r.range, { start: lines.positionAt(r.offset), end: lines.positionAt(r.offset + r.length) });
    if (r.kind === 'set-id') assert.deepEqual([r.sets, r.allOf, r.setId], [[r.setId], false, Number(r.text)]);
    else assert.ok(r.resolution && r.path === r.resolution.path && r.allOf === r.resolution.coverage.allOf);
  }
}

const EXPECTED: Record<string, { languageId?: string; rows: Row[] }> = {
  'wxjava-constants.java': {
    rows: [
      ['path', '/cgi-bin/wxaapp/createwxaqrcode', '7:57', '/cgi-bin/wxaapp/createwxaqrcode', 'createQRCode', [17, 58]],
      ['path', '/wxa/getwxacode', '8:55', '/wxa/getwxacode', 'getQRCode', [17]],
      ['path', '/wxa/getwxacodeunlimit', '9:63', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', '/wxa/commit', '13:50', '/wxa/commit', 'commit', [18]],
      ['path', '/wxa/submit_audit', '14:56', '/wxa/submit_audit', 'submitAudit', [18]],
    ],
  },
  'wxjava-usage.java': {
    rows: [['name', 'createWxaCodeUnlimitBytes', '14:42', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]]],
  },
  'silenceper-qrcode.go': {
    rows: [
      ['path', '/cgi-bin/wxaapp/createwxaqrcode', '10:50', '/cgi-bin/wxaapp/createwxaqrcode', 'createQRCode', [17, 58]],
      ['path', '/wxa/getwxacode', '11:50', '/wxa/getwxacode', 'getQRCode', [17]],
      ['path', '/wxa/getwxacodeunlimit', '12:50', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      // A Go raw string; the action query picks the replay interface over plain room info.
      ['path', '/wxa/business/getliveinfo', '16:44', '/wxa/business/getliveinfo', 'getliveinfo?action=get_replay', [52]],
      ['name', 'GetWXACodeUnlimit', '19:22', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      // `%s/wxa/…`: a format placeholder standing for the host.
      ['path', '/wxa/submit_audit', '24:23', '/wxa/submit_audit', 'submitAudit', [18]],
    ],
  },
  'easywechat-client.php': {
    rows: [
      ['path', 'wxa/commit', '10:36', '/wxa/commit', 'commit', [18]],
      ['path', 'wxa/getwxacodeunlimit', '20:33', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', '/wxa/business/getuserphonenumber', '25:41', '/wxa/business/getuserphonenumber', 'getPhoneNumber', [18]],
      // `'https://api.weixin.qq.com' . '/wxa/release'`: the second literal on its own.
      ['path', '/wxa/release', '31:66', '/wxa/release', 'release', [18]],
      ['path', '/cgi-bin/wxaapp/createwxaqrcode', '35:28', '/cgi-bin/wxaapp/createwxaqrcode', 'createQRCode', [17, 58]],
      ['path', '/wxa/submit_audit', '36:36', '/wxa/submit_audit', 'submitAudit', [18]],
      ['set-id', '17', '41:120', 'category_id_list', 17, [17]],
      ['set-id', '18', '41:123', 'category_id_list', 18, [18]],
      ['set-id', '30', '41:126', 'category_id_list', 30, [30]],
      ['set-id', '17', '44:104', 'funcscope', 17, [17]],
    ],
  },
  'skit-extensions.cs': {
    rows: [
      ['name', 'ExecuteWxaGetWxaCodeUnlimitAsync', '12:70', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', 'wxa", "getwxacodeunlimit', '15:63', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', 'card", "invoice", "getauthdata', '25:21', '/card/invoice/getauthdata', 'getauthdata', [48]],
      ['path', '/wxa/commit', '31:70', '/wxa/commit', 'commit', [18]],
    ],
  },
  'cloud-function.js': {
    rows: [
      ['name', 'wxacode.getUnlimited', '6:41', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['name', 'subscribeMessage.send', '7:22', '/cgi-bin/message/subscribe/send', 'sendMessage', [18]],
      ['name', 'security.msgSecCheck', '8:36', '/wxa/msg_sec_check', 'msgSecCheck', [18]],
    ],
  },
  'api-table.ts': {
    rows: [
      ['path', '/wxa/getwxacodeunlimit', '6:18', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', 'wxa/commit', '7:11', '/wxa/commit', 'commit', [18]],
      ['path', '/wxa/operationams', '8:11', '/wxa/operationams', 'agency_create_adunit', [135]],
      ['path', '/wxaapi/broadcast/room/create', '9:13', '/wxaapi/broadcast/room/create', 'createRoom', [52]],
      ['path', '/wxa/getwxacodeunlimit', '13:43', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', '/cgi-bin/express/business/order/add', '18:46', '/cgi-bin/express/business/order/add', 'addOrder', [45, 71]],
    ],
  },
  'wechatpy-wxa.py': {
    rows: [
      ['name', 'get_wxa_code_unlimited', '6:8', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', 'wxa/getwxacodeunlimit', '8:13', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', 'wxa/commit', '13:27', '/wxa/commit', 'commit', [18]],
      ['path', '/cgi-bin/express/business/order/add', '17:32', '/cgi-bin/express/business/order/add', 'addOrder', [45, 71]],
      ['set-id', '17', '20:101', 'category_id_list', 17, [17]],
      ['set-id', '18', '20:104', 'category_id_list', 18, [18]],
      ['set-id', '52', '20:107', 'category_id_list', 52, [52]],
      ['set-id', '45', '21:82', 'funcscope', 45, [45]],
    ],
  },
  'api-query-auth.json': {
    languageId: 'json',
    rows: [
      ['set-id', '17', '7:38', 'funcscope', 17, [17]],
      ['set-id', '18', '8:38', 'funcscope', 18, [18]],
      ['set-id', '52', '11:16', 'funcscope', 52, [52]],
    ],
  },
  'wxperm.json': {
    languageId: 'jsonc',
    rows: [
      ['set-id', '17', '3:13', 'grants', 17, [17]],
      ['set-id', '18', '3:17', 'grants', 18, [18]],
      ['set-id', '30', '3:21', 'grants', 30, [30]],
      ['set-id', '19', '6:27', 'grants', 19, [19]],
      ['set-id', '52', '6:31', 'grants', 52, [52]],
      // Unknown ids are references too: the judge reports them.
      ['set-id', '999', '6:35', 'grants', 999, [999]],
    ],
  },
  'platform.yaml': {
    languageId: 'yaml',
    rows: [
      ['path', '/wxa/getwxacodeunlimit', '4:37', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', '/wxa/commit', '5:13', '/wxa/commit', 'commit', [18]],
      ['set-id', '17', '7:117', 'category_id_list', 17, [17]],
      ['set-id', '18', '7:120', 'category_id_list', 18, [18]],
    ],
  },
  'platform-notes.md': {
    languageId: 'markdown',
    rows: [
      ['path', '/wxa/getwxacodeunlimit', '2:17', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
      ['path', '/wxa/commit', '3:34', '/wxa/commit', 'commit', [18]],
      ['name', 'wxacode.getUnlimited', '4:26', '/wxa/getwxacodeunlimit', 'getUnlimitedQRCode', [17, 58]],
    ],
  },
};

for (const [file, { languageId, rows: want }] of Object.entries(EXPECTED)) {
  test(`fixture ${file}: ${want.length} references, exact kind, text, start, path and sets`, () => {
    const { text, refs } = scanFile(file, languageId);
    assert.deepEqual(rows(refs), want);
    assertWellFormed(text, refs);
  });
}

test('every fixture file has expectations (a new fixture cannot go unchecked)', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => fs.statSync(path.join(FIXTURES, f)).isFile()).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

test('precision fixtures: ordinary code, other hosts, proxy routes, a Mini Program page yield nothing', () => {
  const dir = path.join(FIXTURES, 'precision');
  const files = fs.readdirSync(dir).sort();
  assert.ok(files.length >= 5);
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.deepEqual(rows(scan(text, catalog(), { fileName: f })), [], f);
  }
});

// [snippet, the texts expected, in order]
const SNIPPETS: [string, string[]][] = [
  ['u = "https://api.weixin.qq.com/wxa/getwxacodeunlimit?access_token=%s"', ['/wxa/getwxacodeunlimit']],
  ['u = "http://api.weixin.qq.com/wxa/commit"', ['/wxa/commit']],
  ['u = "//api.weixin.qq.com/wxa/commit"', ['/wxa/commit']],
  ['u = "https://api2.weixin.qq.com/wxa/commit"; v = "https://sh.api.weixin.qq.com/wxa/release"', ['/wxa/commit', '/wxa/release']],
  ['u = "https://api.weixin.qq.com/wxa/commit?access_token=" + token', ['/wxa/commit']],
  ['u = "https://api.weixin.qq.com/cgi-bin/component/api_component_token?component_access_token={$t}"', ['/cgi-bin/component/api_component_token']],
  ['u = "api.weixin.qq.com/wxa/commit"', ['/wxa/commit']],
  ['u = "https://api.weixin.qq.com/wxa/${x}"; v = "https://api.weixin.qq.com/wxa/get%s"', []],
  ['u = "https://myapi.weixin.qq.com/wxa/commit"; v = "https://x.api.weixin.qq.com/wxa/commit"', []],
  ['u = "/wxa/getwxacodeunlimit/"', ['/wxa/getwxacodeunlimit']],
  // First segments are matched as code writes them (lower case); after the host any case resolves.
  ['u = "/WXA/GETWXACODEUNLIMIT"; v = "https://api.weixin.qq.com/WXA/GETWXACODEUNLIMIT"', ['/WXA/GETWXACODEUNLIMIT']],
  ['u = "/wxa/sec/order/" + action', []],
  ['u = "/foo/wxa/commit"; v = "/api/wxa/commit"; w = "x/wxa/commit"', []],
  ["u = 'https://api.weixin.qq.com' . '/wxa/commit'", ['/wxa/commit']],
  ['u = "/shop/cart"; v = "https://api.weixin.qq.com/shop/cart"', ['/shop/cart']],
  ['u = "/shop/spu/add"; v = "/tcb/brandnewcall"', ['/shop/spu/add', '/tcb/brandnewcall']],
  ['u = "/wxa/operationams?action=%s"; v = "/wxa/operationams"', []],
  ['u = "/wxa/unknown_thing"', []],
  ['const BASE = "https://shop.example.com"; u = `${BASE}/wxa/commit`', []],
  ['const BASE = "https://api.weixin.qq.com"; u = `${BASE}/wxa/commit`', ['/wxa/commit']],
  ['u = `${process.env.WX_HOST}/wxa/commit`; v = "{0}/wxa/release"', ['/wxa/commit', '/wxa/release']],
  // `%s` names no variable, so an unrelated `s = "https://…"` must not be taken for its definition.
  ['s = "https://other.example.com"; u = fmt.Sprintf("%s/wxa/commit", host)', ['/wxa/commit']],
  ['req(request, HttpMethod.Post, "wxa", "getwxacodeunlimit")', ['wxa", "getwxacodeunlimit']],
  ["req('cgi-bin', 'wxaapp', 'createwxaqrcode', 'extra')", ["cgi-bin', 'wxaapp', 'createwxaqrcode"]],
  ['req("wxa", "nothing"); req("tcb", "brandnewcall"); req("wxa")', []],
  ['getUnlimitedQRCode(opts); client.getUnlimitedQRCode; x.getUnlimitedQRCodeX(1)', ['getUnlimitedQRCode', 'getUnlimitedQRCode']],
  ['$getUnlimitedQRCode(1); _getUnlimitedQRCode(2); "getUnlimitedQRCode"; getUnlimitedQRCode', []],
  // `standard` style puts a space before the parameter list; three spaces is no longer a call.
  ['function getUnlimitedQRCode (opts) {}; client.createWxaCodeUnlimit (s); getUnlimitedQRCode   (o)', ['getUnlimitedQRCode', 'createWxaCodeUnlimit']],
  ['$client->createWxaCodeUnlimit($scene); WxMaQrcodeService::createWxaCodeUnlimit(s)', ['createWxaCodeUnlimit', 'createWxaCodeUnlimit']],
  ['cloud.openapi.nearbyPoi.add({}); phonenumber.getPhoneNumber({code})', ['nearbyPoi.add', 'phonenumber.getPhoneNumber']],
  ['getPhoneNumber(e) {}; wx.getPhoneNumber(); login(); checkSession()', []],
  ['commit(); submitAudit(); release(); getAuditStatus(); foo.add(1); spu.add(2); goods.add(3)', []],
  ['u = "category_id_list=17%7C18"; v = {"category_id_list": "30|45"}', ['17', '18', '30', '45']],
  ['mycategory_id_list=17; category_id_listing=18', []],
  ['x = {"funcscope_category": {"id": 17}}; y = {"funcscope_category_x": {"id": 18}}', ['17']],
  // the ignore quick fix puts a comment line right above the id: it must still be found
  ['x = {"funcscope_category": {\n  // wxperm-ignore-next-line unknown-set\n  "id": 17}}', ['17']],
  ['x = {"funcscope_category":\n# note\n  -- more\n{"id":\n  ; and more\n 18}}', ['18']],
  ['u = {"category_id_list":\n  <!-- wxperm-ignore-next-line -->\n  "30|45"}', ['30', '45']],
  // … but not code, and not more than three comment lines
  ['x = {"funcscope_category": {\n  foo();\n  "id": 17}}', []],
  ['x = {"funcscope_category": {\n#1\n#2\n#3\n#4\n"id": 17}}', []],
];

for (const [snippet, want] of SNIPPETS) {
  test(`snippet: ${snippet.slice(0, 90)}`, () => {
    const refs = scan(snippet, catalog(), { languageId: 'typescript' });
    assert.deepEqual(refs.map((r) => r.text), want);
    assertWellFormed(snippet, refs);
  });
}

test('names: a name stands for its interface with the same coverage as the path', () => {
  const [name] = scan('client.getQrcodeService().createWxaCodeUnlimit(scene)', catalog());
  const [p] = scan('"/wxa/getwxacodeunlimit"', catalog());
  assert.equal(name.kind, 'name');
  assert.equal(name.text, 'createWxaCodeUnlimit');
  assert.deepEqual([name.path, name.name, name.sets, name.allOf], [p.path, p.name, p.sets, p.allOf]);
  assert.equal(name.resolution?.kind, 'interface');
});

test('names: the distinctiveness filter rejects common and front-end names, keeps WeChat ones', () => {
  for (const n of ['get', 'send', 'list', 'add', 'delete', 'update', 'query', 'submit', 'commit', 'getInfo', 'getList', 'create', 'bind',
    'getPhoneNumber', 'getUserInfo', 'login', 'checkSession', 'getOrderList', 'uploadSingleFile', 'getUserPhoneNumber', 'createQRCode', 'deprecated']) {
    assert.equal(isDistinctiveName(n), false, n);
  }
  for (const n of ['getUnlimitedQRCode', 'createWxaCodeUnlimit', 'ExecuteWxaGetWxaCodeUnlimitAsync', 'get_wxa_code_unlimited',
    'wxacode.getUnlimited', 'GetWXACodeUnlimit', 'getPaidUnionId', 'security.msgSecCheck', 'nearbyPoi.add']) {
    assert.equal(isDistinctiveName(n), true, n);
  }
});

test('names: the name table is built once per catalog and reused', () => {
  const a = scan('x.getUnlimitedQRCode()', catalog())[0];
  const b = scan('y.getUnlimitedQRCode()', catalog())[0];
  assert.ok(a.resolution && a.resolution === b.resolution);
});

test('a large non-WeChat text (2 MB of TypeScript declarations) yields nothing', () => {
  const lib = path.join(ROOT, 'node_modules', 'typescript', 'lib');
  let text = '';
  for (const f of fs.readdirSync(lib).filter((x) => x.endsWith('.d.ts')).sort()) {
    text += fs.readFileSync(path.join(lib, f), 'utf8');
    if (text.length > 2e6) break;
  }
  assert.ok(text.length > 2e6);
  assert.deepEqual(rows(scan(text, catalog(), { languageId: 'typescript' })), []);
});

test('positions: CRLF, lone CR and astral-plane characters before a reference', () => {
  const text = 'line one\r\n// 😀😀 emoji\r\nconst a = "😀"; const u = "/wxa/commit";\rx = "/wxa/release"';
  const refs = scan(text, catalog());
  assert.deepEqual(refs.map((r) => [r.text, r.range]), [
    // `const a = "😀"; const u = "` is 27 UTF-16 units: the emoji counts as two.
    ['/wxa/commit', { start: { line: 2, character: 27 }, end: { line: 2, character: 38 } }],
    ['/wxa/release', { start: { line: 3, character: 5 }, end: { line: 3, character: 17 } }],
  ]);
  assertWellFormed(text, refs);
  const given = scan(text, catalog(), { lineIndex: new LineIndex(text) });
  assert.deepEqual(given.map((r) => r.range), refs.map((r) => r.range));
});

test('positions: LF-only text positions match a full LineIndex', () => {
  const text = Array.from({ length: 500 }, (_, i) => (i % 97 === 0 ? `  u${i} = "/wxa/commit"` : `  const v${i} = ${i};`)).join('\n');
  const refs = scan(text, catalog());
  assert.equal(refs.length, 6);
  assert.deepEqual(refs.map((r) => r.range.start.line), [0, 97, 194, 291, 388, 485]);
  assertWellFormed(text, refs);
});

test('robustness: binary, lone surrogates, unclosed strings and empty input never throw', () => {
  assert.deepEqual(scan('', catalog()), []);
  const bytes = Buffer.alloc(200_000);
  let s = 7;
  for (let i = 0; i < bytes.length; i++) { s = (s * 1103515245 + 12345) & 0x7fffffff; bytes[i] = s >> 16; }
  for (const text of [bytes.toString('latin1'), bytes.toString('utf8'), bytes.toString('utf16le')]) assertWellFormed(text, scan(text, catalog()));
  const lone = '\uD800"/wxa/commit"\uDC00 \uDFFFx.getUnlimitedQRCode(';
  assert.deepEqual(scan(lone, catalog()).map((r) => r.text), ['/wxa/commit', 'getUnlimitedQRCode']);
  assert.deepEqual(scan('u = "/wxa/commit', catalog()).map((r) => r.text), ['/wxa/commit']);
  for (const text of ['"', '"${', '`${HOST', '"wxa", "', 'category_id_list=', '"funcscope_category": {', '(', '.', 'x.', '"/wxa/', '{"grants": [17, 18']) {
    assertWellFormed(text, scan(text, catalog()));
    assertWellFormed(text, scan(text, catalog(), { fileName: 'wxperm.json' }));
  }
});

// Timing is the benchmark's business (scripts/bench-scan.mjs); here: they finish and ranges are sound.
test('robustness: pathological 1 MB single lines give well-formed references', () => {
  const MB = 1 << 20;
  const cases: [string, string][] = [
    ['minified', 'var a=function(b){return b.c("x",{d:1})};'],
    ['quotes', '"'], ['template starts', '`${'], ['placeholders', '"${a}'], ['open braces', '"{'], ['percent', '"%s'],
    ['parens', '('], ['identifier + paren', 'abcdefghijklmnop('], ['dots', '.'], ['long member', '.abcdefghijklmnopqrstuvwxyz'],
    ['segments', '"wxa", '], ['paths', '"/wxa/'], ['slashes', '"/wxa/a/b/c/d/e/f/g'], ['query', '"/wxa/commit?'],
    ['id list', 'category_id_list=1|'], ['funcscope', '"funcscope_category": { "id": '], ['host', 'api.weixin.qq.com/'],
    ['one identifier', 'a'],
  ];
  for (const [label, unit] of cases) {
    const text = unit.repeat(Math.ceil(MB / unit.length));
    const refs = scan(text, catalog(), { languageId: 'javascript' });
    assert.ok(Array.isArray(refs), label);
    assertWellFormed(text, refs);
  }
});

test('robustness: JSON too deep or too wide for a recursive parser never throws', () => {
  const deep = '{"grants":' + '['.repeat(200_000);
  assert.deepEqual(scan(deep, catalog(), { fileName: 'wxperm.json' }), []);
  // Too deep to parse as JSON: the text finder still sees the funcscope id.
  const deepResponse = '{"funcscope_category": {"id": 17}, "x":' + '{"a":'.repeat(200_000);
  assert.deepEqual(scan(deepResponse, catalog(), { fileName: 'auth.json' }).map((r) => [r.text, r.context]), [['17', 'funcscope']]);
  const wide = '{"func_info":[' + '{"funcscope_category":{"id":18}},'.repeat(150_000) + ']}';
  const refs = scan(wide, catalog(), { languageId: 'json' });
  assert.equal(refs.length, 150_000);
  assert.deepEqual([refs[0].setId, refs[0].context], [18, 'funcscope']);
});

test('config files: only set ids, from grants and authorization lists, and broken JSON is tolerated', () => {
  const text = '{ "grants": [17, 18], "rules": { "x": 1 }, "include": ["wxa/commit"], "authorization": { "wx1": [30], "wx2": "a.json" }';
  const refs = scan(text, catalog(), { fileName: '/p/wxperm.json' });
  assert.deepEqual(refs.map((r) => [r.text, r.context]), [['17', 'grants'], ['18', 'grants'], ['30', 'grants']]);
  const broken = scan('{ "grants": [17, 18', catalog(), { fileName: 'wxperm.json' });
  assert.deepEqual(broken.map((r) => r.setId), [17, 18]);
  assert.deepEqual(scan('not json at all "/wxa/commit"', catalog(), { fileName: 'wxperm.json' }), []);
});

test('isConfigFile: the basename wxperm.json, on any separator', () => {
  assert.equal(isConfigFile('wxperm.json'), true);
  assert.equal(isConfigFile('/home/u/project/wxperm.json'), true);
  assert.equal(isConfigFile('C:\\project\\wxperm.json'), true);
  assert.equal(isConfigFile('my-wxperm.json'), false);
  assert.equal(isConfigFile('wxperm.json.bak'), false);
  assert.equal(isConfigFile(undefined), false);
});

test('referenceAt: inside or at the end of a range; the later reference where two touch', () => {
  const text = 'a("/wxa/commit", "/wxa/release")';
  const refs = scan(text, catalog());
  assert.equal(refs.length, 2);
  const [c, r] = refs;
  assert.equal(referenceAt(refs, c.offset), c);
  assert.equal(referenceAt(refs, c.offset + 3), c);
  assert.equal(referenceAt(refs, c.offset + c.length), c);
  assert.equal(referenceAt(refs, c.offset - 1), undefined);
  assert.equal(referenceAt(refs, c.offset + c.length + 1), undefined);
  assert.equal(referenceAt(refs, r.offset + r.length), r);
  assert.equal(referenceAt([], 3), undefined);
  const touching = [{ ...c, offset: 0, length: 4 }, { ...r, offset: 4, length: 4 }];
  assert.equal(referenceAt(touching, 4), touching[1]);
});

test('LineIndex: \\n, \\r\\n and \\r line ends, UTF-16 characters, clamping', () => {
  const text = 'ab\r\ncd\ref\n😀g\n';
  const li = new LineIndex(text);
  assert.equal(li.lineCount, 5);
  assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(li.positionAt(2), { line: 0, character: 2 });
  assert.deepEqual(li.positionAt(3), { line: 0, character: 2 }, 'between \\r and \\n is the end of the line');
  assert.deepEqual(li.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(li.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(li.positionAt(12), { line: 3, character: 2 }, 'the emoji is two UTF-16 units');
  assert.deepEqual(li.positionAt(text.length), { line: 4, character: 0 });
  assert.deepEqual(li.positionAt(-5), { line: 0, character: 0 });
  assert.deepEqual(li.positionAt(1e9), { line: 4, character: 0 });
  assert.equal(li.offsetAt({ line: 1, character: 1 }), 5);
  assert.equal(li.offsetAt({ line: 0, character: 99 }), 2, 'clamped before the line break');
  assert.equal(li.offsetAt({ line: 2, character: 99 }), 9);
  assert.equal(li.offsetAt({ line: -1, character: 3 }), 0);
  assert.equal(li.offsetAt({ line: 99, character: 0 }), text.length);
  assert.equal(li.offsetAt({ line: 1, character: -4 }), 4);
  assert.equal(new LineIndex('').lineCount, 1);
  assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
});

test('LineIndex: offsetAt(positionAt(o)) round-trips on every offset outside \\r\\n pairs', () => {
  const text = 'x\r\n\r\ny\rz\n\n😀\u00e9 end\r';
  const li = new LineIndex(text);
  for (let o = 0; o <= text.length; o++) {
    if (text[o - 1] === '\r' && text[o] === '\n') continue;
    assert.equal(li.offsetAt(li.positionAt(o)), o, `offset ${o}`);
  }
});
