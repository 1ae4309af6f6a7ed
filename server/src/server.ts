// The wxperm language server (LSP glue over the pure core). Transports: IPC when VS Code starts it,
// `--stdio` (or `--socket=N`, `--pipe=NAME`) for any other editor: `node dist/server.js --stdio`.
//
// What it does, in the order a client meets it:
// - initialize: reads the client's capabilities and locale, answers with hover, completion, quick
//   fixes, workspace symbols, `wxperm.lookup`, and pull diagnostics when the client supports
//   `textDocument/diagnostic` (then nothing is pushed for open documents) — else push. The catalog is
//   loaded right after (initialized), or by the first request that needs it.
// - settings (`wxperm.*`) per resource through `workspace/configuration` when the client has it, else
//   from `initializationOptions` and `workspace/didChangeConfiguration`.
// - grants and rules: workspaceConfig.ts (wxperm.json at the folder root over settings). Open documents'
//   unsaved text is what the config reader sees, so editing wxperm.json re-checks open documents live.
//   Saved changes arrive as didChangeWatchedFiles (registered dynamically for `**/wxperm.json` and the
//   referenced authorization files); and every check re-stats the config files, so a client without
//   file watching still picks up a change at the next edit.
// - validation is debounced per document (throttle.ts) and a result is published only for the version
//   it was computed for. Oversized or minified documents are skipped with one notice per open.
// - workspace/symbol searches the catalog; each symbol points at its row in CATALOG.md (shipped in dist/).
// - workspace/executeCommand: `wxperm.lookup` here, the rest of protocol.ts in commands.ts (through
//   `commandHost`); advertised as `wxperm.server.*` (see ADVERTISED_PREFIX for why).
// - nothing a client sends may bring it down: every handler is guarded and logs to the client console.
// Per-document state (DocState, settings cache, throttle slot) is dropped on didClose.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  ResponseError,
  ErrorCodes,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  Disposable,
  FileSystemWatcher,
  Hover,
  InitializeParams,
  InitializeResult,
  Range,
  SymbolInformation,
} from 'vscode-languageserver/node';
// protocol.ts speaks vscode-languageserver-types (3.17); vscode-languageserver's own copy is 3.18.
import type { Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { catalogIndexPath, loadCatalog } from './catalogFile';
import { lookup } from './cli/lookup';
import type { Catalog, SearchHit } from './core/catalog';
import type { Finding, Reference } from './core/model';
import type { DocumentInput, ServiceContext } from './core/service';
import type { Locale } from './core/types';
import { scan } from './core/scanner';
import { displayPath } from './core/paths';
import { parseSuppressions } from './core/suppressions';
import { judge } from './core/judge';
import { hover as coreHover } from './core/hover';
import { CONFIG_SCHEMA_URL } from './core/configEdit';
import { Commands } from './protocol';
import { createCommands, type CommandHost, type ConfigSnapshot, type Handler } from './commands';
import { complete } from './core/completion';
import { codeActions } from './core/actions';
import { dedupeFindings, fromDiagnostic, sameRange, SOURCE, toDiagnostic } from './diagnostics';
import { createNodeReader, statStamp } from './nodeReader';
import { DEFAULT_MAX_FILE_SIZE, localeFrom, normalizeSettings, settingsKey, skipReason, type WxpermSettings } from './settings';
import { Throttle } from './throttle';
import { CONFIG_FILE, configPathOf, findConfigFor, folderForLooseFile, isIncluded, resolveConfig, type ResolvedConfig } from './workspaceConfig';

const VERSION = '0.1.0';
/** Every command the server answers (server/src/protocol.ts is the contract with the VS Code client). */
export const COMMANDS = Commands;
/**
 * What executeCommandProvider advertises: the same handlers under a `wxperm.server.` prefix. The short
 * ids (`wxperm.lookup`, …) are answered too but not advertised, because vscode-languageclient registers
 * every advertised id as a VS Code command and the extension registers `wxperm.lookup` itself (a second
 * registerCommand throws and the client fails to start). Other clients may use either spelling.
 */
export const ADVERTISED_PREFIX = 'wxperm.server.';
export const TRIGGER_CHARACTERS = ['/', '"', "'", '|', ',', '['];
/** Debounce of validation after an edit (ms). */
const DEBOUNCE_MS = 75;

const connection = createConnection(ProposedFeatures.all);

// ---- open documents' text ------------------------------------------------------------------------
/** A text's lines, each with its line break (\r\n, \r or \n) and the last without one: the LSP's lines. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  out.push(text.slice(start));
  return out;
}

/**
 * An open document. vscode-languageserver-textdocument rebuilds the whole string on every incremental
 * change (V8 flattens it: a 1 MB file is copied per keystroke, 5–13 ms each here), so an edit storm on
 * a big file queued seconds of work before the next check or hover. This one keeps incoming changes in
 * a line array (a keystroke rewrites one short line) and builds the string once, when it is read.
 */
class SyncedDocument implements TextDocument {
  private doc: TextDocument;
  /** The text as lines while changes are pending; undefined when `doc` is current. */
  private lines: string[] | undefined;

  constructor(readonly uri: string, readonly languageId: string, public version: number, text: string) {
    this.doc = TextDocument.create(uri, languageId, version, text);
  }

  get lineCount(): number {
    return this.lines ? this.lines.length : this.doc.lineCount;
  }

  getText(range?: Range): string {
    return this.current().getText(range);
  }

  positionAt(offset: number): Position {
    return this.current().positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.current().offsetAt(position);
  }

  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        this.doc = TextDocument.create(this.uri, this.languageId, version, change.text);
        this.lines = undefined;
        continue;
      }
      const lines = (this.lines ??= splitLines(this.doc.getText()));
      let { start, end } = change.range;
      if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
      const s = clampPosition(lines, start);
      const e = clampPosition(lines, end);
      // Re-split one line more on each side: an edit may join a \r and a \n, or part them.
      const from = Math.max(0, s.line - 1);
      const to = Math.min(lines.length - 1, e.line + 1);
      let text = from < s.line ? lines[from] : '';
      text += lines[s.line].slice(0, s.character) + change.text + lines[e.line].slice(e.character);
      if (to > e.line) text += lines[to];
      const replacement = splitLines(text);
      if (to < lines.length - 1) replacement.pop(); // `text` ends with a line break, not with a last line
      lines.splice(from, to - from + 1, ...replacement);
    }
    this.version = version;
  }

  private current(): TextDocument {
    if (this.lines) {
      this.doc = TextDocument.create(this.uri, this.languageId, this.version, this.lines.join(''));
      this.lines = undefined;
    }
    return this.doc;
  }
}

