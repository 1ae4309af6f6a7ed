// Completion in the three places where what to type next is a catalog fact: an interface path being
// typed in a string, a set id in wxperm.json's id lists, and a `category_id_list=` value.
// Anywhere else it stays silent: a completion list popping up in ordinary code is noise.
import { findNodeAtLocation, getLocation, parseTree } from 'jsonc-parser';
import { CompletionItemKind, CompletionItemTag, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import { bilingual, coverageList, localText, md, setFlags, statusNote } from './hover';
import { displayPath } from './paths';
import { tooDeep } from './jsonDepth';
import { missingByAuthorizer } from './judge';
import { LineIndex } from './lineIndex';
import type { Grants } from './model';
import { isConfigFile } from './scanner';
import { tr } from './strings';
import type { Interface, Locale } from './types';

export interface CompletionDocument {
  text: string;
  languageId?: string;
  fileName?: string;
}

type Positions = Pick<LineIndex, 'positionAt'>;

export interface CompletionContext {
  catalog: Catalog;
  grants: Grants;
  locale: Locale;
}

export function complete(doc: CompletionDocument, offset: number, ctx: CompletionContext): CompletionItem[] {
  // Built on first use: most requests end before any range is needed.
  let index: LineIndex | undefined;
  const lines = { positionAt: (at: number) => (index ??= new LineIndex(doc.text)).positionAt(at) };
  if (isConfigFile(doc.fileName)) return grantListCompletions(doc.text, offset, lines, ctx);
  const literal = stringBefore(doc.text, offset);
  if (!literal) return [];
  return categoryIdCompletions(doc.text, literal, offset, lines, ctx) ?? pathCompletions(literal, offset, lines, ctx);
}

// ---- string literals ----

interface Literal {
  /** Offset of the first character inside the quotes. */
  start: number;
  /** What is typed between the opening quote and the cursor. */
  content: string;
}

/** The string literal the cursor is in, judged on its line alone (quotes and backslash escapes). */
export function stringBefore(text: string, offset: number): Literal | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let quote = '';
  let open = -1;
  for (let i = lineStart; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      open = i;
    }
  }
  return quote ? { start: open + 1, content: text.slice(open + 1, offset) } : undefined;
}

// ---- interface paths ----

/** Host or leading placeholder (`${BASE}`, `%s`, `{$host}`), then the path typed so far. */
const PATH_TYPED = /^(?:((?:https?:)?\/\/api\.weixin\.qq\.com)|(\$\{[^}]*\}|%s|\{\$?\w+\}))?([\w\-./?=&]*)$/i;

function pathCompletions(literal: Literal, offset: number, lines: Positions, ctx: CompletionContext): CompletionItem[] {
  const m = PATH_TYPED.exec(literal.content);
  if (!m) return [];
  const [, host, placeholder = '', typed] = m;
  if (!(host ? typed === '' || typed.startsWith('/') : startsWithKnownSegment(typed, ctx.catalog))) return [];
  if (placeholder && !typed.startsWith('/')) return [];
  const slash = !!host || typed.startsWith('/');
  const wanted = (slash ? typed : '/' + typed).toLowerCase();
  const range = rangeOf(lines, offset - typed.length, offset);
  return ctx.catalog.interfaces
    .filter((i) => displayPath(i).toLowerCase().startsWith(wanted))
    .map((i) => pathItem(i, slash, range, ctx));
}

/** `/wxa`, `/wxa/…` or `wxa/…`: a bare `wxa` is too common a word to complete on. */
function startsWithKnownSegment(typed: string, catalog: Catalog): boolean {
  const slash = typed.startsWith('/');
  const body = slash ? typed.slice(1) : typed;
  const cut = body.indexOf('/');
  const segment = cut < 0 ? body : body.slice(0, cut);
  return catalog.firstSegments.has(segment) && (slash || cut >= 0);
}

