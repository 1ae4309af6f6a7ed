import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { addGrantEdits, addGrantsEdits, CONFIG_SCHEMA_URL, detectFormat } from '../../server/src/core/configEdit';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { TextEdit } from 'vscode-languageserver-types';

/** Apply LSP edits the way an editor does, to check `edits` and `newText` agree. */
function apply(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  return applyEdits(text, edits.map((e) => {
    const offset = index.offsetAt(e.range.start);
    return { offset, length: index.offsetAt(e.range.end) - offset, content: e.newText };
  }));
}

function added(text: string | undefined, setId: number, authorizer?: string): string {
  const r = addGrantEdits(text, setId, { authorizer });
  if ('error' in r) assert.fail(r.error);
  assert.equal(apply(text ?? '', r.edits), r.newText);
  return r.newText;
}

function refused(text: string | undefined, setId: number, authorizer?: string): string {
  const r = addGrantEdits(text, setId, { authorizer });
  assert.ok('error' in r, `expected a refusal, got ${JSON.stringify(r)}`);
  return r.error;
}

test('an absent file becomes a new config with the schema and the set', () => {
  const r = addGrantEdits(undefined, 17);
  assert.ok(!('error' in r));
  assert.equal(r.newText, `{\n  "$schema": "${CONFIG_SCHEMA_URL}",\n  "grants": [17]\n}\n`);
  assert.deepEqual(r.edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: r.newText }]);
  assert.equal(added('  \n', 17), r.newText, 'a blank file counts as absent');
});

test('appending to a one-per-line list keeps comments and the trailing comma', () => {
  const before = [
    '{',
    '  // what our authorizers granted',
    '  "grants": [',
    '    17, // QR codes',
    '    18,',
    '  ],',
    '  "rules": { "mutex-set": "hint" },',
    '}',
    '',
  ].join('\n');
  assert.equal(added(before, 30), [
    '{',
    '  // what our authorizers granted',
    '  "grants": [',
    '    17, // QR codes',
    '    18,',
    '    30,',
    '  ],',
    '  "rules": { "mutex-set": "hint" },',
    '}',
    '',
  ].join('\n'));
});

test('a comment after the last id stays on its line', () => {
  const before = '{\n  "grants": [\n    17,\n    18 // dev\n  ]\n}\n';
  assert.equal(added(before, 30), '{\n  "grants": [\n    17,\n    18, // dev\n    30\n  ]\n}\n');
});

test('an inline list stays inline', () => {
  assert.equal(added('{ "grants": [17, 18] } // ours\n', 30), '{ "grants": [17, 18, 30] } // ours\n');
  assert.equal(added('{ "grants": [17, 18,] }', 30), '{ "grants": [17, 18, 30,] }');
  assert.equal(added('{ "grants": [] }', 30), '{ "grants": [30] }');
});

test('tabs stay tabs', () => {
  const before = '{\n\t"grants": [\n\t\t17\n\t]\n}';
  assert.deepEqual(detectFormat(before), { indent: '\t', eol: '\n' });
  assert.equal(added(before, 30), '{\n\t"grants": [\n\t\t17,\n\t\t30\n\t]\n}');
  assert.equal(added('{\n\t"rules": {}\n}', 30), '{\n\t"rules": {},\n\t"grants": [30]\n}');
});

test('CRLF line ends and 4-space indents are kept when a grants key is added', () => {
  const before = '{\r\n    "$schema": "x",\r\n    "rules": {\r\n        "mutex-set": "off"\r\n    }\r\n}\r\n';
  assert.deepEqual(detectFormat(before), { indent: '    ', eol: '\r\n' });
  assert.equal(added(before, 30), '{\r\n    "$schema": "x",\r\n    "rules": {\r\n        "mutex-set": "off"\r\n    },\r\n    "grants": [30]\r\n}\r\n');
  assert.equal(added('{\r\n  "grants": [\r\n    17\r\n  ]\r\n}', 30), '{\r\n  "grants": [\r\n    17,\r\n    30\r\n  ]\r\n}');
});

test('an empty object gets the key on its own line', () => {
  assert.equal(added('{}', 17), '{\n  "grants": [17]\n}');
  assert.equal(added('// grants go here\n{}\n', 17), '// grants go here\n{\n  "grants": [17]\n}\n');
});

