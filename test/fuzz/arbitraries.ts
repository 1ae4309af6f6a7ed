// Generators for the fuzz properties. Every generated value is plain JSON data (strings, numbers,
// arrays, objects) so a failing case can be saved as a regression fixture and replayed as it is;
// texts are materialised with `.map` so the fixture holds the exact text, not a recipe.
import * as fc from 'fast-check';
import { aliasMethod } from '../../server/src/core/catalog';
import type { FuzzEnv } from './env';

export const RULES = ['not-granted', 'mutex-set', 'agreement-required', 'unknown-set', 'needs-confirmation', 'unused-grant', 'invalid-config'] as const;
export const SEVERITY_SETTINGS = ['error', 'warning', 'information', 'hint', 'off'] as const;

export interface DocInput {
  text: string;
  languageId?: string;
  fileName?: string;
}

// ---------------------------------------------------------------------------------------------
// Characters and small pieces

/** Any UTF-16 code unit (lone surrogates included), astral characters, graphemes, ASCII. */
export const anyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

const randomString = (maxLength: number) => fc.string({ unit: anyChar, maxLength });

const SPECIALS = [
  '\n', '\n', '\r\n', '\r\n', '\r', '\u2028', '\u2029', '\uFEFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', '𠮷', '\u0000',
  '\u200D', 'e\u0301', '\u00A0', '\t', ' ', '  ', '\\', '\\"', "\\'", '"', '"', "'", "'", '`', '(', ')', '{', '}', '[', ']', ':', ',',
  '.', '/', '//', '/*', '*/', '<!--', '-->', '#', '${', '}', '%', '?', '&', '=', '|', '=>', '->', '::', ';', '*', '@', '<', '>',
  'wxa', '"wxa"', "'wxa'", 'cgi-bin', '/wxa/', 'wxa/', 'api.weixin.qq.com', '.weixin.qq.com', 'https://', '//api.', 'weixin',
  'access_token', 'action=', 'category', 'funcscope_', '_id_list', 'category_id_list', 'funcscope_category', 'wxperm-ignore-',
  'wxperm.json', 'authorization_info', 'func_info', '"id"', 'id', 'grants', 'authorization', '0', '17', '18', '-1', '1e3',
  '12345678901234567890', '1e400', '0x11', '17.5', '999999999', '1234567890',
];

const HOSTS = [
  '', '', '', 'https://api.weixin.qq.com', 'http://api.weixin.qq.com', '//api.weixin.qq.com', 'https://api2.weixin.qq.com',
  'https://sh.api.weixin.qq.com', 'HTTPS://API.WEIXIN.QQ.COM', 'https://myapi.weixin.qq.com', 'https://x.api.weixin.qq.com',
  'api.weixin.qq.com', '${HOST}', '${this.base}', '%s', '%1$s', '%v', '{$host}', '{$this->host}', '#{host}', '$host', '$this->host',
  '\\(host)', '{0}', '{API}', 'https://api.weixin.qq.com.evil.com', 'https://shop.example.com',
];

const PATH_SUFFIXES = [
  '', '', '', '?access_token=%s', '?access_token=${token}', '?component_access_token={$t}', '?access_token=ACCESS_TOKEN&action=get_replay',
  '?action=agency_create_adunit', '?action=', '/', '//', '/${id}', '%s', '{id}', ':id', '.php', '*', '@x', '\\n', '[0]', '#frag', '???', '&',
  '?' + 'a=b&'.repeat(40), '/x', '/get_list', '\u0000', '"', "'", '`',
];

const QUOTES = ['', '', '"', "'", '`', 'r"', '@"', '$"', 'f"'];

const DIRECTIVE_OPENERS = ['//', '//', '#', '/*', '<!--', '--', ';', "'", '%', ' * ', '*', '"//', '', 'x //', '"a" //', "'a' #"];
const DIRECTIVE_MARKERS = ['wxperm-ignore-next-line', 'wxperm-ignore-next-line', 'wxperm-ignore-file', 'wxperm-ignore-', 'wxperm-ignore-next-lines', 'wxperm-ignore-next-line:', 'wxperm-ignore-file:'];
const DIRECTIVE_TAILS = ['', '', ' -- because', ' */', ' -->', '*/', '-->', ' --', "'"];
const RULE_WORDS = [...RULES, 'not-grated', 'all', '*', '', 'mutex-set,not-granted'];

