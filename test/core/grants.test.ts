import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalog } from '../helpers/catalog';
import { grantsFromSettings, MAX_AUTHORIZATION_BYTES, NO_GRANTS, readConfig, resolveInside, type FileReader } from '../../server/src/core/grants';
import type { ConfirmInfo, Finding, Grants, Range } from '../../server/src/core/model';

const FIXTURES = path.join(__dirname, 'fixtures', 'grants');

/** Reads the fixtures from disk, the way the server's node reader does (the core itself never does). */
const diskReader: FileReader = {
  readFile(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

function fixture(dir: string) {
  const file = path.join(FIXTURES, dir, 'wxperm.json');
  return readConfig({ text: fs.readFileSync(file, 'utf8'), file }, catalog(), diskReader);
}

/** A reader over an in-memory folder `/ws`. */
function memReader(files: Record<string, string>): FileReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readFile(p) {
      asked.push(p);
      return files[p];
    },
  };
}

function read(text: string, files: Record<string, string> = {}, locale?: 'en' | 'zh-cn') {
  return readConfig({ text, file: '/ws/wxperm.json' }, catalog(), memReader(files), { locale });
}

function sets(g: Grants): Record<string, number[]> {
  return Object.fromEntries(g.authorizers.map((a) => [a.label, [...a.sets].sort((x, y) => x - y)]));
}