test('a set already listed needs no edit', () => {
  const text = '{ "grants": [17, 30] }';
  assert.deepEqual(addGrantEdits(text, 30), { edits: [], newText: text });
});

test('a broken file is never rewritten', () => {
  assert.match(refused('{ "grants": [17, ', 30), /wxperm\.json does not parse/);
  assert.match(refused('{ "grants": [17] } }', 30), /does not parse/);
  assert.match(refused('[17]', 30), /does not parse/);
  assert.match(refused('{ "grants": "17" }', 30), /`grants` in wxperm\.json is not a list/);
});

test('grants that come from a saved authorization response are refused with the way out', () => {
  const error = refused('{ "authorization": "auth/shop-a.json" }', 45);
  assert.equal(error, 'The grants in wxperm.json come from a saved authorization response; grant set 45 in WeChat (re-authorize), then save the new response.');
  refused('{ "authorization": { "authorization_info": { "func_info": [] } } }', 45);
  assert.match(refused('{ "authorization": { "wx1": "auth/a.json", "wx2": [17] } }', 45, 'wx1'), /^Authorizer wx1 takes its grants from a saved authorization response/);
  const zh = addGrantEdits('{ "authorization": "a.json" }', 45, { locale: 'zh-cn' });
  assert.ok('error' in zh && zh.error.includes('重新授权'));
});

test("an authorizer's own id list gets the set", () => {
  const example = [
    '{',
    '  "authorization": {',
    '    "wx1a2b3c4d5e6f7a8b": "auth/shop-a.json",',
    '    "wx9f8e7d6c5b4a3f2e": [17, 18, 19, 30, 52],',
    '  },',
    '}',
  ].join('\n');
  assert.equal(added(example, 45, 'wx9f8e7d6c5b4a3f2e'), example.replace('30, 52]', '30, 52, 45]'));
  assert.match(refused(example, 45), /lists grants per authorizer; name the authorizer/);
  assert.match(refused(example, 45, 'wxnobody'), /Authorizer wxnobody/);
  assert.equal(added('{ "authorization": { "wx2": [17] } }', 45), '{ "authorization": { "wx2": [17, 45] } }', 'one authorizer needs no name');
  assert.equal(added('{ "authorization": [[17], [18]] }', 45, '#2'), '{ "authorization": [[17], [18, 45]] }');
});

test('without "authorization" an authorizer label changes nothing: the one list is "grants"', () => {
  assert.equal(added('{ "grants": [17] }', 45, '#1'), '{ "grants": [17, 45] }');
});

test('several grants at once come back as one edit, all or nothing', () => {
  const before = '{\n  // both needed\n  "grants": [17],\n  "rules": {}\n}\n';
  const r = addGrantsEdits(before, [{ setId: 18 }, { setId: 76 }, { setId: 17 }]);
  assert.ok(!('error' in r));
  assert.equal(r.newText, '{\n  // both needed\n  "grants": [17, 18, 76],\n  "rules": {}\n}\n');
  assert.equal(r.edits.length, 1);
  assert.equal(apply(before, r.edits), r.newText);
  const fresh = addGrantsEdits(undefined, [{ setId: 18 }, { setId: 76 }]);
  assert.ok(!('error' in fresh) && fresh.newText.includes('"grants": [18, 76]'));
  const mixed = addGrantsEdits('{ "authorization": { "a": [1], "b": "b.json" } }', [{ setId: 18, authorizer: 'a' }, { setId: 18, authorizer: 'b' }]);
  assert.ok('error' in mixed);
});

test('a BOM and a repeated key are read the way grants.ts reads them', () => {
  assert.equal(added('\uFEFF{ "grants": [17] }', 18), '\uFEFF{ "grants": [17, 18] }');
  assert.equal(added('{ "grants": [17], "grants": [19] }', 18), '{ "grants": [17], "grants": [19, 18] }', 'the last one wins');
});

