import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commentPrefixFor, isSuppressed, parseSuppressions, type Suppressions } from '../../server/src/core/suppressions';
import type { RuleId } from '../../server/src/core/model';

const ALL: RuleId[] = ['not-granted', 'mutex-set', 'agreement-required', 'unknown-set', 'needs-confirmation', 'unused-grant', 'invalid-config'];

/** Which rules are suppressed on each line, as `line: rules` (or `line: all`). */
function table(s: Suppressions, lineCount: number): Record<number, string> {
  const out: Record<number, string> = {};
  for (let l = 0; l < lineCount; l++) {
    const rules = ALL.filter((r) => isSuppressed(s, l, r));
    if (rules.length) out[l] = rules.length === ALL.length ? 'all' : rules.join(',');
  }
  return out;
}

function suppressedLines(text: string): Record<number, string> {
  return table(parseSuppressions(text), text.split(/\r\n|\r|\n/).length);
}

test('next-line: all rules on the next line, in // comments', () => {
  assert.deepEqual(suppressedLines('a()\n// wxperm-ignore-next-line\nfetch("/wxa/commit")\nb()'), { 2: 'all' });
});

test('next-line with a rule list: only those rules, commas with or without spaces', () => {
  assert.deepEqual(suppressedLines('// wxperm-ignore-next-line not-granted,mutex-set\nx'), { 1: 'not-granted,mutex-set' });
  assert.deepEqual(suppressedLines('# wxperm-ignore-next-line not-granted, mutex-set\nx'), { 1: 'not-granted,mutex-set' });
  assert.deepEqual(suppressedLines('// wxperm-ignore-next-line: unknown-set\nx'), { 1: 'unknown-set' });
});

test('every comment syntax: //, #, /* */, <!-- -->, --, ;, VB \', %, and a block comment\'s leading *', () => {
  const cases: [string, Record<number, string>][] = [
    ['/* wxperm-ignore-next-line mutex-set */\nx', { 1: 'mutex-set' }],
    ['<!-- wxperm-ignore-next-line -->\n<a href="https://api.weixin.qq.com/wxa/commit">', { 1: 'all' }],
    ['<!-- wxperm-ignore-next-line not-granted -->\nx', { 1: 'not-granted' }],
    ['-- wxperm-ignore-next-line\nSELECT 1', { 1: 'all' }],
    ['; wxperm-ignore-next-line unknown-set\nurl=x', { 1: 'unknown-set' }],
    ["' wxperm-ignore-next-line\nDim u = \"/wxa/commit\"", { 1: 'all' }],
    ['% wxperm-ignore-next-line\nx', { 1: 'all' }],
    ['/**\n * wxperm-ignore-next-line agreement-required\n */\nx', { 2: 'agreement-required' }],
    ['  #   wxperm-ignore-next-line  \n  x', { 1: 'all' }],
  ];
  for (const [text, want] of cases) assert.deepEqual(suppressedLines(text), want, text);
});

test('the next NON-blank line, skipping stacked directive lines', () => {
  assert.deepEqual(suppressedLines('// wxperm-ignore-next-line\n\n   \n\tx\ny'), { 3: 'all' });
  assert.deepEqual(
    suppressedLines('// wxperm-ignore-next-line not-granted\n// wxperm-ignore-next-line mutex-set\nx\ny'),
    { 2: 'not-granted,mutex-set' },
  );
  assert.deepEqual(suppressedLines('x\n// wxperm-ignore-next-line'), {}, 'nothing follows');
});

test('a directive after code on the same line still covers the next line', () => {
  assert.deepEqual(suppressedLines('a = "x"; // wxperm-ignore-next-line not-granted\nb'), { 1: 'not-granted' });
});

test('file directives cover every line, with or without rules, and combine with line directives', () => {
  const s = parseSuppressions('x\n# wxperm-ignore-file mutex-set\ny\n// wxperm-ignore-next-line not-granted\nz');
  assert.deepEqual(table(s, 5), { 0: 'mutex-set', 1: 'mutex-set', 2: 'mutex-set', 3: 'mutex-set', 4: 'not-granted,mutex-set' });
  assert.equal(isSuppressed(s, 1000, 'mutex-set'), true);
  assert.equal(isSuppressed(s, 1000, 'not-granted'), false);
  const all = parseSuppressions('/* wxperm-ignore-file */\nx');
  assert.equal(all.file, 'all');
  assert.equal(isSuppressed(all, 42, 'unknown-set'), true);
});

test('markers inside strings or without a comment opener suppress nothing', () => {
  const texts = [
    'const s = "// wxperm-ignore-next-line";\nfetch("/wxa/commit")',
    "x = '# wxperm-ignore-file'\ny",
    'print("wxperm-ignore-file")\ny',
    "const v = ' wxperm-ignore-next-line';\ny",
    'const t = `/* wxperm-ignore-next-line */`;\ny',
    'log(`see ${a} // wxperm-ignore-next-line`)\ny',
    'wxperm-ignore-next-line\ny',
    '// wxperm-ignore-next-lines\ny',
    '// please wxperm-ignore-next-line\ny',
  ];
  for (const t of texts) {
    const s = parseSuppressions(t);
    assert.deepEqual([s.directives.length, table(s, 3)], [0, {}], t);
  }
});

