#!/usr/bin/env node
// Runs a VS Code extension-host test suite inside the real VS Code workbench of code-server,
// driven by playwright-core + Debian chromium.
//
//   node test/editor/runExtensionTests.mjs --extension <dir> --tests <compiled test index.js>
//        --workspace <dir> [--timeout 180] [--logs <dir>] [--screenshot <file.png>] [--verbose]
//
// The suite's module must export run(): Promise<void> (as for @vscode/test-electron). The exit
// code is the suite's (0 pass, 1 fail), 1 on timeout or when the workbench breaks; when chromium
// or code-server are not installed or cannot start, one loud SKIPPED line and exit 0 (1 if CI=true).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseLauncherArgs } from './launcherArgs.mjs';
import {
  NODE_MODULES, log, missingPrerequisite, skip, startCodeServer, launchBrowser, workbenchUrl,
} from './codeServer.mjs';

const USAGE = 'usage: node test/editor/runExtensionTests.mjs --extension <dir> --tests <test index.js> --workspace <dir> [--timeout 180] [--logs <dir>] [--screenshot <png>] [--verbose]';

function parse() {
  const values = parseLauncherArgs({
    timeout: { type: 'string', default: '180' },
    logs: { type: 'string' },
    screenshot: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  }, USAGE);
  const opts = {
    extension: path.resolve(values.extension),
    tests: path.resolve(values.tests),
    workspace: path.resolve(values.workspace),
    timeoutS: Number(values.timeout),
    logs: values.logs ? path.resolve(values.logs) : null,
    screenshot: values.screenshot ? path.resolve(values.screenshot) : null,
    verbose: values.verbose || process.env.WXPERM_EDITOR_VERBOSE === '1',
  };
  if (!Number.isFinite(opts.timeoutS) || opts.timeoutS <= 0) {
    console.error(`bad --timeout ${values.timeout}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(opts.extension, 'package.json'))) fail(`--extension ${opts.extension} has no package.json`);
  if (!fs.existsSync(opts.tests)) fail(`--tests ${opts.tests} does not exist (compiled the suite?)`);
  if (!fs.statSync(opts.workspace, { throwIfNoEntry: false })?.isDirectory()) fail(`--workspace ${opts.workspace} is not a directory`);
  return opts;
}

function fail(msg) {
  console.error(`[editor] ERROR: ${msg}`);
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

async function main() {
  const opts = parse();
  const t0 = Date.now();
  log(`extension-host tests in code-server + chromium`);
  log(`  extension: ${opts.extension}`);
  log(`  tests:     ${opts.tests}`);
  log(`  workspace: ${opts.workspace}`);
  log(`  timeout:   ${opts.timeoutS} s`);

  const missing = missingPrerequisite();
  if (missing) return skip(missing, { exit: false });

  let server = null;
  let browser = null;
  let exitCode = 1;
  let cleaning = null;
  const cleanup = async () => {
    if (cleaning) return cleaning;
    cleaning = (async () => {
      if (browser) {
        log('closing chromium');
        await browser.close().catch(() => {});
      }
      if (server) await server.stop().catch((e) => log(`stopping code-server failed: ${e.message}`));
    })();
    return cleaning;
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      log(`got ${sig}: cleaning up`);
      await cleanup();
      process.exit(130);
    });
  }

  try {
    // 1. code-server. Its environment reaches the extension host: tell the suite where the
    //    harness's node_modules (mocha) are. (NODE_PATH does not work there: the extension
    //    host resolves modules itself.)
    try {
      server = await startCodeServer({
        workspace: opts.workspace,
        env: {
          WXPERM_EDITOR_NODE_MODULES: NODE_MODULES,
          WXPERM_EDITOR_HARNESS: 'code-server',
        },
      });
    } catch (e) {
      return skip(`code-server could not start: ${e.message.split('\n')[0]}`, { exit: false });
    }

    // 2. chromium.
    log('launching chromium (playwright-core, headless)');
    try {
      browser = await launchBrowser();
    } catch (e) {
      return skip(`chromium could not start: ${e.message.split('\n')[0]}`, { exit: false });
    }
    const { page } = browser;

    // 3. wire up the automation hooks before the workbench loads.
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    let exitLogs = null;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args);
      let lines = text.split('\n');
      // No network here: the extension gallery lookup fails; keep that to one line.
      if (!opts.verbose && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(lines[0])) lines = [`${lines[0]} (harmless: no network)`];
      for (const line of lines) {
        // A suite's closing 'N passed, N failed' line is printed bare, so CI can read it.
        if (/^\s*(\w+:\s*)?\d+ passed, \d+ failed(, \d+ skipped)?\s*$/.test(line)) console.log(line.trim());
        else console.log(`[workbench:${type}] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      exitLogs = logs ?? null;
      resolveExit(typeof code === 'number' ? code : Number(code) || 0);
    });
    page.on('pageerror', (err) => { if (opts.verbose) console.log(`[page:error] ${err.message}`); });
    page.on('console', (msg) => { if (opts.verbose) console.log(`[page:${msg.type()}] ${msg.text()}`); });
    page.on('crash', () => { log('the page crashed'); resolveExit(1); });
    server.child.once('exit', (code, signal) => {
      if (cleaning) return;
      log(`code-server exited during the run (code ${code}, signal ${signal})`);
      resolveExit(1);
    });

    const url = workbenchUrl(server, { folder: opts.workspace, extensionDevelopmentPath: opts.extension, extensionTestsPath: opts.tests });
    log(`opening the workbench: ${url}`);
    const tNav = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    log(`page loaded in ${secs(tNav)}; waiting for the suite to report (window.codeAutomationExit)`);

    let timer;
    const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), opts.timeoutS * 1000); });
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      console.error(`[editor] TIMEOUT: the suite did not finish within ${opts.timeoutS} s`);
      exitCode = 1;
    } else {
      exitCode = result;
    }

    if (exitCode !== 0 || opts.screenshot) {
      const shot = opts.screenshot ?? path.join(os.tmpdir(), `wxperm-editor-${Date.now()}.png`);
      await Promise.race([page.screenshot({ path: shot }).then(() => log(`screenshot: ${shot}`)), sleep(10_000)]).catch(() => {});
    }
    if (exitCode !== 0 || opts.logs) {
      const dir = opts.logs ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-editor-logs-'));
      saveLogs(dir, exitLogs, server);
      log(`workbench + code-server logs: ${dir}`);
    }
  } catch (e) {
    console.error(`[editor] ERROR: ${e.stack || e.message}`);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  log(`${exitCode === 0 ? 'PASSED' : 'FAILED'}: extension-host suite exit code ${exitCode}, ${secs(t0)} in all`);
  return exitCode;
}

function saveLogs(dir, exitLogs, server) {
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const { relativePath, contents } of exitLogs ?? []) {
      const target = path.join(dir, 'workbench', relativePath.replace(/\.\.+/g, '_'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, contents);
    }
    fs.writeFileSync(path.join(dir, 'code-server.log'), server.output());
    // The remote extension host's own logs live in code-server's user-data dir.
    const remoteLogs = path.join(server.tmpDir, 'user-data', 'logs');
    if (fs.existsSync(remoteLogs)) fs.cpSync(remoteLogs, path.join(dir, 'remote'), { recursive: true });
  } catch (e) {
    log(`could not save logs: ${e.message}`);
  }
}

main().then(
  (code) => process.exit(code),
  (e) => { console.error(e); process.exit(1); },
);
