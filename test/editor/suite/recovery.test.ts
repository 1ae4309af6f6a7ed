// Crash recovery in a real VS Code (issue 6): the language server process is killed with SIGKILL while
// the user types, and the extension's LanguageClient starts a new one, which checks the open documents
// again; after five crashes within three minutes it stops trying, and the `wxperm.restartServer` command
// brings it back. Runs after extension.test.ts (it kills the server).
//
// The server's pid comes from LanguageClient.serverProcess (a public getter of vscode-languageclient's
// node client) and, where /proc exists, is checked to be a child of this extension host running
// dist/server.js before it is killed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** vscode-languageclient's State enum (its values; importing the enum would bundle the whole library). */
const State = { Stopped: 1, Starting: 3, Running: 2 } as const;

const EXT_ID = 'wxperm.wxperm';
type Api = { client: () => LanguageClient | undefined; ready: Promise<void> };

let api: Api;
const root = () => vscode.workspace.workspaceFolders![0].uri;
/** All-of 18 + 76: no authorizer of the example (nor extension.test.ts's quick fix) grants 76. */
const CALL = '/wxa/getillegalrecords';
const FILE = 'crash/records.ts';
const TEXT = `// Penalty records of an authorizer Mini Program.\nexport const recordsUrl = (token: string) => \`https://api.weixin.qq.com${CALL}?access_token=\${token}\`;\n`;

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

const flagged = (doc: vscode.TextDocument) =>
  vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'wxperm' && (d.code === 'not-granted' || (d.code as { value?: string })?.value === 'not-granted') && doc.getText(d.range) === CALL);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The state letter in /proc/<pid>/stat ('Z' once killed and not yet reaped); undefined without /proc. */
function processState(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  } catch {
    return undefined;
  }
}

/**
 * The running server's pid: LanguageClient.serverProcess, accepted only while the client is running and,
 * where /proc exists, only if that process is a child of this extension host running dist/server.js
 * (a killed process that is gone or not yet reaped does not count).
 */
function serverPid(client: LanguageClient): number | undefined {
  const pid = client.serverProcess?.pid;
  if (pid === undefined || !client.isRunning() || !alive(pid)) return undefined;
  if (!fs.existsSync('/proc/self/stat')) return pid;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
    return /dist[/\\]server\.js/.test(cmdline) && ppid === process.pid ? pid : undefined;
  } catch {
    return undefined; // gone meanwhile
  }
}

/** A fresh line calling CALL at the end of the document, then every CALL in it flagged by the (new) server. */
async function addCallAndSeeItFlagged(ed: vscode.TextEditor): Promise<void> {
  const end = ed.document.lineAt(ed.document.lineCount - 1).range.end;
  assert.ok(await ed.edit((b) => b.insert(end, `export const again${Date.now()} = '${CALL}';\n`)));
  const calls = ed.document.getText().split(CALL).length - 1;
  await until(`all ${calls} ${CALL} flagged, the new line too`, () => flagged(ed.document).length === calls || undefined);
}

describe('crash recovery', () => {
  let ed: vscode.TextEditor;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is not installed`);
    api = (await ext.activate()) as Api;
    await api.ready;
    const uri = vscode.Uri.joinPath(root(), FILE);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(TEXT, 'utf8'));
    ed = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await until(`${CALL} flagged in ${FILE}`, () => flagged(ed.document).length === 1 || undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), 'crash'), { recursive: true });
  });

  it('a killed server is restarted and checks the open file again', async () => {
    const client = api.client()!;
    const pid = serverPid(client);
    assert.ok(pid, `the server is running as a child of this extension host (pid ${client.serverProcess?.pid}, running ${client.isRunning()})`);
    const states: number[] = [];
    const sub = client.onDidChangeState((e) => states.push(e.newState));
    try {
      process.kill(pid, 'SIGKILL');
      // A crash in the middle of traffic: the process is dead (a zombie) but this extension host has not
      // noticed (its event loop is held here) when the client writes to it, as when a crash meets typing
      // or the tree view's requests. The writes fail (EPIPE) before the close is seen.
      const deadline = Date.now() + 2000;
      while (processState(pid) !== 'Z' && processState(pid) !== undefined && Date.now() < deadline) { /* wait for the kernel */ }
      for (let i = 0; i < 3; i++) void client.sendNotification('workspace/didChangeConfiguration', { settings: null }).catch(() => undefined);
      // And the user keeps typing.
      for (let i = 0; i < 3; i++) assert.ok(await ed.edit((b) => b.insert(ed.document.lineAt(0).range.end, '!')));
      const next = await until('a new server process', () => serverPid(client) !== pid && serverPid(client), 30000);
      assert.notEqual(next, pid);
      await until(`the killed process ${pid} to be gone`, () => !alive(pid) || undefined, 10000);
      assert.ok(states.includes(State.Stopped) || states.includes(State.Starting), `the client noticed the crash: ${states.join(', ')}`);
      assert.equal(states.at(-1), State.Running);
      // The new server knows the open file (the client re-sent didOpen): the old diagnostic is back and a
      // new call typed now is checked.
      await until(`${CALL} flagged again`, () => flagged(ed.document).length >= 1 || undefined);
      await addCallAndSeeItFlagged(ed);
    } finally {
      sub.dispose();
    }
  });

  it('retries are bounded: after five crashes in three minutes it stays down, and wxperm.restartServer brings it back', async function () {
    this.timeout(180000);
    const client = api.client()!;
    let kills = 1; // the previous test's crash counts: the client keeps the last three minutes of crashes
    let gaveUp = false;
    while (kills < 6 && !gaveUp) {
      const pid = await until('the server running', () => serverPid(client), 30000);
      process.kill(pid, 'SIGKILL');
      kills++;
      // Either a new process runs, or the client gives up (state Stopped, no new process for 5 s).
      const outcome = await until('a restart or giving up', async () => {
        const next = client.isRunning() ? client.serverProcess?.pid : undefined;
        if (next !== undefined && next !== pid) return 'restarted';
        if (Number(client.state) === State.Stopped) {
          await new Promise((r) => setTimeout(r, 5000));
          return Number(client.state) === State.Stopped ? 'stopped' : undefined;
        }
        return undefined;
      }, 60000);
      gaveUp = outcome === 'stopped';
    }
    assert.ok(gaveUp, `still restarting after ${kills} crashes`);
    assert.ok(kills <= 5, `gave up only after ${kills} crashes (maxRestartCount is 4)`);
    assert.equal(client.isRunning(), false);

    await vscode.commands.executeCommand('wxperm.restartServer');
    const c = api.client()!;
    await until('the server running again', () => serverPid(c), 60000);
    await addCallAndSeeItFlagged(ed);
  });
});
