// Quick fixes for findings: record a set as granted in wxperm.json, silence one line, or read the docs.
// Granting edits the config, never the code: the code is right, the authorizer's grants are what is missing.
import {
  CodeActionKind, CreateFile, TextDocumentEdit, TextEdit,
  type CodeAction, type Command, type Range, type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import { addGrantsEdits } from './configEdit';
import { localText } from './hover';
import { LineIndex } from './lineIndex';
import type { Finding, RuleId } from './model';
import { rankSets } from './ranking';
import { tr } from './strings';
import { commentPrefixFor, parseSuppressions } from './suppressions';
import type { Locale } from './types';

/** The client registers this command; it opens the URL in the external browser. */
export const OPEN_DOCS_COMMAND = 'wxperm.openDocs';
/** How many covering sets get a "Grant set N" fix, best first. */
const GRANT_FIXES = 3;

export interface ActionDocument {
  uri: string;
  text: string;
  languageId?: string;
}

export interface ActionContext {
  catalog: Catalog;
  locale: Locale;
  /** The wxperm.json governing the document, existing or to be created. */
  configUri: string;
  /** Its text; undefined when the file does not exist yet. */
  configText?: string;
}

/** Lets the server attach the diagnostic the action fixes: same rule (diagnostic code), same range. */
export interface ActionData {
  rule: RuleId;
  range: Range;
}

export function codeActions(doc: ActionDocument, range: Range, findings: readonly Finding[], ctx: ActionContext): CodeAction[] {
  const relevant = findings.filter((f) => overlaps(f.range, range));
  const grants = relevant.filter((f) => f.rule === 'not-granted').flatMap((f) => grantActions(f, ctx));
  const ignores = unique(relevant.filter((f) => f.reference).map((f) => ignoreAction(doc, f, ctx.locale)), (a) => a?.title + JSON.stringify(a?.edit));
  const docs = unique(relevant.filter((f) => f.reference).map((f) => docsAction(f, ctx)), (a) => JSON.stringify(a?.command?.arguments));
  return [...grants, ...ignores, ...docs].filter((a): a is CodeAction => !!a);
}

// ---- grant ----

interface Step {
  setId: number;
  authorizer?: string;
}

function grantActions(f: Finding, ctx: ActionContext): CodeAction[] {
  const ref = f.reference;
  const ranked = f.data?.sets?.length ? f.data.sets : ref ? rankSets(ctx.catalog, ref.sets) : [];
  const missing = f.data?.missing?.length ? f.data.missing : [{ authorizer: undefined, sets: ranked }];
  const options: CodeAction[] = [];
  if (ref?.allOf) {
    // Every one is needed, so none is "best": list them in id order, as people write them.
    const steps = missing.flatMap((m) => [...(m.sets.length ? m.sets : ranked)].sort((a, b) => a - b).map((setId) => ({ setId, authorizer: m.authorizer })));
    const sets = [...new Set(steps.map((s) => s.setId))];
    const action = grantAction(f, steps, allOfTitle(sets, missing, ctx), ctx);
    if (action) options.push(action);
  } else {
    for (const setId of ranked.slice(0, GRANT_FIXES)) {
      const steps = missing.map((m) => ({ setId, authorizer: m.authorizer }));
      const action = grantAction(f, steps, anyOfTitle(setId, missing, ctx), ctx);
      if (action) options.push(action);
    }
  }
  if (options[0]) options[0].isPreferred = true;
  return options;
}

function grantAction(f: Finding, steps: Step[], title: string, ctx: ActionContext): CodeAction | undefined {
  const result = addGrantsEdits(ctx.configText, steps, { locale: ctx.locale, fileLabel: fileLabel(ctx.configUri) });
  // The config cannot take the grant (a saved response, a broken file): the diagnostic says what to do in WeChat.
  if ('error' in result || !result.edits.length) return undefined;
  const data: ActionData = { rule: f.rule, range: f.range };
  return { title, kind: CodeActionKind.QuickFix, edit: configEdit(ctx, result.edits, result.newText), data };
}

function configEdit(ctx: ActionContext, edits: TextEdit[], newText: string): WorkspaceEdit {
  if (ctx.configText !== undefined) return { changes: { [ctx.configUri]: edits } };
  return {
    documentChanges: [
      CreateFile.create(ctx.configUri, { ignoreIfExists: true }),
      TextDocumentEdit.create({ uri: ctx.configUri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, newText)]),
    ],
  };
}

