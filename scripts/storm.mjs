#!/usr/bin/env node
// The edit-storm and memory harness of issue 6 ("Typing stays smooth", "Memory stays flat"). It drives
// the bundled server (`node dist/server.js --stdio`, run `npm run build` first) over JSON-RPC with a
// tiny client of its own and prints figures:
//
//   (a) edit storm: a ~1 MB TypeScript document built from examples/platform-backend is opened, then
//       1,000 incremental didChange events (typing characters, typos and backspaces, new WeChat calls
//       character by character) are written as fast as the pipe takes them. Every publishDiagnostics is
//       recorded. Checked (exit 1 when broken): the final publish is for the last version and equals a
//       fresh check of the final text; published versions only go up; nothing older arrives after the
//       final publish; every published range lies inside the text of its version and covers what it
//       claims; no publish is left to come once the final one is in; a hover right after the storm is
//       answered. Reported (not failed on, unless --strict): last edit → final publish (target ≤ 200 ms +
//       the 75 ms debounce), hover latency, publish counts, and a short storm next to a long one (the
//       settle time must not grow with the storm's length: no pending work piles up).
//   (b) memory: after a warm-up (20 documents in five languages opened, edited, closed), a settle and
//       a forced GC, RSS (/proc/<pid>/status VmRSS) and the V8 heap are taken; then 2,000 documents are
//       opened and closed and 10,000 edits made, and after the same settle and GC they are taken again
//       (target: RSS within 20 %). Closed documents must answer hover with null. The settle (15 s) lets
//       V8's memory reducer hand back the young generation it grew under load (up to 32 MB, not state).
//
// Forcing a GC needs no server change: the server runs as `node --expose-gc --import <hook> dist/server.js`
// where the hook (a data: URL) runs gc() on SIGUSR2 and writes process.memoryUsage() to stderr.
// WXPERM_STORM_NODE_ARGS adds node options (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
//
//   node scripts/storm.mjs [--edits 1000] [--size 1048576] [--docs 2000] [--mem-edits 10000]
//                          [--settle 15000] [--strict] [--quiet]
//
// Writes test-results/storm.json. Exit code: 0 ok, 1 a correctness check failed (or a target was
// missed with --strict), 2 bad usage or the server could not be driven.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { prng } from './bench/corpus.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = process.env.WXPERM_SERVER ?? path.join(ROOT, 'dist', 'server.js');
const EXAMPLE = path.join(ROOT, 'examples', 'platform-backend');
const DEBOUNCE_MS = 75; // server/src/server.ts
// Issue 6: diagnostics for the last version within 200 ms of the last edit, debounce included.
const TARGET_SETTLE_MS = 200;
const TARGET_RSS_GROWTH = 20;

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      edits: { type: 'string', default: '1000' },
      size: { type: 'string', default: String(1024 * 1024) },
      docs: { type: 'string', default: '2000' },
      'mem-edits': { type: 'string', default: '10000' },
      settle: { type: 'string', default: '15000' },
      strict: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (e) {
  console.error(`storm: ${e.message}`);
  process.exit(2);
}
if (opts.help) {
  console.log('usage: node scripts/storm.mjs [--edits 1000] [--size 1048576] [--docs 2000] [--mem-edits 10000] [--settle 15000] [--strict] [--quiet]');
  process.exit(0);
}
const EDITS = Number(opts.edits);
const SIZE = Number(opts.size);
const DOCS = Number(opts.docs);
const MEM_EDITS = Number(opts['mem-edits']);
/**
 * Idle time before each memory reading, the same at the start and the end. V8 keeps the young
 * generation it grew under load (up to 32 MB of RSS, not retained state) until its memory reducer runs,
 * 8 s after a full GC in an idle process: a shorter settle measures V8's sizing, not wxperm.
 */
const SETTLE_MS = Number(opts.settle);
for (const [k, v] of Object.entries({ edits: EDITS, size: SIZE, docs: DOCS, 'mem-edits': MEM_EDITS, settle: SETTLE_MS })) {
  if (!Number.isInteger(v) || v < 1) {
    console.error(`storm: --${k} takes a positive whole number`);
    process.exit(2);
  }
}
if (!fs.existsSync(SERVER)) {
  console.error(`storm: ${SERVER} is missing: run npm run build first`);
  process.exit(2);
}