/** Where offsetAt would put a position: inside the text, and before the line break. */
function clampPosition(lines: string[], p: Position): Position {
  if (p.line < 0) return { line: 0, character: 0 };
  if (p.line >= lines.length) return { line: lines.length - 1, character: lines[lines.length - 1].length };
  const l = lines[p.line];
  const eol = l.endsWith('\r\n') ? 2 : l.endsWith('\n') || l.endsWith('\r') ? 1 : 0;
  return { line: p.line, character: Math.max(0, Math.min(p.character, l.length - eol)) };
}

const documents = new TextDocuments<SyncedDocument>({
  create: (uri, languageId, version, text) => new SyncedDocument(uri, languageId, version, text),
  update: (doc, changes, version) => {
    doc.apply(changes, version);
    return doc;
  },
});

// ---- state ---------------------------------------------------------------------------------------
let loadedCatalog: Catalog | undefined;
let catalogFailed = false;

/**
 * The catalog, loaded on first use: `initialize` answers without it (parsing it is ~50 ms the editor
 * need not wait for), and `initialized` loads it right after. A catalog that fails to load is reported
 * once; features then answer empty.
 */
function ensureCatalog(): Catalog | undefined {
  if (!loadedCatalog && !catalogFailed) {
    try {
      loadedCatalog = loadCatalog();
    } catch (e) {
      catalogFailed = true;
      logError('loading the catalog', e);
    }
  }
  return loadedCatalog;
}
let locale: Locale = 'en';
const caps = {
  configuration: false,
  pull: false,
  pullRefresh: false,
  watchDynamic: false,
  watchRelative: false,
  configurationDynamic: false,
  workspaceFolders: false,
  codeDescription: false,
  codeActionLiterals: false,
  documentChanges: false,
};
let folders: string[] = [];
/** Settings from initializationOptions / didChangeConfiguration (the fallback of workspace/configuration). */
let globalSettings: WxpermSettings = {};
/** workspace/configuration answers by scope URI (open documents and folders); cleared on config change. */
const settingsCache = new Map<string, Promise<WxpermSettings>>();

interface DocState {
  path?: string;
  skipNotified?: boolean;
  /** TextDocuments fires didChangeContent right after didOpen: that one is not an edit. */
  justOpened?: boolean;
  /** What the last check of this version found (quick fixes and hover reuse it). */
  last?: { version: number; findings: Finding[]; refs?: readonly Reference[] };
}
/** Per open document; deleted on didClose. */
const docState = new Map<string, DocState>();
/** Open documents by normalised file path → uri (the config reader's overlay). */
const openByPath = new Map<string, string>();

interface ConfigEntry {
  resolved: ResolvedConfig;
  stamp: string;
}
/** Resolved configs by folder + settings key; dropped whenever one of their files changes. */
const configCache = new Map<string, ConfigEntry>();
/**
 * Every file a config has read (authorization files): a change to one re-checks. Kept across cache
 * clears so a second change during a refresh is not missed; a file no longer referenced costs one
 * needless re-check at most.
 */
const knownInputs = new Set<string>();
/** Config findings currently standing, by folder → file path → findings. */
const configFindings = new Map<string, Map<string, Finding[]>>();
/** Files that received pushed config diagnostics (to clear them later). */
const pushedConfigFiles = new Set<string>();
/** Last reported problems with the wxperm.* settings, by folder (reported once per change). */
const settingsProblems = new Map<string, string>();
let watcherRegistration: Promise<Disposable> | undefined;
let watcherKey = '';

const throttle = new Throttle(DEBOUNCE_MS, (key, e) => logError(`validation of ${key}`, e));
const reader = createNodeReader({ overlay: (p) => {
  const uri = openByPath.get(normPath(p));
  return uri ? documents.get(uri)?.getText() : undefined;
} });

// ---- helpers -------------------------------------------------------------------------------------
/** wxperm.json now: the open document (text + version, read together) or the file on disk. */
function configSnapshot(file: string): ConfigSnapshot {
  const uri = openByPath.get(normPath(file));
  const open = uri ? documents.get(uri) : undefined;
  if (open) return { text: open.getText(), version: open.version };
  return { text: reader.readFile(file), version: null };
}

/**
 * Edits to an open wxperm.json carry the version they were computed from, so the editor refuses them
 * if the document changed since (LSP `documentChanges`); a file only on disk gets plain `changes`.
 */
function versionedConfigEdit(edit: WorkspaceEdit | undefined, configUri: string, version: number | null): WorkspaceEdit | undefined {
  const edits = edit?.changes?.[configUri];
  if (!edit || !edits || version === null || !caps.documentChanges) return edit;
  const { [configUri]: _moved, ...others } = edit.changes!;
  const rest = Object.entries(others).map(([uri, e]) => ({ textDocument: { uri, version: null }, edits: e }));
  return { documentChanges: [{ textDocument: { uri: configUri, version }, edits }, ...rest] };
}