function anyOfTitle(setId: number, missing: readonly { authorizer?: string }[], ctx: ActionContext): string {
  const file = fileLabel(ctx.configUri);
  const name = setName(setId, ctx);
  const who = authorizerList(missing);
  return who ? tr(ctx.locale, 'Grant set {0} ({1}) to {3} in {2}', setId, name, file, who) : tr(ctx.locale, 'Grant set {0} ({1}) in {2}', setId, name, file);
}

function allOfTitle(sets: number[], missing: readonly { authorizer?: string }[], ctx: ActionContext): string {
  if (sets.length === 1) return anyOfTitle(sets[0], missing, ctx);
  const file = fileLabel(ctx.configUri);
  const list = sets.map((id) => `${id} (${setName(id, ctx)})`).join(', ');
  const who = authorizerList(missing);
  return who ? tr(ctx.locale, 'Grant sets {0} to {2} in {1}', list, file, who) : tr(ctx.locale, 'Grant sets {0} in {1}', list, file);
}

/** Named authorizers only: `#1` is what grants.ts calls the one unnamed list, not worth a mention. */
function authorizerList(missing: readonly { authorizer?: string }[]): string {
  const names = missing.map((m) => m.authorizer).filter((a): a is string => !!a);
  return names.length === 1 && names[0] === '#1' ? '' : names.join(', ');
}

function setName(id: number, ctx: ActionContext): string {
  const set = ctx.catalog.set(id);
  return set ? localText(set.name, ctx.locale) : tr(ctx.locale, ctx.catalog.outside(id) ? 'outside the seed' : 'unknown');
}

// ---- ignore ----

function ignoreAction(doc: ActionDocument, f: Finding, locale: Locale): CodeAction | undefined {
  // Strict JSON has no comments; JSONC (wxperm.json) does.
  if (doc.languageId === 'json') return undefined;
  const lines = new LineIndex(doc.text);
  const line = f.range.start.line;
  const data: ActionData = { rule: f.rule, range: f.range };
  return {
    title: tr(locale, 'Ignore {0} on this line', f.rule),
    kind: CodeActionKind.QuickFix,
    edit: { changes: { [doc.uri]: [extendDirective(doc.text, lines, line, f.rule) ?? newDirective(doc, lines, line, f.rule)] } },
    data,
  };
}

/** A directive above already names other rules for this line: add this one to its list. */
function extendDirective(text: string, lines: LineIndex, line: number, rule: RuleId): TextEdit | undefined {
  const directive = parseSuppressions(text).directives.find((d) => d.kind === 'next-line' && d.target === line && d.rules !== 'all');
  return directive && TextEdit.insert(lines.positionAt(directive.offset + directive.length), `, ${rule}`);
}

function newDirective(doc: ActionDocument, lines: LineIndex, line: number, rule: RuleId): TextEdit {
  const comment = commentPrefixFor(doc.languageId ?? '');
  const indent = /^[ \t]*/.exec(doc.text.slice(lines.offsetAt({ line, character: 0 })))![0];
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  return TextEdit.insert({ line, character: 0 }, `${indent}${comment.start}wxperm-ignore-next-line ${rule}${comment.end ?? ''}${eol}`);
}

// ---- documentation ----

function docsAction(f: Finding, ctx: ActionContext): CodeAction | undefined {
  const url = docUrl(f, ctx.catalog);
  if (!url) return undefined;
  const title = tr(ctx.locale, 'Open documentation');
  const command: Command = { title, command: OPEN_DOCS_COMMAND, arguments: [url] };
  return { title, kind: CodeActionKind.QuickFix, command, data: { rule: f.rule, range: f.range } satisfies ActionData };
}

/** The interface's page, else the page of its best set (families and set ids have only those). */
function docUrl(f: Finding, catalog: Catalog): string | undefined {
  if (f.data?.doc) return f.data.doc;
  const ref = f.reference;
  if (ref?.resolution?.kind === 'interface' && ref.resolution.iface.doc) return ref.resolution.iface.doc;
  const sets = f.data?.sets ?? ref?.sets ?? [];
  return [ref?.setId, ...sets].map((id) => (id === undefined ? undefined : catalog.set(id)?.doc)).find(Boolean);
}

// ---- helpers ----

function overlaps(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(p: { line: number; character: number }, q: { line: number; character: number }): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

function fileLabel(uri: string): string {
  const base = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(base) || 'wxperm.json';
  } catch {
    return base;
  }
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