const LANGUAGES = [
  undefined, undefined, 'typescript', 'javascript', 'python', 'go', 'java', 'php', 'csharp', 'markdown', 'plaintext', 'yaml', 'json', 'jsonc',
  'ruby', 'sql', 'html', 'vb', 'ini', 'rust', '', 'unknown-language',
];
const FILE_NAMES = [
  undefined, undefined, 'src/api.ts', 'app.py', 'client.go', 'Wx.java', 'client.php', 'Api.cs', 'README.md', 'notes.txt', 'conf.yaml', 'auth.json',
  'x.jsonc', 'wxperm.json', '/ws/wxperm.json', 'C:\\ws\\wxperm.json', '/ws/wxperm.json/', 'wxperm.json.bak', 'WXPERM.JSON', '', '/',
];

// ---------------------------------------------------------------------------------------------
// Catalog-aware fragments: what real code around WeChat calls looks like, and its near misses

export interface Vocabulary {
  paths: string[];
  queried: string[];
  families: string[];
  names: string[];
  setIds: number[];
}

export function vocabulary(env: FuzzEnv): Vocabulary {
  const c = env.catalog;
  const names = new Set<string>();
  for (const i of c.interfaces) {
    names.add(i.name);
    for (const n of i.otherNames ?? []) names.add(n);
    for (const a of i.aliases ?? []) names.add(aliasMethod(a));
  }
  return {
    paths: c.interfaces.map((i) => i.path),
    queried: c.interfaces.filter((i) => i.query).map((i) => i.path + '?' + Object.entries(i.query!).map(([k, v]) => `${k}=${v.replace(/\*/g, 'x')}`).join('&')),
    families: c.families.map((f) => f.match.replace(/\*/g, 'abc')),
    names: [...names],
    setIds: [...c.sets.map((s) => s.id), ...c.outsideIds.map((o) => o.id)],
  };
}

export function idText(v: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...v.setIds).map(String) },
    { weight: 2, arbitrary: fc.nat(400).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '-0', '00', '017', '1e3', '17.0', '17.5', '12345678901234567890', '1e400', '9007199254740993', '999999999', '1234567890', '0x11', '+17', 'NaN', 'Infinity') },
  );
}

function pathFragment(v: Vocabulary): fc.Arbitrary<string> {
  const path = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...v.paths) },
    { weight: 1, arbitrary: fc.constantFrom(...v.queried) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...v.families), fc.constantFrom('', 'get_list', 'add', 'x/y', 'GetList', '')).map(([f, s]) => f + s) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...v.paths), fc.nat(30)).map(([p, n]) => p.slice(0, Math.max(1, p.length - n))) },
  );
  return fc.tuple(fc.constantFrom(...QUOTES), fc.constantFrom(...HOSTS), path, fc.boolean(), fc.nat(9), fc.constantFrom(...PATH_SUFFIXES), fc.constantFrom(...QUOTES))
    .map(([q1, host, p, noSlash, caseFlip, suffix, q2]) => {
      let s = noSlash && !host ? p.slice(1) : p;
      if (caseFlip === 0) s = s.toUpperCase();
      return q1 + host + s + suffix + (q2 ? q2.slice(-1) : '');
    });
}

function nameFragment(v: Vocabulary): fc.Arbitrary<string> {
  return fc.tuple(
    fc.constantFrom('', '', '.', '->', '::', 'wx.', 'cloud.openapi.', 'client.', ' ', 'x', '_', 'é'),
    fc.constantFrom(...v.names),
    fc.constantFrom('', '(', '(', ' (', '  (', '   (', ';', '.', 'X', '2', 'é', '\n('),
  ).map(([a, n, b]) => a + n + b);
}

function segmentArgs(v: Vocabulary): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...v.paths), fc.constantFrom('"', "'"), fc.constantFrom(', ', ',', ' , ', ',\n', ',\t'), fc.constantFrom('', ', "utf-8"', ', "x"', ')'), fc.nat(3))
    .map(([p, q, sep, tail, drop]) => {
      const segs = p.split('/').filter(Boolean);
      return segs.slice(0, Math.max(1, segs.length - (drop === 0 ? 1 : 0))).map((s) => q + s + q).join(sep) + tail;
    });
}

