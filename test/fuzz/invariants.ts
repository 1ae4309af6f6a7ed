// The checks every fuzzed result must pass. Positions are checked against `Lines`, a deliberately naive
// line table written here (not the core's LineIndex), so a bug there cannot hide a bug elsewhere.
import type { CodeAction, Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { Finding, Reference } from '../../server/src/core/model';

export class InvariantError extends Error {
  override name = 'InvariantError';
}

/** A core function threw: which one, and what (the original error is the cause). */
export class CoreThrew extends Error {
  override name = 'CoreThrew';
}

/** Call a core function; any exception it lets out fails the property, naming the function. */
export function core<T>(fn: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof InvariantError) throw e;
    const err = e instanceof Error ? e : undefined;
    const frame = err?.stack?.split('\n').find((l) => l.includes('server/src/core/'));
    const where = frame && /at (\S+) .*server\/src\/core\/([\w.]+)/.exec(frame)?.slice(1).join(' in core/');
    throw new CoreThrew(`${fn} threw ${err ? `${err.name}: ${err.message}` : String(e)}${where ? ` (${where})` : ''}`, { cause: e });
  }
}

export function check(ok: unknown, message: string | (() => string)): asserts ok {
  if (!ok) throw new InvariantError(typeof message === 'string' ? message : message());
}

/** Short, printable excerpt of a string for messages (escapes control characters and surrogates). */
export function show(s: string, max = 120): string {
  const cut = s.length > max ? s.slice(0, max) + `…(+${s.length - max})` : s;
  return JSON.stringify(cut);
}

const RULE_IDS = new Set(['not-granted', 'mutex-set', 'agreement-required', 'unknown-set', 'needs-confirmation', 'unused-grant', 'invalid-config']);
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** Lines end at \r\n, \r or \n (as LSP counts them); characters are UTF-16 code units. */
export class Lines {
  readonly starts: number[] = [0];
  /** Offset just past each line's last character, before its line break. */
  readonly ends: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 || c === 10) {
        this.ends.push(i);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
    this.ends.push(text.length);
  }

  get count(): number {
    return this.starts.length;
  }

  /** LSP position of an offset; inside a \r\n pair it is the end of the line. */
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(offset, this.ends[lo]) - this.starts[lo] };
  }

  offset(p: Position): number {
    return this.starts[p.line] + p.character;
  }

  isValid(p: Position | undefined): boolean {
    return !!p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < this.count
      && p.character >= 0 && p.character <= this.ends[p.line] - this.starts[p.line];
  }
}

export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** A range whose both ends are real positions of the text, start not after end. */
export function checkRange(lines: Lines, range: Range | undefined, what: string): void {
  check(range && typeof range === 'object', `${what}: no range`);
  check(lines.isValid(range.start), () => `${what}: start ${JSON.stringify(range.start)} is not a position of the document (${lines.count} lines)`);
  check(lines.isValid(range.end), () => `${what}: end ${JSON.stringify(range.end)} is not a position of the document (${lines.count} lines, line ${range.end?.line} has ${lines.ends[range.end?.line] - lines.starts[range.end?.line]} characters)`);
  check(!before(range.end, range.start), () => `${what}: range ends before it starts ${JSON.stringify(range)}`);
}

/** Every reference inside the text, pointing at its own text, with LSP positions of its offsets; sorted, no overlaps. */
export function checkReferences(text: string, refs: readonly Reference[], lines = new Lines(text)): void {
  check(Array.isArray(refs), 'scan did not return an array');
  let end = 0;
  for (const [i, r] of refs.entries()) {
    const at = `reference ${i} (${r?.kind} ${show(String(r?.text))} at ${r?.offset})`;
    check(Number.isInteger(r.offset) && Number.isInteger(r.length), `${at}: offset/length not integers`);
    check(r.length > 0, `${at}: empty`);
    check(r.offset >= 0 && r.offset + r.length <= text.length, () => `${at}: outside the text (length ${text.length})`);
    check(r.offset >= end, () => `${at}: overlaps or is out of order (previous ended at ${end})`);
    end = r.offset + r.length;
    check(text.slice(r.offset, r.offset + r.length) === r.text, () => `${at}: text.slice gives ${show(text.slice(r.offset, r.offset + r.length))}`);
    const want = { start: lines.position(r.offset), end: lines.position(r.offset + r.length) };
    check(sameRange(r.range, want), () => `${at}: range ${JSON.stringify(r.range)} but its offsets are at ${JSON.stringify(want)}`);
    check(Array.isArray(r.sets) && r.sets.every((id: number) => Number.isInteger(id)), `${at}: sets ${JSON.stringify(r.sets)}`);
    check(typeof r.allOf === 'boolean', `${at}: allOf not boolean`);
    if (r.kind === 'set-id') {
      check(Number.isInteger(r.setId) && r.setId! >= 0, `${at}: set id ${r.setId}`);
      check(r.sets.length === 1 && r.sets[0] === r.setId && !r.allOf, `${at}: sets ${JSON.stringify(r.sets)} for set id ${r.setId}`);
      check(Number(r.text) === r.setId, `${at}: text does not read as set id ${r.setId}`);
      check(['grants', 'funcscope', 'category_id_list'].includes(String(r.context)), `${at}: context ${r.context}`);
    } else {
      check(r.kind === 'path' || r.kind === 'name', `${at}: kind`);
      check(!!r.resolution && r.path === r.resolution.path, `${at}: path ${r.path} does not match its resolution`);
      check(sameList(r.sets, r.resolution!.coverage.sets) && r.allOf === r.resolution!.coverage.allOf, `${at}: sets differ from the resolution's coverage`);
    }
  }
}

