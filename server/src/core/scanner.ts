// Text → references: the places a document names a WeChat interface (by URL, path, path segments or
// API/SDK name) or a permission-set id where it means a set. Language-agnostic on purpose: it looks
// for the few shapes real code uses instead of parsing each language.
//
// Precision over recall: a false squiggle teaches users to turn the tool off, so every finder first
// looks for a cheap, rare anchor (a quote before a known first segment, the API host, a `(`, a long
// member name, `funcscope_category`, `category_id_list`) and then verifies against the catalog.
// Everything is regex/indexOf driven and linear in the text, so it can run on every keystroke.
//
// Suppression comments are not applied here: `scan` reports every reference and the judge filters
// findings with `isSuppressed` (suppressions.ts), so there is one place that decides what is ignored.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Catalog } from './catalog';
import { LineIndex } from './lineIndex';
import type { Position, Reference, SetIdContext } from './model';
import type { Interface, Resolution } from './types';

export interface ScanOptions {
  languageId?: string;
  fileName?: string;
  lineIndex?: LineIndex;
}

/** What a finder saw before it is turned into a `Reference` (positions are computed once, at the end). */
type Hit =
  | { kind: 'path' | 'name'; offset: number; length: number; resolution: Resolution }
  | { kind: 'set-id'; offset: number; length: number; setId: number; context: SetIdContext };

export function scan(text: string, catalog: Catalog, options: ScanOptions = {}): Reference[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const hits: Hit[] = [];
  if (isConfigFile(options.fileName)) {
    configSetIds(text, hits);
  } else {
    const t: ScanContext = { ...tablesFor(catalog), resolved: new Map() };
    urlPaths(text, t, hits);
    quotedPaths(text, t, isProse(options), hits);
    callNames(text, t.names, hits);
    memberNames(text, t.names, hits);
    // A JSON document too deep to parse falls back to the text finder for funcscope ids.
    const parsedJson = isJson(options) && jsonFuncscope(text, hits);
    textSetIds(text, parsedJson, hits);
  }
  return toReferences(text, settle(hits), options.lineIndex);
}

/** The reference whose range holds `offset` (its end included); the later one where two touch. */
export function referenceAt(refs: readonly Reference[], offset: number): Reference | undefined {
  let lo = 0;
  let hi = refs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (refs[mid].offset <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const r = refs[found];
  return offset <= r.offset + r.length ? r : undefined;
}

export function isConfigFile(fileName?: string): boolean {
  if (!fileName) return false;
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1) === 'wxperm.json';
}

// ---------------------------------------------------------------------------------------------
// Document kinds

const PROSE_LANGUAGES = new Set(['markdown', 'plaintext', 'yaml', 'restructuredtext', 'asciidoc', 'log', 'text']);
const PROSE_EXTENSIONS = /\.(?:md|markdown|txt|ya?ml|rst|adoc|log)$/i;

/** In prose a bare `wxa/…` after an apostrophe is too weak; paths there need a leading slash. */
function isProse(o: ScanOptions): boolean {
  if (o.languageId) return PROSE_LANGUAGES.has(o.languageId);
  return !!o.fileName && PROSE_EXTENSIONS.test(o.fileName);
}

function isJson(o: ScanOptions): boolean {
  if (o.languageId) return o.languageId === 'json' || o.languageId === 'jsonc';
  return !!o.fileName && /\.jsonc?$/i.test(o.fileName);
}

// ---------------------------------------------------------------------------------------------
// Catalog-derived tables, built once per catalog

interface Tables {
  catalog: Catalog;
  /**
   * A quote, an optional host placeholder, an optional `/`, then a known first segment followed by
   * `/` (a path literal) or by a quote (maybe the first of several segment arguments).
   */
  codeQuoted: RegExp;
  /** Prose: a quote or backtick, `/`, a known first segment, `/`. */
  proseQuoted: RegExp;
  /** Listed interface paths, lower case: segment arguments must join into one of these. */
  listedPaths: ReadonlySet<string>;
  /** Their prefixes of two or more segments (`/cgi-bin/wxaapp`), so a run of arguments stops early. */
  listedPrefixes: ReadonlySet<string>;
  /** Query keys that tell interfaces apart (`action`): the only part of a query worth resolving. */
  queryKeys: readonly { key: string; re: RegExp }[];
  names: NameTable;
}

