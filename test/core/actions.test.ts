import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Range, TextEdit } from 'vscode-languageserver-types';
import { codeActions, OPEN_DOCS_COMMAND, type ActionContext } from '../../server/src/core/actions';
import { CONFIG_SCHEMA_URL } from '../../server/src/core/configEdit';
import { judge } from '../../server/src/core/judge';
import type { Grants } from '../../server/src/core/model';
import { scan } from '../../server/src/core/scanner';
import { catalog } from '../helpers/catalog';

const CONFIG = 'file:///ws/wxperm.json';
const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };

function grants(...authorizers: [string, number[]][]): Grants {
  return { source: 'file', authorizers: authorizers.map(([label, sets]) => ({ label, sets: new Set(sets), confirm: new Map() })) };
}

function actionsFor(text: string, g: Grants, options: Partial<ActionContext> & { languageId?: string; range?: Range } = {}): CodeAction[] {
  const languageId = options.languageId ?? 'typescript';
  const findings = judge(scan(text, catalog(), { languageId }), catalog(), g);
  const ctx: ActionContext = { catalog: catalog(), locale: options.locale ?? 'en', configUri: CONFIG, configText: options.configText, ...options };
  return codeActions({ uri: 'file:///ws/src/a.ts', text, languageId }, options.range ?? WHOLE, findings, ctx);
}

const titles = (actions: CodeAction[]) => actions.map((a) => a.title);
const configEdits = (a: CodeAction): TextEdit[] => a.edit!.changes![CONFIG];

test('a not-granted call offers its covering sets, least-privileged first, then ignore and docs', () => {
  const text = 'const u = "/wxa/getwxacodeunlimit";\n';
  const actions = actionsFor(text, grants(['#1', [18]]), { configText: '{\n  "grants": [18]\n}\n' });
  assert.deepEqual(titles(actions), [
    'Grant set 17 (Get Mini Program code) in wxperm.json',
    'Grant set 58 (outside the seed) in wxperm.json',
    'Ignore not-granted on this line',
    'Open documentation',
  ]);
  const [grant17, grant58, ignore, docs] = actions;
  assert.equal(grant17.kind, 'quickfix');
  assert.equal(grant17.isPreferred, true);
  assert.equal(grant58.isPreferred, undefined);
  assert.deepEqual(configEdits(grant17), [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 15 } }, newText: ', 17' }]);
  assert.deepEqual(grant17.data, { rule: 'not-granted', range: { start: { line: 0, character: 11 }, end: { line: 0, character: 33 } } });
  assert.deepEqual(ignore.edit, { changes: { 'file:///ws/src/a.ts': [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '// wxperm-ignore-next-line not-granted\n' }] } });
  assert.deepEqual(docs.command, {
    title: 'Open documentation',
    command: OPEN_DOCS_COMMAND,
    arguments: ['https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode.html'],
  });
  assert.equal(OPEN_DOCS_COMMAND, 'wxperm.openDocs');
});

test('without a wxperm.json the fix creates it', () => {
  const [grant] = actionsFor('post("/wxa/getwxacode")', grants(['#1', [18]]));
  assert.equal(grant.title, 'Grant set 17 (Get Mini Program code) in wxperm.json');
  assert.deepEqual(grant.edit, {
    documentChanges: [
      { kind: 'create', uri: CONFIG, options: { ignoreIfExists: true } },
      {
        textDocument: { uri: CONFIG, version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `{\n  "$schema": "${CONFIG_SCHEMA_URL}",\n  "grants": [17]\n}\n` }],
      },
    ],
  });
});

test('an all-of interface gets one fix that grants every missing set', () => {
  const actions = actionsFor('post("/wxa/getillegalrecords")', grants(['#1', []]), { configText: '{ "grants": [] }' });
  const grantsOnly = actions.filter((a) => a.edit?.changes?.[CONFIG]);
  assert.deepEqual(titles(grantsOnly), ['Grant sets 18 (Mini Program Development and Data Analysis), 76 (Mini Program Violation and Transaction Complaint Management) in wxperm.json']);
  assert.equal(grantsOnly[0].isPreferred, true);
  assert.deepEqual(configEdits(grantsOnly[0]), [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 13 } }, newText: '18, 76' }]);
  const halfway = actionsFor('post("/wxa/getillegalrecords")', grants(['#1', [18]]), { configText: '{ "grants": [18] }' });
  assert.equal(halfway[0].title, 'Grant set 76 (Mini Program Violation and Transaction Complaint Management) in wxperm.json');
});

