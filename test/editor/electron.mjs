#!/usr/bin/env node
// Runs the same extension-host suite in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code. Where the download fails (no network access to its
// download host, as on this project's machines), it prints ONE loud SKIPPED line and exits 0 —
// or 1 with --require or WXPERM_REQUIRE_ELECTRON=1. The same suite runs in code-server through
// runExtensionTests.mjs.
//
//   node test/editor/electron.mjs --extension <dir> --tests <test index.js> --workspace <dir>
//        [--vscode-version stable] [--download-timeout 10] [--timeout 300] [--require]
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { parseLauncherArgs } from './launcherArgs.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const USAGE = 'usage: node test/editor/electron.mjs --extension <dir> --tests <test index.js> --workspace <dir> [--vscode-version stable] [--download-timeout 10] [--timeout 300] [--require]';
const log = (...a) => console.log('[electron]', ...a);

const values = parseLauncherArgs({
  'vscode-version': { type: 'string', default: process.env.WXPERM_VSCODE_VERSION || 'stable' },
  'download-timeout': { type: 'string', default: '10' },
  timeout: { type: 'string', default: '300' },
  'cache-path': { type: 'string', default: path.join(HERE, '.vscode-test') },
  require: { type: 'boolean', default: false },
}, USAGE);
const required = values.require || process.env.WXPERM_REQUIRE_ELECTRON === '1';
const extension = path.resolve(values.extension);
const tests = path.resolve(values.tests);
const workspace = path.resolve(values.workspace);
const downloadTimeoutMs = Number(values['download-timeout']) * 1000;
const runTimeoutMs = Number(values.timeout) * 1000;
for (const [flag, p] of [['--extension', path.join(extension, 'package.json')], ['--tests', tests], ['--workspace', workspace]]) {
  if (!fs.existsSync(p)) {
    console.error(`[electron] ERROR: ${flag}: ${p} does not exist`);
    process.exit(1);
  }
}

function skip(reason) {
  const line = `SKIPPED: @vscode/test-electron could not ${reason}; the same suite runs in code-server (test/editor/runExtensionTests.mjs)`;
  if (required) {
    console.error(`${line}\nERROR: desktop VS Code is required here (--require or WXPERM_REQUIRE_ELECTRON=1)`);
    process.exit(1);
  }
  console.log(line);
  process.exit(0);
}

let testElectron;
try {
  testElectron = await import('@vscode/test-electron');
} catch (e) {
  skip(`be loaded (${e.code || e.message.split('\n')[0]}: install the root devDependencies with npm ci)`);
}
const { downloadAndUnzipVSCode, runTests } = testElectron.default ?? testElectron;

// 1. Download desktop VS Code (cached in test/editor/.vscode-test). Fail fast when offline.
const version = values['vscode-version'];
log(`downloading desktop VS Code (${version}) with a ${downloadTimeoutMs / 1000} s idle timeout into ${values['cache-path']}`);
const t0 = Date.now();
let vscodeExecutablePath;
try {
  const silent = { report() {}, error() {} };
  const download = downloadAndUnzipVSCode({ version, cachePath: values['cache-path'], timeout: downloadTimeoutMs, reporter: silent });
  // The idle timeout covers stalls; this covers a server that trickles.
  let timer;
  const hardLimit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${(downloadTimeoutMs * 30) / 1000} s`)), downloadTimeoutMs * 30);
  });
  vscodeExecutablePath = await Promise.race([download, hardLimit]);
  clearTimeout(timer);
} catch (e) {
  const msg = String(e?.message ?? e).split('\n')[0];
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|timed? ?out|socket hang up/i.test(msg);
  skip(`download VS Code (${offline ? 'no network access to its download host' : 'download failed'}: ${msg}, after ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
log(`VS Code at ${vscodeExecutablePath}`);

// 2. Desktop VS Code needs a display: start Xvfb when there is none and it is installed.
let xvfb = null;
if (process.platform === 'linux' && !process.env.DISPLAY) {
  const display = `:${90 + Math.floor(Math.random() * 100)}`;
  try {
    xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { detached: true, stdio: 'ignore' });
    await new Promise((resolve, reject) => {
      xvfb.once('error', reject);
      setTimeout(resolve, 1000);
    });
    process.env.DISPLAY = display;
    log(`started Xvfb on ${display}`);
  } catch {
    xvfb = null;
    log('no DISPLAY and no Xvfb (Debian package xvfb): VS Code will likely fail to start');
  }
}
const stopXvfb = () => { if (xvfb) { try { process.kill(-xvfb.pid, 'SIGKILL'); } catch { /* gone */ } xvfb = null; } };
process.on('exit', stopXvfb);

// 3. Run the suite.
log(`running ${tests} against ${extension} in ${workspace}`);
const timer = setTimeout(() => {
  console.error(`[electron] TIMEOUT: the suite did not finish within ${runTimeoutMs / 1000} s`);
  process.exit(1);
}, runTimeoutMs);
let code;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: extension,
    extensionTestsPath: tests,
    extensionTestsEnv: { WXPERM_EDITOR_NODE_MODULES: path.join(HERE, 'node_modules'), WXPERM_EDITOR_HARNESS: 'electron' },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
  });
} catch (e) {
  console.error(`[electron] suite failed: ${e?.message ?? e}`);
  code = typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
}
clearTimeout(timer);
stopXvfb();
log(`${code === 0 ? 'PASSED' : 'FAILED'}: exit code ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code);
