// No network calls at run time: the CLI and the language server run with every socket, DNS and
// fetch entry point rigged to exit 99 — and must do their whole job without touching one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/catalog';

const PRELOAD = path.join(__dirname, 'data', 'no-network.cjs');

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, ['-r', PRELOAD, ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 60_000 });
}

test('the rigging works: a fetch is caught', () => {
  const r = run(['-e', "fetch('https://example.com').catch(() => {})"]);
  assert.equal(r.status, 99);
  assert.match(r.stderr, /NETWORK: fetch attempted/);
});

test('wxperm check and lookup open no socket', () => {
  const check = run([path.join(ROOT, 'dist', 'cli.js'), 'check', 'examples/platform-backend', '--format', 'json']);
  assert.equal(check.status, 1, check.stderr);
  assert.doesNotMatch(check.stderr, /NETWORK/);
  assert.ok(JSON.parse(check.stdout).findings.length > 0);
  const lookup = run([path.join(ROOT, 'dist', 'cli.js'), 'lookup', 'getwxacodeunlimit']);
  assert.equal(lookup.status, 0);
});

test('the language server answers initialize, diagnostics and hover over stdio without a socket', async () => {
  const file = path.join(ROOT, 'examples', 'platform-backend', 'app', 'express.py');
  const folder = 'file://' + path.dirname(path.dirname(file));
  const uri = 'file://' + file;
  const text = fs.readFileSync(file, 'utf8');
  const frame = (m: unknown) => { const b = JSON.stringify(m); return `Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`; };
  const child = spawn(process.execPath, ['-r', PRELOAD, path.join(ROOT, 'dist', 'server.js'), '--stdio'], { cwd: ROOT });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const seen = (re: RegExp) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stderr: ${err}`)), 30_000);
    const check = () => { if (re.test(out)) { clearTimeout(timer); resolve(); } };
    child.stdout.on('data', (d) => { out += d; check(); });
    check();
  });
  const initialized = seen(/"id":1,"result":\{"capabilities"/);
  child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: folder, capabilities: {}, workspaceFolders: [{ uri: folder, name: 'ex' }] } }));
  await initialized;
  const diagnosed = seen(/publishDiagnostics.*not-granted/);
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text } } }));
  await diagnosed;
  const hovered = seen(/"id":2,"result":\{"contents"/);
  child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 7, character: 30 } } }));
  await hovered;
  child.stdin.write(frame({ jsonrpc: '2.0', id: 3, method: 'shutdown' }));
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.doesNotMatch(err, /NETWORK/);
  assert.equal(code, 0);
});