test('unknown rule names are kept for reporting and suppress nothing; a -- reason is not a rule', () => {
  const typo = parseSuppressions('// wxperm-ignore-next-line not-grated\nx');
  assert.deepEqual(table(typo, 2), {});
  assert.deepEqual(typo.directives.map((d) => d.unknownRules), [['not-grated']]);
  const mixed = parseSuppressions('// wxperm-ignore-next-line not-granted, nope\nx');
  assert.deepEqual(table(mixed, 2), { 1: 'not-granted' });
  assert.deepEqual(mixed.directives[0].unknownRules, ['nope']);
  const reason = parseSuppressions('// wxperm-ignore-next-line not-granted -- legacy authorizers, see #12\nx');
  assert.deepEqual(table(reason, 2), { 1: 'not-granted' });
  assert.deepEqual(reason.directives[0].unknownRules, []);
});

test('directives record their line, target and exact span', () => {
  const text = 'a\r\n  // wxperm-ignore-next-line not-granted,mutex-set -- why\r\n\r\nb\r\n/* wxperm-ignore-file */';
  const s = parseSuppressions(text);
  assert.deepEqual(s.directives.map((d) => [d.kind, d.line, d.target, text.slice(d.offset, d.offset + d.length)]), [
    ['next-line', 1, 3, 'wxperm-ignore-next-line not-granted,mutex-set'],
    ['file', 4, undefined, 'wxperm-ignore-file'],
  ]);
});

test('no marker, empty or odd input: nothing suppressed, nothing thrown', () => {
  for (const t of ['', 'x', '\r\r\n\n', '\uD800wxperm-ignore-', '//wxperm-ignore-next-line', '#wxperm-ignore-file']) {
    const s = parseSuppressions(t);
    assert.ok(Array.isArray(s.directives));
  }
  assert.equal(parseSuppressions('#wxperm-ignore-file').file, 'all');
  assert.equal(isSuppressed(parseSuppressions(''), 0, 'not-granted'), false);
});

test('many directives in a large file are all found', () => {
  const text = '// wxperm-ignore-next-line not-granted\nf("/wxa/commit")\n'.repeat(20_000) + 'x'.repeat(1 << 20);
  const s = parseSuppressions(text);
  assert.equal(s.directives.length, 20_000);
  assert.equal(isSuppressed(s, 39_999, 'not-granted'), true);
  assert.equal(isSuppressed(s, 39_998, 'not-granted'), false);
});

test('commentPrefixFor: the line comment of each language', () => {
  const cases: [string, { start: string; end?: string }][] = [
    ['typescript', { start: '// ' }], ['javascript', { start: '// ' }], ['java', { start: '// ' }], ['go', { start: '// ' }],
    ['csharp', { start: '// ' }], ['php', { start: '// ' }], ['rust', { start: '// ' }], ['kotlin', { start: '// ' }],
    ['swift', { start: '// ' }], ['c', { start: '// ' }], ['cpp', { start: '// ' }],
    ['python', { start: '# ' }], ['yaml', { start: '# ' }], ['shellscript', { start: '# ' }], ['ruby', { start: '# ' }],
    ['toml', { start: '# ' }], ['dockerfile', { start: '# ' }], ['makefile', { start: '# ' }], ['properties', { start: '# ' }],
    ['html', { start: '<!-- ', end: ' -->' }], ['xml', { start: '<!-- ', end: ' -->' }], ['markdown', { start: '<!-- ', end: ' -->' }],
    ['sql', { start: '-- ' }], ['lua', { start: '-- ' }],
    ['json', { start: '// ' }], ['jsonc', { start: '// ' }], ['something-new', { start: '// ' }],
  ];
  for (const [lang, want] of cases) assert.deepEqual(commentPrefixFor(lang), want, lang);
});

test('the quick fix round-trips: a comment built with commentPrefixFor is a directive', () => {
  for (const lang of ['typescript', 'python', 'markdown', 'sql', 'vb']) {
    const { start, end = '' } = commentPrefixFor(lang);
    const text = `${start}wxperm-ignore-next-line not-granted${end}\nx`;
    assert.deepEqual(table(parseSuppressions(text), 2), { 1: 'not-granted' }, lang);
  }
});

test('a 1 MB minified line full of markers parses (timing: npm run bench)', () => {
  for (const unit of ['// wxperm-ignore-next-line not-granted ', 'x="// wxperm-ignore-file" ', "' wxperm-ignore-next-line "]) {
    const text = unit.repeat(Math.ceil((1 << 20) / unit.length)) + '\nx';
    const s = parseSuppressions(text);
    assert.ok(s.directives.length >= 0, unit);
  }
});

test('a long stack of directives finds its target once', () => {
  const text = '// wxperm-ignore-next-line mutex-set\n\n'.repeat(50_000) + 'x';
  const s = parseSuppressions(text);
  assert.deepEqual(new Set(s.directives.map((d) => d.target)), new Set([100_000]));
  assert.equal(isSuppressed(s, 100_000, 'mutex-set'), true);
});
