// Adding a granted set to wxperm.json the way a careful person would by hand: one insertion, the
// file's own indentation and line ends, comments and trailing commas left where they were.
// jsonc-parser's `modify` re-formats the whole array it touches (an inline `[17, 18]` becomes one id
// per line, and its formatting pass can re-scan from inside a comment), so every edit is computed here
// from its parse tree and scanner, on the very node grants.ts reads (the last of duplicate keys).
import { applyEdits, createScanner, parseTree, SyntaxKind, type Edit, type Node, type ParseError } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import { tooDeep } from './jsonDepth';
import { LineIndex } from './lineIndex';
import { tr } from './strings';
import type { Locale } from './types';

/** Where new files point for completion and validation; the extension also maps `wxperm.json` to the schema itself. */
export const CONFIG_SCHEMA_URL = 'https://unpkg.com/wxperm/catalog/wxperm.schema.json';

export interface GrantEditOptions {
  /** The authorizer (appid key of `authorization`) whose id list gets the set. */
  authorizer?: string;
  locale?: Locale;
  /** How messages name the file. */
  fileLabel?: string;
}

export type GrantEditResult = { edits: TextEdit[]; newText: string } | { error: string };

interface Format {
  indent: string;
  eol: string;
}

export function addGrantEdits(configText: string | undefined, setId: number, options: GrantEditOptions = {}): GrantEditResult {
  return addGrantsEdits(configText, [{ setId, authorizer: options.authorizer }], options);
}

/** Several grants in one edit (an all-of pair, or one set for several authorizers); all or nothing. */
export function addGrantsEdits(configText: string | undefined, grants: readonly { setId: number; authorizer?: string }[], options: GrantEditOptions = {}): GrantEditResult {
  let text = configText ?? '';
  let steps = 0;
  let last: Edit[] = [];
  for (const g of grants) {
    const step = grantStep(text, g.setId, { ...options, authorizer: g.authorizer });
    if ('error' in step) return step;
    if (!step.length) continue;
    text = applyEdits(text, step);
    last = step;
    steps++;
  }
  const original = configText ?? '';
  const edits = steps === 0 ? [] : steps === 1 ? last : [diffEdit(original, text)];
  const index = new LineIndex(original);
  return { edits: edits.map((e) => toTextEdit(index, e)), newText: text };
}

function grantStep(text: string, setId: number, options: GrantEditOptions): Edit[] | { error: string } {
  if (!text.trim()) return [{ offset: 0, length: text.length, content: newConfig(setId) }];
  const file = options.fileLabel ?? 'wxperm.json';
  const locale = options.locale ?? 'en';
  const unreadable = { error: tr(locale, '{0} does not parse; fix it before adding grants.', file) };
  // Editors write a BOM and grants.ts reads past it; a space keeps every offset where it was.
  const blanked = text.replace(/^\uFEFF/, ' ');
  // grants.ts refuses a file nested past MAX_DEPTH (and parseTree would overflow the stack on it):
  // an edit there would grant nothing.
  if (tooDeep(blanked) !== undefined) return unreadable;
  const errors: ParseError[] = [];
  const root = parseTree(blanked, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root || root.type !== 'object') return unreadable;
  const target = listFor(root, setId, options, file, locale);
  if ('error' in target) return target;
  const fmt = detectFormat(text);
  if (target.list) return appendToList(text, target.list, setId, fmt);
  return appendItem(text, root, `"grants": [${setId}]`, fmt);
}

/** The id list the set belongs in: an authorizer's list, the top-level `grants`, or none yet. */
function listFor(root: Node, setId: number, options: GrantEditOptions, file: string, locale: Locale): { list?: Node } | { error: string } {
  const authorization = property(root, 'authorization');
  // grants.ts reads `grants` only when there is no `authorization`; an edit anywhere else would change nothing.
  if (!authorization) {
    const grants = property(root, 'grants');
    if (grants && grants.type !== 'array') return { error: tr(locale, '`{0}` in {1} is not a list of set ids.', 'grants', file) };
    return { list: grants };
  }
  const entries = authorizerEntries(authorization);
  if (!entries) {
    return { error: tr(locale, 'The grants in {0} come from a saved authorization response; grant set {1} in WeChat (re-authorize), then save the new response.', file, setId) };
  }
  const named = options.authorizer;
  if (named === undefined && entries.length !== 1) {
    return { error: tr(locale, '{0} lists grants per authorizer; name the authorizer to add set {1} to.', file, setId) };
  }
  const entry = named === undefined ? entries[0] : entries.filter((e) => e.label === named).pop();
  // A response inside a list is labelled by the appid inside it, which only grants.ts reads: call it a response too.
  const fromResponse = entry ? entry.node.type !== 'array' : entries.some((e) => e.node.type !== 'array');
  if (fromResponse) {
    return { error: tr(locale, 'Authorizer {0} takes its grants from a saved authorization response; grant set {1} in WeChat (re-authorize), then save the new response.', entry?.label ?? named ?? '', setId) };
  }
  if (!entry) return { error: tr(locale, 'Authorizer {0} is not in {1}.', named ?? '', file) };
  return { list: entry.node };
}

/** The value of `key`; the last one when it is repeated, as JSON.parse and grants.ts read it. */
function property(object: Node, key: string): Node | undefined {
  const props = (object.children ?? []).filter((p) => p.children?.[0]?.value === key);
  return props[props.length - 1]?.children?.[1];
}

/** Keys that make an object one saved response rather than a map appid → entry (as grants.ts reads it). */
const RESPONSE_KEYS = ['authorization_info', 'authorizer_info', 'func_info', 'errcode', 'errmsg', 'authorizer_appid'];

