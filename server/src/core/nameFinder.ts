// API and SDK names in code: identifiers right before `(` (calls and definitions) and member names
// after `.` where no `(` follows. Both anchor on one character and reject most identifiers by length
// and first character (the name table's shapes) before slicing anything, so they stay linear and cheap.
import { DOT, isIdentChar, isIdentStart, LPAREN } from './chars';
import type { Hit } from './hits';
import { hasShape, type NameTable } from './nameTable';

export function findNames(text: string, names: NameTable, hits: Hit[]): void {
  callNames(text, names, hits);
  memberNames(text, names, hits);
}

/** Front-end API namespaces (`wx.`, `uni.`, `Taro.` …): a name called on them is a client-side call. */
const CLIENT_NAMESPACES = new Set(['wx', 'uni', 'Taro', 'tt', 'my', 'swan', 'qq', 'jd', 'ks', 'dd', 'xhs']);

const MAX_SPACE_BEFORE_PAREN = 2;

/** Identifiers right before `(`: calls and definitions (`def get_wxa_code_unlimited(`, `function f (`). */
function callNames(text: string, n: NameTable, hits: Hit[]): void {
  for (let p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
    let i = p;
    while (i > 0 && p - i < MAX_SPACE_BEFORE_PAREN && isBlank(text.charCodeAt(i - 1))) i--;
    if (!isIdentChar(text.charCodeAt(i - 1)) || !isIdentChar(text.charCodeAt(i - n.minTail))) continue;
    let j = i - 1;
    while (j > 0 && isIdentChar(text.charCodeAt(j - 1))) j--;
    const first = text.charCodeAt(j);
    // A non-ASCII character before it means the identifier goes on past what isIdentChar knows.
    if (!hasShape(n, i - j, first) || !isIdentStart(first) || text.charCodeAt(j - 1) >= 0x80) continue;
    if (text.charCodeAt(j - 1) === DOT && pushDotted(text, j, i, n, hits)) continue;
    if (i - j >= n.minSingle) pushSingle(text, j, i, n, hits);
  }
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
    if (!hasShape(n, end - start, text.charCodeAt(start)) || text.charCodeAt(end) >= 0x80) continue;
    if (!pushDotted(text, start, end, n, hits)) pushSingle(text, start, end, n, hits);
  }
}

/** callNames has these (and a space or two may stand between the name and its `(`). */
function followedByParen(text: string, end: number): boolean {
  let k = end;
  while (k - end < MAX_SPACE_BEFORE_PAREN && isBlank(text.charCodeAt(k))) k++;
  return text.charCodeAt(k) === LPAREN;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
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

/** `wx.getPhoneNumber`, `uni.getUserInfo`. Looks back at most 7 characters: every namespace is shorter. */
function calledOnClientNamespace(text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) !== DOT) return false;
  let j = start - 1;
  while (j > 0 && isIdentChar(text.charCodeAt(j - 1)) && start - j < 8) j--;
  return !isIdentChar(text.charCodeAt(j - 1)) && CLIENT_NAMESPACES.has(text.slice(j, start - 1));
}