function logError(what: string, e: unknown): void {
  const msg = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  try {
    connection.console.error(`wxperm: ${what} failed: ${msg}`);
  } catch {
    process.stderr.write(`wxperm: ${what} failed: ${msg}\n`);
  }
}

/** Run a handler; on any exception log it and answer `fallback` instead of failing the request. */
function guard<P extends unknown[], R>(what: string, fallback: R, fn: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      logError(what, e);
      return fallback;
    }
  };
}

/**
 * A `window/showMessage` notification. (connection.window.show*Message sends window/showMessageRequest,
 * which some clients turn into a blocking prompt — Neovim 0.7 calls inputlist().)
 */
function showMessage(type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

function normPath(p: string): string {
  const r = path.resolve(p);
  return process.platform === 'win32' ? r.toLowerCase() : r;
}

function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function fileUri(p: string): string {
  const open = openByPath.get(normPath(p));
  return open ?? pathToFileURL(p).href;
}

function stateOf(uri: string): DocState {
  let s = docState.get(uri);
  if (!s) {
    s = { path: fsPathOf(uri) };
    docState.set(uri, s);
  }
  return s;
}

// ---- settings ------------------------------------------------------------------------------------
function getSettings(scopeUri: string | undefined): Promise<WxpermSettings> {
  if (!caps.configuration || !scopeUri) return Promise.resolve(globalSettings);
  let p = settingsCache.get(scopeUri);
  if (!p) {
    p = connection.workspace.getConfiguration({ scopeUri, section: 'wxperm' }).then(
      (raw: unknown) => ({ ...globalSettings, ...normalizeSettings(raw) }),
      (e: unknown) => {
        logError('workspace/configuration', e);
        return globalSettings;
      },
    );
    settingsCache.set(scopeUri, p);
  }
  return p;
}

// ---- configuration resolution ---------------------------------------------------------------------
function existsWithOverlay(p: string): boolean {
  return openByPath.has(normPath(p)) || fs.existsSync(p);
}

/** The folder that governs a document: nearest workspace folder, else an ancestor with wxperm.json. */
function folderOf(filePath: string | undefined): string | undefined {
  if (!filePath) return folders[0];
  return findConfigFor(filePath, folders) ?? folderForLooseFile(filePath, existsWithOverlay);
}

/** False when the client says the workspace is untrusted (VS Code Restricted Mode). */
let trusted = true;

/**
 * In Restricted Mode `wxperm.authorization` from settings (which may name files to read) is ignored;
 * wxperm.json and `wxperm.grants` still count.
 */
function trustedSettings(settings: WxpermSettings): WxpermSettings {
  if (trusted || settings.authorization === undefined) return settings;
  return { ...settings, authorization: undefined };
}

function resolvedFor(folder: string, untrustedSettings: WxpermSettings): ResolvedConfig {
  const settings = trustedSettings(untrustedSettings);
  const key = `${normPath(folder)}\n${settingsKey(settings)}`;
  const hit = configCache.get(key);
  if (hit && statStamp(hit.resolved.watchedFiles) === hit.stamp) return hit.resolved;
  const catalog = ensureCatalog();
  if (!catalog) throw new Error('catalog not loaded');
  // Stamp before reading, so a write during the read shows up as a change next time.
  const guess = hit?.resolved.watchedFiles ?? [configPathOf(folder)];
  const stampBefore = statStamp(guess);
  const resolved = resolveConfig(folder, settings, catalog, reader, { locale });
  const sameList = JSON.stringify(guess) === JSON.stringify(resolved.watchedFiles);
  configCache.set(key, { resolved, stamp: sameList ? stampBefore : statStamp(resolved.watchedFiles) });
  for (const w of resolved.watchedFiles) knownInputs.add(normPath(w));
  if (hit) {
    // A file changed on disk without a watcher telling us: the other documents need a new look too.
    scheduleConfigRefresh();
  }
  publishConfigFindings(resolved);
  updateWatchers();
  return resolved;
}

/** Group a resolution's findings by the file they are about and publish the ones on closed files. */
function publishConfigFindings(resolved: ResolvedConfig): void {
  const byFile = new Map<string, Finding[]>();
  const aboutSettings: Finding[] = [];
  for (const f of resolved.findings) {
    const file = f.file ?? resolved.configPath;
    if (!file) {
      aboutSettings.push(f);
      continue;
    }
    const list = byFile.get(normPath(file)) ?? [];
    list.push(f);
    byFile.set(normPath(file), list);
  }
  const folderKey = normPath(resolved.folder);
  const settingsText = aboutSettings.map((f) => f.message).join('; ');
  if (settingsText !== (settingsProblems.get(folderKey) ?? '')) {
    settingsProblems.set(folderKey, settingsText);
    // Settings have no document to carry a diagnostic: say it in the log and once on screen.
    if (settingsText) {
      connection.console.warn(`wxperm: settings for ${resolved.folder}: ${settingsText}`);
      showMessage(MessageType.Warning, `wxperm: the wxperm.* settings have problems: ${settingsText}`);
    }
  }
  const before = configFindings.get(folderKey) ?? new Map<string, Finding[]>();
  if (sameFindings(before, byFile)) return;
  configFindings.set(folderKey, byFile);
  const touched = new Set([...before.keys(), ...byFile.keys()]);
  for (const file of touched) {
    const uri = openByPath.get(file);
    if (uri) {
      scheduleValidation(uri, 0); // an open file gets them with its own diagnostics
      if (caps.pull) refreshPull();
    } else {
      pushConfigDiagnostics(file);
    }
  }
}

function sameFindings(a: Map<string, Finding[]>, b: Map<string, Finding[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || JSON.stringify(v.map(brief)) !== JSON.stringify(w.map(brief))) return false;
  }
  return true;
}

function brief(f: Finding): unknown {
  return [f.rule, f.severity, f.range, f.message];
}

