// A minimal LSP client for the benchmark: spawns the server, frames JSON-RPC by Content-Length, answers
// the server's own requests with null (an array of nulls for workspace/configuration), and lets the
// caller await a response or a notification. Timestamps are performance.now() at the moment a message
// is parsed, so spawn → response times include nothing of the caller's work.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export class Lsp {
  constructor(command, args, options = {}) {
    this.spawnedAt = performance.now();
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.pid = this.child.pid;
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    this.stderr = '';
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => {
      this.exitCode = { code, signal };
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code ?? signal}) before answering ${p.method}; stderr: ${this.stderr.slice(-500)}`));
      for (const w of this.waiters) w.reject(new Error(`server exited (${code ?? signal}); stderr: ${this.stderr.slice(-500)}`));
      this.pending.clear();
      this.waiters = [];
      resolve({ code, signal });
    }));
    this.child.stdout.on('data', (d) => this.onData(d));
    this.child.stderr.on('data', (d) => { this.stderr += d; });
    this.child.stdin.on('error', () => undefined);
  }

  onData(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!m) throw new Error('bench LSP client: a message without Content-Length');
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.onMessage(JSON.parse(body), performance.now());
    }
  }

  onMessage(msg, at) {
    if (msg.method && msg.id !== undefined) {
      // A request from the server: answer so it never waits on us.
      const result = msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null;
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method) {
      const i = this.waiters.findIndex((w) => w.match(msg));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        clearTimeout(w.timer);
        w.resolve({ msg, at });
      }
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
    else p.resolve({ result: msg.result, at });
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  /** Resolves with { result, at } where `at` is when the response was parsed. */
  request(method, params, timeoutMs = 30_000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`${method}: no response in ${timeoutMs} ms`)); }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with { msg, at } for the first later notification that `match` accepts. */
  waitFor(match, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const w = { match, resolve, reject };
      w.timer = setTimeout(() => { this.waiters = this.waiters.filter((x) => x !== w); reject(new Error(`no matching notification in ${timeoutMs} ms`)); }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** VmRSS and VmHWM of the server process, in bytes (Linux /proc). */
  memory() {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  }

  /** shutdown + exit; kills the process (this one, by its own handle) if it does not go within 3 s. */
  async close() {
    if (this.exitCode) return;
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit');
    } catch { /* killed below */ }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The initialize params of a plain push-diagnostics client (no workspace/configuration, no pull). */
export function initializeParams(rootUri) {
  return {
    processId: process.pid,
    clientInfo: { name: 'wxperm-bench' },
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
    capabilities: {
      textDocument: {
        synchronization: { didSave: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
      },
      window: { workDoneProgress: false },
    },
    initializationOptions: {},
    locale: 'en',
  };
}
