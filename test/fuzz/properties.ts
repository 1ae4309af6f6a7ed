// The fuzz properties: what is generated for each pure core function and what must hold for every
// generated case. `npm run fuzz` runs them for 100,000+ cases (scripts/fuzz.mjs), `npm test` runs a
// seeded slice and replays every saved regression (test/core/fuzz.test.ts).
//
// Every property checks, for every case: nothing throws; every range lies inside its document and
// points at what it claims; results have the shape the server and the CLI rely on.
import * as fc from 'fast-check';
import { parseTree, createScanner, SyntaxKind, type ParseError } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import { codeActions, OPEN_DOCS_COMMAND } from '../../server/src/core/actions';
import { complete } from '../../server/src/core/completion';
import { addGrantEdits, addGrantsEdits } from '../../server/src/core/configEdit';
import { grantsFromSettings, MAX_AUTHORIZATION_BYTES, readConfig, type FileReader } from '../../server/src/core/grants';
import { hover } from '../../server/src/core/hover';
import { inventory } from '../../server/src/core/inventory';
import { judge } from '../../server/src/core/judge';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { Finding, Grants, Reference, RuleId, SeveritySetting } from '../../server/src/core/model';
import { scan } from '../../server/src/core/scanner';
import { isSuppressed, parseSuppressions } from '../../server/src/core/suppressions';
import type { Locale } from '../../server/src/core/types';
import * as A from './arbitraries';
import type { FuzzEnv } from './env';
import { applyTextEdits, before, check, core, checkActions, checkFindings, checkRange, checkReferences, isSubsequence, Lines, sameRange, show } from './invariants';

export interface FuzzProperty<T = unknown> {
  name: string;
  /** What it exercises, for the report. */
  about: string;
  /** Share of the full run's cases (relative). */
  weight: number;
  /** Cases in the seeded slice that `npm test` runs. */
  slice: number;
  arbitrary: fc.Arbitrary<T>;
  /** Throws on a broken invariant; returns normally otherwise. */
  check(input: T): void;
}

function property<T>(p: FuzzProperty<T>): FuzzProperty<unknown> {
  return p as unknown as FuzzProperty<unknown>;
}

type Rules = Partial<Record<RuleId, SeveritySetting>>;

interface JudgedDoc {
  doc: A.DocInput;
  grants: A.GrantsModel;
  rules: Rules;
  locale: Locale;
}

export function toGrants(m: A.GrantsModel): Grants {
  if (m.source === 'none') return { source: 'none', authorizers: [] };
  return {
    source: m.source,
    authorizers: m.authorizers.map((a) => ({
      label: a.label,
      sets: new Set(a.sets),
      confirm: new Map(a.confirm.map(([id, needConfirm, alreadyConfirm, canConfirm]) => [id, { needConfirm, alreadyConfirm, canConfirm }])),
    })),
  };
}