/** The standing config findings about `filePath` (from every folder's config). */
function configFindingsFor(filePath: string): Finding[] {
  const key = normPath(filePath);
  const out: Finding[] = [];
  for (const byFile of configFindings.values()) {
    for (const f of byFile.get(key) ?? []) {
      const { file: _file, ...rest } = f;
      void _file;
      out.push(rest);
    }
  }
  return out;
}

function pushConfigDiagnostics(normFile: string): void {
  const findings = configFindingsFor(normFile);
  if (!findings.length && !pushedConfigFiles.has(normFile)) return;
  const uri = pathToFileURL(normFile).href;
  connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(f, { codeDescription: caps.codeDescription })) });
  if (findings.length) pushedConfigFiles.add(normFile);
  else pushedConfigFiles.delete(normFile);
}

function allWatchedFiles(): string[] {
  const out = new Set<string>();
  for (const e of configCache.values()) for (const w of e.resolved.watchedFiles) out.add(w);
  return [...out];
}

function isConfigInput(filePath: string): boolean {
  return path.basename(filePath) === CONFIG_FILE || knownInputs.has(normPath(filePath));
}

/** Watch wxperm.json everywhere plus the authorization files the configs read. */
function updateWatchers(): void {
  if (!caps.watchDynamic) return;
  const extra = allWatchedFiles().filter((p) => path.basename(p) !== CONFIG_FILE).sort();
  const key = JSON.stringify(extra);
  if (watcherRegistration && key === watcherKey) return;
  watcherKey = key;
  const watchers: FileSystemWatcher[] = [{ globPattern: `**/${CONFIG_FILE}` }];
  for (const p of extra) {
    const folder = findConfigFor(p, folders);
    if (caps.watchRelative && folder) {
      watchers.push({ globPattern: { baseUri: pathToFileURL(folder).href, pattern: path.relative(folder, p).split(path.sep).join('/') } });
    } else {
      watchers.push({ globPattern: p.split(path.sep).join('/') });
    }
  }
  const previous = watcherRegistration;
  watcherRegistration = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  watcherRegistration.catch((e: unknown) => logError('registering file watchers', e));
  previous?.then((d) => d.dispose(), () => undefined);
}

/** Something a config depends on changed: drop cached configs and re-check (debounced). */
function configInputsChanged(reason: string): void {
  configCache.clear();
  pendingReasons.add(reason);
  scheduleConfigRefresh();
}

/** Why the pending refresh happens, logged once per refresh (not per keystroke in wxperm.json). */
const pendingReasons = new Set<string>();

function scheduleConfigRefresh(): void {
  throttle.schedule('\0config', async (token) => {
    if (token.stale()) return;
    if (pendingReasons.size) connection.console.log(`wxperm: configuration changed (${[...pendingReasons].join('; ')}); re-checking open documents`);
    pendingReasons.clear();
    await refreshFolders();
    for (const doc of documents.all()) scheduleValidation(doc.uri, 0);
    if (caps.pull) refreshPull();
  });
}

/** Resolve each workspace folder's config (publishes wxperm.json's own findings even when no file is open). */
async function refreshFolders(): Promise<void> {
  for (const folder of folders) {
    const settings = await getSettings(pathToFileURL(folder).href);
    resolvedFor(folder, settings);
  }
}

let refreshPending = false;
function refreshPull(): void {
  if (!caps.pullRefresh || refreshPending) return;
  refreshPending = true;
  setTimeout(() => {
    refreshPending = false;
    connection.languages.diagnostics.refresh().catch((e: unknown) => logError('workspace/diagnostic/refresh', e));
  }, 50);
}

// ---- the core, per document ----------------------------------------------------------------------
interface DocContext {
  input: DocumentInput;
  ctx: ServiceContext;
  resolved: ResolvedConfig;
  settings: WxpermSettings;
}

async function contextFor(doc: TextDocument): Promise<DocContext | undefined> {
  const catalog = ensureCatalog();
  if (!catalog) return undefined;
  const filePath = stateOf(doc.uri).path;
  const settings = await getSettings(doc.uri);
  const folder = folderOf(filePath);
  const resolved = folder
    ? resolvedFor(folder, settings)
    : resolveConfig(path.resolve('.'), settings, catalog, reader, { locale, useConfigFile: false });
  const configPath = folder ? configPathOf(folder) : undefined;
  const ctx: ServiceContext = {
    catalog,
    grants: resolved.grants,
    rules: resolved.config.rules,
    locale,
    ...(configPath ? { configUri: fileUri(configPath) } : {}),
    ...(resolved.configText !== undefined ? { configText: resolved.configText } : {}),
  };
  const input: DocumentInput = { uri: doc.uri, text: doc.getText(), languageId: doc.languageId, ...(filePath ? { fileName: filePath } : {}) };
  return { input, ctx, resolved, settings };
}

interface Checked {
  findings: Finding[];
  refs?: readonly Reference[];
  skipped?: string;
}