/** Findings on the scanned document: valid rule and severity, and the range of the reference they judge. */
export function checkFindings(text: string, refs: readonly Reference[], findings: readonly Finding[], lines = new Lines(text)): void {
  check(Array.isArray(findings), 'judge did not return an array');
  const known = new Set(refs);
  for (const [i, f] of findings.entries()) {
    const at = `finding ${i} (${f?.rule})`;
    check(RULE_IDS.has(f.rule), `${at}: unknown rule`);
    check(SEVERITIES.has(f.severity), `${at}: severity ${f.severity}`);
    check(typeof f.message === 'string' && f.message.trim().length > 0, `${at}: empty message`);
    check(f.file === undefined, `${at}: a document finding names file ${f.file}`);
    checkRange(lines, f.range, at);
    check(!!f.reference && known.has(f.reference), `${at}: not attached to one of the judged references`);
    check(sameRange(f.range, f.reference!.range), () => `${at}: range ${JSON.stringify(f.range)} is not its reference's ${JSON.stringify(f.reference!.range)}`);
    for (const id of [...(f.data?.sets ?? []), ...(f.data?.missing ?? []).flatMap((m: { sets: number[] }) => m.sets)]) check(Number.isInteger(id), `${at}: data set ${id}`);
  }
}

/** Apply LSP edits to a text, the way an editor does (all ranges against the original). */
export function applyTextEdits(text: string, edits: readonly TextEdit[], what: string): string {
  const lines = new Lines(text);
  const spans = edits.map((e, i) => {
    check(e && typeof e.newText === 'string', `${what}: edit ${i} has no newText`);
    checkRange(lines, e.range, `${what}: edit ${i}`);
    return { start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText, i };
  });
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  for (let i = 1; i < spans.length; i++) check(spans[i].start >= spans[i - 1].end, `${what}: edits overlap`);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Code actions: a title, a kind, and edits / commands an editor can apply as they are. */
export function checkActions(actions: readonly CodeAction[], docs: ReadonlyMap<string, string | undefined>, openDocsCommand: string): void {
  check(Array.isArray(actions), 'codeActions did not return an array');
  for (const [i, a] of actions.entries()) {
    const at = `action ${i} (${a?.title})`;
    check(typeof a.title === 'string' && a.title.trim().length > 0, `${at}: empty title`);
    check(a.kind === 'quickfix', `${at}: kind ${a.kind}`);
    check(!!a.edit || !!a.command, `${at}: neither edit nor command`);
    if (a.command) {
      check(a.command.command === openDocsCommand, `${at}: command ${a.command.command}`);
      check(Array.isArray(a.command.arguments) && a.command.arguments.length === 1 && /^https?:\/\//.test(String(a.command.arguments[0])), `${at}: command arguments ${JSON.stringify(a.command.arguments)}`);
    }
    if (!a.edit) continue;
    for (const [uri, edits] of Object.entries(a.edit.changes ?? {})) {
      check(docs.has(uri), `${at}: edits unknown document ${uri}`);
      const text = docs.get(uri);
      check(text !== undefined, `${at}: edits ${uri}, which does not exist (it should be created)`);
      check(Array.isArray(edits) && edits.length > 0, `${at}: no edits for ${uri}`);
      applyTextEdits(text, edits, `${at} on ${uri}`);
    }
    for (const change of a.edit.documentChanges ?? []) {
      if ('kind' in change) {
        check(change.kind === 'create' && docs.has(change.uri) && docs.get(change.uri) === undefined, `${at}: resource change ${JSON.stringify(change)}`);
        continue;
      }
      check(docs.has(change.textDocument.uri), `${at}: edits unknown document ${change.textDocument.uri}`);
      const text = docs.get(change.textDocument.uri) ?? '';
      applyTextEdits(text, change.edits as TextEdit[], `${at} on ${change.textDocument.uri}`);
    }
  }
}

export function sameRange(a: Range | undefined, b: Range | undefined): boolean {
  return !!a && !!b && a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether `small`'s characters appear in `big` in order (what an insert-only edit must leave). */
export function isSubsequence(small: string, big: string): boolean {
  let j = 0;
  for (let i = 0; i < big.length && j < small.length; i++) if (big.charCodeAt(i) === small.charCodeAt(j)) j++;
  return j === small.length;
}