function setIdFragment(v: Vocabulary): fc.Arbitrary<string> {
  const q = fc.constantFrom('', '"', "'");
  const sep = fc.constantFrom(':', ': ', ' => ', '=', ' = ', '  :  ', ':'.padEnd(25, ' '), ',');
  const open = fc.constantFrom('{', '[', '(', '{ ', '');
  const funcscope = fc.tuple(q, sep, open, q, sep, idText(v), fc.constantFrom('}', ']', ')', '', ', "x": 1}'))
    .map(([a, s1, o, b, s2, id, close]) => `${a}funcscope_category${a}${s1}${o}${b}id${b}${s2}${id}${close}`);
  const list = fc.tuple(fc.constantFrom('category_id_list=', '"category_id_list": "', "'category_id_list' => '", 'category_id_list,"', 'xcategory_id_list=', 'category_id_list'),
    fc.array(idText(v), { maxLength: 6 }), fc.constantFrom('|', '%7C', '%7c', '||', ',', '|'))
    .map(([head, ids, s]) => head + ids.join(s));
  return fc.oneof(funcscope, list);
}

function directiveFragment(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...DIRECTIVE_OPENERS), fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom(...DIRECTIVE_MARKERS),
    fc.subarray(RULE_WORDS, { maxLength: 3 }), fc.constantFrom(' ', ', ', ','), fc.constantFrom(...DIRECTIVE_TAILS), fc.constantFrom('\n', '\r\n', '', '\n\n'))
    .map(([o, sp, m, rules, join, tail, eol]) => `${o}${sp}${m}${rules.length ? ' ' + rules.join(join) : ''}${tail}${eol}`);
}

/** One piece of a document: mostly code-like, sometimes hostile. */
export function fragment(v: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: pathFragment(v) },
    { weight: 3, arbitrary: nameFragment(v) },
    { weight: 2, arbitrary: segmentArgs(v) },
    { weight: 3, arbitrary: setIdFragment(v) },
    { weight: 3, arbitrary: directiveFragment() },
    { weight: 8, arbitrary: fc.constantFrom(...SPECIALS) },
    { weight: 4, arbitrary: randomString(24) },
    { weight: 2, arbitrary: fc.constantFrom(' = ', 'const url = ', 'post(', 'return ', '$this->post(', 'http.Get(', 'requests.post(', 'self.', 'func ', 'def ', '    ', 'String ', '$') },
  );
}

export function soup(v: Vocabulary, maxParts = 60): fc.Arbitrary<string> {
  return fc.array(fragment(v), { maxLength: maxParts }).map((parts) => parts.join(''));
}

export function docOptions(): fc.Arbitrary<{ languageId?: string; fileName?: string }> {
  return fc.record({ languageId: fc.constantFrom(...LANGUAGES), fileName: fc.constantFrom(...FILE_NAMES) }).map(clean);
}

/** Drop undefined keys: fixtures are JSON, and `{a: undefined}` would not survive the trip. */
export function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}

export function soupDoc(v: Vocabulary, maxParts = 60): fc.Arbitrary<DocInput> {
  return fc.tuple(soup(v, maxParts), docOptions()).map(([text, o]) => ({ text, ...o }));
}

// ---------------------------------------------------------------------------------------------
// Random bytes decoded as UTF-8 (with real fragments among them, so finders get past their anchors)

export function bytesDoc(v: Vocabulary): fc.Arbitrary<DocInput> {
  const chunk = fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Array.from(b)) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(0xc0, 0xc3, 0xe2, 0xed, 0xa0, 0x80, 0xbf, 0xf0, 0xf4, 0x9f, 0xff, 0xfe, 0xef, 0xbb, 0x0d, 0x0a, 0x22, 0x27, 0x2f), { maxLength: 16 }) },
    { weight: 2, arbitrary: fragment(v).map((s) => Array.from(Buffer.from(s, 'utf8'))) },
  );
  return fc.tuple(fc.array(chunk, { maxLength: 24 }), docOptions()).map(([chunks, o]) => ({ text: new TextDecoder('utf-8').decode(Uint8Array.from(chunks.flat())), ...o }));
}

// ---------------------------------------------------------------------------------------------
// Real fixtures, mutated

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'eol'; to: '\r\n' | '\r' | '\n' }
  | { op: 'bom' }
  | { op: 'truncate'; at: number };

const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

function mutation(v: Vocabulary): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fraction, text: fragment(v) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fraction, length: fc.nat(40) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fraction, length: fc.nat(200) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('eol' as const), to: fc.constantFrom('\r\n' as const, '\r' as const, '\n' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('bom' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fraction }) },
  );
}