const log = (...a) => { if (!opts.quiet) console.log(...a); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  return ok;
}

// ---- a tiny LSP client over stdio ------------------------------------------------------------------
const GC_HOOK = 'data:text/javascript,' + encodeURIComponent(
  'import v8 from "node:v8";'
  + 'process.on("SIGUSR2",()=>{globalThis.gc();setTimeout(()=>{globalThis.gc();'
  + 'const spaces=Object.fromEntries(v8.getHeapSpaceStatistics().map(s=>[s.space_name,Math.round(s.space_size/1024)]));'
  + 'process.stderr.write("[storm-gc] "+JSON.stringify({...process.memoryUsage(),spaces})+"\\n")},100)});',
);

class Client {
  constructor() {
    const extra = (process.env.WXPERM_STORM_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
    this.child = spawn(process.execPath, [...extra, '--expose-gc', '--import', GC_HOOK, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    /** publishDiagnostics by uri: { version, diagnostics, t } in arrival order. */
    this.published = new Map();
    this.stderr = '';
    this.gcWaiters = [];
    this.child.stdout.on('data', (d) => this.onData(d));
    this.child.stderr.on('data', (d) => {
      this.stderr += d;
      for (const m of String(d).matchAll(/\[storm-gc\] (\{.*\})/g)) this.gcWaiters.shift()?.(JSON.parse(m[1]));
    });
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((r) => this.child.on('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code ?? signal}); stderr:\n${this.stderr.slice(-2000)}`));
      r({ code, signal });
    }));
  }

  onData(chunk) {
    const t = now();
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const len = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const msg = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.dispatch(msg, t);
    }
  }

  dispatch(msg, t) {
    if (msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve({ result: msg.result, t });
      return;
    }
    if (msg.id !== undefined) {
      // Requests from the server: default settings, accept registrations.
      const result = msg.method === 'workspace/configuration' ? msg.params.items.map(() => null) : null;
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      const p = msg.params;
      let list = this.published.get(p.uri);
      if (!list) this.published.set(p.uri, (list = []));
      list.push({ version: p.version, diagnostics: p.diagnostics, t });
    }
    this.waiters = this.waiters.filter((w) => (w.match(msg) ? (w.resolve(t), false) : true));
  }

  /** Write one message; resolves once the pipe took it (waits for 'drain' only when the pipe is full). */
  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    const ok = this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    return ok ? undefined : new Promise((r) => this.child.stdin.once('drain', r));
  }