/**
 * The entries of `authorization`, labelled the way grants.ts labels authorizers (the appid key, or `#n`
 * in a list); undefined when it is one saved response, pasted in or named by path.
 */
function authorizerEntries(node: Node): { label: string; key: string | number; node: Node }[] | undefined {
  if (node.type === 'array') return (node.children ?? []).map((c, i) => ({ label: `#${i + 1}`, key: i, node: c }));
  if (node.type !== 'object') return undefined;
  const props = (node.children ?? []).filter((p) => p.children?.[0]?.type === 'string' && p.children[1]);
  if (props.some((p) => RESPONSE_KEYS.includes(p.children![0].value))) return undefined;
  return props.map((p) => ({ label: String(p.children![0].value).trim(), key: p.children![0].value as string, node: p.children![1] }));
}

function appendToList(text: string, list: Node, setId: number, fmt: Format): Edit[] {
  const ids = (list.children ?? []).map((c) => c.value);
  if (ids.includes(setId)) return [];
  return appendItem(text, list, String(setId), fmt);
}

/** Insert `item` after the container's last child, in the container's own layout (inline or one per line). */
function appendItem(text: string, container: Node, item: string, fmt: Format): Edit[] {
  const children = container.children ?? [];
  if (!children.length) return fillEmpty(text, container, item, fmt);
  const last = children[children.length - 1];
  const lastEnd = last.offset + last.length;
  const tail = tailAfter(text, lastEnd, container.offset + container.length - 1);
  const multiline = text.slice(container.offset, children[0].offset).includes('\n');
  if (!multiline) {
    return tail.comma >= 0 ? [{ offset: tail.comma + 1, length: 0, content: ` ${item},` }] : [{ offset: lastEnd, length: 0, content: `, ${item}` }];
  }
  const line = fmt.eol + lineIndent(text, last.offset) + item + (tail.comma >= 0 ? ',' : '');
  if (tail.comma >= 0) return [{ offset: tail.end, length: 0, content: line }];
  if (tail.end === lastEnd) return [{ offset: lastEnd, length: 0, content: ',' + line }];
  return [{ offset: lastEnd, length: 0, content: ',' }, { offset: tail.end, length: 0, content: line }];
}

/**
 * After the last child: its trailing comma, and where the comments on the line of the last thing there
 * (the comma, or the child when there is none) end. A comma on a later line (`1 // c⏎, // d`) is
 * where the new item must follow, so the end is then taken from the comma's line.
 */
function tailAfter(text: string, from: number, close: number): { comma: number; end: number } {
  const scanner = createScanner(text, false);
  scanner.setPosition(from);
  let comma = -1;
  let end = from;
  let lineBroken = false;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF && scanner.getTokenOffset() < close; kind = scanner.scan()) {
    const tokenEnd = scanner.getTokenOffset() + scanner.getTokenLength();
    if (kind === SyntaxKind.CommaToken) {
      comma = scanner.getTokenOffset();
      end = tokenEnd;
      lineBroken = false;
    } else if (kind === SyntaxKind.LineBreakTrivia) {
      lineBroken = true;
    } else if ((kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) && !lineBroken) {
      end = tokenEnd;
    }
  }
  return { comma, end };
}

/**
 * Put the first item into an empty container, after whatever comments it holds (only comments and
 * blanks can be there: anything else is a child or a parse error). Only the blanks after the last
 * comment are replaced, so every comment stays as it was, and a line comment keeps its line end.
 */
function fillEmpty(text: string, container: Node, item: string, fmt: Format): Edit[] {
  const open = container.offset + 1;
  const close = container.offset + container.length - 1;
  const from = lastTokenEnd(text, open, close);
  const inner = text.slice(open, close);
  const blanks = close - from;
  if (container.type === 'array' && !inner.includes('\n')) return [{ offset: from, length: blanks, content: from > open ? ` ${item}` : item }];
  const base = lineIndent(text, container.offset);
  return [{ offset: from, length: blanks, content: fmt.eol + base + fmt.indent + item + fmt.eol + base }];
}

/** The end of the last token (a comment, in an empty container) between `from` and `close`; `from` when there is none. */
function lastTokenEnd(text: string, from: number, close: number): number {
  const scanner = createScanner(text, false);
  scanner.setPosition(from);
  let end = from;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF && scanner.getTokenOffset() < close; kind = scanner.scan()) {
    if (kind !== SyntaxKind.Trivia && kind !== SyntaxKind.LineBreakTrivia) end = Math.min(close, scanner.getTokenOffset() + scanner.getTokenLength());
  }
  return end;
}

function newConfig(setId: number): string {
  return `{\n  "$schema": "${CONFIG_SCHEMA_URL}",\n  "grants": [${setId}]\n}\n`;
}

/** The indentation unit and line end the file already uses (2 spaces and LF for a file that shows none). */
export function detectFormat(text: string): Format {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // The first indented line is a top-level key or comment: one unit deep.
  const first = /^([ \t]+)\S/m.exec(text)?.[1];
  if (!first) return { indent: '  ', eol };
  return { indent: first.startsWith('\t') ? '\t' : first, eol };
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/**
 * One edit spanning only what changed, for several steps applied one after another. It never starts
 * or ends between the \r and \n of a CRLF: an LSP position cannot point there (it is the line's end).
 */
function diffEdit(before: string, after: string): Edit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') start--;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const cut = before.length - end;
  if (end > 0 && before[cut - 1] === '\r' && before[cut] === '\n') end--;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

function toTextEdit(index: LineIndex, e: Edit): TextEdit {
  return { range: { start: index.positionAt(e.offset), end: index.positionAt(e.offset + e.length) }, newText: e.content };
}