/** The range of the `nth` occurrence of `needle` in `text` (0-based lines, UTF-16 columns). */
function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not in text`);
  return { start: pos(text, at), end: pos(text, at + needle.length) };
}

function pos(text: string, offset: number) {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, JSON.stringify(findings, null, 1));
  return findings[0];
}

describe('grants: the accepted shapes', () => {
  test('bare list with JSONC comments and trailing commas, rules, include/exclude', () => {
    const r = fixture('bare');
    assert.deepEqual(r.findings, []);
    assert.equal(r.grants.source, 'file');
    assert.equal(r.grants.file, path.join(FIXTURES, 'bare', 'wxperm.json'));
    assert.deepEqual(sets(r.grants), { '#1': [17, 18, 30] });
    assert.deepEqual(r.config, { rules: { 'mutex-set': 'off', 'not-granted': 'warning' }, include: ['src/**'], exclude: ['vendor/'] });
  });

  test('path to a saved api_query_auth response, with confirm_info', () => {
    const r = fixture('response-path');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { wxf8b4f85f3a794e77: [17, 18, 45] });
    const confirm = r.grants.authorizers[0].confirm;
    assert.equal(confirm.has(17), false);
    assert.deepEqual(confirm.get(18), { needConfirm: false, alreadyConfirm: false, canConfirm: false } satisfies ConfirmInfo);
    assert.deepEqual(confirm.get(45), { needConfirm: true, alreadyConfirm: false, canConfirm: true } satisfies ConfirmInfo);
  });

  test('api_get_authorizer_info shape (authorizer_info beside authorization_info)', () => {
    const r = fixture('authorizer-info');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { wx1234567890abcdef: [17, 18, 76] });
  });

  test('func_info at the top level of a saved copy', () => {
    const r = fixture('top-func-info');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { wxtoptoptoptoptop1: [30] });
  });

  test('inline response without an appid is authorizer #1', () => {
    const r = fixture('inline');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { '#1': [52, 71] });
  });

  test('array of a path, an id list and an inline response', () => {
    const r = fixture('array');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { wxaaaaaaaaaaaaaaaa: [17, 71], '#2': [17, 45], '#3': [17] });
  });

  test('map appid → id list, path, response', () => {
    const r = fixture('map');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { wx1111111111111111: [17, 18, 76], wx2222222222222222: [17, 18], wx3333333333333333: [17] });
    assert.deepEqual(r.config.rules, { 'needs-confirmation': 'error' });
  });

  test('a config with only rules configures no grants', () => {
    const r = read('{ "rules": { "mutex-set": "hint" } }');
    assert.deepEqual(r.findings, []);
    assert.equal(r.grants, NO_GRANTS);
    assert.equal(NO_GRANTS.source, 'none');
  });

  test('an empty grants list is a configured "nothing granted"', () => {
    const r = read('{ "grants": [] }');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { '#1': [] });
  });

  test('a BOM does not shift ranges', () => {
    const text = '\uFEFF{ "grants": [17, "x"] }';
    const f = only(read(text).findings);
    assert.deepEqual(f.range, rangeOf(text, '"x"'));
  });

  test('errcode 0 is a successful response', () => {
    const r = read('{ "authorization": { "errcode": 0, "errmsg": "ok", "authorization_info": { "func_info": [ { "funcscope_category": { "id": 17 } } ] } } }');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(sets(r.grants), { '#1': [17] });
  });

  test('true / false confirm flags', () => {
    const r = read('{ "authorization": { "func_info": [ { "funcscope_category": { "id": 45 }, "confirm_info": { "need_confirm": true, "already_confirm": false } } ] } }');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.grants.authorizers[0].confirm.get(45), { needConfirm: true, alreadyConfirm: false, canConfirm: false });
  });
});

describe('grants: invalid-config, with exact ranges', () => {
  test('exact message for a bad set id', () => {
    const text = '{ "grants": [17, -1] }';
    const f = only(read(text).findings);
    assert.equal(f.rule, 'invalid-config');
    assert.equal(f.severity, 'error');
    assert.equal(f.file, '/ws/wxperm.json');
    assert.equal(f.message, 'Invalid wxperm configuration: grants[1] must be a non-negative integer set id');
    assert.deepEqual(f.range, rangeOf(text, '-1'));
  });

  test('every kind of bad id: negative, fraction, string, huge, null; the good ones are kept', () => {
    const text = '{ "grants": [17, -1, 2.5, "18", 1e400, 12345678901234567890, null, 30] }';
    const r = read(text);
    assert.deepEqual(r.findings.map((f) => f.range), ['-1', '2.5', '"18"', '1e400', '12345678901234567890', 'null'].map((n) => rangeOf(text, n)));
    assert.deepEqual(sets(r.grants), { '#1': [17, 30] });
  });

  test('syntax errors carry jsonc-parser\'s ranges and the rest is still read', () => {
    const text = '{\n  "grants": [17 18],\n  "rules": { "mutex-set": "off" }\n}';
    const r = read(text);
    const f = only(r.findings);
    assert.equal(f.message, 'Invalid wxperm configuration: JSON syntax error: comma expected');
    assert.deepEqual(f.range, rangeOf(text, '18'));
    assert.deepEqual(sets(r.grants), { '#1': [17, 18] });
    assert.deepEqual(r.config.rules, { 'mutex-set': 'off' });
  });

  test('unterminated comment and missing brace', () => {
    const text = '{ "grants": [17] /* open';
    const r = read(text);
    assert.deepEqual(r.findings.map((f) => f.message.replace('Invalid wxperm configuration: JSON syntax error: ', '')), ['unterminated comment', 'closing brace expected']);
    assert.deepEqual(r.findings[0].range, rangeOf(text, '/* open'));
  });

  test('wrong types on every top-level property', () => {
    const text = '{ "$schema": 1, "grants": "17", "rules": [], "include": "src", "exclude": [""] }';
    const r = read(text);
    assert.deepEqual(r.findings.map((f) => [f.message.replace('Invalid wxperm configuration: ', ''), f.range]), [
      ['$schema must be a string', rangeOf(text, '1')],
      ['rules must be an object', rangeOf(text, '[]')],
      ['include must be an array of glob patterns', rangeOf(text, '"src"')],
      ['exclude[0] must be a non-empty glob pattern', rangeOf(text, '""')],
      ['grants must be an array of set ids', rangeOf(text, '"17"')],
    ]);
    assert.equal(r.grants, NO_GRANTS);
  });

  test('unknown rule names, bad severities and unknown properties', () => {
    const text = '{ "rules": { "not-granted": "fatal", "no-such-rule": "off", "unknown-set": "info" }, "grant": [17] }';
    const r = read(text);
    assert.deepEqual(r.findings.map((f) => f.range), [rangeOf(text, '"grant"'), rangeOf(text, '"fatal"'), rangeOf(text, '"no-such-rule"'), rangeOf(text, '"info"')]);
    assert.match(r.findings[0].message, /unknown property "grant"; expected one of \$schema, grants, authorization, rules, include, exclude/);
    assert.match(r.findings[1].message, /rules\.not-granted must be a severity: error, warning, information, hint or off/);
    assert.match(r.findings[2].message, /unknown rule "no-such-rule"; rules are not-granted, mutex-set/);
    assert.deepEqual(r.config.rules, {});
  });

  test('duplicate keys: reported on the second, the last one wins', () => {
    const text = '{ "grants": [17], "grants": [18] }';
    const r = read(text);
    assert.deepEqual(only(r.findings).range, rangeOf(text, '"grants"', 1));
    assert.deepEqual(sets(r.grants), { '#1': [18] });
  });

  test('grants beside authorization: grants ignored', () => {
    const text = '{ "grants": [17], "authorization": [[18]] }';
    const r = read(text);
    assert.deepEqual(only(r.findings).range, rangeOf(text, '"grants"'));
    assert.deepEqual(sets(r.grants), { '#1': [18] });
  });

  test('the config\'s own rules set the severity of its problems, and can turn them off', () => {
    assert.equal(only(read('{ "grants": [-1], "rules": { "invalid-config": "warning" } }').findings).severity, 'warning');
    assert.deepEqual(read('{ "grants": [-1], "rules": { "invalid-config": "off" } }').findings, []);
  });

  test('an unreadable authorization path: range on the path in wxperm.json', () => {
    const text = '{ "authorization": "missing.json" }';
    const f = only(read(text).findings);
    assert.equal(f.message, 'Invalid wxperm configuration: cannot read "missing.json"');
    assert.deepEqual(f.range, rangeOf(text, '"missing.json"'));
    assert.equal(f.file, '/ws/wxperm.json');
  });

  test('a file that is not a response: range on the path in wxperm.json', () => {
    const text = '{ "authorization": ["a.json", "b.json", "c.json"] }';
    const r = read(text, {
      '/ws/a.json': '{ "authorizer_info": {} }',
      '/ws/b.json': '[17, 18]',
      '/ws/c.json': '{ "errcode": 61003, "errmsg": "component is not authorized by this account" }',
    });
    assert.deepEqual(r.findings.map((f) => [f.message, f.range, f.file]), [
      ['Invalid wxperm configuration: "a.json" is not a saved api_query_auth / api_get_authorizer_info response: it has no func_info', rangeOf(text, '"a.json"'), '/ws/wxperm.json'],
      ['Invalid wxperm configuration: "b.json" is not a saved api_query_auth / api_get_authorizer_info response: it is not an object', rangeOf(text, '"b.json"'), '/ws/wxperm.json'],
      ['Invalid wxperm configuration: "c.json" is not a saved api_query_auth / api_get_authorizer_info response: it is an error response (errcode 61003: component is not authorized by this account)', rangeOf(text, '"c.json"'), '/ws/wxperm.json'],
    ]);
    // Nothing readable: as if nothing were configured (the findings say why).
    assert.equal(r.grants, NO_GRANTS);
  });

  test('problems inside an authorization file: range in that file, file set to it', () => {
    const auth = '{\n  "authorization_info": {\n    "func_info": [\n      { "funcscope_category": { "id": "17" } },\n      { "funcscope_category": { "id": 18 }, "confirm_info": { "need_confirm": 2 } },\n      { "funcscope_category": { "id": 30 } }\n    ]\n  }\n}';
    const r = read('{ "authorization": "auth.json" }', { '/ws/auth.json': auth });
    assert.deepEqual(r.findings.map((f) => [f.message, f.range, f.file]), [
      ['Invalid wxperm configuration: authorization_info.func_info[0].funcscope_category.id must be a non-negative integer set id', rangeOf(auth, '"17"'), '/ws/auth.json'],
      ['Invalid wxperm configuration: authorization_info.func_info[1].confirm_info.need_confirm must be 0, 1, true or false', rangeOf(auth, '2'), '/ws/auth.json'],
    ]);
    assert.deepEqual(sets(r.grants), { '#1': [18, 30] });
  });

  test('a syntax error inside an authorization file is placed in that file', () => {
    const auth = '{ "func_info": [ { "funcscope_category": { "id": 17 } } ]';
    const r = read('{ "authorization": "auth.json" }', { '/ws/auth.json': auth });
    const f = only(r.findings);
    assert.equal(f.file, '/ws/auth.json');
    assert.equal(f.message, 'Invalid wxperm configuration: JSON syntax error: closing brace expected');
    assert.deepEqual(f.range, { start: { line: 0, character: auth.length }, end: { line: 0, character: auth.length } });
    assert.deepEqual(sets(r.grants), { '#1': [17] });
  });

  test('a map entry whose response names another appid', () => {
    const text = '{ "authorization": { "wxA": { "authorization_info": { "authorizer_appid": "wxB", "func_info": [] } } } }';
    const f = only(read(text).findings);
    assert.equal(f.message, 'Invalid wxperm configuration: this response is for wxB but is listed under wxA');
    assert.deepEqual(f.range, rangeOf(text, '"wxB"'));
  });

  test('empty lists and maps of authorizers', () => {
    for (const value of ['[]', '{}']) {
      const text = `{ "authorization": ${value} }`;
      const f = only(read(text).findings);
      assert.equal(f.message, 'Invalid wxperm configuration: authorization lists no authorizers');
      assert.deepEqual(f.range, rangeOf(text, value));
    }
  });

  test('wrong entry types in authorization', () => {
    const text = '{ "authorization": [17, true], "rules": {} }';
    const r = read(text);
    assert.deepEqual(r.findings.map((f) => f.range), [rangeOf(text, '17'), rangeOf(text, 'true')]);
    assert.match(r.findings[0].message, /authorization\[0\] must be a saved response, a list of set ids or a path to a saved response/);
    assert.equal(only(read('{ "authorization": 5 }').findings).message,
      'Invalid wxperm configuration: authorization must be a saved api_query_auth / api_get_authorizer_info response, a path to one, or a list or map of those');
  });

  test('zh-cn messages', () => {
    const f = only(read('{ "grants": [-1] }', {}, 'zh-cn').findings);
    assert.equal(f.message, 'wxperm 配置无效：grants[0] 必须是非负整数权限集 ID');
  });
});

describe('grants: paths stay inside the config folder', () => {
  test('escaping, absolute and URI paths are refused without reading anything', () => {
    const text = '{ "authorization": ["../secret.json", "/etc/passwd", "a/../../x.json", "C:\\\\x.json", "file:///etc/passwd", "..\\\\x.json", ""] }';
    const reader = memReader({});
    const r = readConfig({ text, file: '/ws/wxperm.json' }, catalog(), reader);
    assert.deepEqual(reader.asked, []);
    assert.equal(r.findings.length, 7);
    assert.equal(r.findings[0].message, 'Invalid wxperm configuration: "../secret.json" points outside the folder of the configuration; authorization files must be inside it');
    assert.deepEqual(r.findings[1].range, rangeOf(text, '"/etc/passwd"'));
  });

  test('fixture: every path of the escape fixture is refused', () => {
    const r = fixture('escape');
    assert.equal(r.findings.length, 3);
    assert.ok(r.findings.every((f) => /points outside the folder/.test(f.message)));
  });

  test('resolveInside', () => {
    assert.equal(resolveInside('/ws', 'auth/a.json'), '/ws/auth/a.json');
    assert.equal(resolveInside('/ws/', './auth//a.json'), '/ws/auth/a.json');
    assert.equal(resolveInside('/ws', 'auth/../a.json'), '/ws/a.json');
    assert.equal(resolveInside('C:\\ws', 'auth\\a.json'), 'C:\\ws\\auth\\a.json');
    for (const bad of ['../a.json', 'a/../../a.json', '/a.json', '\\a.json', 'C:/a.json', 'file:///a.json', '.', 'a\0b', '  ']) {
      assert.equal(resolveInside('/ws', bad), undefined, bad);
    }
  });

  test('files over 5 MB are refused, by size when the reader knows it and by length otherwise', () => {
    const text = '{ "authorization": "big.json" }';
    const big = ' '.repeat(MAX_AUTHORIZATION_BYTES + 1);
    const byLength = only(read(text, { '/ws/big.json': big }).findings);
    assert.equal(byLength.message, 'Invalid wxperm configuration: "big.json" is larger than 5 MB');
    let read2 = false;
    const sized: FileReader = { size: () => MAX_AUTHORIZATION_BYTES + 1, readFile: () => { read2 = true; return '{}'; } };
    const bySize = only(readConfig({ text, file: '/ws/wxperm.json' }, catalog(), sized).findings);
    assert.equal(bySize.message, byLength.message);
    assert.equal(read2, false);
  });

  test('a reader that throws reads as unreadable', () => {
    const throwing: FileReader = { readFile: () => { throw new Error('EACCES'); } };
    const f = only(readConfig({ text: '{ "authorization": "a.json" }', file: '/ws/wxperm.json' }, catalog(), throwing).findings);
    assert.match(f.message, /cannot read "a.json"/);
  });
});

describe('grants: never throws', () => {
  const nasty: [string, string][] = [
    ['empty', ''],
    ['whitespace and a comment', '  // nothing\n'],
    ['null', 'null'],
    ['array at top level', '[17, 18]'],
    ['a number', '17'],
    ['a string', '"grants"'],
    ['deeply nested arrays', '['.repeat(100_000)],
    ['deeply nested in grants', '{ "grants": ' + '['.repeat(50_000) + ']'.repeat(50_000) + ' }'],
    ['deeply nested objects', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
    ['huge numbers', '{ "grants": [1e999999, -1e999999, 9007199254740993] }'],
    ['binary junk', '\u0000\u0001\uFFFF\uD800{'],
    ['__proto__ keys', '{ "__proto__": { "grants": [1] }, "rules": { "__proto__": "off", "constructor": "error" } }'],
    ['lone surrogates in keys', '{ "\uD800": 1 }'],
    ['null everywhere', '{ "grants": null, "authorization": null, "rules": null, "include": null }'],
    ['authorization map of nulls', '{ "authorization": { "wx1": null, "wx2": { "func_info": null }, "wx3": { "authorization_info": null, "func_info": [null, {}, { "funcscope_category": null }] } } }'],
  ];
  for (const [name, text] of nasty) {
    test(name, () => {
      const r = read(text);
      assert.ok(Array.isArray(r.findings));
      assert.ok(r.findings.every((f) => f.rule === 'invalid-config' && f.range && typeof f.message === 'string'));
      assert.ok(r.grants.authorizers.every((a) => [...a.sets].every((id) => Number.isSafeInteger(id) && id >= 0)));
    });
  }

  test('an empty file says why', () => {
    const f = only(read('').findings);
    assert.equal(f.message, 'Invalid wxperm configuration: JSON syntax error: value expected');
    assert.deepEqual(f.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  test('top-level array or null', () => {
    for (const text of ['[17]', 'null']) {
      const f = only(read(text).findings);
      assert.match(f.message, /must be an object with "grants", "authorization" or "rules"/);
      assert.deepEqual(f.range, rangeOf(text, text));
    }
  });

  test('too deep: one finding at the bracket that goes past the limit', () => {
    const text = '{ "grants": ' + '['.repeat(200) + ']'.repeat(200) + ' }';
    const f = only(read(text).findings);
    assert.equal(f.message, 'Invalid wxperm configuration: nested more than 64 levels deep');
    assert.deepEqual(f.range.start, { line: 0, character: 12 + 63 });
  });

  test('__proto__ does not pollute', () => {
    read('{ "rules": { "__proto__": "off" }, "authorization": { "__proto__": [17] } }');
    assert.equal(({} as Record<string, unknown>)['not-granted'], undefined);
  });
});

describe('grants: VS Code settings fallback', () => {
  test('same shapes, source settings, paths relative to the folder', () => {
    const reader = memReader({ '/ws/auth/q.json': fs.readFileSync(path.join(FIXTURES, 'response-path', 'auth', 'query_auth.json'), 'utf8') });
    const r = grantsFromSettings({ authorization: { wxA: [17], wxf8b4f85f3a794e77: 'auth/q.json' } }, '/ws', catalog(), reader);
    assert.deepEqual(r.findings, []);
    assert.equal(r.grants.source, 'settings');
    assert.deepEqual(sets(r.grants), { wxA: [17], wxf8b4f85f3a794e77: [17, 18, 45] });
  });

  test('a bare list', () => {
    const r = grantsFromSettings({ grants: [17, 18] }, '/ws', catalog(), memReader({}));
    assert.deepEqual(sets(r.grants), { '#1': [17, 18] });
    assert.equal(r.grants.source, 'settings');
  });

  test('empty defaults mean not configured', () => {
    for (const settings of [{}, { grants: [] }, { authorization: {} }, { grants: [], authorization: [] }, { grants: undefined, authorization: null }]) {
      const r = grantsFromSettings(settings, '/ws', catalog(), memReader({}));
      assert.equal(r.grants, NO_GRANTS, JSON.stringify(settings));
      assert.deepEqual(r.findings, []);
    }
  });

  test('problems have range 0:0 and name the setting', () => {
    const r = grantsFromSettings({ grants: [17, 'x'], rules: { 'not-granted': 'loud' } }, '/ws', catalog(), memReader({}));
    assert.deepEqual(r.findings.map((f) => [f.message, f.range, f.file]), [
      ['Invalid wxperm configuration: wxperm.rules.not-granted must be a severity: error, warning, information, hint or off', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, undefined],
      ['Invalid wxperm configuration: wxperm.grants[1] must be a non-negative integer set id', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, undefined],
    ]);
    assert.deepEqual(sets(r.grants), { '#1': [17] });
  });

  test('a path that escapes, and an unreadable one, name the setting', () => {
    const r = grantsFromSettings({ authorization: ['../x.json', 'y.json'] }, '/ws', catalog(), memReader({}));
    assert.deepEqual(r.findings.map((f) => f.message), [
      'Invalid wxperm configuration: wxperm.authorization[0]: "../x.json" points outside the folder of the configuration; authorization files must be inside it',
      'Invalid wxperm configuration: wxperm.authorization[1]: cannot read "y.json"',
    ]);
  });

  test('problems inside an authorization file named by a setting keep that file\'s ranges', () => {
    const auth = '{ "func_info": [ { "funcscope_category": { "id": -3 } } ] }';
    const f = only(grantsFromSettings({ authorization: 'a.json' }, '/ws', catalog(), memReader({ '/ws/a.json': auth })).findings);
    assert.equal(f.file, '/ws/a.json');
    assert.deepEqual(f.range, rangeOf(auth, '-3'));
  });

  test('values JSON cannot hold never throw', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const settings of [{ grants: [BigInt(17)] }, { authorization: circular }, { grants: [NaN, Infinity] }, null as unknown as object, 5 as unknown as object]) {
      const r = grantsFromSettings(settings, '/ws', catalog(), memReader({}));
      assert.ok(Array.isArray(r.findings));
    }
  });
});

describe('catalog/wxperm.schema.json', () => {
  // The schema is what VS Code validates and completes with; it must accept every fixture the reader accepts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default as typeof import('ajv').default;
  const { parse } = require('jsonc-parser') as typeof import('jsonc-parser');
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, '..', '..', '..', '..', 'catalog', 'wxperm.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true });
  ajv.addVocabulary(['enumDescriptions']);
  const validate = ajv.compile(schema);
  const config = (dir: string) => parse(fs.readFileSync(path.join(FIXTURES, dir, 'wxperm.json'), 'utf8'), [], { allowTrailingComma: true });

  for (const dir of ['bare', 'response-path', 'authorizer-info', 'top-func-info', 'inline', 'array', 'map']) {
    test(`accepts fixtures/grants/${dir}`, () => {
      assert.ok(validate(config(dir)), JSON.stringify(validate.errors));
      assert.deepEqual(fixture(dir).findings, []);
    });
  }

  test('accepts the saved responses themselves as inline authorization', () => {
    for (const file of ['response-path/auth/query_auth.json', 'authorizer-info/get_authorizer_info.json', 'top-func-info/saved.json']) {
      const response = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
      assert.ok(validate({ authorization: response }), file + ' ' + JSON.stringify(validate.errors));
    }
  });

  test('rejects fixtures/grants/broken, which the reader reports too', () => {
    assert.equal(validate(config('broken')), false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    for (const p of ['/grants/1', '/grants/2', '/grants/3', '/rules/not-granted']) assert.ok(paths.includes(p), `${p} in ${paths}`);
    assert.ok((validate.errors ?? []).some((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty: string }).additionalProperty === 'grant'));
    assert.ok((validate.errors ?? []).some((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty: string }).additionalProperty === 'no-such-rule'));
    assert.equal(fixture('broken').findings.length, 6);
  });

  test('rejects what the reader rejects: bad severities, error responses, empty maps, bad ids in func_info', () => {
    for (const bad of [
      { rules: { 'mutex-set': 'info' } },
      { authorization: { errcode: 61003, errmsg: 'x', func_info: [] } },
      { authorization: {} },
      { authorization: [] },
      { authorization: { func_info: [{ funcscope_category: { id: -1 } }] } },
      { authorization: { wx1: [17, 'x'] } },
      { authorization: 17 },
      { include: 'src' },
    ]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
      assert.ok(read(JSON.stringify(bad)).findings.length > 0, JSON.stringify(bad));
    }
  });

  test('every property has a description', () => {
    const missing: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.properties) for (const [k, v] of Object.entries(o.properties as object)) if (!(v as { description?: string }).description) missing.push(`${at}.${k}`);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
    };
    walk(schema, '');
    assert.deepEqual(missing, []);
  });
});