export function properties(env: FuzzEnv): FuzzProperty[] {
  const v = A.vocabulary(env);
  const catalog = env.catalog;
  const judged = (doc: fc.Arbitrary<A.DocInput>): fc.Arbitrary<JudgedDoc> =>
    fc.record({ doc, grants: A.grantsModel(v), rules: A.rulesModel(), locale: A.locale });

  /** Scan, judge with the document's suppressions, and check both. */
  function scanAndJudge({ doc, grants: gm, rules, locale }: JudgedDoc): void {
    const { text } = doc;
    const lines = new Lines(text);
    const options = { languageId: doc.languageId, fileName: doc.fileName };
    const refs = core('scan', () => scan(text, catalog, options));
    checkReferences(text, refs, lines);
    // The server passes its own LineIndex; positions must not depend on which one computed them.
    const again = core('scan', () => scan(text, catalog, { ...options, lineIndex: new LineIndex(text) }));
    check(JSON.stringify(again.map(plain)) === JSON.stringify(refs.map(plain)), 'scan with a LineIndex gives other references than without');
    const grants = toGrants(gm);
    const suppressions = core('parseSuppressions', () => parseSuppressions(text));
    const findings = core('judge', () => judge(refs, catalog, grants, { locale, rules, suppressions }));
    checkFindings(text, refs, findings, lines);
    for (const f of findings) {
      check(!isSuppressed(suppressions, f.range.start.line, f.rule), () => `finding ${f.rule} on line ${f.range.start.line} is reported although a wxperm-ignore directive covers it`);
      check(rules[f.rule] !== 'off', `finding ${f.rule} reported although the rule is off`);
      if (f.rule === 'not-granted') check(grants.source !== 'none', 'not-granted spoke without any grants configured');
    }
  }

  return [
    property<JudgedDoc>({
      name: 'scan-soup',
      about: 'scanner + judge on random text built from catalog paths, names, quotes, placeholders, comments, ignore directives, CRLF, BOMs, lone surrogates, astral characters',
      weight: 16, slice: 1000,
      arbitrary: judged(A.soupDoc(v)),
      check: scanAndJudge,
    }),
    property<JudgedDoc>({
      name: 'scan-bytes',
      about: 'scanner + judge on random bytes (and real fragments) decoded as UTF-8',
      weight: 8, slice: 500,
      arbitrary: judged(A.bytesDoc(v)),
      check: scanAndJudge,
    }),
    property<JudgedDoc>({
      name: 'scan-mutated-fixtures',
      about: 'scanner + judge on real fixtures (test/core/fixtures, examples/platform-backend) with fragments inserted, deleted, duplicated, CRLF/CR, BOM, truncation',
      weight: 12, slice: 600,
      arbitrary: judged(A.mutatedSeed(env, v)),
      check: scanAndJudge,
    }),
    property<JudgedDoc>({
      name: 'scan-long-lines',
      about: 'scanner + judge on 20k–150k-character lines (minified code repeating anchors, numbered placeholders and directives)',
      weight: 1, slice: 20,
      arbitrary: judged(A.longLineDoc(v)),
      check: scanAndJudge,
    }),
    property<JudgedDoc>({
      name: 'scan-deep-json',
      about: 'scanner + judge on deeply nested (to 12,000 levels) and truncated JSON with funcscope_category / category_id_list, as wxperm.json and as saved responses',
      weight: 2, slice: 60,
      arbitrary: judged(A.deepJsonDoc(v)),
      check: scanAndJudge,
    }),
    property<JudgedDoc>({
      name: 'scan-config-json',
      about: 'scanner + judge on wxperm.json texts and saved authorization responses (valid, broken, BOM, CRLF, duplicate keys, huge numbers)',
      weight: 4, slice: 300,
      arbitrary: judged(fc.oneof(
        fc.tuple(A.configText(v), fc.constantFrom('/ws/wxperm.json', 'wxperm.json', 'C:\\ws\\wxperm.json')).map(([text, fileName]) => ({ text, fileName, languageId: 'jsonc' })),
        fc.tuple(A.configText(v, A.responseJ(v)), fc.constantFrom('auth/a.json', undefined), fc.constantFrom('json', 'jsonc', undefined)).map(([text, fileName, languageId]) => A.clean({ text, fileName, languageId })),
      )),
      check: scanAndJudge,
    }),
    lineIndexProperty(v),
    suppressionsProperty(v),
    judgeProperty(env, v),
    hoverProperty(env, v),
    completionProperty(env, v),
    actionsProperty(env, v),
    grantFixProperty(env, v),
    readConfigProperty(env, v),
    settingsProperty(env, v),
    configEditProperty(env, v),
    inventoryProperty(env, v),
  ];
}

/** A reference without its resolution object, for comparing two scans. */
function plain(r: Reference): unknown {
  return { ...r, resolution: r.resolution?.path };
}

/** An offset in [0, length] from a fraction, or just outside now and then. */
function offsetIn(text: string, at: number): number {
  if (at < 0) return at;
  if (at > 1) return text.length + Math.round(at);
  return Math.floor(at * (text.length + 1));
}

const offsetChoice = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000) },
  { weight: 1, arbitrary: fc.constantFrom(-1, -100, 2, 50) },
);

// ---------------------------------------------------------------------------------------------
// LineIndex against the naive table

