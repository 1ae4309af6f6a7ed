// Edit storms against the real bundled server over stdio (issue 6, "Typing stays smooth"): assertions on
// facts only, never on timings (scripts/storm.mjs prints those). After hundreds of incremental
// didChange events written as fast as the pipe takes them, the server publishes the last version's
// diagnostics, never a version older than one it already published, every range lies in the text of
// its version and covers what the diagnostic says it covers, and the result equals a fresh look at
// the final text. A closed document leaves nothing behind. A second test checks that incremental sync
// keeps the server's text exactly the client's (CRLF, multi-line replacements, positions past a line's
// end or past the last line), by comparing with a fresh open of the text the client expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { copyFixture, LspClient, positionOf, sleep } from './lspClient';

const T = { timeout: 60_000 };
const DEBOUNCE_MS = 75; // server/src/server.ts

interface Position { line: number; character: number }
interface Change { range: { start: Position; end: Position }; text: string }

/** mulberry32: the same edits on every run. */
function prng(seed: number): (n: number) => number {
  let s = seed | 0;
  return (n) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Fixture code (renamed per copy) between ordinary code with other hosts' URLs, to about `bytes`. */
function bigDocument(ws: string, bytes: number): string {
  const code = fs.readFileSync(path.join(ws, 'src', 'qrcode.ts'), 'utf8').replace(/^declare .*\n/m, '');
  const parts = ['declare function post(url: string, body: unknown): Promise<unknown>;', ''];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const piece = [
      code.replace(/function (\w+)/g, `function $1${i}`),
      `/** Orders of shop ${i}, from our own service (not a WeChat call). */`,
      `export async function orders${i}(shopId: string): Promise<unknown> {`,
      `  const res = await fetch(\`https://api.example.org/v1/shops/\${shopId}/orders?page=${i % 7}\`);`,
      '  if (!res.ok) throw new Error(`orders: ${res.status}`);',
      '  return res.json();',
      '}',
      '',
    ].join('\n');
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('\n');
}

/** Diagnostics as a comparable list (without `data`, which carries offsets of the same facts). */
const comparable = (diags: any[]) => diags.map((d) => [d.range, d.code, d.severity, d.message]);

/** Every range inside `text`, covering exactly the reference the diagnostic is about. */
function assertRanges(text: string, diags: any[], what: string): void {
  const doc = TextDocument.create('file:///check', 'typescript', 1, text);
  for (const d of diags) {
    const { start, end } = d.range;
    assert.ok(start.line >= 0 && start.line < doc.lineCount && end.line < doc.lineCount, `${what}: range ${JSON.stringify(d.range)} outside the document`);
    const a = doc.offsetAt(start);
    const b = doc.offsetAt(end);
    assert.deepEqual(doc.positionAt(a), start, `${what}: start ${JSON.stringify(start)} is not a position of the text`);
    assert.deepEqual(doc.positionAt(b), end, `${what}: end ${JSON.stringify(end)} is not a position of the text`);
    const covered = text.slice(a, b);
    const ref = d.data?.reference;
    assert.ok(ref, `${what}: ${d.code} carries its reference`);
    assert.equal(covered, ref.text, `${what}: ${d.code} at ${JSON.stringify(d.range)} covers ${JSON.stringify(covered)}, claims ${JSON.stringify(ref.text)}`);
    if (ref.kind === 'path') assert.match(covered, /^(https?:\/\/api\.weixin\.qq\.com)?\/?[a-z0-9_-]+(\/[a-z0-9_-]+)+/i, `${what}: a path reference covers a WeChat path`);
  }
}

test('edit storm: 300 typed edits on a 200 KB document end with the last version published, nothing stale', T, async () => {
  const ws = copyFixture('workspace');
  const client = new LspClient();
  try {
    await client.initialize({ folders: [ws] });
    const base = bigDocument(ws, 200 * 1024);
    const anchor = 'export async function typedDuringTheStorm(token: string) {\n';
    const mid = base.indexOf('\n', base.length >> 1) + 1;
    const text0 = base.slice(0, mid) + anchor + '}\n' + base.slice(mid);
    const at = mid + anchor.length;

    // 300 keystrokes at `at`: calls neither authorizer granted fully, typed character by character,
    // with a typo and its backspace now and then; `typed[k]` is what version k + 2 has inserted.
    const calls = ['/cgi-bin/express/business/order/add', '/wxa/commit'];
    const changes: Change[] = [];
    const typed: string[] = [];
    let line = positionAt(text0, at).line;
    let ch = 0;
    let now = '';
    const key = (c: string) => {
      changes.push({ range: { start: { line, character: ch }, end: { line, character: ch } }, text: c });
      typed.push((now += c));
      if (c === '\n') { line++; ch = 0; } else ch++;
    };
    const backspace = () => {
      changes.push({ range: { start: { line, character: ch - 1 }, end: { line, character: ch } }, text: '' });
      typed.push((now = now.slice(0, -1)));
      ch--;
    };
    for (let k = 0; changes.length < 300; k++) {
      const call = `  await post(\`https://api.weixin.qq.com${calls[k % 2]}?access_token=\${token}\`, {});\n`;
      [...call].forEach((c, j) => {
        if (changes.length >= 300) return;
        key(c);
        if (j % 17 === 16 && changes.length < 298) { key('q'); backspace(); }
      });
    }
    const textOf = (version: number) => (version === 1 ? text0 : text0.slice(0, at) + typed[version - 2] + text0.slice(at));
    const last = changes.length + 1;
    const finalText = textOf(last);

    const file = path.join(ws, 'src', 'storm.ts');
    const t0 = client.mark();
    const u = client.open(file, 'typescript', text0, 1);
    await client.diagnostics(u, () => true, 20_000, t0);
    const t1 = client.mark();
    changes.forEach((change, i) => client.notify('textDocument/didChange', { textDocument: { uri: u, version: i + 2 }, contentChanges: [change] }));
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === u && p.version === last, 30_000, t1);
    await sleep(DEBOUNCE_MS * 4 + 300); // anything still queued would arrive now

    const published = client.notifications.slice(t1).filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u).map((n) => n.params);
    const versions = published.map((p) => p.version);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], `published versions only go up: ${versions.join(', ')}`);
    assert.equal(versions.at(-1), last, `the last publish is for the last version; got ${versions.join(', ')}`);
    for (const p of published) assertRanges(textOf(p.version), p.diagnostics, `version ${p.version}`);

    // The final result: every typed call is flagged at its path, and it equals a fresh look at the text.
    const final = published.at(-1).diagnostics;
    const typedLines = typed.at(-1)!.split('\n').length - 1;
    const firstTyped = positionAt(finalText, at).line;
    for (let l = firstTyped; l < firstTyped + typedLines; l++) {
      const call = finalText.split('\n')[l];
      const expected = calls.find((c) => call.includes(c + '?'))!;
      assert.ok(final.some((d: any) => d.code === 'not-granted' && d.range.start.line === l && d.data.reference.text === expected), `typed line ${l} (${expected}) is flagged`);
    }
    const t2 = client.mark();
    const fresh = client.open(path.join(ws, 'src', 'storm-fresh.ts'), 'typescript', finalText, 1);
    const freshDiags = await client.diagnostics(fresh, () => true, 20_000, t2);
    assert.deepEqual(comparable(final), comparable(freshDiags), 'the storm ends where a fresh open of the final text starts');
    client.close(fresh);

    const hover = await client.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(finalText, '/cgi-bin/express/business/order/add?access_token=${token}`, {})', anchor) });
    assert.match(JSON.stringify(hover?.contents ?? null), /45|71/, 'hover on a typed path names its sets');

    // Close: an empty set, and nothing kept: no hover, and a stray change for the closed URI is ignored.
    const t3 = client.mark();
    client.close(u);
    assert.deepEqual(await client.diagnostics(u, () => true, 15_000, t3), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: firstTyped, character: 30 } }), null);
    client.notify('textDocument/didChange', { textDocument: { uri: u, version: last + 1 }, contentChanges: [{ text: finalText + '\n' }] });
    await sleep(DEBOUNCE_MS * 3);
    const afterClose = client.notifications.slice(t3).filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u).map((n) => n.params);
    assert.deepEqual(afterClose, [{ uri: u, diagnostics: [] }], 'after didClose only the empty set, nothing for a change to a closed document');
    const exit = await client.shutdown();
    assert.equal(exit.code, 0, client.stderr);
  } finally {
    client.kill();
    fs.rmSync(ws, { recursive: true, force: true });
  }
});