async function check(doc: TextDocument): Promise<Checked> {
  const c = await contextFor(doc);
  if (!c) return { findings: [] };
  const { input, ctx, resolved, settings } = c;
  const reason = skipReason(input.text, settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if (reason) {
    notifySkip(doc.uri, reason);
    return { findings: [], skipped: reason };
  }
  const filePath = input.fileName;
  let findings: Finding[] = [];
  let refs: readonly Reference[] | undefined;
  if (!filePath || isIncluded(resolved, filePath)) {
    const found: readonly Reference[] = scan(input.text, ctx.catalog, { languageId: input.languageId, fileName: input.fileName });
    refs = found;
    findings = judge(found, ctx.catalog, ctx.grants, { locale, rules: ctx.rules, suppressions: parseSuppressions(input.text) });
  }
  if (filePath) findings = dedupeFindings([...configFindingsFor(filePath), ...findings]);
  return { findings, refs };
}

function notifySkip(uri: string, reason: string): void {
  const s = stateOf(uri);
  if (s.skipNotified) return;
  s.skipNotified = true;
  const name = s.path ? path.basename(s.path) : uri;
  showMessage(MessageType.Info, `wxperm: not checking ${name}: ${reason}. Permission-set diagnostics are off for this file.`);
  connection.console.log(`wxperm: skipped ${uri}: ${reason}`);
}

function toDiagnostics(findings: Finding[]): Diagnostic[] {
  return findings.map((f) => toDiagnostic(f, { codeDescription: caps.codeDescription }));
}

function scheduleValidation(uri: string, delay = DEBOUNCE_MS): void {
  if (caps.pull) return; // the client pulls; see connection.languages.diagnostics.on
  throttle.schedule(uri, async (token) => {
    const doc = documents.get(uri);
    if (!doc || token.stale()) return;
    const version = doc.version;
    const result = await check(doc);
    // Publish only what was computed for the current text: a newer edit or a close supersedes it.
    if (token.stale() || documents.get(uri)?.version !== version) return;
    stateOf(uri).last = { version, findings: result.findings, refs: result.refs };
    void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(result.findings) });
  }, delay);
}

// ---- lifecycle -----------------------------------------------------------------------------------
connection.onInitialize((params: InitializeParams): InitializeResult => {
  const c = params.capabilities;
  caps.configuration = !!c.workspace?.configuration;
  caps.pull = !!c.textDocument?.diagnostic;
  caps.pullRefresh = !!c.workspace?.diagnostics?.refreshSupport;
  caps.watchDynamic = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  caps.watchRelative = !!c.workspace?.didChangeWatchedFiles?.relativePatternSupport;
  caps.configurationDynamic = !!c.workspace?.didChangeConfiguration?.dynamicRegistration;
  caps.workspaceFolders = !!c.workspace?.workspaceFolders;
  caps.codeDescription = !!c.textDocument?.publishDiagnostics?.codeDescriptionSupport || !!c.textDocument?.diagnostic;
  caps.codeActionLiterals = !!c.textDocument?.codeAction?.codeActionLiteralSupport;
  caps.documentChanges = !!c.workspace?.workspaceEdit?.documentChanges;
  locale = localeFrom(params.locale, params.initializationOptions);
  globalSettings = normalizeSettings(params.initializationOptions);
  trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;

  const fromFolders = (params.workspaceFolders ?? []).map((f) => fsPathOf(f.uri)).filter((p): p is string => !!p);
  const fromRoot = params.rootUri ? fsPathOf(params.rootUri) : params.rootPath ?? undefined;
  folders = fromFolders.length ? fromFolders : fromRoot ? [fromRoot] : [];

  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
      codeActionProvider: caps.codeActionLiterals ? { codeActionKinds: [CodeActionKind.QuickFix] } : true,
      workspaceSymbolProvider: true,
      // wxperm.openDocs runs on the client and is not listed; see ADVERTISED_PREFIX for the rest.
      executeCommandProvider: { commands: Object.values(COMMANDS).map(advertised) },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'wxperm', version: VERSION },
  };
  if (caps.pull) result.capabilities.diagnosticProvider = { identifier: 'wxperm', interFileDependencies: true, workspaceDiagnostics: false };
  return result;
});

connection.onInitialized(guard('initialized', undefined, async () => {
  // Build the scanner's path and name tables now, not on the first keystroke (~40–90 ms once).
  setImmediate(() => {
    try {
      const catalog = ensureCatalog();
      if (catalog) scan('"https://api.weixin.qq.com/wxa/commit" getUnlimitedQRCode()', catalog, { languageId: 'typescript' });
    } catch (e) {
      logError('warming up the scanner', e);
    }
  });
  if (caps.configuration && caps.configurationDynamic) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'wxperm' }).catch((e: unknown) => logError('registering didChangeConfiguration', e));
  }
  if (caps.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(guard('didChangeWorkspaceFolders', undefined, (ev) => {
      const removed = new Set(ev.removed.map((f) => fsPathOf(f.uri)).filter(Boolean).map((p) => normPath(p!)));
      folders = folders.filter((f) => !removed.has(normPath(f)));
      for (const f of ev.added) {
        const p = fsPathOf(f.uri);
        if (p && !folders.some((x) => normPath(x) === normPath(p))) folders.push(p);
      }
      for (const r of removed) configFindings.delete(r);
      configInputsChanged('workspace folders changed');
    }));
  }
  updateWatchers();
  if (ensureCatalog()) await refreshFolders();
}));

// ---- documents -----------------------------------------------------------------------------------
documents.onDidOpen(guard('didOpen', undefined, (e) => {
  const s = stateOf(e.document.uri);
  s.justOpened = true;
  if (s.path) {
    openByPath.set(normPath(s.path), e.document.uri);
    const key = normPath(s.path);
    if (caps.pull && (pushedConfigFiles.has(key) || workspacePushed.has(key))) {
      // Pulled from now on: clear what was pushed so the client does not show it twice.
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }
    pushedConfigFiles.delete(key);
    workspacePushed.delete(key);
    if (isConfigInput(s.path)) configInputsChanged(`${path.basename(s.path)} opened`);
  }
  scheduleValidation(e.document.uri, 0);
}));

documents.onDidChangeContent(guard('didChange', undefined, (e) => {
  const s = stateOf(e.document.uri);
  if (s.justOpened) {
    s.justOpened = false;
    return;
  }
  if (s.path && isConfigInput(s.path)) configInputsChanged(`${path.basename(s.path)} edited`);
  scheduleValidation(e.document.uri);
}));