function pathItem(iface: Interface, slash: boolean, range: Range, ctx: CompletionContext): CompletionItem {
  const { catalog, locale, grants } = ctx;
  const coverage = catalog.coverage(iface);
  const label = displayPath(iface);
  const insert = slash ? label : label.slice(1);
  const covered = !missingByAuthorizer(catalog, grants, coverage).length;
  const group = iface.status ? 2 : covered ? 0 : 1;
  const mark = grants.source !== 'none' && coverage.sets.length ? (covered ? ' ✓' : ' ✗') : '';
  return {
    label,
    kind: CompletionItemKind.Reference,
    detail: `${iface.name} · ${setsText(coverage.sets, coverage.allOf, locale)}${mark}`,
    documentation: {
      kind: 'markdown',
      value: [md(bilingual(iface.title, locale)), statusNote(iface, locale), coverageList(coverage, { catalog, grants, locale })].filter(Boolean).join('\n\n'),
    },
    textEdit: { range, newText: insert },
    filterText: insert,
    sortText: `${group}${label}`,
    ...(iface.status ? { tags: [CompletionItemTag.Deprecated] } : {}),
  };
}

function setsText(sets: readonly number[], allOf: boolean, locale: Locale): string {
  return sets.length ? sets.join(allOf ? ' + ' : ', ') : tr(locale, 'no set');
}

// ---- set ids ----

/** Inside `grants: [...]` or an authorizer's list under `authorization`, and nowhere else in the file. */
function grantListCompletions(text: string, offset: number, lines: Positions, ctx: CompletionContext): CompletionItem[] {
  // getLocation and parseTree recurse once per level: a file nested past what grants.ts reads gets nothing.
  if (tooDeep(text) !== undefined) return [];
  const loc = getLocation(text, offset);
  const listPath = loc.path.slice(0, -1);
  const inList = typeof loc.path[loc.path.length - 1] === 'number'
    && ((listPath.length === 1 && listPath[0] === 'grants') || (listPath.length === 2 && listPath[0] === 'authorization'));
  if (!inList || loc.isAtPropertyKey) return [];
  const prev = loc.previousNode;
  const typing = prev && prev.offset + prev.length === offset ? prev : undefined;
  if (typing && typing.type !== 'number') return [];
  if (prev && !typing && prev.type === 'string' && offset > prev.offset && offset < prev.offset + prev.length) return [];
  const root = parseTree(text, [], { allowTrailingComma: true });
  const list = root && findNodeAtLocation(root, listPath as (string | number)[]);
  const listed = (list?.children ?? []).filter((c) => c.offset !== typing?.offset).map((c) => c.value);
  const start = typing ? typing.offset : offset;
  return setItems(new Set(listed), rangeOf(lines, start, offset), ctx);
}

const CATEGORY_TYPED = /category_id_list=((?:\d+(?:\||%7C))*)(\d*)$/i;

/** `category_id_list=17|` in any string: the auth link's list of sets offered to the authorizer. */
function categoryIdCompletions(text: string, literal: Literal, offset: number, lines: Positions, ctx: CompletionContext): CompletionItem[] | undefined {
  const m = CATEGORY_TYPED.exec(literal.content);
  if (!m) return undefined;
  const after = /^[^&"'`\s#]*/.exec(text.slice(offset))![0];
  const current = m[2] + /^\d*/.exec(after)![0];
  const others = (m[1] + after.slice(current.length - m[2].length)).split(/\||%7C/i).filter(Boolean);
  return setItems(new Set(others.map(Number)), rangeOf(lines, offset - m[2].length, offset), ctx);
}

function setItems(listed: ReadonlySet<number>, range: Range, ctx: CompletionContext): CompletionItem[] {
  const { catalog, locale } = ctx;
  const seed = catalog.sets.filter((s) => !listed.has(s.id)).map((s): CompletionItem => ({
    label: String(s.id),
    kind: CompletionItemKind.Value,
    detail: localText(s.name, locale),
    documentation: {
      kind: 'markdown',
      value: [md(bilingual(s.name, locale)), ...setFlags(s, locale)].join(' · ') + '\n\n' + md(localText(s.description, locale)),
    },
    textEdit: { range, newText: String(s.id) },
    filterText: String(s.id),
    sortText: `0${String(s.id).padStart(5, '0')}`,
  }));
  const outside = catalog.outsideIds.filter((o) => !listed.has(o.id)).map((o): CompletionItem => ({
    label: String(o.id),
    kind: CompletionItemKind.Value,
    detail: tr(locale, 'outside the seed'),
    documentation: { kind: 'markdown', value: md(o.note) },
    textEdit: { range, newText: String(o.id) },
    filterText: String(o.id),
    sortText: `1${String(o.id).padStart(5, '0')}`,
  }));
  return [...seed, ...outside];
}

function rangeOf(lines: Positions, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}
