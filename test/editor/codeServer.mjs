// Reusable pieces of the editor test tier: a private code-server (the real VS Code workbench and
// Node extension host, from npm) and Debian's chromium driven by playwright-core.
// Facts behind every choice here: shared/REAL-EDITORS.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const NODE_MODULES = path.join(HERE, 'node_modules');
export const CODE_SERVER_BIN = path.join(NODE_MODULES, '.bin', 'code-server');
export const CHROMIUM = process.env.WXPERM_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Settings that keep the workbench usable and quiet (REAL-EDITORS.md). */
export const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'editor.hover.delay': 100,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

const requireHere = createRequire(import.meta.url);

export function log(...args) {
  console.log('[editor]', ...args);
}

/** Why the editor tier cannot run on this machine, or null when it can. */
export function missingPrerequisite() {
  if (!fs.existsSync(CODE_SERVER_BIN)) return `code-server is not installed (${path.relative(process.cwd(), CODE_SERVER_BIN) || CODE_SERVER_BIN} missing)`;
  if (!fs.existsSync(path.join(NODE_MODULES, 'code-server', 'lib', 'vscode', 'node_modules'))) {
    return "code-server's postinstall did not run (lib/vscode/node_modules missing)";
  }
  if (!fs.existsSync(CHROMIUM)) return `chromium is not installed (${CHROMIUM} missing)`;
  try {
    requireHere.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed in test/editor';
  }
  return null;
}

/** The editor tier cannot run: say so in one loud line; a failure under CI=true. */
export function skip(reason, { exit = true } = {}) {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const line = `SKIPPED: editor tests (${reason}; run test/editor/setup.sh as root to enable)`;
  if (ci) {
    console.error(`${line}\nERROR: CI=true, so a skipped editor tier is a failure`);
  } else {
    console.log(line);
  }
  if (exit) process.exit(ci ? 1 : 0);
  return ci ? 1 : 0;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An environment for code-server with no trace of any VS Code this process may run inside. */
function cleanEnv(base, extra) {
  const env = {};
  for (const [k, v] of Object.entries(base)) {
    if (/^VSCODE_/.test(k) || k === 'ELECTRON_RUN_AS_NODE' || k === 'CODE_SERVER_PARENT_PID') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Kill a whole process group (started detached, i.e. with setsid); waits up to graceMs. */
async function killGroup(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone, but its group (file watchers, extension host) may still be alive.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* no such group */ }
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
  const timer = sleep(graceMs).then(() => 'timeout');
  if ((await Promise.race([exited, timer])) === 'timeout') {
    log(`code-server did not exit ${graceMs / 1000} s after SIGTERM: SIGKILL to its process group`);
  }
  // Always sweep the group: children that ignored SIGTERM, or outlived the leader.
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
}

function makeDirs(root) {
  const d = {
    root,
    config: path.join(root, 'config.yaml'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    xdgCache: path.join(root, 'xdg-cache'),
    log: path.join(root, 'code-server.log'),
  };
  for (const k of ['userData', 'extensions', 'xdgConfig', 'xdgData', 'xdgCache']) fs.mkdirSync(d[k], { recursive: true });
  return d;
}

/**
 * Start a private code-server for one workspace.
 * @param {object} o
 * @param {string} o.workspace absolute folder to open
 * @param {string} [o.extensionsDir] extensions directory (default: a fresh one in the temp dir)
 * @param {object} [o.userSettings] merged over DEFAULT_USER_SETTINGS
 * @param {object} [o.env] extra environment for code-server (and so for the extension host)
 * @param {number} [o.readyTimeoutMs=60000]
 * @param {boolean} [o.quiet] do not print progress lines
 * @returns {Promise<{url:string, port:number, host:string, authority:string, tmpDir:string, logFile:string, child:import('node:child_process').ChildProcess, output:()=>string, stop:()=>Promise<void>}>}
 */
export async function startCodeServer({ workspace, extensionsDir, userSettings = {}, env = {}, readyTimeoutMs = 60_000, quiet = false, keepTemp = !!process.env.WXPERM_KEEP_TEMP } = {}) {
  const say = quiet ? () => {} : log;
  if (!fs.existsSync(CODE_SERVER_BIN)) throw new Error(`code-server not installed: ${CODE_SERVER_BIN}`);
  if (workspace && !path.isAbsolute(workspace)) workspace = path.resolve(workspace);
  const tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wxperm-code-server-'));
  const d = makeDirs(tmpDir);
  const extDir = extensionsDir ? path.resolve(extensionsDir) : d.extensions;
  fs.mkdirSync(extDir, { recursive: true });
  const port = await freePort();
  const host = '127.0.0.1';
  fs.writeFileSync(d.config, `bind-addr: ${host}:${port}\nauth: none\ncert: false\n`);
  const settingsDir = path.join(d.userData, 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...userSettings }, null, 2));

  const args = [
    '--config', d.config,
    '--user-data-dir', d.userData,
    '--extensions-dir', extDir,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (workspace) args.push(workspace);
  say(`starting code-server on ${host}:${port} (temp dir ${tmpDir})`);
  const t0 = Date.now();
  const child = spawn(CODE_SERVER_BIN, args, {
    detached: true, // setsid: own process group, so stop() can kill watchers and extension hosts too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv(process.env, {
      XDG_CONFIG_HOME: d.xdgConfig,
      XDG_DATA_HOME: d.xdgData,
      XDG_CACHE_HOME: d.xdgCache,
      ...env,
    }),
  });
  const logStream = fs.createWriteStream(d.log);
  let tail = '';
  const onData = (buf) => {
    logStream.write(buf);
    tail = (tail + buf.toString()).slice(-20_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exitInfo = null;
  child.on('exit', (code, signal) => { exitInfo = { code, signal }; });
  // If this process dies without calling stop(), still take the group down.
  const onProcessExit = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.on('exit', onProcessExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    say('stopping code-server (whole process group)');
    await killGroup(child);
    process.off('exit', onProcessExit);
    await new Promise((r) => logStream.end(r));
    if (keepTemp) say(`kept temp dir ${tmpDir} (WXPERM_KEEP_TEMP)`);
    else await fsp.rm(tmpDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  };

  const url = `http://${host}:${port}/`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitInfo) {
      const out = tail;
      await stop();
      throw new Error(`code-server exited before it was ready (code ${exitInfo.code}, signal ${exitInfo.signal}):\n${out}`);
    }
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      const out = tail;
      await stop();
      throw new Error(`code-server did not answer /healthz within ${readyTimeoutMs / 1000} s:\n${out}`);
    }
    await sleep(250);
  }
  say(`code-server ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${url}`);
  return {
    url,
    port,
    host,
    authority: `${host}:${port}`,
    tmpDir,
    logFile: d.log,
    extensionsDir: extDir,
    child,
    output: () => tail,
    stop,
  };
}