/** Per scan: a file names the same few paths again and again, and a miss costs every family pattern. */
interface ScanContext extends Tables {
  resolved: Map<string, Resolution | undefined>;
}

function resolveOnce(t: ScanContext, raw: string): Resolution | undefined {
  if (t.resolved.has(raw)) return t.resolved.get(raw);
  const r = t.catalog.resolve(raw);
  t.resolved.set(raw, r);
  return r;
}

const tablesCache = new WeakMap<Catalog, Tables>();

function tablesFor(catalog: Catalog): Tables {
  let t = tablesCache.get(catalog);
  if (!t) {
    const seg = [...catalog.firstSegments].filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRe).join('|');
    t = {
      catalog,
      codeQuoted: new RegExp(`["'\`](${HOST_PLACEHOLDER})?\\/?(?:${seg})(?=[/"'])`, 'g'),
      proseQuoted: new RegExp(`["'\`]()\\/(?:${seg})(?=/)`, 'g'),
      listedPaths: new Set(catalog.interfaces.map((i) => i.path.toLowerCase())),
      listedPrefixes: new Set(catalog.interfaces.flatMap((i) => pathPrefixes(i.path.toLowerCase()))),
      queryKeys: [...new Set([...catalog.interfaces, ...catalog.families].flatMap((x) => Object.keys(x.query ?? {})))]
        .map((key) => ({ key, re: new RegExp(`[?&]${escapeRe(key)}=([^&#]*)`) })),
      names: buildNameTable(catalog),
    };
    tablesCache.set(catalog, t);
  }
  return t;
}

/**
 * What stands for the API host at the start of a string: `${HOST}`, `{API}`, `{$this->host}`, `#{host}`,
 * `%s`, `%1$s`, `$host`, `\(host)`, `{0}`. Bounded, so a stray `${` cannot make matching quadratic.
 */
const HOST_PLACEHOLDER = [
  '\\$\\{[^}\\n]{1,80}\\}',
  '#\\{[^}\\n]{1,80}\\}',
  '\\{[^}\\n"\'`]{1,80}\\}',
  '%(?:\\d\\$)?[sv]',
  '\\$[A-Za-z_]\\w{0,40}(?:->[A-Za-z_]\\w{0,40})?',
  '\\\\\\([^)\\n]{1,80}\\)',
].join('|');

