// Suppression comments: `wxperm-ignore-next-line [rules]` and `wxperm-ignore-file [rules]`, in any
// language's comment syntax. The judge asks `isSuppressed` for each finding; the scanner ignores nothing.
//
// A marker counts only where it starts a comment: right after `//`, `#`, `/*`, `<!--`, `--`, `;`, `'`,
// `%`, or a block comment's leading `*`, with that opener outside any string on its line. So
// `"// wxperm-ignore-next-line"` in a string literal suppresses nothing.
// Rules are comma/space separated ids; ` -- ` starts a free-text reason (as in ESLint). Ids that are
// not rules are ignored and kept in `unknownRules` for the caller to report, so a typo leaves the
// finding visible instead of silently hiding everything.
import { LineIndex } from './lineIndex';
import type { RuleId } from './model';

/** Every rule, or just these. */
export type SuppressedRules = 'all' | ReadonlySet<RuleId>;

export interface SuppressionDirective {
  kind: 'next-line' | 'file';
  /** 0-based line of the comment. */
  line: number;
  /** next-line: the line it applies to (the next non-blank line that is not itself a directive). */
  target?: number;
  rules: SuppressedRules;
  unknownRules: string[];
  /** UTF-16 offset and length of the marker and its rule list. */
  offset: number;
  length: number;
}

export interface Suppressions {
  /** Rules ignored in the whole file. */
  file?: SuppressedRules;
  /** Rules ignored per 0-based line. */
  lines: ReadonlyMap<number, SuppressedRules>;
  directives: readonly SuppressionDirective[];
}

export function parseSuppressions(text: string): Suppressions {
  const directives: SuppressionDirective[] = [];
  if (typeof text !== 'string' || !text.includes(MARKER)) return { lines: new Map(), directives };
  const lines = new LineIndex(text);
  const quotes = new QuoteState(text);
  for (let at = text.indexOf(MARKER); at >= 0; at = text.indexOf(MARKER, at + 1)) {
    const d = directiveAt(text, at, lines, quotes);
    if (d) directives.push(d);
  }
  return collect(text, lines, directives);
}

export function isSuppressed(s: Suppressions, line: number, rule: RuleId): boolean {
  return covers(s.file, rule) || covers(s.lines.get(line), rule);
}

/** How to start (and end) a line comment in a language, for the "ignore" quick fix. */
export function commentPrefixFor(languageId: string): { start: string; end?: string } {
  if (HASH_LANGUAGES.has(languageId)) return { start: '# ' };
  if (MARKUP_LANGUAGES.has(languageId)) return { start: '<!-- ', end: ' -->' };
  if (DASH_LANGUAGES.has(languageId)) return { start: '-- ' };
  if (languageId === 'vb') return { start: "' " };
  if (languageId === 'ini') return { start: '; ' };
  return { start: '// ' };
}

const HASH_LANGUAGES = new Set(['python', 'yaml', 'shellscript', 'ruby', 'toml', 'dockerfile', 'makefile', 'properties', 'perl', 'r', 'powershell', 'coffeescript', 'elixir']);
const MARKUP_LANGUAGES = new Set(['html', 'xml', 'markdown', 'vue-html', 'xsl', 'svg', 'wxml']);
const DASH_LANGUAGES = new Set(['sql', 'lua', 'haskell']);

// ---------------------------------------------------------------------------------------------

const MARKER = 'wxperm-ignore-';
const MAX_DIRECTIVE = 500;
const KINDS: [string, SuppressionDirective['kind']][] = [['wxperm-ignore-next-line', 'next-line'], ['wxperm-ignore-file', 'file']];
/** Longest first, so `<!--` is not taken for `--`. */
const OPENERS = ['<!--', '//', '/*', '--', '#', ';', "'", '%'];

const RULES: Record<RuleId, true> = {
  'not-granted': true,
  'mutex-set': true,
  'agreement-required': true,
  'unknown-set': true,
  'needs-confirmation': true,
  'unused-grant': true,
  'invalid-config': true,
};

function isRuleId(s: string): s is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, s);
}

function directiveAt(text: string, at: number, lines: LineIndex, quotes: QuoteState): SuppressionDirective | undefined {
  const kind = KINDS.find(([marker]) => text.startsWith(marker, at));
  if (!kind) return undefined;
  const [marker, k] = kind;
  const line = lines.positionAt(at).line;
  // A rule list is short; bounding it keeps a minified line full of markers linear.
  const lineEnd = Math.min(lines.contentEnd(line), at + MAX_DIRECTIVE);
  const afterMarker = at + marker.length;
  if (!endsWord(text, afterMarker) || !startsComment(text, lines.lineStart(line), at, lineEnd, quotes)) return undefined;
  const listEnd = ruleListEnd(text, afterMarker, lineEnd);
  const { rules, unknownRules } = parseRules(text.slice(afterMarker, listEnd));
  return { kind: k, line, rules, unknownRules, offset: at, length: trimEnd(text, at, listEnd) - at };
}

// `wxperm-ignore-next-lines` is not the marker; a space, `:`, `*/`, `-->` or the line end may follow.
function endsWord(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13 || c === 58 || text.startsWith('*/', i) || text.startsWith('-->', i);
}