documents.onDidClose(guard('didClose', undefined, (e) => {
  const uri = e.document.uri;
  const s = docState.get(uri);
  throttle.cancel(uri);
  docState.delete(uri);
  settingsCache.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
  if (s?.path) {
    const key = normPath(s.path);
    if (openByPath.get(key) === uri) openByPath.delete(key);
    // The file still exists: its own config findings (invalid wxperm.json…) stay visible, pushed.
    if (configFindingsFor(s.path).length) pushConfigDiagnostics(key);
    if (isConfigInput(s.path)) configInputsChanged(`${path.basename(s.path)} closed`);
  }
}));

connection.onDidChangeWatchedFiles(guard('didChangeWatchedFiles', undefined, (params) => {
  const changed = params.changes.map((c) => fsPathOf(c.uri)).filter((p): p is string => !!p);
  const relevant = changed.filter((p) => isConfigInput(p));
  if (relevant.length) configInputsChanged(relevant.map((p) => path.basename(p)).join(', ') + ' changed on disk');
}));

connection.onDidChangeConfiguration(guard('didChangeConfiguration', undefined, async (params) => {
  const globalBefore = JSON.stringify(globalSettings);
  const s = params?.settings;
  if (s !== undefined && s !== null) {
    const next = normalizeSettings(s);
    // A bare notification (`settings: null`) from pull-model clients must not wipe the fallback.
    if (Object.keys(next).length || !caps.configuration) globalSettings = next;
  }
  const before = new Map(settingsCache);
  settingsCache.clear();
  // Some clients (eglot) send this after every didOpen with nothing new: re-checking every open
  // document and re-registering watchers then is work for nothing, and a second identical publish.
  if (await sameSettings(globalBefore, before)) return;
  configInputsChanged('settings changed');
}));

/** Whether the settings read before a didChangeConfiguration are what the client answers now. */
async function sameSettings(globalBefore: string, before: ReadonlyMap<string, Promise<WxpermSettings>>): Promise<boolean> {
  if (JSON.stringify(globalSettings) !== globalBefore) return false;
  for (const [scope, old] of before) {
    const [was, now] = await Promise.all([old, getSettings(scope)]);
    if (JSON.stringify(was) !== JSON.stringify(now)) return false;
  }
  return true;
}

// ---- pull diagnostics ----------------------------------------------------------------------------
connection.languages.diagnostics.on(guard('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const version = doc.version;
  const result = await check(doc);
  if (documents.get(doc.uri)?.version === version) stateOf(doc.uri).last = { version, findings: result.findings, refs: result.refs };
  return { kind: DocumentDiagnosticReportKind.Full, items: toDiagnostics(result.findings) };
}));

// ---- hover, completion ---------------------------------------------------------------------------
function tooBigForInteractive(c: DocContext): boolean {
  return !!skipReason(c.input.text, c.settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
}

connection.onHover(guard('hover', null, async (params): Promise<Hover | null> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const c = await contextFor(doc);
  if (!c || tooBigForInteractive(c)) return null;
  const last = docState.get(doc.uri)?.last;
  const refs = last && last.version === doc.version ? last.refs : undefined;
  const h = coreHover(c.input, doc.offsetAt(params.position), { ...c.ctx, ...(refs ? { refs } : {}) });
  return h ? { contents: h.contents, range: h.range } : null;
}));

connection.onCompletion(guard('completion', null, async (params): Promise<CompletionList | null> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const c = await contextFor(doc);
  if (!c || tooBigForInteractive(c)) return null;
  const items = complete(c.input, doc.offsetAt(params.position), c.ctx);
  return { isIncomplete: false, items };
}));

// ---- code actions --------------------------------------------------------------------------------
function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

connection.onCodeAction(guard('codeAction', [], async (params): Promise<CodeAction[]> => {
  const doc = documents.get(params.textDocument.uri);
  const catalog = ensureCatalog();
  if (!doc || !catalog) return [];
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) return [];
  const last = docState.get(doc.uri)?.last;
  const cached = last && last.version === doc.version ? last.findings : undefined;
  // Each wxperm diagnostic the client sent → its finding: from Diagnostic.data, else matched by rule and range.
  const pairs: { finding: Finding; diagnostic: Diagnostic }[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== undefined && d.source !== SOURCE) continue;
    let f = fromDiagnostic(d, catalog);
    if (!f && cached) f = cached.find((x) => x.rule === d.code && sameRange(x.range, d.range));
    if (f) pairs.push({ finding: f, diagnostic: d });
  }
  if (!pairs.length && !params.context.diagnostics.length) {
    const findings = cached ?? (await check(doc)).findings;
    for (const f of findings) if (overlaps(f.range, params.range)) pairs.push({ finding: f, diagnostic: toDiagnostic(f, { codeDescription: caps.codeDescription }) });
  }
  if (!pairs.length) return [];
  const c = await contextFor(doc);
  if (!c || !c.ctx.configUri) return [];
  // The config as it is now (not as cached): the edits must apply to exactly this text.
  const snapshot = configSnapshot(configPathOf(c.resolved.folder));
  // Grants from settings and no wxperm.json yet: the fix creates wxperm.json, which then wins over the
  // settings — so it starts from what the settings say, and the grants already relied on are kept.
  const seed = snapshot.text === undefined && c.resolved.grants.source === 'settings' ? settingsSeed(c.settings) : undefined;
  const configText = snapshot.text ?? seed;
  const actx = { catalog: c.ctx.catalog, locale, configUri: c.ctx.configUri, ...(configText !== undefined ? { configText } : {}) };
  const out: CodeAction[] = [];
  const byKey = new Map<string, CodeAction>();
  for (const raw of codeActions(c.input, params.range, pairs.map((p) => p.finding), actx)) {
    const seeded = seed !== undefined ? raw.edit?.changes?.[c.ctx.configUri] : undefined;
    const action: CodeAction = seeded
      ? { ...raw, edit: configWorkspaceEdit(configPathOf(c.resolved.folder), undefined, [], applyTextEdits(seed!, seeded)).edit }
      : { ...raw, ...(raw.edit ? { edit: versionedConfigEdit(raw.edit, c.ctx.configUri, snapshot.version) } : {}) };
    // actions.ts marks each action with the rule and range of the finding it fixes: attach that diagnostic.
    const mark = action.data as { rule?: string; range?: Range } | undefined;
    const diagnostic = pairs.find((p) => mark?.rule === p.finding.rule && mark.range && sameRange(mark.range, p.finding.range))?.diagnostic;
    const key = JSON.stringify([action.title, action.edit ?? null, action.command ?? null]);
    const seen = byKey.get(key);
    if (seen) {
      if (diagnostic) seen.diagnostics = [...(seen.diagnostics ?? []), diagnostic];
      continue;
    }
    const a: CodeAction = { ...action, kind: action.kind ?? CodeActionKind.QuickFix, ...(diagnostic ? { diagnostics: [diagnostic] } : {}) };
    byKey.set(key, a);
    out.push(a);
  }
  return out;
}));