function mutate(text: string, m: Mutation): string {
  const at = 'at' in m ? Math.floor(m.at * text.length) : 0;
  switch (m.op) {
    case 'insert': return text.slice(0, at) + m.text + text.slice(at);
    case 'delete': return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate': return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'eol': return text.replace(/\r\n|\r|\n/g, m.to);
    case 'bom': return '\uFEFF' + text;
    case 'truncate': return text.slice(0, at);
  }
}

export function mutatedSeed(env: FuzzEnv, v: Vocabulary): fc.Arbitrary<DocInput> {
  return fc.record({
    seed: fc.nat(env.seeds.length - 1),
    mutations: fc.array(mutation(v), { minLength: 1, maxLength: 12 }),
    asFile: fc.boolean(),
    languageId: fc.constantFrom(...LANGUAGES),
  }).map(({ seed, mutations, asFile, languageId }) => {
    const s = env.seeds[seed];
    return clean({ text: mutations.reduce(mutate, s.text), fileName: asFile ? s.name : undefined, languageId: asFile ? undefined : languageId });
  });
}

// ---------------------------------------------------------------------------------------------
// Long lines: minified code, 20k–150k characters on one line, repeating what makes finders work

const NUMBERED = [
  '"${h#}/wxa/commit", ', 'h# = "https://x#.example.com"; ', '"wxa", "x#", ', '.getUnlimitedQRCode#(', 'category_id_list=#|', 'a.b# ',
  '// wxperm-ignore-next-line r#\n', 'funcscope_category: {id: #}, ', '{"a#": [', '"/wxa/get#"', 'wxperm-ignore-# ', '(#', '.wxacode.getUnlimited#',
  '"{$h#}/wxa/commit"', "'#{x#}/cgi-bin/wxopen/x'", 'api.weixin.qq.com/#', '"/wxaapi/broadcast/#/"', '\\(h#)/wxa/', '${a#',
];

export function longLineDoc(v: Vocabulary): fc.Arbitrary<DocInput> {
  return fc.record({
    unit: fc.oneof(fc.constant([] as string[]), fc.array(fragment(v), { minLength: 1, maxLength: 6 })),
    numbered: fc.subarray(NUMBERED, { maxLength: 3 }),
    length: fc.integer({ min: 20_000, max: 150_000 }),
    lineBreakEvery: fc.option(fc.integer({ min: 1, max: 50 }), { freq: 4 }),
    options: docOptions(),
  }).map(({ unit, numbered, length, lineBreakEvery, options }) => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < length; i++) {
      let piece = unit.join('') + numbered.map((t) => t.replaceAll('#', String(i))).join('');
      if (!piece) piece = 'x';
      if (lineBreakEvery && i % lineBreakEvery === lineBreakEvery - 1) piece += '\n';
      parts.push(piece);
      size += piece.length;
    }
    return { text: parts.join('').slice(0, length), ...options };
  });
}

// ---------------------------------------------------------------------------------------------
// Deeply nested and truncated JSON around funcscope_category / category_id_list

const OPENERS = ['[', '{"a":', '{"funcscope_category":', '{"func_info":[', '{"authorization_info":', '{"grants":', '{"authorization":', '{"x":1,"y":', '[1,', '{"funcscope_category":{"id":'];

export function deepJsonDoc(v: Vocabulary): fc.Arbitrary<DocInput> {
  return fc.record({
    depth: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 3000, max: 12000 })),
    openers: fc.subarray(OPENERS, { minLength: 1 }),
    inner: fc.oneof(setIdFragment(v), fc.constantFrom('17', '{"funcscope_category":{"id":17}}', '"category_id_list=17|18"', '{}', '[]', '', 'null', '"/wxa/commit"')),
    close: fc.boolean(),
    truncate: fc.option(fraction, { freq: 2 }),
    fileName: fc.constantFrom('auth.json', 'wxperm.json', '/ws/wxperm.json', 'a.ts', 'x.jsonc', undefined),
    languageId: fc.constantFrom('json', 'jsonc', undefined, 'typescript'),
  }).map(({ depth, openers, inner, close, truncate, fileName, languageId }) => {
    const open: string[] = [];
    const closers: string[] = [];
    for (let i = 0; i < depth; i++) {
      const o = openers[i % openers.length];
      open.push(o);
      closers.push([...o].filter((ch) => ch === '{' || ch === '[').reverse().map((ch) => (ch === '{' ? '}' : ']')).join(''));
    }
    let text = open.join('') + inner + (close ? closers.reverse().join('') : '');
    if (truncate !== null) text = text.slice(0, Math.floor(truncate * text.length));
    return clean({ text, fileName, languageId });
  });
}