/** Only whitespace (or a comment's leading `*`s) between an opener and the marker, and that opener outside strings. */
function startsComment(text: string, lineStart: number, at: number, lineEnd: number, quotes: QuoteState): boolean {
  let k = at;
  while (k > lineStart && isSpace(text.charCodeAt(k - 1))) k--;
  const opener = OPENERS.find((o) => k - o.length >= lineStart && text.startsWith(o, k - o.length));
  // VB's `'` also opens strings elsewhere: a closing `'` later on the line means it was one.
  if (opener === "'" && text.slice(at, lineEnd).includes("'")) return false;
  if (opener) return quotes.balancedBefore(lineStart, k - opener.length);
  // ` * wxperm-ignore-next-line` inside a /** … */ block: the `*` leads its line.
  let s = k;
  while (s > lineStart && text.charCodeAt(s - 1) === STAR) s--;
  if (s === k) return false;
  while (s > lineStart && isSpace(text.charCodeAt(s - 1))) s--;
  return s === lineStart;
}

/**
 * Even counts of unescaped quotes between a line's start and an opener: the opener is not inside a
 * string. Openers are asked for in increasing order, so the counts carry on from the last one asked.
 */
class QuoteState {
  private lineStart = -1;
  private pos = 0;
  private parity = 0;

  constructor(private readonly text: string) {}

  balancedBefore(lineStart: number, to: number): boolean {
    if (lineStart !== this.lineStart || to < this.pos) {
      this.lineStart = lineStart;
      this.pos = lineStart;
      this.parity = 0;
    }
    for (; this.pos < to; this.pos++) {
      const c = this.text.charCodeAt(this.pos);
      if (c === BACKSLASH) this.pos++;
      else if (c === 34) this.parity ^= 1;
      else if (c === 39) this.parity ^= 2;
      else if (c === 96) this.parity ^= 4;
    }
    return this.parity === 0;
  }
}

// The rule list ends at the line end, `*/`, `-->` or a ` -- reason`.
function ruleListEnd(text: string, from: number, lineEnd: number): number {
  const rest = text.slice(from, lineEnd);
  let end = rest.length;
  for (const stop of ['*/', '-->', ' --']) {
    const i = rest.indexOf(stop);
    if (i >= 0 && i < end) end = i;
  }
  return from + end;
}

function parseRules(list: string): { rules: SuppressedRules; unknownRules: string[] } {
  const words = list.replace(/^\s*:/, '').split(/[\s,]+/).filter(Boolean);
  if (!words.length) return { rules: 'all', unknownRules: [] };
  const rules = new Set<RuleId>();
  const unknownRules: string[] = [];
  for (const w of words) {
    if (isRuleId(w)) rules.add(w);
    else unknownRules.push(w);
  }
  return { rules, unknownRules };
}

function collect(text: string, lines: LineIndex, directives: SuppressionDirective[]): Suppressions {
  // Only a line that holds nothing but the directive's comment is skipped when looking for a target:
  // `call() // wxperm-ignore-next-line` is code, and an "ignore" directive placed above it must reach it.
  const directiveLines = new Set(directives.filter((d) => directiveOnly(text, lines, d)).map((d) => d.line));
  // Bottom-up, so a stack of directives reuses the target found for the one below it.
  const targets = new Map<number, number | undefined>();
  for (let i = directives.length - 1; i >= 0; i--) {
    const d = directives[i];
    if (d.kind !== 'next-line') continue;
    if (!targets.has(d.line)) targets.set(d.line, nextCodeLine(text, lines, d.line, directiveLines, targets));
    d.target = targets.get(d.line);
  }
  const byLine = new Map<number, SuppressedRules>();
  let file: SuppressedRules | undefined;
  for (const d of directives) {
    if (d.kind === 'file') file = union(file, d.rules);
    else if (d.target !== undefined) byLine.set(d.target, union(byLine.get(d.target), d.rules));
  }
  return { file, lines: byLine, directives };
}

/** The next line that is neither blank nor a directive line (so directives can be stacked). */
function nextCodeLine(text: string, lines: LineIndex, from: number, directiveLines: ReadonlySet<number>, known: ReadonlyMap<number, number | undefined>): number | undefined {
  for (let l = from + 1; l < lines.lineCount; l++) {
    if (directiveLines.has(l)) {
      // A directive-only line below: ours shares its target (found already, bottom-up).
      if (known.has(l)) return known.get(l);
      continue;
    }
    const end = lines.contentEnd(l);
    for (let i = lines.lineStart(l); i < end; i++) if (!isSpace(text.charCodeAt(i))) return l;
  }
  return undefined;
}

/** What may stand before a directive on a directive-only line: indentation and a comment opener. */
const ONLY_COMMENT_BEFORE = /^\s*(?:\/\/+|\/\*+|#+|<!--|--|;+|'|\*)?\s*$/;
/** …and after it: a comment closer at most. */
const ONLY_COMMENT_AFTER = /^\s*(?:\*\/|-->)?\s*$/;

function directiveOnly(text: string, lines: LineIndex, d: SuppressionDirective): boolean {
  const end = lines.contentEnd(d.line);
  // Words that are no rule id after the marker may well be code: then the line is not a directive line.
  return !d.unknownRules.length && ONLY_COMMENT_BEFORE.test(text.slice(lines.lineStart(d.line), d.offset)) && ONLY_COMMENT_AFTER.test(text.slice(d.offset + d.length, end));
}

function union(a: SuppressedRules | undefined, b: SuppressedRules): SuppressedRules {
  if (a === 'all' || b === 'all') return 'all';
  return a ? new Set([...a, ...b]) : b;
}

function covers(r: SuppressedRules | undefined, rule: RuleId): boolean {
  return r === 'all' || (!!r && r.has(rule));
}

function trimEnd(text: string, from: number, to: number): number {
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return to;
}

const STAR = 42;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0xfeff;
}