test('several authorizers: the fix adds the set to each list that lacks it', () => {
  const configText = '{\n  "authorization": {\n    "wxA": [18],\n    "wxB": [17],\n    "wxC": [19]\n  }\n}\n';
  const actions = actionsFor('post("/wxa/getwxacode")', grants(['wxA', [18]], ['wxB', [17]], ['wxC', [19]]), { configText });
  assert.equal(actions[0].title, 'Grant set 17 (Get Mini Program code) to wxA, wxC in wxperm.json');
  const [edit] = configEdits(actions[0]);
  assert.deepEqual(edit.range, { start: { line: 2, character: 14 }, end: { line: 4, character: 14 } });
  assert.equal(edit.newText, ', 17],\n    "wxB": [17],\n    "wxC": [19, 17');
});

test('grants from a saved response get no grant fix, only ignore and docs', () => {
  const actions = actionsFor('post("/wxa/getwxacode")', grants(['wx1a2b3c4d5e6f7a8b', [18]]), { configText: '{ "authorization": "auth/shop-a.json" }' });
  assert.deepEqual(titles(actions), ['Ignore not-granted on this line', 'Open documentation']);
  const broken = actionsFor('post("/wxa/getwxacode")', grants(['#1', [18]]), { configText: '{ "grants": [18' });
  assert.deepEqual(titles(broken), ['Ignore not-granted on this line', 'Open documentation']);
});

test('a wxperm.json nested past what grants.ts reads gets no grant fix, however deep, and no throw', () => {
  for (const n of [63, 20_000]) {
    const configText = `{ "grants": [${'['.repeat(n)}${']'.repeat(n)}] }`;
    const actions = actionsFor('post("/wxa/getwxacode")', grants(['#1', [18]]), { configText });
    assert.deepEqual(titles(actions), ['Ignore not-granted on this line', 'Open documentation'], `${n} levels`);
  }
});

test('the ignore comment uses the language comment syntax and the line indentation', () => {
  const cases: [string, string, string][] = [
    ['typescript', '  if (x) {\n    post("/wxa/getwxacode");\n  }\n', '    // wxperm-ignore-next-line not-granted\n'],
    ['python', 'def f():\n\trequests.post("https://api.weixin.qq.com/wxa/getwxacode")\n', '\t# wxperm-ignore-next-line not-granted\n'],
    ['html', '<a href="x">\n  <form action="https://api.weixin.qq.com/wxa/getwxacode"></form>\n</a>\r\n', '  <!-- wxperm-ignore-next-line not-granted -->\r\n'],
  ];
  for (const [languageId, text, comment] of cases) {
    const ignore = actionsFor(text, grants(['#1', [18]]), { languageId, configText: '{}' }).find((a) => a.title.startsWith('Ignore'))!;
    assert.ok(ignore, languageId);
    assert.deepEqual(ignore.edit!.changes!['file:///ws/src/a.ts'], [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: comment }], languageId);
  }
});

test('a directive already above the line gets the rule added instead of a second comment', () => {
  const text = '// wxperm-ignore-next-line agreement-required -- signed in March\npost("/wxaapi/broadcast/room/create");\n';
  const ignore = actionsFor(text, grants(['#1', [17]]), { configText: '{}' }).find((a) => a.title === 'Ignore not-granted on this line')!;
  assert.deepEqual(ignore.edit!.changes!['file:///ws/src/a.ts'], [{ range: { start: { line: 0, character: 45 }, end: { line: 0, character: 45 } }, newText: ', not-granted' }]);
});

test('only findings that touch the range, and the other rules get ignore and docs', () => {
  const text = 'a("/wxa/getwxacode");\nb("/wxaapi/broadcast/room/create");\n';
  const line1: Range = { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } };
  const actions = actionsFor(text, grants(['#1', [17]]), { range: line1, configText: '{ "grants": [17] }' });
  assert.deepEqual(titles(actions), [
    'Grant set 52 (Mini Program live broadcast management) in wxperm.json',
    'Ignore not-granted on this line',
    'Ignore agreement-required on this line',
    'Open documentation',
  ]);
  assert.deepEqual(actionsFor(text, grants(['#1', [17, 52]]), { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }), []);
});

test('zh-cn titles', () => {
  const actions = actionsFor('post("/wxa/getwxacode")', grants(['#1', [18]]), { locale: 'zh-cn', configText: '{}' });
  assert.deepEqual(titles(actions), ['在 wxperm.json 中记为已授权：权限集 17（获取小程序码）', '在此行忽略 not-granted', '打开文档']);
});