  /** Write one message and resolve when it was handed to the OS (the write callback). */
  sendFlushed(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    return new Promise((r) => this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]), () => r(now())));
  }

  request(method, params, timeoutMs = 60_000) {
    const id = this.nextId++;
    const sent = now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`timed out waiting for ${method}`)); }, timeoutMs);
      this.pending.set(id, { method, resolve: (v) => { clearTimeout(timer); resolve({ ...v, ms: v.t - sent }); }, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    return this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the arrival time of the first publish for `uri` matching `match` (already there or to come). */
  waitPublish(uri, match = () => true, timeoutMs = 60_000) {
    const have = (this.published.get(uri) ?? []).find(match);
    if (have) return Promise.resolve(have.t);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for diagnostics of ${uri}`)), timeoutMs);
      this.waiters.push({
        match: (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && match(m.params),
        resolve: (t) => { clearTimeout(timer); resolve(t); },
      });
    });
  }

  async initialize(folder) {
    await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'wxperm-storm' },
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    });
    await this.notify('initialized', {});
  }

  open(uri, languageId, text, version = 1) {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  close(uri) {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri, position) {
    return this.request('textDocument/hover', { textDocument: { uri }, position });
  }

  /** Forced GC in the server (the --import hook), then its process.memoryUsage() and VmRSS. */
  async gcAndMeasure() {
    const usage = new Promise((r) => this.gcWaiters.push(r));
    this.child.kill('SIGUSR2');
    const u = await Promise.race([usage, sleep(10_000).then(() => { throw new Error('the server did not answer the GC signal'); })]);
    await sleep(200);
    return { rssKb: vmRssKb(this.child.pid), heapUsedKb: Math.round(u.heapUsed / 1024), heapTotalKb: Math.round(u.heapTotal / 1024), externalKb: Math.round(u.external / 1024), arrayBuffersKb: Math.round(u.arrayBuffers / 1024), spacesKb: u.spaces };
  }

  async shutdown() {
    try {
      await this.request('shutdown', null, 10_000);
      await this.notify('exit', null);
      await Promise.race([this.exited, sleep(5_000)]);
    } finally {
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
  }
}

function vmRssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

// ---- text --------------------------------------------------------------------------------------------

const example = (rel) => fs.readFileSync(path.join(EXAMPLE, rel), 'utf8');
const NOUNS = ['order', 'shop', 'table', 'member', 'coupon', 'refund', 'waybill', 'room', 'invoice', 'stock', 'tenant', 'session'];
const HOSTS = ['https://api.example.org', 'https://pay.example.net', 'http://localhost:8080', 'https://internal.corp.local'];

/** Ordinary TypeScript around the WeChat calls: loops, logging, other hosts (never a diagnostic). */
function tsFiller(r, i) {
  const n = r.pick(NOUNS);
  const N = n[0].toUpperCase() + n.slice(1);
  return [
    `/** Loads ${n}s for a shop page (${i}); cached for a minute because upstream is slow. */`,
    `export async function load${N}s${i}(shopId: string, page = 1): Promise<${N}Row[]> {`,
    `  const cached = cache.get(\`${n}:\${shopId}:\${page}\`);`,
    '  if (cached) return cached;',
    `  const res = await fetch(\`${r.pick(HOSTS)}/api/v${1 + r.int(3)}/${n}s?shop=\${shopId}&page=\${page}\`);`,
    `  const rows = (await res.json()) as ${N}Row[];`,
    '  for (const row of rows) {',
    `    if (!row.enabled) continue; // ${r.pick(['skip disabled rows', 'hidden by the admin', 'not synced yet'])}`,
    `    row.total = row.price * row.quantity + ${r.int(100)};`,
    '  }',
    `  logger.debug('loaded ${n}s', { shopId, count: rows.length });`,
    `  cache.set(\`${n}:\${shopId}:\${page}\`, rows, ${r.pick([30, 60, 300])});`,
    '  return rows;',
    '}',
    '',
  ].join('\n');
}

/** A TypeScript document of about `bytes`: the example's TS files (renamed) between ordinary code. */
export function bigDocument(bytes) {
  const r = prng(20240611);
  const qr = example('src/qrcode.ts').replace(/^import .*\n/gm, '');
  const tok = example('src/tokens.ts');
  const parts = ["import axios from 'axios';", "import { cache, logger } from './infra';", ''];
  let size = parts.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const block = i % 2 === 0
      ? qr.replace(/WXA_HOST\b/g, `WXA_HOST${i}`).replace(/function (\w+)/g, `function $1${i}`)
      : tok.replace(/COMPONENT_TOKEN_URL/g, `COMPONENT_TOKEN_URL${i}`).replace(/function (\w+)/g, `function $1${i}`);
    const piece = block + '\n' + tsFiller(r, i) + tsFiller(r, i + 500) + tsFiller(r, i + 1000) + '\n';
    parts.push(piece);
    size += piece.length + 1;
  }
  return parts.join('\n');
}

/** Calls typed during the storm; none is covered by GRANTS, so each typed line must get a diagnostic. */
const TYPED_PATHS = ['/wxa/commit', '/cgi-bin/express/business/order/add', '/wxa/get_category', '/wxaapi/broadcast/room/create', '/wxa/submit_audit', '/wxa/getillegalrecords'];
/** The workspace's wxperm.json: sets 17, 19 and 30 only (so the example's calls and the typed ones are flagged). */
const GRANTS = '{\n  // the storm workspace: a platform granted 17, 19 and 30\n  "grants": [17, 19, 30]\n}\n';

/**
 * A typing session of exactly `count` didChange events inserted at `at` (offset of an empty line in a
 * function body): lines calling WeChat typed character by character, a typo and its backspace now and
 * then, and a trailing comment to use up the last events. Returns per-version typed text and the LSP
 * content changes.
 */
export function typingSession(base, at, count) {
  const pos0 = positionAt(base, at);
  const events = []; // { change, typed } where typed = inserted text after this event
  let typed = '';
  let line = pos0.line;
  let ch = pos0.character;
  const type = (c) => {
    events.push({ change: { range: { start: { line, character: ch }, end: { line, character: ch } }, text: c }, typed: typed + c });
    typed += c;
    if (c === '\n') { line++; ch = 0; } else ch++;
  };
  const backspace = () => {
    events.push({ change: { range: { start: { line, character: ch - 1 }, end: { line, character: ch } }, text: '' }, typed: typed.slice(0, -1) });
    typed = typed.slice(0, -1);
    ch--;
  };
  for (let k = 0; ; k++) {
    const p = TYPED_PATHS[k % TYPED_PATHS.length];
    const text = `  await axios.post(\`\${WXA_HOST0}${p}?access_token=\${token}\`, body${k});\n`;
    if (events.length + text.length + 2 * Math.floor(text.length / 23) > count) break;
    [...text].forEach((c, j) => {
      type(c);
      if (j % 23 === 22) { type('x'); backspace(); }
    });
  }
  let rest = count - events.length;
  if (rest > 0) {
    type(' ');
    rest--;
  }
  if (rest > 0) {
    // `//` then letters: a comment up to the end of the (empty) line we type into.
    const comment = ('// ' + 'typing away '.repeat(Math.ceil(rest / 12))).slice(0, rest);
    for (const c of comment) type(c);
  }
  return events;
}

export function positionAt(text, offset) {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { line++; last = i; }
  return { line, character: offset - last - 1 };
}

function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Ranges inside the text, each covering exactly the reference its diagnostic carries (data.reference.text). */
function rangeProblems(text, diagnostics) {
  const starts = lineStarts(text);
  const lineEnd = (l) => (l + 1 < starts.length ? starts[l + 1] - 1 : text.length);
  const off = (p) => (p.line < starts.length && p.character <= lineEnd(p.line) - starts[p.line] ? starts[p.line] + p.character : -1);
  const problems = [];
  for (const d of diagnostics) {
    const a = off(d.range.start);
    const b = off(d.range.end);
    if (a < 0 || b < 0 || b < a) { problems.push(`range ${JSON.stringify(d.range)} outside the text`); continue; }
    const covered = text.slice(a, b);
    const claimed = d.data?.reference?.text;
    if (claimed === undefined ? !/^[\w./:%?=&{}$|-]+$/.test(covered) : covered !== claimed) {
      problems.push(`${d.code} at ${JSON.stringify(d.range)} covers ${JSON.stringify(covered.slice(0, 60))}, claims ${JSON.stringify(claimed)}`);
    }
  }
  return problems;
}

const sameDiagnostics = (a, b) => JSON.stringify(a.map(comparable)) === JSON.stringify(b.map(comparable));
function comparable(d) {
  return [d.range, d.code, d.severity, d.message];
}

// ---- (a) the edit storm ----------------------------------------------------------------------------
async function storm(client, folder, base, editCount, name) {
  const file = path.join(folder, 'src', `${name}.ts`);
  const uri = pathToFileURL(file).href;
  const anchor = 'export async function stormTarget(token: string, body0: unknown) {\n';
  const mid = base.indexOf('\n', Math.floor(base.length / 2)) + 1;
  const text0 = base.slice(0, mid) + anchor + '\n}\n' + base.slice(mid);
  const at = mid + anchor.length;
  const events = typingSession(text0, at, editCount);
  const textOf = (v) => (v <= 1 ? text0 : text0.slice(0, at) + events[v - 2].typed + text0.slice(at));

  const tOpen = now();
  await client.open(uri, 'typescript', text0, 1);
  const tFirst = await client.waitPublish(uri, (p) => p.version === 1);
  const openMs = tFirst - tOpen;
  const published = client.published.get(uri);
  const before = published.length;

  // The storm: versions 2 … editCount+1, as fast as the pipe takes them.
  const tStart = now();
  let version = 1;
  for (let i = 0; i < events.length; i++) {
    version = i + 2;
    const msg = { jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [events[i].change] } };
    if (i === events.length - 1) break;
    const wait = client.send(msg);
    if (wait) await wait;
  }
  const last = version;
  const tLastEdit = await client.sendFlushed({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: last }, contentChanges: [events[events.length - 1].change] } });
  // A hover right behind the storm: answered once the server worked through the queue.
  const finalText = textOf(last);
  const hoverAt = positionAt(finalText, finalText.indexOf('/wxa/commit?', at) + 3);
  const hoverNow = client.hover(uri, hoverAt);
  const tFinal = await client.waitPublish(uri, (p) => p.version === last);
  const hoverAfterStorm = await hoverNow;
  // Anything still to come would be pending work: wait a few debounce periods for it.
  await sleep(DEBOUNCE_MS * 4 + 400);
  const hoverIdle = await client.hover(uri, hoverAt);

  const during = published.slice(before);
  const versions = during.map((p) => p.version);
  const finalIdx = versions.indexOf(last);
  const afterLastEdit = during.filter((p) => p.t >= tLastEdit);
  const regressions = versions.filter((v, i) => i > 0 && !(v > versions[i - 1]));
  const afterFinal = during.slice(finalIdx + 1);

  // Every publish: its ranges lie inside its version's text and cover WeChat text.
  const rangeErrors = [];
  for (const p of during) for (const e of rangeProblems(textOf(p.version), p.diagnostics)) rangeErrors.push(`v${p.version}: ${e}`);
  // The final publish equals a fresh check of the final text.
  const freshUri = pathToFileURL(path.join(folder, 'src', `${name}-fresh.ts`)).href;
  await client.open(freshUri, 'typescript', finalText, 1);
  await client.waitPublish(freshUri, (p) => p.version === 1);
  const fresh = client.published.get(freshUri).at(-1).diagnostics;
  const final = during[finalIdx].diagnostics;
  const typedCalls = TYPED_PATHS.filter((p) => events.at(-1).typed.includes(p + '?'));
  const typedLine0 = positionAt(finalText, at).line;
  const typedDiagnostics = final.filter((d) => d.range.start.line >= typedLine0 && d.range.start.line < typedLine0 + (events.at(-1).typed.match(/\n/g)?.length ?? 0));
  await client.close(freshUri);
  await client.close(uri);
  await client.waitPublish(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
  const closedHover = await client.hover(uri, hoverAt);

  const r = {
    name,
    documentBytes: Buffer.byteLength(text0),
    lines: lineStarts(text0).length,
    edits: events.length,
    lastVersion: last,
    diagnosticsInFinal: final.length,
    openToFirstPublishMs: round(openMs),
    writeStormMs: round(tLastEdit - tStart),
    publishesDuringStorm: during.filter((p) => p.t < tLastEdit).length,
    publishesAfterLastEdit: afterLastEdit.length,
    olderVersionsAfterLastEdit: afterLastEdit.filter((p) => p.version < last).map((p) => p.version),
    publishesAfterFinal: afterFinal.length,
    lastEditToFinalPublishMs: round(tFinal - tLastEdit),
    hoverRightAfterStormMs: round(hoverAfterStorm.t - tLastEdit),
    hoverIdleMs: round(hoverIdle.ms),
    hoverFound: !!hoverIdle.result,
    versionRegressions: regressions.length,
    rangeErrors: rangeErrors.length,
    finalEqualsFreshCheck: sameDiagnostics(final, fresh),
    typedCallsWithDiagnostics: `${new Set(typedDiagnostics.map((d) => d.range.start.line)).size}/${typedCalls.length ? (events.at(-1).typed.match(/\n/g)?.length ?? 0) : 0}`,
    closedHoverIsNull: closedHover.result === null,
  };
  check(finalIdx >= 0, `${name}: no publish for the last version ${last}`);
  check(regressions.length === 0, `${name}: a publish for a version older than one already published (${versions.join(',')})`);
  check(afterFinal.length === 0, `${name}: ${afterFinal.length} publishes after the final one (versions ${afterFinal.map((p) => p.version).join(',')})`);
  check(rangeErrors.length === 0, `${name}: ${rangeErrors.length} bad ranges, e.g. ${rangeErrors.slice(0, 3).join('; ')}`);
  check(r.finalEqualsFreshCheck, `${name}: the final diagnostics differ from a fresh check of the final text (${final.length} vs ${fresh.length})`);
  check(typedDiagnostics.length > 0, `${name}: the calls typed during the storm got no diagnostics`);
  check(r.hoverFound, `${name}: no hover on a typed WeChat path after the storm`);
  check(r.closedHoverIsNull, `${name}: hover on the closed document answered ${JSON.stringify(closedHover.result)?.slice(0, 100)}`);
  return r;
}