// ---- workspace symbols over the catalog ----------------------------------------------------------
// Catalog entries have no place in the user's code, and older clients (LSP < 3.17, Neovim 0.7) reject
// location-less symbols. Each symbol points at its row in CATALOG.md — the human-readable catalog that
// ships beside the index (a real file: every client can open it, and the row shows sets, names, titles).
// When CATALOG.md is not there, a `wxperm-catalog:/set/17` style URI is used (still a valid location;
// a client may serve it with a content provider).
interface CatalogLocations {
  uri?: string;
  sets: Map<number, number>;
  outside: Map<number, number>;
  paths: Map<string, number>;
  families: Map<string, number>;
}
let catalogLocationsCache: CatalogLocations | undefined;

function catalogLocations(): CatalogLocations {
  if (catalogLocationsCache) return catalogLocationsCache;
  const loc: CatalogLocations = { sets: new Map(), outside: new Map(), paths: new Map(), families: new Map() };
  try {
    const dir = path.dirname(catalogIndexPath());
    const file = [path.join(dir, 'CATALOG.md'), path.join(dir, '..', 'catalog', 'CATALOG.md')].find((p) => fs.existsSync(p));
    if (file) {
      loc.uri = pathToFileURL(file).href;
      let inOutside = false;
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        let m: RegExpExecArray | null;
        if ((m = /^## (\d+) · /.exec(line))) loc.sets.set(Number(m[1]), i);
        else if (line.startsWith('## ')) inOutside = line.startsWith('## Ids outside');
        else if (inOutside && (m = /^\| (\d+) \|/.exec(line))) loc.outside.set(Number(m[1]), i);
        else if ((m = /^\| `([^`]+)` \|/.exec(line)) && !loc.paths.has(m[1])) loc.paths.set(m[1], i);
        else if (line.startsWith('Families: ')) for (const f of line.matchAll(/`([^`]+)`/g)) if (!loc.families.has(f[1])) loc.families.set(f[1], i);
      });
    }
  } catch (e) {
    logError('reading CATALOG.md', e);
  }
  return (catalogLocationsCache = loc);
}

function symbolLocation(kind: 'set' | 'outside' | 'interface' | 'family', id: string, line: number | undefined) {
  const loc = catalogLocations();
  const uri = loc.uri && line !== undefined ? loc.uri : `wxperm-catalog:/${kind}/${encodeURIComponent(id)}`;
  const l = loc.uri && line !== undefined ? line : 0;
  return { uri, range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } } };
}

function fuzzyHas(label: string, query: string): boolean {
  const l = label.toLowerCase();
  const q = query.toLowerCase().replace(/\s+/g, '');
  let j = 0;
  for (let i = 0; i < l.length && j < q.length; i++) if (l[i] === q[j]) j++;
  return j === q.length;
}

/** Clients such as VS Code filter symbols by fuzzy-matching the query on the name: make it contain what matched. */
function withMatch(label: string, query: string, extras: (string | undefined)[]): string {
  if (!query || fuzzyHas(label, query)) return label;
  for (const x of extras) if (x && fuzzyHas(x, query)) return `${label} · ${x}`;
  return label;
}


export function catalogSymbols(cat: Catalog, query: string, loc: Locale): SymbolInformation[] {
  const q = query.trim();
  const hits: SearchHit[] = q ? cat.search(q, 100) : cat.sets.map((set) => ({ kind: 'set' as const, score: 0, set }));
  const locs = catalogLocations();
  const name = (t: { en: string; zh?: string }) => (loc === 'zh-cn' ? t.zh ?? t.en : t.en);
  const other = (t: { en: string; zh?: string }) => (loc === 'zh-cn' ? t.en : t.zh);
  return hits.map((h): SymbolInformation => {
    switch (h.kind) {
      case 'set': {
        const s = h.set;
        const label = withMatch(`${s.id} ${name(s.name)}`, q, [other(s.name)]);
        const flags = [s.mutex ? 'mutex' : '', s.agreement.required ? 'agreement' : ''].filter(Boolean).join(', ');
        return { name: label, kind: SymbolKind.Package, location: symbolLocation('set', String(s.id), locs.sets.get(s.id)), containerName: `permission set${flags ? ` (${flags})` : ''}` };
      }
      case 'outside':
        return { name: `${h.outside.id} (outside the seed)`, kind: SymbolKind.Package, location: symbolLocation('outside', String(h.outside.id), locs.outside.get(h.outside.id)), containerName: h.outside.note };
      case 'interface': {
        const i = h.iface;
        const shown = displayPath(i);
        const cov = cat.coverage(i);
        const label = withMatch(`${shown} ${i.name}`, q, [name(i.title), other(i.title), ...(i.otherNames ?? []), ...(i.aliases ?? [])]);
        const sets = cov.sets.length ? `${cov.allOf ? 'all of' : 'sets'} ${cov.sets.join(cov.allOf ? ' + ' : ', ')}` : 'no set needed';
        return { name: label, kind: SymbolKind.Function, location: symbolLocation('interface', shown, locs.paths.get(shown)), containerName: `${name(i.title)} · ${sets}` };
      }
      case 'family': {
        const f = h.family;
        const shown = displayPath({ path: f.match, query: f.query });
        return { name: shown, kind: SymbolKind.Namespace, location: symbolLocation('family', shown, locs.families.get(shown)), containerName: `family · sets ${f.sets.join(', ')}` };
      }
    }
  });
}