// ---------------------------------------------------------------------------------------------
// wxperm.json and saved authorization responses: a JSON model, printed with comments, trailing
// commas, duplicate keys and any layout, then sometimes broken

export type J =
  | { t: 'raw'; raw: string }
  | { t: 'str'; v: string }
  | { t: 'arr'; items: J[] }
  | { t: 'obj'; props: [string, J][] };

const num = (raw: string): J => ({ t: 'raw', raw });
const str = (v: string): J => ({ t: 'str', v });
const arr = (items: J[]): J => ({ t: 'arr', items });
const obj = (props: [string, J][]): J => ({ t: 'obj', props });

export const APPIDS = ['wx1a2b3c4d5e6f7a8b', 'wx9f8e7d6c5b4a3f2e', 'wxA', ' wxB ', '', '#1', 'wx"q', 'wx\u0000', '中文'];
export const AUTH_PATHS = [
  'auth/a.json', 'auth/b.json', './auth/a.json', 'auth//a.json', 'auth\\a.json', 'a/./b.json', 'a/../a.json', '../x.json', '../../etc/passwd',
  '/etc/passwd', 'C:\\Windows\\x.json', 'c:/x.json', 'file:///etc/passwd', 'http://x/y.json', 'a/../../b.json', '', ' ', '.', '..', 'x\u0000.json', '~/.ssh/id_rsa',
  '\\\\server\\share\\x.json', 'auth/中文.json',
];

function junk(): fc.Arbitrary<J> {
  return fc.oneof(
    fc.constantFrom(num('true'), num('false'), num('null'), num('0'), num('-1'), num('1e400'), num('12345678901234567890'), num('17.5'), str(''), str('17'), arr([]), obj([])),
    fc.string({ unit: anyChar, maxLength: 12 }).map(str),
    fc.jsonValue({ maxDepth: 2 }).map(toJ),
  );
}

function toJ(x: unknown): J {
  if (Array.isArray(x)) return arr(x.map(toJ));
  if (x && typeof x === 'object') return obj(Object.entries(x).map(([k, v]) => [k, toJ(v)]));
  if (typeof x === 'string') return str(x);
  return num(x === undefined ? 'null' : JSON.stringify(x) ?? 'null');
}

/** Sometimes replace a well-shaped value with a wrong one. */
function orJunk(a: fc.Arbitrary<J>, junkWeight = 1): fc.Arbitrary<J> {
  return fc.oneof({ weight: 8, arbitrary: a }, { weight: junkWeight, arbitrary: junk() });
}

function idList(v: Vocabulary): fc.Arbitrary<J> {
  return fc.array(orJunk(idText(v).map(num), 1), { maxLength: 8 }).map(arr);
}

function flag(): fc.Arbitrary<J> {
  return fc.constantFrom(num('0'), num('1'), num('true'), num('false'), num('2'), str('1'), num('null'));
}

/** A saved api_query_auth / api_get_authorizer_info response, well-formed or not quite. */
export function responseJ(v: Vocabulary): fc.Arbitrary<J> {
  const funcInfoItem = fc.record({
    id: orJunk(idText(v).map(num)),
    confirm: fc.option(fc.record({ need: flag(), already: flag(), can: flag() }), { freq: 3 }),
    shape: fc.nat(9),
  }).map(({ id, confirm, shape }): J => {
    const props: [string, J][] = [['funcscope_category', shape === 0 ? id : obj([['id', id]])]];
    if (confirm) props.push(['confirm_info', shape === 1 ? num('1') : obj([['need_confirm', confirm.need], ['already_confirm', confirm.already], ['can_confirm', confirm.can]])]);
    return shape === 2 ? arr([]) : obj(props);
  });
  return fc.record({
    funcInfo: fc.array(funcInfoItem, { maxLength: 6 }),
    appid: fc.option(fc.constantFrom(...APPIDS).map(str), { freq: 2 }),
    where: fc.constantFrom('info', 'info', 'top', 'none', 'error'),
    extra: fc.boolean(),
  }).map(({ funcInfo, appid, where, extra }): J => {
    const fi: [string, J] = ['func_info', arr(funcInfo)];
    const ap: [string, J][] = appid ? [['authorizer_appid', appid]] : [];
    const more: [string, J][] = extra ? [['authorizer_info', obj([['nick_name', str('店')]])], ['authorizer_refresh_token', str('x')]] : [];
    switch (where) {
      case 'info': return obj([['authorization_info', obj([...ap, fi])], ...more]);
      case 'top': return obj([...ap, fi, ...more]);
      case 'none': return obj([...ap, ...more]);
      default: return obj([['errcode', num('61007')], ['errmsg', str('api is unauthorized to component')]]);
    }
  });
}