/** A vscode-remote:// URI for an absolute path on the code-server machine. */
export function remoteUri(authority, absPath) {
  const p = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${authority}${p.startsWith('/') ? p : `/${p}`}`;
}

/**
 * The workbench URL for a folder; with extensionDevelopmentPath / extensionTestsPath (absolute
 * paths) the workbench loads that extension and runs that suite in the remote extension host.
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const params = [];
  if (folder) params.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server.authority, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server.authority, extensionTestsPath)]);
  if (payload.length) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}${params.length ? `?${params.join('&')}` : ''}`;
}

/** Wait until the workbench shows its editor area and status bar (first load: 7–10 s on 2 cores). */
export async function waitForWorkbench(page, { timeoutMs = 60_000 } = {}) {
  await page.waitForSelector('.monaco-workbench .part.editor', { state: 'attached', timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { state: 'visible', timeout: timeoutMs });
}

/** Run code-server's CLI once (install an extension, list extensions …) with private dirs. */
export async function runCodeServerCli(cliArgs, { timeoutMs = 120_000 } = {}) {
  const tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wxperm-code-server-cli-'));
  const d = makeDirs(tmpDir);
  fs.writeFileSync(d.config, 'auth: none\ncert: false\n');
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(CODE_SERVER_BIN, ['--config', d.config, '--user-data-dir', d.userData, ...cliArgs], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: cleanEnv(process.env, { XDG_CONFIG_HOME: d.xdgConfig, XDG_DATA_HOME: d.xdgData, XDG_CACHE_HOME: d.xdgCache }),
      });
      let out = '';
      child.stdout.on('data', (b) => { out += b; });
      child.stderr.on('data', (b) => { out += b; });
      const timer = setTimeout(() => {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
        reject(new Error(`code-server ${cliArgs.join(' ')} timed out after ${timeoutMs / 1000} s:\n${out}`));
      }, timeoutMs);
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('exit', (code) => {
        clearTimeout(timer);
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
        if (code === 0) resolve(out);
        else reject(new Error(`code-server ${cliArgs.join(' ')} exited ${code}:\n${out}`));
      });
    });
  } finally {
    await fsp.rm(tmpDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Install a .vsix into an extensions directory, offline (about 3 s). */
export async function installVsix(vsixPath, extensionsDir, { timeoutMs = 120_000 } = {}) {
  const vsix = path.resolve(vsixPath);
  const dir = path.resolve(extensionsDir);
  fs.mkdirSync(dir, { recursive: true });
  log(`installing ${vsix} into ${dir}`);
  const out = await runCodeServerCli(['--extensions-dir', dir, '--install-extension', vsix, '--force'], { timeoutMs });
  return out;
}

/**
 * Launch Debian's chromium through playwright-core, headless, with a fresh profile.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchBrowser({ headless = true, viewport = { width: 1400, height: 900 }, timeoutMs = 60_000, extraArgs = [] } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'wxperm-chromium-'));
  let context;
  try {
    // launchPersistentContext owns --user-data-dir (playwright rejects it in args).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      viewport,
      timeout: timeoutMs,
      ignoreHTTPSErrors: true,
    });
  } catch (e) {
    await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.race([context.close().catch(() => {}), sleep(10_000)]);
    await fsp.rm(profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  };
  return { context, page, close };
}