connection.onWorkspaceSymbol(guard('workspace/symbol', [], (params): SymbolInformation[] => {
  const catalog = ensureCatalog();
  return catalog ? catalogSymbols(catalog, params.query ?? '', locale) : [];
}));

// ---- commands ------------------------------------------------------------------------------------
function advertised(command: string): string {
  return ADVERTISED_PREFIX + command.slice('wxperm.'.length);
}

/** `wxperm.server.lookup` → `wxperm.lookup`. */
function shortCommand(command: string): string {
  return command.startsWith(ADVERTISED_PREFIX) ? 'wxperm.' + command.slice(ADVERTISED_PREFIX.length) : command;
}

// The commands the VS Code client calls (server/src/protocol.ts) are computed in commands.ts; this
// host gives them the server's view: folders, resolved configs, open documents' text, publishing.
/** Files (not open) that got diagnostics from wxperm.checkWorkspace, cleared by the next check or a didOpen. */
const workspacePushed = new Set<string>();

const commandHost: CommandHost = {
  get catalog(): Catalog {
    const catalog = ensureCatalog();
    if (!catalog) throw new Error('catalog not loaded');
    return catalog;
  },
  locale: () => locale,
  folders: () => [...folders],
  async resolve(fileOrFolder: string | undefined): Promise<ResolvedConfig | undefined> {
    if (!ensureCatalog()) return undefined;
    const p = fileOrFolder ?? folders[0];
    if (!p) return undefined;
    const folder = folders.find((f) => normPath(f) === normPath(p)) ?? folderOf(p);
    if (!folder) return undefined;
    const open = openByPath.get(normPath(p));
    return resolvedFor(folder, await getSettings(open ?? pathToFileURL(p).href));
  },
  openText: (file: string) => {
    const uri = openByPath.get(normPath(file));
    return uri ? documents.get(uri)?.getText() : undefined;
  },
  configSnapshot,
  maxFileSize: () => globalSettings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
  async seedConfig(fileOrFolder: string): Promise<string | undefined> {
    return settingsSeed(await getSettings(pathToFileURL(fileOrFolder).href));
  },
  publish(file: string, findings: Finding[]): void {
    const key = normPath(file);
    if (openByPath.has(key)) return; // open documents have their own (pushed or pulled) diagnostics
    const all = dedupeFindings([...configFindingsFor(file), ...findings]);
    if (!all.length && !workspacePushed.has(key)) return;
    void connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics: toDiagnostics(all) });
    if (all.length) workspacePushed.add(key);
    else workspacePushed.delete(key);
  },
};

let commandHandlers: Record<string, Handler> | undefined;

connection.onExecuteCommand(guard('executeCommand', null, async (params, token): Promise<unknown> => {
  const command = shortCommand(params.command);
  const args = params.arguments ?? [];
  const catalog = ensureCatalog();
  if (!catalog) throw new ResponseError(ErrorCodes.InternalError, 'wxperm: the catalog is not loaded');
  if (command === Commands.lookup) {
    const query = args[0];
    if (typeof query !== 'string' || !query.trim()) throw new ResponseError(ErrorCodes.InvalidParams, 'wxperm.lookup needs a query string: a path, an API name, an SDK method, a title or a set id');
    return lookup(catalog, query);
  }
  commandHandlers ??= createCommands(commandHost);
  const handler = commandHandlers[command];
  if (!handler) throw new ResponseError(ErrorCodes.InvalidParams, `wxperm: unknown command ${params.command}`);
  return handler(args, () => token.isCancellationRequested);
}));

/** wxperm.json holding what the wxperm.* settings say (grants, authorization, rules). */
function settingsSeed(settings: WxpermSettings): string | undefined {
  const given = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length) && !(typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length);
  const obj: Record<string, unknown> = { $schema: CONFIG_SCHEMA_URL };
  // grants.ts reads "authorization" when both are there: carry over what it actually used.
  if (given(settings.authorization)) obj.authorization = settings.authorization;
  else if (given(settings.grants)) obj.grants = settings.grants;
  else return undefined;
  if (settings.rules && Object.keys(settings.rules).length) obj.rules = settings.rules;
  return JSON.stringify(obj, null, 2).replace(/\[\s*((?:\d+,\s*)*\d+)\s*\]/g, (_m, ids: string) => `[${ids.split(/,\s*/).join(', ')}]`) + '\n';
}

function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const doc = TextDocument.create('file:///wxperm.json', 'jsonc', 0, text);
  return TextDocument.applyEdits(doc, [...edits]);
}

/** A WorkspaceEdit on wxperm.json: text edits when it exists (open or on disk), else create + insert. */
function configWorkspaceEdit(configPath: string, configText: string | undefined, edits: TextEdit[], newText: string): { edit: WorkspaceEdit; configUri: string } {
  const configUri = fileUri(configPath);
  if (configText !== undefined) return { edit: { changes: { [configUri]: edits } }, configUri };
  return {
    configUri,
    edit: { documentChanges: [{ kind: 'create', uri: configUri, options: { ignoreIfExists: true } }, { textDocument: { uri: configUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText }] }] },
  };
}


// ---- never die -----------------------------------------------------------------------------------
process.on('uncaughtException', (e) => logError('uncaught exception', e));
process.on('unhandledRejection', (e) => logError('unhandled rejection', e));

documents.listen(connection);
connection.listen();
