// Interface paths in text: full URLs on the API host, string literals that start with a known first
// segment (maybe after a host placeholder), and path segments passed as separate string arguments
// (`"wxa", "getwxacodeunlimit"`, as .NET SDKs do). Each finder anchors on something rare — the host
// name, a quote right before a known first segment — and only then reads and resolves a path.
import { HOST_PLACEHOLDER, HOST_TAIL, isApiHostTail, placeholderIsOtherHost } from './apiHost';
import type { Catalog } from './catalog';
import { AT, BACKSLASH, COLON, DOLLAR, DOT, isIdentChar, LBRACE, LBRACKET, LT, PERCENT, QUESTION, SLASH, STAR } from './chars';
import type { Hit } from './hits';
import type { Resolution } from './types';
import { isOrdinaryWord } from './vocabulary';

export function findPaths(text: string, catalog: Catalog, prose: boolean, hits: Hit[]): void {
  const t: PathScan = { ...pathTableFor(catalog), resolved: new Map() };
  urlPaths(text, t, hits);
  quotedPaths(text, t, prose, hits);
}

// ---------------------------------------------------------------------------------------------
// Catalog-derived tables, built once per catalog

interface PathTable {
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
  queryKeys: readonly QueryKey[];
}

interface QueryKey {
  key: string;
  re: RegExp;
}

/** Per scan: a file names the same few paths again and again, and a miss costs every family pattern. */
interface PathScan extends PathTable {
  resolved: Map<string, Resolution | undefined>;
}

function resolveOnce(t: PathScan, raw: string): Resolution | undefined {
  if (t.resolved.has(raw)) return t.resolved.get(raw);
  const r = t.catalog.resolve(raw);
  t.resolved.set(raw, r);
  return r;
}

const tables = new WeakMap<Catalog, PathTable>();

function pathTableFor(catalog: Catalog): PathTable {
  let t = tables.get(catalog);
  if (!t) {
    t = buildPathTable(catalog);
    tables.set(catalog, t);
  }
  return t;
}

function buildPathTable(catalog: Catalog): PathTable {
  const seg = [...catalog.firstSegments].filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  return {
    catalog,
    codeQuoted: new RegExp(`["'\`](${HOST_PLACEHOLDER})?\\/?(?:${seg})(?=[/"'])`, 'g'),
    proseQuoted: new RegExp(`["'\`]()\\/(?:${seg})(?=/)`, 'g'),
    listedPaths: new Set(catalog.interfaces.map((i) => i.path.toLowerCase())),
    listedPrefixes: new Set(catalog.interfaces.flatMap((i) => pathPrefixes(i.path.toLowerCase()))),
    queryKeys: queryKeysOf(catalog),
  };
}

function queryKeysOf(catalog: Catalog): QueryKey[] {
  const keys = new Set([...catalog.interfaces, ...catalog.families].flatMap((x) => Object.keys(x.query ?? {})));
  return [...keys].map((key) => ({ key, re: new RegExp(`[?&]${escapeRe(key)}=([^&#]*)`) }));
}

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

const PATH_CHARS = /[A-Za-z0-9_\-/]*/y;
/** Query text up to the end of the string or URL; bounded so a minified line stays linear. */
const QUERY_CHARS = /\?[^\s"'`<>()[\]\\]{0,400}/y;
const MAX_PATH = 200;

function urlPaths(text: string, t: PathScan, hits: Hit[]): void {
  for (let i = text.indexOf(HOST_TAIL); i >= 0; i = text.indexOf(HOST_TAIL, i + 1)) {
    const start = i + HOST_TAIL.length;
    // `//api…`, `https://api…`, `"api…`, `sh.api…` — never `myapi…`, `x.api…` or `….qq.com.evil`.
    if (text.charCodeAt(start) !== SLASH || !isApiHostTail(text, i)) continue;
    const hit = pathAt(text, start, t, true);
    if (hit) hits.push(hit);
  }
}

function quotedPaths(text: string, t: PathScan, prose: boolean, hits: Hit[]): void {
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
      // A lone quoted first segment (`"wxa"`) may open a run of segment arguments; skip past the run
      // so its later arguments are not read again as first segments.
      const last = segmentArgs(text, m.index, t, hits);
      if (last > end) re.lastIndex = last;
    }
  }
}

/** Read a path (and its query) at `start`; a hit only when it is complete and the catalog knows it. */
function pathAt(text: string, start: number, t: PathScan, afterHost: boolean): Hit | undefined {
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
function tellingQuery(text: string, at: number, keys: readonly QueryKey[]): string {
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
function segmentArgs(text: string, quote: number, t: PathScan, hits: Hit[]): number {
  FIRST_ARG.lastIndex = quote;
  const first = FIRST_ARG.exec(text);
  if (!first) return -1;
  const best = longestListedRun(text, '/' + first[2], FIRST_ARG.lastIndex, t);
  const resolution = best && t.catalog.resolvePath(best.path);
  // A family alone is too weak for loose segments: only a listed interface counts.
  if (!best || resolution?.kind !== 'interface') return -1;
  hits.push({ kind: 'path', offset: quote + 1, length: best.end - quote - 1, resolution });
  return best.end;
}

/**
 * Extend `joined` by the arguments after `from` while the run is still the start of a listed path,
 * and remember the longest listed one: the run stops early, so unrelated string arguments that
 * follow (`"wxa", "commit", "utf-8"`) are never joined in.
 */
function longestListedRun(text: string, joined: string, from: number, t: PathScan): { path: string; end: number } | undefined {
  let best: { path: string; end: number } | undefined;
  NEXT_ARG.lastIndex = from;
  for (let n = 1, a = NEXT_ARG.exec(text); a && n < MAX_SEGMENTS; n++, a = NEXT_ARG.exec(text)) {
    const next = joined + '/' + a[2];
    const key = next.toLowerCase();
    if (!t.listedPrefixes.has(key)) break;
    joined = next;
    if (t.listedPaths.has(key)) best = { path: joined, end: NEXT_ARG.lastIndex - 1 };
  }
  return best;
}