test('a file nested deeper than grants.ts reads (64 levels) is refused, however deep, without throwing', () => {
  // The root object is level 1, the grants list level 2, then n more lists.
  const nested = (n: number) => `{ "grants": [${'['.repeat(n)}${']'.repeat(n)}] }`;
  assert.equal(added(nested(62), 17), `{ "grants": [${'['.repeat(62)}${']'.repeat(62)}, 17] }`, '64 levels are read, so edited');
  assert.match(refused(nested(63), 17), /wxperm\.json does not parse/);
  assert.match(refused(nested(20_000), 17), /wxperm\.json does not parse/);
  const several = addGrantsEdits(nested(20_000), [{ setId: 17 }, { setId: 18 }]);
  assert.ok('error' in several);
  assert.match(refused(`\uFEFF${nested(63)}`, 17), /does not parse/);
});

test('a comma on the line after a comment: the new item goes after it, with its own comma', () => {
  assert.equal(added('{\n  "rules": {} // r\n  , // after\n}\n', 17), '{\n  "rules": {} // r\n  , // after\n  "grants": [17],\n}\n');
  assert.equal(added('{\n  "grants": [\n    17 // dev\n    , // sep\n  ]\n}\n', 18), '{\n  "grants": [\n    17 // dev\n    , // sep\n    18,\n  ]\n}\n');
  assert.equal(added('{ "grants": [17 // dev\n, ] }', 18), '{ "grants": [17 // dev\n, 18, ] }');
});

test('an empty list or object holding only comments keeps them all, untouched', () => {
  assert.equal(added('{ "grants": [/* none yet */] }', 17), '{ "grants": [/* none yet */ 17] }');
  assert.equal(added('{\n  "grants": [ // none yet\n  ]\n}\n', 17), '{\n  "grants": [ // none yet\n    17\n  ]\n}\n');
  assert.equal(added('{\n  "grants": [\n    // none yet\n  ]\n}\n', 17), '{\n  "grants": [\n    // none yet\n    17\n  ]\n}\n');
  assert.equal(added('\uFEFF{/* c1 */\r "grants"/* c0 */: [/* c2 */],\r}\r', 17), '\uFEFF{/* c1 */\r "grants"/* c0 */: [/* c2 */ 17],\r}\r');
  // A block comment before the object is not re-scanned (jsonc-parser's modify broke "/*⏎ c0 */" here);
  // the brace's line starts with " c0 */", so that one space is taken for its indentation.
  assert.equal(added('/*\n c0 *//* c4 */{/* c1 */ // c3\r\n}\r\n', 17), '/*\n c0 *//* c4 */{/* c1 */ // c3\r\n  "grants": [17]\r\n }\r\n');
});

test('an empty list under a repeated key: the one grants.ts reads (the last) is filled, never a throw', () => {
  assert.equal(added('{ "grants": [], "grants": [/* c */] }', 17), '{ "grants": [], "grants": [/* c */ 17] }');
  assert.equal(
    added('{ "authorization": { "wx1": "a.json", "wx1": [/* c */] } }', 17, 'wx1'),
    '{ "authorization": { "wx1": "a.json", "wx1": [/* c */ 17] } }',
  );
  assert.equal(
    added('{ "authorization": "../x.json", "authorization": [ [ // c\n] ] }', 17, '#1'),
    '{ "authorization": "../x.json", "authorization": [ [ // c\n  17\n] ] }',
  );
});

test('several steps on a CRLF file: the one edit never starts or ends between \\r and \\n', () => {
  const blank = addGrantsEdits('\r\n', [{ setId: 17 }, { setId: 18 }]);
  assert.ok(!('error' in blank));
  assert.equal(blank.newText, `{\n  "$schema": "${CONFIG_SCHEMA_URL}",\n  "grants": [17, 18]\n}\n`);
  assert.deepEqual(blank.edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: blank.newText }]);
  assert.equal(apply('\r\n', blank.edits), blank.newText);
  const before = '{\r\n  "grants": [\r\n  ]\r\n}\r\n';
  const r = addGrantsEdits(before, [{ setId: 17 }, { setId: 18 }]);
  assert.ok(!('error' in r));
  assert.equal(r.newText, '{\r\n  "grants": [\r\n    17,\r\n    18\r\n  ]\r\n}\r\n');
  assert.equal(apply(before, r.edits), r.newText);
  for (const e of r.edits) assert.ok(!e.newText.startsWith('\n') && !e.newText.endsWith('\r'), JSON.stringify(e));
});
