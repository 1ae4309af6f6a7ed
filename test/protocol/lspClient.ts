// A small LSP client for tests: spawns `node dist/server.js --stdio` and speaks JSON-RPC over its
// stdin/stdout by hand (Content-Length framing), so the tests see exactly what goes over the wire.
// It answers the server's requests (workspace/configuration, client/registerCapability, …), records
// every notification, and lets a test wait for the one it expects.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The bundled server (WXPERM_SERVER overrides it, e.g. to try a differently built bundle). */
export const SERVER = process.env.WXPERM_SERVER ?? path.join(ROOT, 'dist', 'server.js');

export interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

export interface Notification {
  method: string;
  params: any;
  at: number;
}

export interface ServerRequest {
  method: string;
  params: any;
  at: number;
}

type Waiter = { match: (n: Notification) => boolean; resolve: (n: Notification) => void };

export class ResponseError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

export class LspClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly notifications: Notification[] = [];
  readonly serverRequests: ServerRequest[] = [];
  readonly spawnedAt = Date.now();
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout; method: string }>();
  private readonly handlers = new Map<string, (params: any) => unknown>();
  private waiters: Waiter[] = [];
  private exited?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Settings the client returns for workspace/configuration, by scopeUri prefix ('' = any). */
  settings: Record<string, unknown> = {};

  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = process.env) {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build first`);
    this.child = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.child.stdout.on('data', (d: Buffer) => this.onData(d));
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exitPromise = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(`server exited (code ${code}, signal ${signal}) before answering ${p.method}; stderr:\n${this.stderr}`));
        }
        this.pending.clear();
        resolve({ code, signal });
      });
    });
    this.child.stdin.on('error', () => undefined);
    // Default answers to what servers ask clients.
    this.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => this.settingsFor(item.scopeUri, item.section)));
    this.onRequest('client/registerCapability', () => null);
    this.onRequest('client/unregisterCapability', () => null);
    this.onRequest('window/workDoneProgress/create', () => null);
    this.onRequest('workspace/diagnostic/refresh', () => null);
    this.onRequest('window/showMessageRequest', () => null);
  }

  settingsFor(scopeUri: string | undefined, section: string | undefined): unknown {
    let best: string | undefined;
    for (const k of Object.keys(this.settings)) if ((scopeUri ?? '').startsWith(k) && (best === undefined || k.length > best.length)) best = k;
    const all = best === undefined ? undefined : (this.settings[best] as Record<string, unknown> | undefined);
    if (!all) return null;
    return section ? (all[section] ?? null) : all;
  }

  onRequest(method: string, handler: (params: any) => unknown): void {
    this.handlers.set(method, handler);
  }

  get exitInfo() {
    return this.exited;
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) throw new Error(`bad header from server: ${header}`);
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(msg: Message): void {
    if (msg.method === undefined && msg.id !== undefined && msg.id !== null) {
      const p = this.pending.get(Number(msg.id));
      if (!p) return;
      this.pending.delete(Number(msg.id));
      clearTimeout(p.timer);
      if (msg.error) p.reject(new ResponseError(msg.error.code, msg.error.message));
      else p.resolve(msg.result);
      return;
    }
    if (msg.method !== undefined && msg.id !== undefined) {
      this.serverRequests.push({ method: msg.method, params: msg.params, at: Date.now() });
      const h = this.handlers.get(msg.method);
      let result: unknown = null;
      let error: Message['error'];
      try {
        if (h) result = h(msg.params);
        else error = { code: -32601, message: `test client: unhandled ${msg.method}` };
      } catch (e) {
        error = { code: -32603, message: String(e) };
      }
      this.write(error ? { jsonrpc: '2.0', id: msg.id, error } : { jsonrpc: '2.0', id: msg.id, result: result ?? null });
      return;
    }
    if (msg.method !== undefined) {
      const n: Notification = { method: msg.method, params: msg.params, at: Date.now() };
      this.notifications.push(n);
      this.waiters = this.waiters.filter((w) => {
        if (w.match(n)) {
          w.resolve(n);
          return false;
        }
        return true;
      });
    }
  }

  private write(msg: Message): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.exited) return reject(new Error(`server already exited; cannot send ${method}`));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}; stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** A mark for `since`: only notifications received after this call count. */
  mark(): number {
    return this.notifications.length;
  }

  /** The first notification (already received since the mark `since`, or arriving later) that matches. */
  waitFor(method: string, match: (params: any) => boolean = () => true, timeoutMs = 15_000, since = 0): Promise<any> {
    const test = (n: Notification) => n.method === method && match(n.params);
    const have = this.notifications.slice(since).find(test);
    if (have) return Promise.resolve(have.params);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.notifications.filter((n) => n.method === method).map((n) => JSON.stringify(n.params).slice(0, 400));
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}; got ${seen.length}:\n${seen.slice(-5).join('\n')}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match: test,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n.params);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The next publishDiagnostics for `uri` (after now, or since the mark `since`) that satisfies `match`. */
  diagnostics(uri: string, match: (diags: any[]) => boolean = () => true, timeoutMs = 15_000, since = this.mark()): Promise<any[]> {
    return this.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && match(p.diagnostics), timeoutMs, since).then((p) => p.diagnostics);
  }

  published(uri: string): any[] {
    return this.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).map((n) => n.params);
  }

  messages(): { type: number; message: string; method: string }[] {
    return this.notifications.filter((n) => n.method === 'window/showMessage' || n.method === 'window/logMessage').map((n) => ({ ...n.params, method: n.method }));
  }

  async initialize(options: InitOptions = {}): Promise<any> {
    const folders = options.folders ?? [];
    const result = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'wxperm-protocol-test' },
      locale: options.locale,
      rootUri: folders[0] ? uri(folders[0]) : null,
      workspaceFolders: folders.length ? folders.map((f) => ({ uri: uri(f), name: path.basename(f) })) : null,
      initializationOptions: options.initializationOptions,
      capabilities: clientCapabilities(options),
    });
    this.notify('initialized', {});
    return result;
  }

  open(file: string, languageId: string, text = fs.readFileSync(file, 'utf8'), version = 1): string {
    const u = uri(file);
    this.notify('textDocument/didOpen', { textDocument: { uri: u, languageId, version, text } });
    return u;
  }

  /** Replace the whole text (a full-range incremental change). */
  change(u: string, version: number, text: string, oldText?: string): void {
    const contentChanges = oldText === undefined
      ? [{ text }]
      : [{ range: { start: { line: 0, character: 0 }, end: endOf(oldText) }, text }];
    this.notify('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges });
  }

  close(u: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri: u } });
  }

  async shutdown(timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.exited) return this.exited;
    await this.request('shutdown', null, timeoutMs);
    this.notify('exit', null);
    return this.waitExit(timeoutMs);
  }

  async waitExit(timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`server did not exit within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Always safe to call in a `finally`: ends the process if it is still running. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

export interface InitOptions {
  folders?: string[];
  locale?: string;
  initializationOptions?: unknown;
  /** Advertise workspace/configuration (default true). */
  configuration?: boolean;
  /** Advertise textDocument/diagnostic (pull) (default false). */
  pull?: boolean;
  /** Advertise dynamic registration of didChangeWatchedFiles (default true). */
  watch?: boolean;
}

export function clientCapabilities(o: InitOptions): Record<string, unknown> {
  return {
    workspace: {
      configuration: o.configuration ?? true,
      workspaceFolders: true,
      didChangeConfiguration: { dynamicRegistration: o.configuration ?? true },
      didChangeWatchedFiles: { dynamicRegistration: o.watch ?? true, relativePatternSupport: true },
      symbol: { dynamicRegistration: false },
      executeCommand: { dynamicRegistration: false },
      applyEdit: true,
      workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
      ...(o.pull ? { diagnostics: { refreshSupport: true } } : {}),
    },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } }, dataSupport: true },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      ...(o.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
    window: { showMessage: {}, workDoneProgress: false },
  };
}

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

export function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** 0-based position of the first occurrence of `needle` (after `after`, if given) in `text`. */
export function positionOf(text: string, needle: string, after?: string): { line: number; character: number } {
  const from = after ? text.indexOf(after) : 0;
  const i = text.indexOf(needle, from < 0 ? 0 : from);
  if (i < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** A fresh copy of a fixture folder under the OS temp dir (tests edit files freely). */
export function copyFixture(name: string): string {
  const src = path.join(ROOT, 'test', 'protocol', 'fixtures', name);
  const dst = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `wxperm-${name}-`));
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