function authorizationJ(v: Vocabulary): fc.Arbitrary<J> {
  const entry = fc.oneof(idList(v), responseJ(v), fc.constantFrom(...AUTH_PATHS).map(str), junk());
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...AUTH_PATHS).map(str) },
    { weight: 3, arbitrary: fc.array(fc.tuple(fc.constantFrom(...APPIDS), entry), { maxLength: 4 }).map(obj) },
    { weight: 2, arbitrary: fc.array(entry, { maxLength: 4 }).map(arr) },
    { weight: 2, arbitrary: responseJ(v) },
    { weight: 1, arbitrary: junk() },
  );
}

function rulesJ(): fc.Arbitrary<J> {
  return orJunk(fc.array(fc.tuple(fc.constantFrom<string>(...RULES, 'no-such-rule', ''), orJunk(fc.constantFrom(...SEVERITY_SETTINGS, 'Error', 'fatal').map(str))), { maxLength: 4 }).map(obj));
}

function globsJ(): fc.Arbitrary<J> {
  return orJunk(fc.array(orJunk(fc.constantFrom('vendor/**', '**/*.min.js', '', ' ', 'src/**/*.ts', '!x').map(str)), { maxLength: 3 }).map(arr));
}

/** A wxperm.json model: some of the known keys (repeated keys allowed), unknown keys, or not an object at all. */
export function configJ(v: Vocabulary): fc.Arbitrary<J> {
  const prop = fc.oneof(
    { weight: 4, arbitrary: idList(v).map((x): [string, J] => ['grants', x]) },
    { weight: 4, arbitrary: authorizationJ(v).map((x): [string, J] => ['authorization', x]) },
    { weight: 2, arbitrary: rulesJ().map((x): [string, J] => ['rules', x]) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('include', 'exclude'), globsJ()).map(([k, x]): [string, J] => [k, x]) },
    { weight: 1, arbitrary: orJunk(fc.constant(str('https://unpkg.com/wxperm/catalog/wxperm.schema.json'))).map((x): [string, J] => ['$schema', x]) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('grant', 'Grants', '', 'authorization_info', 'func_info', '__proto__', 'constructor'), junk()).map(([k, x]): [string, J] => [k, x]) },
  );
  return fc.oneof({ weight: 12, arbitrary: fc.array(prop, { maxLength: 5 }).map(obj) }, { weight: 1, arbitrary: junk() });
}

export interface Layout {
  indent: string;
  eol: string;
  inline: boolean;
  trailingCommas: boolean;
  /** Comments to insert: before the token at this index (mod the token count). */
  comments: { at: number; block: boolean }[];
}

export function layout(): fc.Arbitrary<Layout> {
  return fc.record({
    indent: fc.constantFrom('  ', '    ', '\t', '', ' '),
    eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
    inline: fc.boolean(),
    trailingCommas: fc.boolean(),
    comments: fc.array(fc.record({ at: fc.nat(10_000), block: fc.boolean() }), { maxLength: 6 }),
  });
}