// ---- (b) memory --------------------------------------------------------------------------------------
const KINDS = [
  { rel: 'src/qrcode.ts', ext: 'ts', languageId: 'typescript' },
  { rel: 'src/tokens.ts', ext: 'ts', languageId: 'typescript' },
  { rel: 'app/express.py', ext: 'py', languageId: 'python' },
  { rel: 'internal/wxa/code.go', ext: 'go', languageId: 'go' },
  { rel: 'php/AuthLink.php', ext: 'php', languageId: 'php' },
];

function smallDocument(i) {
  const k = KINDS[i % KINDS.length];
  const body = example(k.rel);
  const copies = 1 + (i % 8);
  const comment = k.ext === 'py' ? '#' : '//';
  const parts = [];
  for (let c = 0; c < copies; c++) parts.push(`${comment} copy ${c} of ${k.rel} (document ${i})`, c === 0 ? body : body.replace(/^(package|<\?php|import|""").*\n/gm, ''));
  return { ...k, text: parts.join('\n') };
}

/** Open and close `docs` documents (20 at a time), then make `edits` edits over 10 open documents; all closed at the end. */
async function workload(client, uriOf, docs, edits, tag) {
  const t0 = now();
  for (let i = 0; i < docs; i += 20) {
    const batch = [];
    for (let j = i; j < Math.min(docs, i + 20); j++) {
      const d = smallDocument(j);
      const u = uriOf(`${tag}-${j}`, d.ext);
      batch.push(u);
      await client.open(u, d.languageId, d.text, 1);
    }
    await Promise.all(batch.map((u) => client.waitPublish(u, (p) => p.version === 1)));
    for (const u of batch) await client.close(u);
    await Promise.all(batch.map((u) => client.waitPublish(u, (p) => p.version === undefined && p.diagnostics.length === 0)));
    for (const u of batch) client.published.delete(u);
  }
  const docsMs = now() - t0;
  const rssAfterDocsKb = vmRssKb(client.child.pid);

  // Edits in bursts of 200 (20 per document), each burst settled (its last versions published).
  const t1 = now();
  const open = [];
  for (let j = 0; j < 10; j++) {
    const d = smallDocument(5000 + j);
    const u = uriOf(`${tag}-edit-${j}`, d.ext);
    open.push({ u, text: d.text, version: 1 });
    await client.open(u, d.languageId, d.text, 1);
  }
  let made = 0;
  while (made < edits) {
    for (let e = 0; e < 200 && made < edits; e++, made++) {
      const o = open[made % open.length];
      o.version++;
      // Type at the end of the first line (a comment); every tenth edit deletes 8 typed characters.
      const eol = o.text.indexOf('\n');
      const change = o.version % 10 === 0
        ? { range: { start: { line: 0, character: eol - 8 }, end: { line: 0, character: eol } }, text: '' }
        : { range: { start: { line: 0, character: eol }, end: { line: 0, character: eol } }, text: 'abcdefghij'[o.version % 10] };
      o.text = o.text.slice(0, change.text ? eol : eol - 8) + change.text + o.text.slice(eol);
      const w = client.notify('textDocument/didChange', { textDocument: { uri: o.u, version: o.version }, contentChanges: [change] });
      if (w) await w;
    }
    await Promise.all(open.map((o) => client.waitPublish(o.u, (p) => p.version === o.version)));
    for (const o of open) client.published.set(o.u, client.published.get(o.u).slice(-1));
  }
  for (const o of open) await client.close(o.u);
  await Promise.all(open.map((o) => client.waitPublish(o.u, (p) => p.version === undefined && p.diagnostics.length === 0)));
  for (const o of open) client.published.delete(o.u);
  return { docsMs, editsMs: now() - t1, edits: made, rssAfterDocsKb, probes: [uriOf(`${tag}-0`, KINDS[0].ext), open[0].u] };
}

async function memory(client, folder) {
  const dir = path.join(folder, 'gen');
  const uriOf = (name, ext) => pathToFileURL(path.join(dir, `${name}.${ext}`)).href;

  // Warm-up: every language opened, edited and closed, so the code paths are compiled; then settle
  // (idle long enough for V8's memory reducer, which runs 8 s after a full GC when the process is
  // idle and hands back the young generation V8 grew under load), force a GC and measure.
  await workload(client, uriOf, 20, 20, 'warm');
  await sleep(SETTLE_MS);
  const start = await client.gcAndMeasure();
  log(`memory: start ${JSON.stringify(start)}`);

  const w = await workload(client, uriOf, DOCS, MEM_EDITS, 'doc');

  // No per-document state: closed documents know nothing.
  const hovers = await Promise.all(w.probes.map((u) => client.hover(u, { line: 1, character: 5 })));
  const closedHoverNull = hovers.every((h) => h.result === null);
  check(closedHoverNull, 'memory: a closed document still answers hover');

  await sleep(SETTLE_MS);
  const end = await client.gcAndMeasure();
  log(`memory: end   ${JSON.stringify(end)}`);
  const pct = (a, b) => round(((b - a) / a) * 100);
  return {
    documents: DOCS,
    edits: w.edits,
    openCloseMs: round(w.docsMs),
    editsMs: round(w.editsMs),
    settleMs: SETTLE_MS,
    rssStartKb: start.rssKb,
    rssAfterDocsKb: w.rssAfterDocsKb,
    rssEndKb: end.rssKb,
    rssGrowthPercent: pct(start.rssKb, end.rssKb),
    heapUsedStartKb: start.heapUsedKb,
    heapUsedEndKb: end.heapUsedKb,
    heapGrowthPercent: pct(start.heapUsedKb, end.heapUsedKb),
    newSpaceKb: { start: start.spacesKb?.new_space, end: end.spacesKb?.new_space },
    closedHoverNull,
  };
}

// ---- main --------------------------------------------------------------------------------------------
async function main() {
  const folder = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'wxperm-storm-'));
  fs.cpSync(EXAMPLE, folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'wxperm.json'), GRANTS);
  const result = { node: process.version, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => round(x, 2)), server: path.relative(ROOT, SERVER), debounceMs: DEBOUNCE_MS, storms: [], memory: undefined, failures };
  try {
    log(`storm: building a ${SIZE}-byte document`);
    const base = bigDocument(SIZE);
    let client = new Client();
    try {
      await client.initialize(folder);
      // A short storm and then the long one: settle time and hover must not grow with the storm's length.
      result.storms.push(await storm(client, folder, base, Math.max(1, Math.round(EDITS / 10)), 'storm-short'));
      log(`storm: short storm done (${result.storms[0].lastEditToFinalPublishMs} ms to the final publish)`);
      result.storms.push(await storm(client, folder, base, EDITS, 'storm'));
      log(`storm: ${EDITS}-edit storm done (${result.storms[1].lastEditToFinalPublishMs} ms to the final publish)`);
    } finally {
      await client.shutdown();
    }
    client = new Client();
    try {
      await client.initialize(folder);
      result.memory = await memory(client, folder);
    } finally {
      await client.shutdown();
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }

  const s = result.storms.at(-1);
  const short = result.storms[0];
  const m = result.memory;
  result.targets = {
    settleWithinMs: TARGET_SETTLE_MS,
    settleMet: s.lastEditToFinalPublishMs <= TARGET_SETTLE_MS,
    rssGrowthWithinPercent: TARGET_RSS_GROWTH,
    rssMet: Math.abs(m.rssGrowthPercent) <= TARGET_RSS_GROWTH,
    // Pending work that piled up would make the long storm settle much later than the short one.
    noPendingGrowth: s.lastEditToFinalPublishMs <= short.lastEditToFinalPublishMs * 2 + 100 && s.publishesAfterFinal === 0,
  };
  printTable(result);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-results', 'storm.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`storm: wrote test-results/storm.json`);
  const missed = Object.entries(result.targets).filter(([k, v]) => typeof v === 'boolean' && !v).map(([k]) => k);
  if (failures.length) {
    console.log(`storm: FAILED\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  if (missed.length) console.log(`storm: targets missed: ${missed.join(', ')}${opts.strict ? '' : ' (reported only; --strict fails on them)'}`);
  if (missed.length && opts.strict) process.exit(1);
  console.log('storm: all checks passed');
}

function printTable(r) {
  const rows = [];
  for (const s of r.storms) {
    rows.push([`${s.name}: document`, `${(s.documentBytes / 1024).toFixed(0)} KiB, ${s.lines} lines, ${s.diagnosticsInFinal} diagnostics at the end`]);
    rows.push([`${s.name}: edits written`, `${s.edits} in ${s.writeStormMs} ms (versions 2…${s.lastVersion})`]);
    rows.push([`${s.name}: open → first publish`, `${s.openToFirstPublishMs} ms`]);
    rows.push([`${s.name}: publishes during the storm`, String(s.publishesDuringStorm)]);
    rows.push([`${s.name}: publishes after the last edit`, `${s.publishesAfterLastEdit} (older versions: ${s.olderVersionsAfterLastEdit.join(', ') || 'none'})`]);
    rows.push([`${s.name}: last edit → final publish`, `${s.lastEditToFinalPublishMs} ms (target ≤ ${TARGET_SETTLE_MS} ms)`]);
    rows.push([`${s.name}: hover right after the storm`, `${s.hoverRightAfterStormMs} ms after the last edit; idle hover ${s.hoverIdleMs} ms`]);
    rows.push([`${s.name}: stale / late publishes`, `${s.versionRegressions} regressions, ${s.publishesAfterFinal} after the final`]);
    rows.push([`${s.name}: final = fresh check, ranges valid`, `${s.finalEqualsFreshCheck ? 'yes' : 'NO'}, ${s.rangeErrors ? `${s.rangeErrors} bad` : 'yes'}; typed calls flagged ${s.typedCallsWithDiagnostics}`]);
  }
  const m = r.memory;
  rows.push(['memory: documents opened+closed', `${m.documents} in ${(m.openCloseMs / 1000).toFixed(1)} s`]);
  rows.push(['memory: edits', `${m.edits} in ${(m.editsMs / 1000).toFixed(1)} s`]);
  const mib = (kb) => (kb / 1024).toFixed(1);
  rows.push(['memory: RSS start / after the documents / end', `${mib(m.rssStartKb)} / ${mib(m.rssAfterDocsKb)} / ${mib(m.rssEndKb)} MiB (start and end: settled ${m.settleMs / 1000} s, GC forced)`]);
  rows.push(['memory: RSS growth', `${m.rssGrowthPercent} % (target within ${TARGET_RSS_GROWTH} %)`]);
  rows.push(['memory: V8 heap used start / end', `${mib(m.heapUsedStartKb)} / ${mib(m.heapUsedEndKb)} MiB (${m.heapGrowthPercent} %); new space ${mib(m.newSpaceKb.start)} / ${mib(m.newSpaceKb.end)} MiB`]);
  rows.push(['memory: closed documents keep no state', m.closedHoverNull ? 'yes (hover → null)' : 'NO']);
  rows.push(['machine', `node ${r.node}, ${r.cpus} cpus, load ${r.loadavg.join(' ')}`]);
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log('\nwxperm edit storm and memory');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
  console.log('');
}

main().catch((e) => {
  console.error(`storm: ${e.stack ?? e}`);
  process.exit(2);
});