function lineIndexProperty(v: A.Vocabulary): FuzzProperty {
  const text = fc.array(fc.oneof(A.fragment(v), fc.constantFrom('\n', '\r\n', '\r', '\r\r\n', '\n\r')), { maxLength: 40 }).map((p) => p.join(''));
  return property({
    name: 'line-index',
    about: 'LineIndex offsets ↔ positions against a naive line table (\\n, \\r\\n, lone \\r, surrogates)',
    weight: 4, slice: 300,
    arbitrary: fc.record({ text, positions: fc.array(fc.tuple(fc.integer({ min: -2, max: 60 }), fc.integer({ min: -2, max: 300 })), { maxLength: 8 }) }),
    check({ text, positions }) {
      const index = core('new LineIndex', () => new LineIndex(text));
      const lines = new Lines(text);
      check(index.lineCount === lines.count, `lineCount ${index.lineCount}, expected ${lines.count}`);
      for (let o = -1; o <= text.length + 1; o++) {
        const p = index.positionAt(o);
        const want = lines.position(Math.max(0, Math.min(o, text.length)));
        check(p.line === want.line && p.character === want.character, () => `positionAt(${o}) = ${JSON.stringify(p)}, expected ${JSON.stringify(want)}`);
        const back = index.offsetAt(p);
        check(back === lines.offset(want), () => `offsetAt(positionAt(${o})) = ${back}, expected ${lines.offset(want)}`);
      }
      for (const [line, character] of positions) {
        const o = index.offsetAt({ line, character });
        check(Number.isInteger(o) && o >= 0 && o <= text.length, `offsetAt(${line}:${character}) = ${o} outside the text`);
        check(lines.isValid(index.positionAt(o)), `positionAt(offsetAt(${line}:${character})) is not a valid position`);
      }
      for (let l = 0; l < index.lineCount; l++) {
        check(index.contentEnd(l) === lines.ends[l] && index.lineStart(l) === lines.starts[l], () => `line ${l}: start/end ${index.lineStart(l)}/${index.contentEnd(l)}, expected ${lines.starts[l]}/${lines.ends[l]}`);
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Suppression directives

function suppressionsProperty(v: A.Vocabulary): FuzzProperty {
  return property({
    name: 'suppressions',
    about: 'parseSuppressions on text dense with wxperm-ignore directives, openers, quotes and line breaks',
    weight: 4, slice: 300,
    arbitrary: A.soup(v, 80),
    check(text: string) {
      const s = core('parseSuppressions', () => parseSuppressions(text));
      const lines = new Lines(text);
      let last = -1;
      for (const d of s.directives) {
        const at = `directive at ${d.offset}`;
        check(Number.isInteger(d.offset) && d.offset > last && d.length > 0 && d.offset + d.length <= text.length, `${at}: outside the text or out of order`);
        last = d.offset;
        check(text.startsWith('wxperm-ignore-', d.offset), () => `${at}: does not point at a marker: ${show(text.slice(d.offset, d.offset + 30))}`);
        check(lines.position(d.offset).line === d.line, `${at}: line ${d.line} is not where its marker is`);
        check(lines.position(d.offset + d.length).line === d.line, `${at}: spans lines`);
        if (d.target !== undefined) check(d.kind === 'next-line' && d.target > d.line && d.target < lines.count, `${at}: target line ${d.target}`);
        check(d.rules === 'all' || d.rules instanceof Set, `${at}: rules`);
      }
      for (const line of s.lines.keys()) check(Number.isInteger(line) && line >= 0 && line < lines.count, `suppressed line ${line} outside the text`);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The judge on references built from the catalog (not found by the scanner)

interface SyntheticRef {
  at: number;
  length: number;
  kind: 'path' | 'name' | 'set-id';
  pick: number;
  fromFamily: boolean;
  id: number;
  allOf: boolean;
}

function judgeProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  const c = env.catalog;
  const syntheticRef = fc.record({
    at: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000),
    length: fc.integer({ min: 1, max: 60 }),
    kind: fc.constantFrom('path' as const, 'name' as const, 'set-id' as const),
    pick: fc.nat(100_000),
    fromFamily: fc.boolean(),
    id: fc.oneof(fc.constantFrom(...v.setIds), fc.nat(1000), fc.constant(Number.MAX_SAFE_INTEGER)),
    allOf: fc.boolean(),
  });
  function build(text: string, specs: SyntheticRef[]): Reference[] {
    const lines = new Lines(text);
    return specs.filter(() => text.length > 0).map((s): Reference => {
      const offset = Math.min(Math.floor(s.at * text.length), text.length - 1);
      const length = Math.min(s.length, text.length - offset);
      const range = { start: lines.position(offset), end: lines.position(offset + length) };
      const base = { kind: s.kind, range, offset, length, text: text.slice(offset, offset + length) };
      if (s.kind === 'set-id') return { ...base, sets: [s.id], allOf: false, setId: s.id, context: 'grants' };
      const resolution = s.fromFamily
        ? c.resolvePath(c.families[s.pick % c.families.length].match.replace(/\*/g, 'x') + 'get_x')
        : c.resolvePath(c.interfaces[s.pick % c.interfaces.length].path);
      if (!resolution) return { ...base, sets: [s.id], allOf: s.allOf };
      return { ...base, path: resolution.path, sets: resolution.coverage.sets.slice(), allOf: resolution.coverage.allOf, resolution };
    });
  }
  return property({
    name: 'judge-synthetic',
    about: 'judge on references built from catalog interfaces, families and random set ids, at random places, with random grants, rules and ignore directives',
    weight: 8, slice: 500,
    arbitrary: fc.record({ text: A.soup(v, 30), refs: fc.array(syntheticRef, { maxLength: 12 }), grants: A.grantsModel(v), rules: A.rulesModel(), locale: A.locale }),
    check({ text, refs: specs, grants: gm, rules, locale }) {
      const refs = build(text, specs);
      const grants = toGrants(gm);
      const suppressions = core('parseSuppressions', () => parseSuppressions(text));
      const findings = core('judge', () => judge(refs, c, grants, { locale, rules, suppressions }));
      checkFindings(text, refs, findings);
      const noSuppressions = core('judge', () => judge(refs, c, grants, { locale, rules }));
      check(noSuppressions.length >= findings.length, 'suppressions added findings');
      for (const f of noSuppressions) check(rules[f.rule] !== 'off' && (f.rule !== 'not-granted' || grants.source !== 'none'), `finding ${f.rule} should be silent`);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Hover at random offsets

function hoverProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  return property({
    name: 'hover',
    about: 'hover at random offsets (and a few outside the text) of random documents, with random grants',
    weight: 8, slice: 500,
    arbitrary: fc.record({
      doc: fc.oneof(A.soupDoc(v), A.mutatedSeed(env, v), A.configText(v).map((text) => ({ text, fileName: '/ws/wxperm.json', languageId: 'jsonc' }))),
      at: fc.array(offsetChoice, { minLength: 1, maxLength: 6 }), grants: A.grantsModel(v), locale: A.locale,
    }),
    check({ doc, at, grants: gm, locale }) {
      const lines = new Lines(doc.text);
      const grants = toGrants(gm);
      const refs = core('scan', () => scan(doc.text, env.catalog, { languageId: doc.languageId, fileName: doc.fileName }));
      for (const a of at) {
        const offset = offsetIn(doc.text, a);
        const h = core('hover', () => hover(doc, offset, { catalog: env.catalog, grants, locale }));
        const cached = core('hover', () => hover(doc, offset, { catalog: env.catalog, grants, locale, refs }));
        check(JSON.stringify(h) === JSON.stringify(cached), `hover at ${offset} differs with the caller's references`);
        if (!h) continue;
        check(h.contents?.kind === 'markdown' && typeof h.contents.value === 'string' && h.contents.value.trim().length > 0, `hover at ${offset}: empty contents`);
        checkRange(lines, h.range, `hover at ${offset}`);
        const start = lines.offset(h.range.start);
        const end = lines.offset(h.range.end);
        check(start <= offset && offset <= end, () => `hover at ${offset}: its range ${start}–${end} does not hold the offset`);
        check(refs.some((r) => sameRange(r.range, h.range)), `hover at ${offset}: range is no reference's`);
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Completion at random offsets and where completion is meant to happen

const COMPLETION_OPENERS = [
  '"', "'", '`', '"/', '"/wxa/', '"/wxa/get', '"wxa/', '"cgi-bin/', "'https://api.weixin.qq.com", "'https://api.weixin.qq.com/", '"//api.weixin.qq.com/wxa',
  '`${HOST}/wxa/', '"%s/cgi-bin/', '"{$host}/', '"{id}', '"category_id_list=', '"category_id_list=17|', "'https://mp.weixin.qq.com/cgi-bin/componentloginpage?category_id_list=17%7C",
  '"?category_id_list=1|2|', '"/WXA/GET', '"\\"/wxa/', '"/wxa/commit?', '"/wxa/operationams?action=agency_',
];

function completionProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  const codeCase = fc.record({
    before: A.soup(v, 20),
    opener: fc.constantFrom(...COMPLETION_OPENERS),
    partial: fc.tuple(fc.constantFrom(...v.paths), fc.nat(40)).map(([p, n]) => p.slice(1, Math.max(1, p.length - n))),
    usePartial: fc.boolean(),
    after: A.soup(v, 10),
    options: A.docOptions(),
  }).map(({ before: b, opener, partial, usePartial, after, options }) => {
    const head = b + opener + (usePartial ? partial : '');
    return { doc: { text: head + after, ...options }, offset: head.length };
  });
  const configCase = fc.record({ text: A.configText(v), at: offsetChoice, insert: fc.constantFrom('', '', '1', ', ', '[', '"', ' ') , fileName: fc.constantFrom('/ws/wxperm.json', 'wxperm.json', 'C:\\ws\\wxperm.json') })
    .map(({ text, at, insert, fileName }) => {
      const o = Math.max(0, Math.min(text.length, offsetIn(text, at)));
      return { doc: { text: text.slice(0, o) + insert + text.slice(o), fileName, languageId: 'jsonc' }, offset: o + insert.length };
    });
  const anywhere = fc.record({ doc: A.soupDoc(v), at: offsetChoice }).map(({ doc, at }) => ({ doc, offset: offsetIn(doc.text, at) }));
  return property({
    name: 'completion',
    about: 'completion inside path strings, category_id_list= values, wxperm.json id lists (valid and broken), and at random offsets',
    weight: 8, slice: 500,
    arbitrary: fc.record({ c: fc.oneof({ weight: 3, arbitrary: codeCase }, { weight: 2, arbitrary: configCase }, { weight: 1, arbitrary: anywhere }), grants: A.grantsModel(v), locale: A.locale }),
    check({ c: { doc, offset }, grants: gm, locale }) {
      const items = core('complete', () => complete(doc, offset, { catalog: env.catalog, grants: toGrants(gm), locale }));
      check(Array.isArray(items), 'complete did not return an array');
      // The server only asks at offsets of the text (LineIndex.offsetAt clamps); outside, not throwing is enough.
      if (!items.length || offset < 0 || offset > doc.text.length) return;
      const lines = new Lines(doc.text);
      const cursor = lines.position(offset);
      for (const [i, item] of items.entries()) {
        const at = `completion item ${i} (${item?.label}) at ${offset}`;
        check(typeof item.label === 'string' && item.label.length > 0, `${at}: label`);
        const edit = item.textEdit;
        if (!edit) continue;
        check('range' in edit && typeof edit.newText === 'string' && edit.newText.length > 0, `${at}: textEdit`);
        checkRange(lines, edit.range, at);
        check(edit.range.start.line === cursor.line && edit.range.end.line === cursor.line, () => `${at}: range ${JSON.stringify(edit.range)} not on the cursor's line ${cursor.line}`);
        check(!before(cursor, edit.range.start) && !before(edit.range.end, cursor), () => `${at}: range ${JSON.stringify(edit.range)} does not hold the cursor ${JSON.stringify(cursor)}`);
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Code actions on random ranges

const CONFIG_URIS = ['file:///ws/wxperm.json', 'file:///ws/%E4%B8%AD%E6%96%87/wxperm.json', 'file:///ws/%E0%A4%A/wxperm.json', 'untitled:wxperm.json', 'file:///c%3A/ws/wxperm.json'];

function actionsProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  const c = env.catalog;
  return property({
    name: 'code-actions',
    about: 'code actions on random ranges over judged documents, with an existing, broken or absent wxperm.json; the ignore fix must silence what it claims to',
    weight: 8, slice: 400,
    arbitrary: fc.record({
      doc: fc.oneof(A.soupDoc(v, 40), A.mutatedSeed(env, v)),
      range: fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 })),
      grants: A.grantsModel(v), rules: A.rulesModel(), locale: A.locale,
      config: fc.option(A.configText(v), { freq: 4 }),
      configUri: fc.constantFrom(...CONFIG_URIS),
    }),
    check({ doc, range: [a, b], grants: gm, rules, locale, config, configUri }) {
      const uri = 'file:///ws/src/doc';
      const text = doc.text;
      const lines = new Lines(text);
      const grants = toGrants(gm);
      const scanOptions = { languageId: doc.languageId, fileName: doc.fileName };
      const refs = core('scan', () => scan(text, c, scanOptions));
      const findings = core('judge', () => judge(refs, c, grants, { locale, rules, suppressions: parseSuppressions(text) }));
      const [lo, hi] = [Math.min(a, b), Math.max(a, b)].map((n) => Math.floor((n / 1_000_000) * text.length));
      const range = { start: lines.position(lo), end: lines.position(hi) };
      const configText = config ?? undefined;
      const actions = core('codeActions', () => codeActions({ uri, text, languageId: doc.languageId }, range, findings, { catalog: c, locale, configUri, configText }));
      checkActions(actions, new Map([[uri, text], [configUri, configText]]), OPEN_DOCS_COMMAND);
      for (const action of actions) {
        const data = action.data as { rule?: RuleId; range?: unknown } | undefined;
        check(!!data?.rule && sameRange(data.range as never, findings.find((f) => f.rule === data.rule && sameRange(f.range, data.range as never))?.range), `a code action's data names no finding\n${action.title}`);
        const edits = action.edit?.changes?.[uri];
        if (edits) checkIgnoreFix(text, edits, data!.rule!, data!.range as Finding['range'], { ...scanOptions, grants, rules, locale, title: action.title });
      }
    },
  });

  /** After "Ignore R on this line", the reference that had finding R has none. */
  function checkIgnoreFix(text: string, edits: TextEdit[], rule: RuleId, range: Finding['range'],
    o: { languageId?: string; fileName?: string; grants: Grants; rules: Rules; locale: Locale; title: string }): void {
    const lines = new Lines(text);
    const start = lines.offset(range.start);
    const end = lines.offset(range.end);
    const after = applyTextEdits(text, edits, o.title);
    check(edits.length === 1 && edits[0].range.start.line === edits[0].range.end.line, `the ignore fix is not one single-line insertion\n${o.title}`);
    const at = lines.offset(edits[0].range.start);
    const delta = after.length - text.length;
    const shift = at <= start ? delta : 0;
    const refs = core('scan', () => scan(after, c, { languageId: o.languageId, fileName: o.fileName }));
    const moved = refs.find((r) => r.offset === start + shift && r.offset + r.length === end + shift);
    check(!!moved, () => `the "Ignore … on this line" fix changes what the scanner finds\n${o.title}: after the edit the reference at ${start} is gone (edit ${show(edits[0].newText)})`);
    const findings = core('judge', () => judge(refs, c, o.grants, { locale: o.locale, rules: o.rules, suppressions: parseSuppressions(after) }));
    const still = findings.find((f) => f.reference === moved && f.rule === rule);
    check(!still, () => `the "Ignore … on this line" fix leaves its finding reported\n${o.title}: ${rule} is still reported on line ${moved!.range.start.line} after inserting ${show(edits[0].newText)} at line ${edits[0].range.start.line}:\n${show(after.split(/\r\n|\r|\n/).slice(Math.max(0, moved!.range.start.line - 2), moved!.range.start.line + 1).join('\n'), 400)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The "Grant set N" quick fix, end to end: grants read from a wxperm.json, the fix applied to it,
// the file read again: the call it was offered for is no longer not-granted

function grantFixProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  const c = env.catalog;
  const CONFIG = 'file:///ws/wxperm.json';
  const read = (text: string) => core('readConfig', () => readConfig({ text, file: '/ws/wxperm.json' }, c, { readFile: () => undefined }));
  return property({
    name: 'grant-fix',
    about: 'the "Grant set N" quick fix applied to a random wxperm.json (or creating it) makes grants.ts read the set as granted, so the not-granted finding it was offered for goes away',
    weight: 6, slice: 400,
    arbitrary: fc.record({ doc: A.soupDoc(v, 40), config: fc.option(A.configText(v), { freq: 6 }), locale: A.locale }),
    check({ doc, config, locale }) {
      const configText = config ?? undefined;
      const grants = configText === undefined ? { source: 'none' as const, authorizers: [] } : read(configText).grants;
      const refs = core('scan', () => scan(doc.text, c, { languageId: doc.languageId, fileName: doc.fileName }));
      // Without grants nothing is not-granted; judge as if an empty list were configured.
      const judging: Grants = grants.source === 'none' ? { source: 'file', authorizers: [{ label: '#1', sets: new Set(), confirm: new Map() }] } : grants;
      const findings = core('judge', () => judge(refs, c, judging, { locale })).filter((f) => f.rule === 'not-granted');
      for (const f of findings.slice(0, 3)) {
        const actions = core('codeActions', () => codeActions({ uri: 'file:///ws/src/doc', text: doc.text, languageId: doc.languageId }, f.range, [f], { catalog: c, locale, configUri: CONFIG, configText }));
        for (const a of actions.filter((x) => x.edit && (x.edit.changes?.[CONFIG] || x.edit.documentChanges))) {
          const edits = a.edit!.changes?.[CONFIG] ?? a.edit!.documentChanges!.flatMap((d) => ('edits' in d ? (d.edits as TextEdit[]) : []));
          const after = applyTextEdits(configText ?? '', edits, a.title);
          const now = read(after);
          check(now.grants.source !== 'none', () => `the grant fix leaves no grants\n${a.title}: ${show(configText ?? '(no file)', 300)} → ${show(after, 300)}`);
          // Authorizers that had no grants at all before (a list nobody reads) cannot be judged against.
          const relevant: Grants = grants.source === 'none' ? now.grants : { ...now.grants, authorizers: now.grants.authorizers.filter((x) => grants.authorizers.some((y) => y.label === x.label)) };
          const still = core('judge', () => judge([f.reference!], c, relevant, { locale })).find((g) => g.rule === 'not-granted');
          const by = (still?.data?.missing ?? []).map((m) => m.authorizer);
          const fixedFor = (f.data?.missing ?? []).map((m) => m.authorizer).filter((x) => a.title.includes(x) || x === '#1');
          check(!still || !by.some((x) => fixedFor.includes(x)), () => `the grant fix does not grant\n${a.title}: ${f.reference!.text} is still not granted for ${by.join(', ')}; ${show(configText ?? '(no file)', 300)} → ${show(after, 300)}`);
        }
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Grants: wxperm.json read with a fake reader returning random files

type FileModel = { t: 'text'; text: string } | { t: 'missing' } | { t: 'throw' } | { t: 'huge' } | { t: 'big-size'; text: string } | { t: 'size-throws'; text: string };

const BASE_FILES = ['/ws/wxperm.json', '/ws/sub dir/wxperm.json', 'C:\\ws\\wxperm.json', 'wxperm.json', '/wxperm.json', '/ws/a/../wxperm.json'];

function readConfigProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  const fileModel: fc.Arbitrary<FileModel> = fc.oneof(
    { weight: 6, arbitrary: A.configText(v, A.responseJ(v)).map((text) => ({ t: 'text' as const, text })) },
    { weight: 2, arbitrary: A.soup(v, 20).map((text) => ({ t: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constantFrom<FileModel>({ t: 'missing' }, { t: 'throw' }, { t: 'huge' }, { t: 'big-size', text: '{}' }, { t: 'size-throws', text: '{"func_info":[]}' }) },
  );
  return property({
    name: 'grants-read-config',
    about: 'readConfig on random JSONC (nested, truncated, huge numbers, duplicate keys, BOMs, wrong types, authorization shapes) with a fake reader returning random files',
    weight: 10, slice: 500,
    arbitrary: fc.record({ text: A.configText(v), file: fc.constantFrom(...BASE_FILES), files: fc.array(fileModel, { minLength: 1, maxLength: 4 }), locale: A.locale }),
    check({ text, file, files, locale }) {
      const served = new Map<string, string>();
      const asked: string[] = [];
      const pick = (p: string): FileModel => files[[...p].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % files.length];
      const reader: FileReader = {
        readFile(p) {
          asked.push(p);
          const f = pick(p);
          check(f.t !== 'big-size', `readConfig read ${p} although its size is over the limit`);
          if (f.t === 'throw') throw new Error('EACCES');
          if (f.t === 'missing') return undefined;
          const content = f.t === 'huge' ? HUGE() : f.text;
          served.set(p, content);
          return content;
        },
        size(p) {
          const f = pick(p);
          if (f.t === 'size-throws') throw new Error('EIO');
          return f.t === 'big-size' ? MAX_AUTHORIZATION_BYTES + 1 : f.t === 'text' ? Buffer.byteLength(f.text) : undefined;
        },
      };
      const r = core('readConfig', () => readConfig({ text, file }, env.catalog, reader, { locale }));
      checkConfigResult(r, locale);
      // The config's folder without trailing separators ('' for the root, '.' for a bare file name).
      const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
      const base = cut < 0 ? '.' : file.slice(0, cut).replace(/[\\/]+$/, '');
      for (const p of asked) {
        // Authorization files stay inside the config's folder: no `..`, no absolute escape.
        check(p.startsWith(base) && /^[\\/]/.test(p.slice(base.length)), `readConfig (config ${file}) asked for ${show(p)}, outside its folder`);
        check(!p.slice(base.length).split(/[\\/]/).includes('..'), `readConfig asked for ${show(p)}, which climbs with ..`);
      }
      for (const f of r.findings) {
        const source = f.file === undefined ? undefined : f.file === file ? text : served.get(f.file);
        check(f.file !== undefined, `finding "${f.message}" names no file`);
        check(source !== undefined, `finding "${f.message}" is in ${f.file}, which was never read`);
        checkRange(new Lines(source), f.range, `config finding "${f.message}" in ${f.file}`);
      }
    },
  });
}

let huge: string | undefined;
/** Over the authorization size limit, built once. */
const HUGE = () => (huge ??= '{"func_info":[' + '{"funcscope_category":{"id":17}},'.repeat(Math.ceil(MAX_AUTHORIZATION_BYTES / 32)) + ']}');

function checkConfigResult(r: ReturnType<typeof readConfig>, locale: Locale): void {
  check(r && typeof r === 'object' && r.config && r.grants && Array.isArray(r.findings), 'readConfig result is not {config, grants, findings}');
  for (const [rule, s] of Object.entries(r.config.rules)) check(A.RULES.includes(rule as RuleId) && A.SEVERITY_SETTINGS.includes(s as SeveritySetting), `config rule ${rule}: ${s}`);
  for (const g of [...(r.config.include ?? []), ...(r.config.exclude ?? [])]) check(typeof g === 'string' && g.trim().length > 0, `glob ${show(String(g))}`);
  const g = r.grants;
  check(['file', 'settings', 'none'].includes(g.source), `grants source ${g.source}`);
  if (g.source === 'none') check(g.authorizers.length === 0, 'no grants but authorizers');
  else check(g.authorizers.length > 0, `grants from ${g.source} with no authorizer`);
  for (const a of g.authorizers) {
    check(typeof a.label === 'string' && a.label.length > 0, `authorizer label ${show(String(a.label))}`);
    for (const id of a.sets) check(Number.isSafeInteger(id) && id >= 0, `authorizer ${a.label} granted set ${id}`);
    for (const id of a.confirm.keys()) check(a.sets.has(id), `confirm_info for set ${id}, which ${a.label} did not grant`);
  }
  for (const f of r.findings) {
    check(f.rule === 'invalid-config' && ['error', 'warning', 'information', 'hint'].includes(f.severity), `config finding ${f.rule}/${f.severity}`);
    check(typeof f.message === 'string' && f.message.trim().length > 0, 'config finding without a message');
  }
}

// ---------------------------------------------------------------------------------------------
// Grants from VS Code settings

function settingsProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  const ids = fc.array(fc.oneof(fc.constantFrom(...v.setIds), fc.integer(), fc.double(), fc.string()), { maxLength: 6 });
  const value = fc.oneof(ids, fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...A.AUTH_PATHS), fc.dictionary(fc.constantFrom(...A.APPIDS), fc.oneof(ids, fc.constantFrom(...A.AUTH_PATHS), fc.jsonValue({ maxDepth: 3 }))));
  return property({
    name: 'grants-settings',
    about: 'grantsFromSettings on random values of wxperm.grants / wxperm.authorization / wxperm.rules',
    weight: 3, slice: 200,
    arbitrary: fc.record({ grants: fc.option(value), authorization: fc.option(value), rules: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.constantFrom(...A.RULES), fc.constantFrom<unknown>(...A.SEVERITY_SETTINGS, 1, null, 'Error')))), baseDir: fc.constantFrom('/ws', 'C:\\ws', '', '/'), locale: A.locale }),
    check({ grants, authorization, rules, baseDir, locale }) {
      const asked: string[] = [];
      const reader: FileReader = { readFile: (p) => { asked.push(p); return '{"authorization_info":{"func_info":[{"funcscope_category":{"id":17}}]}}'; } };
      const r = core('grantsFromSettings', () => grantsFromSettings({ grants, authorization, rules }, baseDir, env.catalog, reader, { locale }));
      checkConfigResult(r, locale);
      for (const f of r.findings) check(sameRange(f.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), `settings finding with a range ${JSON.stringify(f.range)}`);
      for (const p of asked) check(!p.split(/[\\/]/).includes('..') && (baseDir === '' || p.startsWith(baseDir)), `settings read ${show(p)} outside ${baseDir}`);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// configEdit: grant edits keep every character of the file and still parse

function configEditProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  const setId = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...v.setIds) }, { weight: 1, arbitrary: fc.nat(100_000) }, { weight: 1, arbitrary: fc.constantFrom(0, Number.MAX_SAFE_INTEGER) });
  const authorizer = fc.option(fc.constantFrom(...A.APPIDS, 'wx-none'), { freq: 2 });
  return property({
    name: 'config-edit',
    about: 'addGrantEdits / addGrantsEdits on random valid and broken wxperm.json: {error}, or edits that apply to newText, parse, keep every comment and character, and grant the set',
    weight: 10, slice: 500,
    arbitrary: fc.record({ text: fc.option(A.configText(v), { freq: 8 }), steps: fc.array(fc.tuple(setId, authorizer), { minLength: 1, maxLength: 3 }), locale: A.locale }),
    check({ text, steps, locale }) {
      const original = text ?? undefined;
      const r = steps.length === 1
        ? core('addGrantsEdits', () => addGrantEdits(original, steps[0][0], { authorizer: steps[0][1] ?? undefined, locale }))
        : core('addGrantsEdits', () => addGrantsEdits(original, steps.map(([id, a]) => ({ setId: id, authorizer: a ?? undefined })), { locale }));
      check(r && typeof r === 'object', 'no result');
      if ('error' in r) {
        check(typeof r.error === 'string' && r.error.trim().length > 0, 'empty error');
        return;
      }
      const before = original ?? '';
      check(Array.isArray(r.edits) && typeof r.newText === 'string', 'result is neither {error} nor {edits, newText}');
      const applied = applyTextEdits(before, r.edits, 'grant edit');
      check(applied === r.newText, () => `edits applied give ${show(applied, 300)}, newText is ${show(r.newText, 300)}`);
      if (!before.trim()) return;
      // Nothing of the original is lost: its non-blank characters all survive, in order, comments included.
      check(isSubsequence(before.replace(/\s+/g, ''), r.newText.replace(/\s+/g, '')), () => `the edit lost text\n${show(before, 300)} → ${show(r.newText, 300)}`);
      for (const comment of comments(before)) check(r.newText.includes(comment), `the edit lost a comment\n${show(comment)}`);
      const errors: ParseError[] = [];
      parseTree(r.newText.replace(/^\uFEFF/, ' '), errors, { allowTrailingComma: true, disallowComments: false });
      check(errors.length === 0, () => `the edited file does not parse\n(error ${errors[0].error} at ${errors[0].offset}): ${show(r.newText, 400)}`);
      // And the set is now granted, as grants.ts reads it, without taking any grant away.
      const read = (t: string) => core('readConfig', () => readConfig({ text: t, file: '/ws/wxperm.json' }, env.catalog, { readFile: () => undefined }));
      const was = read(before).grants;
      const now = read(r.newText).grants;
      for (const a of was.authorizers) {
        const same = now.authorizers.find((b) => b.label === a.label);
        check(!!same && [...a.sets].every((id) => same.sets.has(id)), `the edit took grants away from ${a.label}`);
      }
      for (const [id, who] of steps) {
        // Named authorizer: its own list; without `authorization` the one top-level list covers everyone.
        const named = who === null || who === undefined ? [] : now.authorizers.filter((a) => a.label === who.trim() || (who.trim() === '' && a.label === '#?'));
        const ok = named.length ? named.some((a) => a.sets.has(id)) : now.authorizers.length > 0 && now.authorizers.every((a) => a.sets.has(id));
        check(ok, () => `the set is not granted after the edit\nset ${id}${who != null ? ` for ${show(who)}` : ''} is not granted after the edit: ${show(r.newText, 400)}`);
      }
    },
  });
}

/** The comments of a JSONC text, by jsonc-parser's own scanner. */
function comments(text: string): string[] {
  const out: string[] = [];
  const s = createScanner(text, false);
  for (let k = s.scan(); k !== SyntaxKind.EOF; k = s.scan()) {
    if (k === SyntaxKind.LineCommentTrivia || k === SyntaxKind.BlockCommentTrivia) out.push(text.slice(s.getTokenOffset(), s.getTokenOffset() + s.getTokenLength()));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Inventory over several scanned documents

function inventoryProperty(env: FuzzEnv, v: A.Vocabulary): FuzzProperty {
  return property({
    name: 'inventory',
    about: 'inventory over several scanned random documents with random grants',
    weight: 3, slice: 200,
    arbitrary: fc.record({ docs: fc.array(A.soupDoc(v, 20), { maxLength: 4 }), grants: A.grantsModel(v) }),
    check({ docs, grants: gm }) {
      const grants = toGrants(gm);
      const placed = docs.flatMap((d, i) => core('scan', () => scan(d.text, env.catalog, { languageId: d.languageId, fileName: d.fileName })).map((ref) => ({ file: `f${i}`, ref })));
      const inv = core('inventory', () => inventory(placed, env.catalog, grants));
      check(Array.isArray(inv.needed) && Array.isArray(inv.unused), 'inventory shape');
      for (const n of inv.needed) {
        check(Number.isInteger(n.id) && ['granted', 'partial', 'missing', 'unknown'].includes(n.state), `needed set ${n.id} state ${n.state}`);
        for (const i of n.interfaces) for (const loc of i.locations) {
          const doc = docs[Number(loc.file.slice(1))];
          checkRange(new Lines(doc.text), loc.range, `inventory location of ${i.path} in ${loc.file}`);
          check(placed.some((p) => p.file === loc.file && sameRange(p.ref.range, loc.range)), `inventory location ${JSON.stringify(loc)} is no reference's`);
        }
      }
      for (const u of inv.unused) check(grants.source !== 'none' && u.authorizers.length > 0, `unused set ${u.id}`);
    },
  });
}