/** Print a model as JSONC: tokens, then comments `/* cN *\/` or `// cN` at token boundaries. */
export function printJ(value: J, l: Layout): string {
  const tokens: string[] = [];
  const nl = (depth: number) => (l.inline ? ' ' : l.eol + l.indent.repeat(depth));
  const emit = (x: J, depth: number): void => {
    if (x.t === 'raw') tokens.push(x.raw);
    else if (x.t === 'str') tokens.push(JSON.stringify(x.v));
    else {
      const [open, close] = x.t === 'arr' ? ['[', ']'] : ['{', '}'];
      const items = x.t === 'arr' ? x.items.map((i) => [undefined, i] as const) : x.props;
      tokens.push(open);
      items.forEach(([k, item], i) => {
        tokens.push(nl(depth + 1));
        if (k !== undefined) tokens.push(JSON.stringify(k), ': ');
        emit(item, depth + 1);
        if (i < items.length - 1 || l.trailingCommas) tokens.push(',');
      });
      if (items.length) tokens.push(nl(depth));
      tokens.push(close);
    }
  };
  emit(value, 0);
  l.comments.forEach((c, n) => {
    const i = c.at % (tokens.length + 1);
    const text = c.block ? `/* c${n} */` : `// c${n}${l.eol === '\r' ? '\n' : l.eol}`;
    tokens.splice(i, 0, c.block ? text : ' ' + text);
  });
  return tokens.join('') + l.eol;
}

type Breakage = { op: 'truncate'; at: number } | { op: 'insert'; at: number; text: string } | { op: 'bom' } | { op: 'delete'; at: number };

function breakage(): fc.Arbitrary<Breakage> {
  return fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: fraction }),
    fc.record({ op: fc.constant('insert' as const), at: fraction, text: fc.oneof(fc.constantFrom(',', '}', ']', '{', '[', '"', '/*', '//', '\uFEFF', ':', '1', '\n', '\u0000', '\\'), randomString(6)) }),
    fc.record({ op: fc.constant('bom' as const) }),
    fc.record({ op: fc.constant('delete' as const), at: fraction }),
  );
}

function breakText(text: string, b: Breakage): string {
  const at = 'at' in b ? Math.floor(b.at * text.length) : 0;
  if (b.op === 'truncate') return text.slice(0, at);
  if (b.op === 'insert') return text.slice(0, at) + b.text + text.slice(at);
  if (b.op === 'bom') return '\uFEFF' + text;
  return text.slice(0, at) + text.slice(at + 1);
}

/** A wxperm.json text: mostly valid JSONC (comments, trailing commas, any layout), a third of it broken. */
export function configText(v: Vocabulary, model: fc.Arbitrary<J> = configJ(v)): fc.Arbitrary<string> {
  return fc.record({
    value: model,
    layout: layout(),
    breakage: fc.oneof({ weight: 6, arbitrary: fc.constant([] as Breakage[]) }, { weight: 3, arbitrary: fc.array(breakage(), { minLength: 1, maxLength: 3 }) }),
    deep: fc.option(fc.integer({ min: 50, max: 6000 }), { freq: 15 }),
  }).map(({ value, layout: l, breakage: bs, deep }) => {
    let text = printJ(value, l);
    if (deep) text = text.replace(/\[/, '['.repeat(deep) + ']'.repeat(deep) + ',');
    return bs.reduce(breakText, text);
  });
}

// ---------------------------------------------------------------------------------------------
// Grants as the judge, hover and completion receive them

export interface GrantsModel {
  source: 'none' | 'file' | 'settings';
  authorizers: { label: string; sets: number[]; confirm: [number, boolean, boolean, boolean][] }[];
}

export function grantsModel(v: Vocabulary): fc.Arbitrary<GrantsModel> {
  const id = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...v.setIds) }, { weight: 1, arbitrary: fc.nat(300) }, { weight: 1, arbitrary: fc.constantFrom(0, 2 ** 31, Number.MAX_SAFE_INTEGER) });
  const authorizer = fc.record({
    label: fc.oneof(fc.constantFrom('#1', '#2', 'wx1a2b3c4d5e6f7a8b', 'wx9f8e7d6c5b4a3f2e', '', '#?', '*_[x]`'), randomString(8)),
    sets: fc.uniqueArray(id, { maxLength: 12 }),
    confirm: fc.array(fc.tuple(id, fc.boolean(), fc.boolean(), fc.boolean()), { maxLength: 4 }),
  });
  return fc.record({ source: fc.constantFrom('none' as const, 'file' as const, 'file' as const, 'settings' as const), authorizers: fc.array(authorizer, { maxLength: 4 }) });
}

export function rulesModel(): fc.Arbitrary<Partial<Record<(typeof RULES)[number], (typeof SEVERITY_SETTINGS)[number]>>> {
  return fc.array(fc.tuple(fc.constantFrom(...RULES), fc.constantFrom(...SEVERITY_SETTINGS)), { maxLength: 4 }).map((pairs) => Object.fromEntries(pairs));
}

export const locale = fc.constantFrom('en' as const, 'zh-cn' as const);