test('incremental sync keeps the client\'s exact text: CRLF, multi-line replacements, positions past a line\'s end', T, async () => {
  const ws = copyFixture('workspace');
  const client = new LspClient();
  try {
    await client.initialize({ folders: [ws] });
    const code = fs.readFileSync(path.join(ws, 'src', 'qrcode.ts'), 'utf8');
    let text = Array.from({ length: 12 }, (_, i) => code.replace(/function (\w+)/g, `function $1${i}`)).join('\n').replace(/\n/g, '\r\n');
    const r = prng(6);
    const bits = ['x', ' ', '\r\n', '/wxa/commit', '`https://api.weixin.qq.com/cgi-bin/express/business/order/add`', '// note\r\n', 'post(', ')'];
    const file = path.join(ws, 'src', 'sync.ts');
    const t0 = client.mark();
    const u = client.open(file, 'typescript', text, 1);
    await client.diagnostics(u, () => true, 20_000, t0);
    let version = 1;
    const t1 = client.mark();
    for (let i = 0; i < 200; i++) {
      // What the text is to the client (the LSP's reading of positions: clamped to the line, before its break).
      const doc = TextDocument.create(u, 'typescript', version, text);
      const pos = (): Position => {
        const roll = r(20);
        if (roll === 0) return { line: doc.lineCount + r(3), character: r(5) }; // past the last line
        return { line: r(doc.lineCount), character: roll === 1 ? 500 + r(50) : r(60) }; // sometimes past the line's end
      };
      const a = pos();
      const b = r(3) === 0 ? { line: a.line + r(3), character: r(40) } : a; // sometimes a multi-line range
      const insert = r(4) === 0 ? '' : Array.from({ length: 1 + r(3) }, () => bits[r(bits.length)]).join('');
      const [s, e] = doc.offsetAt(a) <= doc.offsetAt(b) ? [a, b] : [b, a];
      text = text.slice(0, doc.offsetAt(s)) + insert + text.slice(doc.offsetAt(e));
      version++;
      client.notify('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: [{ range: { start: a, end: b }, text: insert }] });
    }
    const synced = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === u && p.version === version, 30_000, t1);
    assertRanges(text, synced.diagnostics, 'after 200 edits');
    const t2 = client.mark();
    const fresh = client.open(path.join(ws, 'src', 'sync-fresh.ts'), 'typescript', text, 1);
    const freshDiags = await client.diagnostics(fresh, () => true, 20_000, t2);
    assert.ok(freshDiags.length > 5, `the edited text still has references to compare (${freshDiags.length})`);
    assert.deepEqual(comparable(synced.diagnostics), comparable(freshDiags), 'the server holds the text the client has');
    const exit = await client.shutdown();
    assert.equal(exit.code, 0, client.stderr);
  } finally {
    client.kill();
    fs.rmSync(ws, { recursive: true, force: true });
  }
});
