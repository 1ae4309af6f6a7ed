// Adding a granted set to wxperm.json the way a careful person would by hand: one insertion, the
// file's own indentation and line ends, comments and trailing commas left where they were.
// jsonc-parser's `modify` re-formats the whole array it touches (an inline `[17, 18]` becomes one id
// per line), so appends are computed here from its parse tree and scanner; `modify` is kept for the
// odd empty container that holds only comments.
import { applyEdits, createScanner, modify, parseTree, SyntaxKind, type Edit, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
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
  const errors: ParseError[] = [];
  // Editors write a BOM and grants.ts reads past it; a space keeps every offset where it was.
  const root = parseTree(text.replace(/^\uFEFF/, ' '), errors, { allowTrailingComma: true, disallowComments: false });
  const file = options.fileLabel ?? 'wxperm.json';
  const locale = options.locale ?? 'en';
  if (errors.length || !root || root.type !== 'object') return { error: tr(locale, '{0} does not parse; fix it before adding grants.', file) };
  const target = listFor(root, setId, options, file, locale);
  if ('error' in target) return target;
  const fmt = detectFormat(text);
  if (target.list) return appendToList(text, target.list, setId, fmt, target.path);
  return appendItem(text, root, `"grants": [${setId}]`, fmt, ['grants'], [setId]);
}

/** The id list the set belongs in: an authorizer's list, the top-level `grants`, or none yet. */
function listFor(root: Node, setId: number, options: GrantEditOptions, file: string, locale: Locale): { list?: Node; path: JSONPath } | { error: string } {
  const authorization = property(root, 'authorization');
  // grants.ts reads `grants` only when there is no `authorization`; an edit anywhere else would change nothing.
  if (!authorization) {
    const grants = property(root, 'grants');
    if (grants && grants.type !== 'array') return { error: tr(locale, '`{0}` in {1} is not a list of set ids.', 'grants', file) };
    return { list: grants, path: ['grants'] };
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
  return { list: entry.node, path: ['authorization', entry.key] };
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

function appendToList(text: string, list: Node, setId: number, fmt: Format, path: JSONPath): Edit[] {
  const ids = (list.children ?? []).map((c) => c.value);
  if (ids.includes(setId)) return [];
  return appendItem(text, list, String(setId), fmt, path, [...ids, setId]);
}

/** Insert `item` after the container's last child, in the container's own layout (inline or one per line). */
function appendItem(text: string, container: Node, item: string, fmt: Format, path: JSONPath, value: unknown): Edit[] {
  const children = container.children ?? [];
  if (!children.length) return fillEmpty(text, container, item, fmt, path, value);
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

/** After the last child: its trailing comma, and where its line's own comments end. */
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
      if (!lineBroken) end = tokenEnd;
    } else if (kind === SyntaxKind.LineBreakTrivia) {
      lineBroken = true;
    } else if ((kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) && !lineBroken) {
      end = tokenEnd;
    }
  }
  return { comma, end };
}

function fillEmpty(text: string, container: Node, item: string, fmt: Format, path: JSONPath, value: unknown): Edit[] {
  const open = container.offset + 1;
  const close = container.offset + container.length - 1;
  const inner = text.slice(open, close);
  if (inner.trim()) {
    // Only comments inside: let jsonc-parser place the value among them.
    return modify(text, path, value, { formattingOptions: { insertSpaces: fmt.indent !== '\t', tabSize: fmt.indent === '\t' ? 1 : fmt.indent.length, eol: fmt.eol } });
  }
  if (container.type === 'array' && !inner.includes('\n')) return [{ offset: open, length: inner.length, content: item }];
  const base = lineIndent(text, container.offset);
  return [{ offset: open, length: inner.length, content: fmt.eol + base + fmt.indent + item + fmt.eol + base }];
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

/** One edit spanning only what changed, for several steps applied one after another. */
function diffEdit(before: string, after: string): Edit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

function toTextEdit(index: LineIndex, e: Edit): TextEdit {
  return { range: { start: index.positionAt(e.offset), end: index.positionAt(e.offset + e.length) }, newText: e.content };
}