/** `/a/b/c` → `/a/b`, `/a/b/c`. */
function pathPrefixes(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/', 1); i >= 0; i = path.indexOf('/', i + 1)) {
    const next = path.indexOf('/', i + 1);
    out.push(next < 0 ? path : path.slice(0, next));
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Paths: full URLs on the API host, and string literals that start with a known first segment

/** The API host (`api.`, backup `api2.`, regional `sh.api.` …) is found from this, by indexOf. */
const HOST_TAIL = '.weixin.qq.com';
const HOST_HEAD = /(?:^|[^\w.-])(?:(?:sh|sz|hk)\.)?api2?$/;
const PATH_CHARS = /[A-Za-z0-9_\-/]*/y;
/** Query text up to the end of the string or URL; bounded so a minified line stays linear. */
const QUERY_CHARS = /\?[^\s"'`<>()[\]\\]{0,400}/y;
const MAX_PATH = 200;


function urlPaths(text: string, t: ScanContext, hits: Hit[]): void {
  for (let i = text.indexOf(HOST_TAIL); i >= 0; i = text.indexOf(HOST_TAIL, i + 1)) {
    const start = i + HOST_TAIL.length;
    // `//api…`, `https://api…`, `"api…`, `sh.api…` — never `myapi…`, `x.api…` or `….qq.com.evil`.
    if (text.charCodeAt(start) !== SLASH || !HOST_HEAD.test(text.slice(Math.max(0, i - 8), i))) continue;
    const hit = pathAt(text, start, t, true);
    if (hit) hits.push(hit);
  }
}

function quotedPaths(text: string, t: ScanContext, prose: boolean, hits: Hit[]): void {
  const re = prose ? t.proseQuoted : t.codeQuoted;
  const hosts = new Map<string, boolean>();
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const placeholder = m[1] ?? '';
    const start = m.index + 1 + placeholder.length;
    const end = m.index + m[0].length;
    if (text.charCodeAt(end) === SLASH) {
      // After a host placeholder only an absolute path makes sense (`${HOST}/wxa/…`).
      if (placeholder && (text.charCodeAt(start) !== SLASH || placeholderIsOtherHost(text, placeholder, hosts))) continue;
      const hit = pathAt(text, start, t, false);
      if (hit) hits.push(hit);
    } else if (!placeholder && text.charCodeAt(end) === text.charCodeAt(m.index) && text.charCodeAt(start) !== SLASH) {
      const last = segmentArgs(text, m.index, t, hits);
      if (last > end) re.lastIndex = last;
    }
  }
}

/**
 * `${BASE}/wxa/commit` where the same file says `BASE = 'https://shop.example.com'`: another host,
 * like a literal URL on another host. Undefined or non-literal placeholders are taken for the API host.
 */
function placeholderIsOtherHost(text: string, placeholder: string, cache: Map<string, boolean>): boolean {
  // `%s`, `%1$s` and `{0}` name nothing to look up.
  const name = /^[%{]\d*\W*$|^%/.test(placeholder) ? undefined : /([A-Za-z_]\w*)\W*$/.exec(placeholder)?.[1];
  if (!name) return false;
  let other = cache.get(name);
  if (other === undefined) {
    const definition = new RegExp(`(?<![A-Za-z0-9_])${name}["']?\\s{0,20}(?::[^=\\n]{0,40})?(?:=>|:=|[:=])\\s{0,20}[fr@$]?["'\`]((?:https?:)?//[^\\s"'\`/?#]{1,255})`).exec(text);
    other = !!definition && !/^(?:https?:)?\/\/(?:(?:sh|sz|hk)\.)?api2?\.weixin\.qq\.com$/i.test(definition[1]);
    cache.set(name, other);
  }
  return other;
}

/** Read a path (and its query) at `start`; a hit only when it is complete and the catalog knows it. */
function pathAt(text: string, start: number, t: ScanContext, afterHost: boolean): Hit | undefined {
  PATH_CHARS.lastIndex = start;
  PATH_CHARS.exec(text);
  let end = PATH_CHARS.lastIndex;
  if (end - start > MAX_PATH || endsInPlaceholder(text, end)) return undefined;
  const query = text.charCodeAt(end) === QUESTION ? tellingQuery(text, end, t.queryKeys) : '';
  const pathEnd = end;
  while (end > start && text.charCodeAt(end - 1) === SLASH) end--;
  if (end === start) return undefined;
  const raw = text.slice(start, end);
  const resolution = resolveOnce(t, raw + query);
  if (!resolution) return undefined;
  // `/wxa/sec/order/` + action: a prefix being concatenated, not a call.
  if (pathEnd !== end && resolution.kind === 'family') return undefined;
  // A family under an ordinary word (`/shop/…`) is a web app's own route as often as a WeChat call:
  // it needs the API host. A listed interface does not.
  if (!afterHost && resolution.kind === 'family' && isOrdinaryWord(firstSegment(raw))) return undefined;
  return { kind: 'path', offset: start, length: end - start, resolution };
}

/** `?access_token=%s&action=agency_create_adunit` → `?action=agency_create_adunit`: only keys the catalog tells apart by. */
function tellingQuery(text: string, at: number, keys: Tables['queryKeys']): string {
  QUERY_CHARS.lastIndex = at;
  const query = QUERY_CHARS.exec(text)?.[0] ?? '';
  let out = '';
  for (const { key, re } of keys) {
    const m = re.exec(query);
    if (m) out += (out ? '&' : '?') + key + '=' + m[1];
  }
  return out;
}

/** `/wxa/${x}`, `/wxa/get%s`, `/wxa/{id}`, `/wxa/:id`, `/wxa/commit.php`: not one known interface. */
function endsInPlaceholder(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (c === DOLLAR || c === LBRACE || c === PERCENT || c === LT || c === STAR || c === AT || c === BACKSLASH || c === LBRACKET) return true;
  if ((c === COLON || c === DOT) && isIdentChar(text.charCodeAt(end + 1))) return true;
  return false;
}

/** `shop`, `user-order`: made only of words any code uses (not `wxa`, `cgi-bin`, `tcb`). */
function isOrdinaryWord(segment: string): boolean {
  return segment.toLowerCase().split(/[-_]/).every((w) => COMMON_WORDS.has(w));
}

function firstSegment(raw: string): string {
  const s = raw.charCodeAt(0) === SLASH ? raw.slice(1) : raw;
  const i = s.indexOf('/');
  return i < 0 ? s : s.slice(0, i);
}

// ---------------------------------------------------------------------------------------------
// Path segments passed as separate string arguments: `"wxa", "getwxacodeunlimit"` (.NET SDKs)

const FIRST_ARG = /(["'])([A-Za-z0-9_-]{1,64})\1/y;
const NEXT_ARG = /\s*,\s*(["'])([A-Za-z0-9_-]{1,64})\1/y;
const MAX_SEGMENTS = 6;

/** From the quoted first segment at `quote`; returns the end of the reference, or -1. */
function segmentArgs(text: string, quote: number, t: ScanContext, hits: Hit[]): number {
  FIRST_ARG.lastIndex = quote;
  const first = FIRST_ARG.exec(text);
  if (!first) return -1;
  let joined = '/' + first[2];
  let best: { path: string; end: number } | undefined;
  NEXT_ARG.lastIndex = FIRST_ARG.lastIndex;
  // Extend while the run is still the start of a listed path; remember the longest listed one.
  for (let n = 1, a = NEXT_ARG.exec(text); a && n < MAX_SEGMENTS; n++, a = NEXT_ARG.exec(text)) {
    const next = joined + '/' + a[2];
    const key = next.toLowerCase();
    if (!t.listedPrefixes.has(key)) break;
    joined = next;
    // A family alone is too weak for loose segments: only a listed interface counts.
    if (t.listedPaths.has(key)) best = { path: joined, end: NEXT_ARG.lastIndex - 1 };
  }
  const resolution = best && t.catalog.resolvePath(best.path);
  if (!best || resolution?.kind !== 'interface') return -1;
  hits.push({ kind: 'path', offset: quote + 1, length: best.end - quote - 1, resolution });
  return best.end;
}

// ---------------------------------------------------------------------------------------------
// Names: official API names, older dotted names, unambiguous SDK method names

interface DottedName {
  head: string;
  resolution: Resolution;
}

interface NameTable {
  /** Distinctive undotted names → the interface they stand for. */
  single: Map<string, Resolution>;
  /** Dotted names by their last part: `getUnlimited` → [`wxacode.`, resolution]. */
  dotted: Map<string, DottedName[]>;
  /** Shortest single name: a member access shorter than this cannot be one. */
  minSingle: number;
  /** Shortest name or dotted tail: a call on a shorter identifier cannot be one. */
  minTail: number;
  /** (length, first character) pairs some name or dotted tail has: rejects most identifiers before any slice. */
  shapes: Uint8Array;
}

/**
 * Names that are also Mini Program front-end APIs or button open-types (`open-type="getPhoneNumber"`):
 * in a page's code they are client calls, not server interfaces.
 */
const CLIENT_SIDE_NAMES = new Set([
  'getPhoneNumber', 'getUserInfo', 'getUserProfile', 'login', 'checkSession', 'getSetting', 'openSetting',
  'authorize', 'requestPayment', 'requestSubscribeMessage', 'getLocation', 'chooseImage', 'scanCode',
  'getShareInfo', 'navigateToMiniProgram', 'getAccountInfoSync', 'getRealtimeLogManager', 'createLivePusherContext',
]);

/** Front-end API namespaces (`wx.`, `uni.`, `Taro.` …): a name called on them is a client-side call. */
const CLIENT_NAMESPACES = new Set(['wx', 'uni', 'Taro', 'tt', 'my', 'swan', 'qq', 'jd', 'ks', 'dd', 'xhs']);

/**
 * Fragments that only WeChat vocabulary contains (compared without case or separators): a name
 * containing one is distinctive even when short (`getShowWxaItem`, `get_paid_unionid`).
 */
const WECHAT_TOKENS = [
  'wxa', 'weanalysis', 'cgibin', 'wxopen', 'weapp', 'wedata', 'cloudbase', 'unionid', 'openpid', 'miniprogram',
  'miniapp', 'wxverify', 'nearbypoi', 'weixin', 'wechat', 'seccheck', 'realtimelog', 'jserr', 'kefu', 'qcloud',
  'componentaccesstoken', 'authorizeraccesstoken', 'subscribemsg', 'subscribemessage', 'uniformmsg', 'uniformmessage',
  'updatablemsg', 'updatablemessage', 'urlscheme', 'urllink', 'redpacket',
];

/**
 * Words any business code uses for its own methods (`getOrderList`, `uploadSingleFile`): a name
 * made only of these, plus at most one other word, is too common to mean a WeChat call.
 */
const COMMON_WORDS = new Set(`
a an the all any by to from of for and or with in on at as is has can do new no not my our own up down out off via
get set add create update delete del remove list query search send upload download submit cancel check apply bind
unbind modify change fetch load save put post push pull open close start stop reset sort batch import export notify
accept reject confirm release revert rollback commit publish generate init execute async sync edit mock test report
invoke share manage handle process verify refund pay print scan register login logout auth decode encode retrieve
select insert view show hide enable disable run find read write use make build parse format render count sum join
leave move copy clear mark finish complete undo redo record speed speedup setup describe call back callback present
active quick replace
user users order orders info infos detail details data status state file files media image images img template
templates tpl product products category categories address phone number name names id ids page pages message
messages msg msgs code codes item items config configs setting settings account accounts domain domains type types
key keys token tokens url urls link links result results record records log logs task tasks quota price prices stock
stocks sku skus spu goods brand brands coupon coupons delivery shop store stores service services function functions
func env envs version versions plan plans app apps api request response text content event events time date group
groups device devices summary trend bill bills balance fund funds withdraw payment payments amount money contact
customer customers member members role roles room rooms comment comments reply replies feedback complaint complaints
reason reasons material materials evidence company companies city cities province bank branch card cards path paths
printer support visit visits scene scenes performance error errors tag tags video videos audio collection collections
database db index security full real daily weekly monthly latest effective server servers jump gray grey official
total options option field fields value values object objects source sources target targets client clients job jobs
queue notice notification notifications admin system table tables row rows column columns session sessions cache
entity entities model models node nodes tree element elements window document form forms input output buffer stream
bytes byte string json xml html http https web site location position map area region timestamp dates day days month
year week hour minute second level score rank picture photo avatar head nickname nick title desc description label
labels texts like flag flags mode rule rules policy permission permissions access right rights privacy extra ext basic
base main default current last first next prev previous old more other each every one two three single multi multiple
v1 v2 v3 v4 part parts chunk chunks range ranges size length width height uri num sn serial return returns refunds
freight shipping shipment express logistics waybill deliver delivered receive received receiver sender mobile email
sms mail captcha verification discount promotion activity activities campaign sale sales after aftersale seller buyer
merchant mall cart spus inventory warehouse cost fee fees charge charges paid transaction trade invoice tax wallet
deposit transfer settlement settle revenue profit finance context application plugin plugins dev live replay feed
public sub cdn usage currency without license pkg package virtual tel identity special op union channel channels
marketing
`.split(/\s+/).filter(Boolean));

const MIN_SINGLE_NAME = 9;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const DOTTED = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

function buildNameTable(catalog: Catalog): NameTable {
  const candidates = new Map<string, Set<Interface>>();
  const add = (name: string, iface: Interface) => {
    let s = candidates.get(name);
    if (!s) candidates.set(name, (s = new Set()));
    s.add(iface);
  };
  for (const [name, ifaces] of catalog.names()) {
    // A name the catalog derived from the path (`spu.add`, `getliveinfo`) is nobody's identifier.
    for (const i of ifaces) if (!(i.nameDerived && i.name === name)) add(name, i);
  }
  for (const [method, ifaces] of catalog.aliasMethods()) for (const i of ifaces) add(method, i);

  const single = new Map<string, Resolution>();
  const dotted = new Map<string, DottedName[]>();
  for (const [name, set] of candidates) {
    const ifaces = [...set];
    if (!sameCoverage(catalog, ifaces) || !isDistinctiveName(name)) continue;
    // Several interfaces with one coverage: the first listed stands for them (hover names it).
    const resolution: Resolution = { kind: 'interface', path: ifaces[0].path, iface: ifaces[0], coverage: catalog.coverage(ifaces[0]) };
    if (IDENTIFIER.test(name)) {
      single.set(name, resolution);
    } else {
      const dot = name.lastIndexOf('.');
      const tail = name.slice(dot + 1);
      const list = dotted.get(tail) ?? [];
      list.push({ head: name.slice(0, dot + 1), resolution });
      dotted.set(tail, list);
    }
  }
  let minSingle = Infinity;
  for (const n of single.keys()) minSingle = Math.min(minSingle, n.length);
  if (!Number.isFinite(minSingle)) minSingle = MIN_SINGLE_NAME;
  const shapes = new Uint8Array(SHAPE_LENGTHS * 128);
  let minTail = minSingle;
  for (const n of [...single.keys(), ...dotted.keys()]) {
    shapes[shapeOf(n.length, n.charCodeAt(0))] = 1;
    minTail = Math.min(minTail, n.length);
  }
  return { single, dotted, minSingle, minTail, shapes };
}

const SHAPE_LENGTHS = 64;

function shapeOf(length: number, first: number): number {
  return Math.min(length, SHAPE_LENGTHS - 1) * 128 + (first & 127);
}

/** One name must mean one coverage: `getCategory` (four interfaces, four set lists) means nothing. */
function sameCoverage(catalog: Catalog, ifaces: Interface[]): boolean {
  const key = (i: Interface) => { const c = catalog.coverage(i); return (c.allOf ? 'all:' : 'any:') + [...c.sets].sort((a, b) => a - b).join(','); };
  const first = key(ifaces[0]);
  return ifaces.every((i) => key(i) === first);
}

/** Whether a name is specific enough that seeing it in code means the WeChat call. */
export function isDistinctiveName(name: string): boolean {
  if (CLIENT_SIDE_NAMES.has(name)) return false;
  const words = nameWords(name);
  const squashed = words.join('');
  if (WECHAT_TOKENS.some((w) => squashed.includes(w)) || words.includes('tcb')) return true;
  // A cloud-function style `module.method` pair (`wxacode.getUnlimited`) is itself rare.
  if (DOTTED.test(name)) return words.length >= 3 && name.length >= 12;
  if (!IDENTIFIER.test(name) || name.length < MIN_SINGLE_NAME) return false;
  // SKIT's `Execute<Path words>Async` names spell out the path.
  if (/^Execute[A-Z]/.test(name)) return words.length >= 4;
  return name.length >= 12 && words.filter((w) => !COMMON_WORDS.has(w)).length >= 2;
}

/** `getUnlimitedQRCode` → get, unlimited, qrcode; `get_wxa_code` → get, wxa, code. */
function nameWords(name: string): string[] {
  return name
    .replace(/QRCode|QrCode|Qrcode/g, 'Qrcode')
    .split(/[._$\d]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Identifiers right before `(`: calls and definitions (`def get_wxa_code_unlimited(`, `function f (`). */
function callNames(text: string, n: NameTable, hits: Hit[]): void {
  for (let p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
    let i = p;
    while (i > 0 && p - i < MAX_SPACE_BEFORE_PAREN && isBlank(text.charCodeAt(i - 1))) i--;
    if (!isIdentChar(text.charCodeAt(i - 1)) || !isIdentChar(text.charCodeAt(i - n.minTail))) continue;
    let j = i - 1;
    while (j > 0 && isIdentChar(text.charCodeAt(j - 1))) j--;
    const first = text.charCodeAt(j);
    if (!n.shapes[shapeOf(i - j, first)] || !isIdentStart(first) || text.charCodeAt(j - 1) >= 0x80) continue;
    if (text.charCodeAt(j - 1) === DOT && pushDotted(text, j, i, n, hits)) continue;
    if (i - j >= n.minSingle) pushSingle(text, j, i, n, hits);
  }
}

const MAX_SPACE_BEFORE_PAREN = 2;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Identifiers after `.` long enough to be a name, where no `(` follows (`client.getUnlimitedQRCode;`,
 * Ruby's paren-less calls, `wxacode.getUnlimited` in prose). After `->` and `::` names count at calls.
 */
function memberNames(text: string, n: NameTable, hits: Hit[]): void {
  const min = n.minSingle;
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
    const start = i + 1;
    // Cheap rejections first: most member names are short.
    if (!isIdentChar(text.charCodeAt(start + min - 1)) || !isIdentStart(text.charCodeAt(start))) continue;
    let end = start + 1;
    while (isIdentChar(text.charCodeAt(end))) end++;
    if (end - start < min || followedByParen(text, end)) continue;
    if (!n.shapes[shapeOf(end - start, text.charCodeAt(start))] || text.charCodeAt(end) >= 0x80) continue;
    if (!pushDotted(text, start, end, n, hits)) pushSingle(text, start, end, n, hits);
  }
}

/** callNames has these (and a space or two may stand between the name and its `(`). */
function followedByParen(text: string, end: number): boolean {
  let k = end;
  while (k - end < MAX_SPACE_BEFORE_PAREN && isBlank(text.charCodeAt(k))) k++;
  return text.charCodeAt(k) === LPAREN;
}

function pushSingle(text: string, start: number, end: number, n: NameTable, hits: Hit[]): void {
  const resolution = n.single.get(text.slice(start, end));
  if (!resolution || calledOnClientNamespace(text, start)) return;
  hits.push({ kind: 'name', offset: start, length: end - start, resolution });
}

/** `cloud.openapi.wxacode.getUnlimited`: the range covers `wxacode.getUnlimited`. */
function pushDotted(text: string, tailStart: number, tailEnd: number, n: NameTable, hits: Hit[]): boolean {
  const candidates = n.dotted.get(text.slice(tailStart, tailEnd));
  if (!candidates) return false;
  for (const c of candidates) {
    const start = tailStart - c.head.length;
    if (start < 0 || !text.startsWith(c.head, start) || isIdentChar(text.charCodeAt(start - 1))) continue;
    hits.push({ kind: 'name', offset: start, length: tailEnd - start, resolution: c.resolution });
    return true;
  }
  return false;
}

function calledOnClientNamespace(text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) !== DOT) return false;
  let j = start - 1;
  while (j > 0 && isIdentChar(text.charCodeAt(j - 1)) && start - j < 8) j--;
  return !isIdentChar(text.charCodeAt(j - 1)) && CLIENT_NAMESPACES.has(text.slice(j, start - 1));
}

// ---------------------------------------------------------------------------------------------
// Set ids: wxperm.json grants, saved authorization responses, `category_id_list=17|18`

const CONFIG_ID_KEYS = new Set(['grants', 'authorization']);

/** wxperm.json: numbers in the `grants` / `authorization` id lists, and embedded saved responses. */
function configSetIds(text: string, hits: Hit[]): void {
  const root = parseJson(text);
  if (root?.type !== 'object') return;
  for (const prop of root.children ?? []) {
    const value = prop.children?.[1];
    if (value && CONFIG_ID_KEYS.has(prop.children?.[0]?.value)) {
      walk(value, (n, parent) => { if (parent?.type === 'array' && n.type === 'number') pushSetId(n, 'grants', hits); });
    }
  }
  funcscopeNodes(root, hits);
}

/** False when the text cannot be parsed as a tree (too deep), so the caller can fall back. */
function jsonFuncscope(text: string, hits: Hit[]): boolean {
  if (!text.includes('funcscope_category')) return true;
  const root = parseJson(text);
  if (root) funcscopeNodes(root, hits);
  return !!root;
}

/** `"funcscope_category": { "id": 17 }` anywhere in a JSON tree. */
function funcscopeNodes(root: JsonNode, hits: Hit[]): void {
  walk(root, (n) => {
    if (n.type !== 'property' || n.children?.[0]?.value !== 'funcscope_category' || n.children[1]?.type !== 'object') return;
    for (const p of n.children[1].children ?? []) {
      const v = p.children?.[1];
      if (p.children?.[0]?.value === 'id' && v?.type === 'number') pushSetId(v, 'funcscope', hits);
    }
  });
}

/** jsonc-parser recurses, so absurdly nested input overflows the stack: then there is no tree. */
function parseJson(text: string): JsonNode | undefined {
  try {
    return parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return undefined;
  }
}

/** Depth-first, iteratively: a tree as deep or as wide as the text must not overflow anything. */
function walk(root: JsonNode, visit: (node: JsonNode, parent: JsonNode | undefined) => void): void {
  const stack: [JsonNode, JsonNode | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], node]);
  }
}

function pushSetId(node: JsonNode, context: SetIdContext, hits: Hit[]): void {
  if (!Number.isInteger(node.value) || node.value < 0) return;
  hits.push({ kind: 'set-id', offset: node.offset, length: node.length, setId: node.value, context });
}

/**
 * `funcscope_category` and `category_id_list` share `category`, so one indexOf pass finds both.
 * In code and text: `'funcscope_category' => ['id' => 17]`, `{'id': 17}`, `category_id_list=17|18|30`,
 * `"category_id_list": "17|18"`, `Set("category_id_list", "17")`.
 */
function textSetIds(text: string, json: boolean, hits: Hit[]): void {
  for (let i = text.indexOf(CATEGORY); i >= 0; i = text.indexOf(CATEGORY, i + 1)) {
    if (!json && text.startsWith(FUNCSCOPE_HEAD, i - FUNCSCOPE_HEAD.length)) funcscopeAt(text, i - FUNCSCOPE_HEAD.length, hits);
    else if (text.startsWith(ID_LIST_TAIL, i + CATEGORY.length)) categoryIdListAt(text, i, hits);
  }
}

const CATEGORY = 'category';
const FUNCSCOPE_HEAD = 'funcscope_';
const ID_LIST_TAIL = '_id_list';
const FUNCSCOPE_ID = /funcscope_category["']?\s{0,20}(?:=>|[:=])\s{0,20}[{[(]\s{0,20}["']?id["']?\s{0,20}(?:=>|[:=])\s{0,20}(\d{1,9})(?!\d)/y;

function funcscopeAt(text: string, at: number, hits: Hit[]): void {
  if (isIdentChar(text.charCodeAt(at - 1))) return;
  FUNCSCOPE_ID.lastIndex = at;
  const id = FUNCSCOPE_ID.exec(text);
  if (!id) return;
  const offset = FUNCSCOPE_ID.lastIndex - id[1].length;
  hits.push({ kind: 'set-id', offset, length: id[1].length, setId: Number(id[1]), context: 'funcscope' });
}

const CATEGORY_LIST_VALUE = /category_id_list["']?\s{0,20}(?:=>|[:=,])\s{0,20}["']?/y;
const ID = /\d{1,9}(?!\d)/y;
const ID_SEPARATOR = /\||%7[cC]/y;

function categoryIdListAt(text: string, at: number, hits: Hit[]): void {
  CATEGORY_LIST_VALUE.lastIndex = at;
  if (isIdentChar(text.charCodeAt(at - 1)) || !CATEGORY_LIST_VALUE.exec(text)) return;
  for (let from = CATEGORY_LIST_VALUE.lastIndex; ;) {
    ID.lastIndex = from;
    const id = ID.exec(text);
    if (!id) return;
    hits.push({ kind: 'set-id', offset: from, length: id[0].length, setId: Number(id[0]), context: 'category_id_list' });
    ID_SEPARATOR.lastIndex = ID.lastIndex;
    if (!ID_SEPARATOR.exec(text)) return;
    from = ID_SEPARATOR.lastIndex;
  }
}

// ---------------------------------------------------------------------------------------------
// Assembly

/** Sorted by offset, the longer first where two start together, and no overlaps (first wins). */
function settle(hits: Hit[]): Hit[] {
  hits.sort((a, b) => a.offset - b.offset || b.length - a.length);
  const out: Hit[] = [];
  let end = -1;
  for (const h of hits) {
    if (h.offset < end) continue;
    out.push(h);
    end = h.offset + h.length;
  }
  return out;
}

function toReferences(text: string, hits: Hit[], given?: LineIndex): Reference[] {
  if (!hits.length) return [];
  const positionAt = given ? (o: number) => given.positionAt(o) : forwardPositions(text);
  return hits.map((h): Reference => {
    const range = { start: positionAt(h.offset), end: positionAt(h.offset + h.length) };
    const refText = text.slice(h.offset, h.offset + h.length);
    if (h.kind === 'set-id') {
      return { kind: h.kind, range, offset: h.offset, length: h.length, text: refText, sets: [h.setId], allOf: false, setId: h.setId, context: h.context };
    }
    const r = h.resolution;
    return {
      kind: h.kind, range, offset: h.offset, length: h.length, text: refText,
      path: r.path, name: r.kind === 'interface' ? r.iface.name : undefined,
      sets: r.coverage.sets.slice(), allOf: r.coverage.allOf, resolution: r,
    };
  });
}

/**
 * Positions for offsets asked in increasing order, walking line breaks only up to the last one: a
 * whole LineIndex costs more than scanning when a big file holds a few references.
 */
function forwardPositions(text: string): (offset: number) => Position {
  if (text.includes('\r')) {
    const lines = new LineIndex(text);
    return (o) => lines.positionAt(o);
  }
  let line = 0;
  let lineStart = 0;
  let next = text.indexOf('\n');
  return (offset) => {
    while (next >= 0 && next < offset) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    return { line, character: offset - lineStart };
  };
}

// ---------------------------------------------------------------------------------------------
// Characters

const SLASH = 47, DOT = 46, LPAREN = 40, QUESTION = 63, DOLLAR = 36, LBRACE = 123, PERCENT = 37, LT = 60, STAR = 42,
  AT = 64, BACKSLASH = 92, LBRACKET = 91, COLON = 58;

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
