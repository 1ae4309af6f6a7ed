// npm run bench: speed and memory of wxperm beside ripgrep on the same files. Information only: it never
// fails on a figure (exit 0 unless the benchmark itself breaks); tests never time anything.
//
//   node scripts/bench.mjs [--mb 20] [--no-extra] [--no-rg] [--tree] [--tree-mb 50,100,200] [--tree-only]
//                          [--tree-runs 3] [--tree-jobs 1,2,4] [--no-gnu-time]
//   --mb: corpus size; --no-extra: skip the scanner-on-other-inputs table; --no-rg: act as if rg were missing
//   --tree: also the whole-repository section (4., a few minutes); --tree-mb: its sizes (implies --tree);
//   --tree-only: only that section (its figures are merged into test-results/bench.json under "tree");
//   --tree-runs: timed runs per tool and size; --tree-jobs: `check --jobs N` once each on the largest
//   tree, with whether the output is the same; --no-gnu-time: peak RSS by polling /proc even when
//   /usr/bin/time is there
//
// 1. The core scanner in-process (server/src/core bundled by esbuild as the build bundles it) over a
//    generated corpus of ordinary TS/JS/Python/Go/Java/PHP files (seeded, one WeChat reference per
//    ~200 lines, real catalog paths) and over one 1 MB file; `rg -F -c -f <catalog paths>` on the same files.
// 2. The CLI as users run it: `node dist/cli.js scan <dir> --json` and `check <dir>`, wall time.
// 3. The server as editors run it: `node dist/server.js --stdio`, spawn → initialize response,
//    didOpen of the 1 MB file → publishDiagnostics, VmRSS / VmHWM after.
// 4. Opt-in (--tree): a generated repository of 50, 100 and 200 MB (about 100 files per MB, with
//    .gitignore'd noise): `node dist/cli.js check <tree> --stats` wall time and peak RSS beside
//    `rg -c -F -f <catalog paths>` on the same tree, and whether time grows linearly (bench/tree.mjs).
// Figures go to stdout as a table and to test-results/bench.json. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LANGUAGES, writeCorpus, writeOneFile } from './bench/corpus.mjs';
import { loadCore } from './bench/core.mjs';
import { Lsp, initializeParams } from './bench/lsp.mjs';
import { findRipgrep, median, procCpuMs, timeCommand, timeInProcess } from './bench/measure.mjs';
import { mbps, mib, ms, rate, ratio, table } from './bench/report.mjs';
import { treeBench } from './bench/tree.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const CORPUS_MB = Number(opt('--mb', 20));
const EXTRA = !argv.includes('--no-extra');
const NO_RG = argv.includes('--no-rg');
const TREE_ONLY = argv.includes('--tree-only');
const TREE = TREE_ONLY || argv.includes('--tree') || argv.includes('--tree-mb');
const TREE_MB = [...new Set(String(opt('--tree-mb', '50,100,200')).split(',').map(Number))].sort((a, b) => a - b);
const TREE_RUNS = Number(opt('--tree-runs', 3));
/** `check --jobs N` for each N, once, on the largest tree (threads vs one thread, same output). */
const TREE_JOBS = [...new Set(String(opt('--tree-jobs', '1,2,4')).split(',').map(Number))].filter((n) => Number.isInteger(n) && n >= 1);
if (TREE && (!TREE_MB.length || TREE_MB.some((x) => !(x > 0)) || !(TREE_RUNS >= 1))) {
  console.error('wxperm bench: --tree-mb takes sizes in MB separated by commas (e.g. 50,100,200); --tree-runs a count ≥ 1');
  process.exit(2);
}
const ONE_MB = 1_000_000;
const GRANTS = [17, 18, 19, 30, 52];

const TARGETS = {
  scanThroughput: { label: 'core scanner throughput', text: '≥ 300 MB/s', unit: 'MB/s', met: (v) => v >= 300 },
  scanOneMB: { label: 'core scanner, 1 MB file', text: '≤ 10 ms', unit: 'ms', met: (v) => v <= 10 },
  serverReady: { label: 'server ready after spawn', text: '≤ 100 ms', unit: 'ms', met: (v) => v <= 100 },
  serverRss: { label: 'server RSS', text: '≤ 60 MiB', unit: 'bytes', met: (v) => v <= 60 * 1048576 },
};

const TREE_TARGETS = {
  ratio: { label: 'within 2× of ripgrep (wall, every size)', text: '≤ 2×', met: (v) => v <= 2 },
  rss: { label: 'peak RSS (every size)', text: '≤ 300 MiB', met: (v) => v <= 300 * 1048576 },
  linear: { label: 'linear growth (largest ÷ scaled smaller)', text: '≤ 1.15', met: (v) => v <= 1.15 },
};

const log = (s = '') => process.stdout.write(s + '\n');
const step = (s) => process.stderr.write(`· ${s}\n`);

const dist = {
  cli: path.join(root, 'dist', 'cli.js'),
  server: path.join(root, 'dist', 'server.js'),
  catalog: path.join(root, 'dist', 'catalog.json'),
};
for (const f of Object.values(dist)) {
  if (!fs.existsSync(f)) {
    console.error(`wxperm bench: ${path.relative(root, f)} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const results = { env: environment(), targets: [] };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-bench-'));
const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
const servers = new Set();
process.on('SIGINT', () => { for (const s of servers) s.child.kill('SIGKILL'); cleanup(); process.exit(130); });

try {
  await run();
} catch (e) {
  console.error(`wxperm bench: broke: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  for (const s of servers) s.child.kill('SIGKILL');
  cleanup();
}

async function run() {
  const started = performance.now();
  const env = results.env;
  if (!env.rg) log('!!! ripgrep (rg) not found — install it (Debian/Ubuntu: `sudo apt-get install ripgrep`) to get the rg columns and ratios; they are skipped.');
  if (env.distStale) log(`!!! dist/ is older than ${env.distStale} — these figures are of the last build, not of the current source; run \`npm run build\`.`);
  busyWarning(env.loadavgStart);
  const index = JSON.parse(fs.readFileSync(dist.catalog, 'utf8'));
  const patternsFile = writePatterns(index);
  if (!TREE_ONLY) await standard(index, patternsFile);
  if (TREE) {
    step(`the whole-repository section: trees of ${TREE_MB.join(', ')} MB`);
    results.tree = await treeBench({
      dir: path.join(tmp, 'tree'), index, cli: dist.cli, rg: env.rg, patternsFile, sizes: TREE_MB, runs: TREE_RUNS,
      grants: GRANTS, step, loud: (s) => log(`!!! ${s}`), useTime: !argv.includes('--no-gnu-time'), threads: TREE_JOBS,
    });
  }
  results.env.loadavgEnd = os.loadavg();
  results.env.seconds = (performance.now() - started) / 1000;
  if (!TREE_ONLY) print(results);
  if (TREE) printTree(results.tree);
  busyWarning(results.env.loadavgEnd);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const file = path.join(root, 'test-results', 'bench.json');
  let saved = results;
  if (TREE_ONLY) {
    // Only the tree was measured: keep the rest of the last full run's figures, replace "tree".
    let previous = {};
    try { previous = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* none yet */ }
    saved = { ...previous, tree: { ...results.tree, env: results.env } };
  }
  fs.writeFileSync(file, JSON.stringify(saved, null, 2) + '\n');
  log(`\nfigures: test-results/bench.json${TREE_ONLY ? ' (under "tree")' : ''} · ${results.env.seconds.toFixed(0)} s in all`);
}

/** The fixed strings rg looks for: every catalog path, without its leading slash, so it matches all the
 * forms the corpus uses (`/wxa/commit`, `'wxa/commit'`, `https://…/wxa/commit?…`). */
function writePatterns(index) {
  const patternsFile = path.join(tmp, 'patterns.txt');
  const patterns = [...new Set(index.interfaces.map((i) => i.path.replace(/^\//, '')))].sort();
  fs.writeFileSync(patternsFile, patterns.join('\n') + '\n');
  results.patterns = patterns.length;
  return patternsFile;
}

async function standard(index, patternsFile) {
  const env = results.env;
  // ---- files -------------------------------------------------------------------------------------
  const corpusDir = path.join(tmp, 'corpus');
  const oneDir = path.join(tmp, 'one');
  step(`writing a ${CORPUS_MB} MB corpus to ${corpusDir}`);
  const corpus = writeCorpus(corpusDir, index, { totalBytes: CORPUS_MB * 1e6 });
  const grantsFile = JSON.stringify({ grants: GRANTS }) + '\n';
  fs.writeFileSync(path.join(corpusDir, 'wxperm.json'), grantsFile);
  const one = writeOneFile(path.join(oneDir, 'big.ts'), index, ONE_MB);
  fs.writeFileSync(path.join(oneDir, 'wxperm.json'), grantsFile);
  const byLanguage = {};
  for (const f of corpus.files) byLanguage[f.languageId] = (byLanguage[f.languageId] ?? 0) + f.bytes;
  results.corpus = {
    bytes: corpus.bytes, files: corpus.files.length, lines: corpus.lines, planted: corpus.planted,
    linesPerReference: corpus.lines / corpus.planted, byLanguage, grants: GRANTS,
  };
  results.oneFile = { bytes: one.bytes, lines: one.lines, planted: one.planted };

  // ---- core scanner, in-process ------------------------------------------------------------------
  step('bundling the core with esbuild and scanning in-process');
  const { scan, Catalog } = await loadCore(root);
  let t = performance.now();
  const catalog = Catalog.fromIndex(JSON.parse(fs.readFileSync(dist.catalog, 'utf8')));
  const catalogLoadMs = performance.now() - t;
  t = performance.now();
  scan('const u = "https://api.weixin.qq.com/wxa/commit"; getUnlimitedQRCode(x);', catalog, { languageId: 'typescript' });
  const firstScanMs = performance.now() - t;
  const texts = corpus.files.map((f) => ({ text: fs.readFileSync(f.file, 'utf8'), options: { languageId: f.languageId, fileName: f.file } }));
  const whole = timeInProcess(() => texts.reduce((n, f) => n + scan(f.text, catalog, f.options).length, 0), { runs: 5, warmup: 1 });
  const oneScan = timeInProcess(() => scan(one.text, catalog, { languageId: 'typescript', fileName: one.file }).length, { runs: 15, warmup: 2 });
  results.scanner = {
    catalogLoadMs, firstScanMs,
    corpus: { ms: whole.ms, cpuMs: whole.cpuMs, mbPerS: mbps(corpus.bytes, whole.ms), references: whole.result, runsMs: whole.wall },
    oneMB: { ms: oneScan.ms, cpuMs: oneScan.cpuMs, mbPerS: mbps(one.bytes, oneScan.ms), references: oneScan.result, runsMs: oneScan.wall },
  };

  // ---- ripgrep -----------------------------------------------------------------------------------
  results.ripgrep = null;
  if (env.rg) {
    step('ripgrep on the same files');
    const rgArgs = (threads, target) => ['--no-config', '-F', '-c', '-f', patternsFile, ...(threads ? ['-j', String(threads)] : []), target];
    const rgRun = (threads, target, runs) => {
      const r = timeCommand(env.rg.path, rgArgs(threads, target), { runs, warmup: 1, okStatus: [0, 1] });
      const counts = r.last.stdout.split('\n').filter(Boolean).map((l) => Number(l.slice(l.lastIndexOf(':') + 1)));
      return { ms: r.ms, cpuMs: r.cpuMs, runsMs: r.wall, matchedLines: counts.reduce((a, b) => a + b, 0), files: counts.length };
    };
    const emptyFile = path.join(tmp, 'empty.txt');
    fs.writeFileSync(emptyFile, '');
    results.ripgrep = {
      version: env.rg.version, patterns: results.patterns,
      // What rg costs before reading anything: start-up and compiling the patterns.
      emptyFile: rgRun(1, emptyFile, 5),
      corpus: { default: rgRun(0, corpusDir, 5), j1: rgRun(1, corpusDir, 5) },
      oneMB: { default: rgRun(0, one.file, 9), j1: rgRun(1, one.file, 9) },
    };
  }

  // ---- CLI ---------------------------------------------------------------------------------------
  step('the CLI on the corpus');
  const node = process.execPath;
  const stats = (stderr) => {
    const m = /(\d+) files, (\d+) bytes, (\d+) skipped, ([\d.]+) s/.exec(stderr);
    return m ? { files: Number(m[1]), bytes: Number(m[2]), skipped: Number(m[3]), inProcessMs: Number(m[4]) * 1000 } : undefined;
  };
  const nodeFloor = timeCommand(node, ['-e', '0'], { runs: 5, warmup: 1 });
  const emptyDir = path.join(tmp, 'empty');
  fs.mkdirSync(emptyDir);
  const cliEmpty = timeCommand(node, [dist.cli, 'scan', emptyDir, '--json'], { runs: 5, warmup: 1, devNull: true });
  const cliScan = timeCommand(node, [dist.cli, 'scan', corpusDir, '--json', '--stats'], { runs: 3, warmup: 1, devNull: true });
  const cliCheck = timeCommand(node, [dist.cli, 'check', corpusDir, '--stats'], { runs: 3, warmup: 1, devNull: true, okStatus: [0, 1] });
  results.cli = {
    nodeStartMs: nodeFloor.ms,
    emptyScanMs: cliEmpty.ms,
    scan: { ms: cliScan.ms, cpuMs: cliScan.cpuMs, runsMs: cliScan.wall, stats: stats(cliScan.last.stderr) },
    check: { ms: cliCheck.ms, cpuMs: cliCheck.cpuMs, runsMs: cliCheck.wall, stats: stats(cliCheck.last.stderr), exitCode: cliCheck.last.status, summary: cliCheck.last.stderr.split('\n').find((l) => /error|warning|finding|problem/i.test(l) && !/files,/.test(l))?.trim() },
  };

  // ---- server ------------------------------------------------------------------------------------
  step('the language server over stdio');
  results.server = await serverFigures(one, oneDir);

  // ---- other inputs (the former scripts/bench-scan.mjs) -------------------------------------------
  if (EXTRA) {
    step('the core scanner on other inputs');
    results.extra = otherInputs(scan, catalog);
  }

}

async function serverFigures(one, folder) {
  const args = [dist.server, '--stdio'];
  const rootUri = pathToFileURL(folder).href;
  const start = async () => {
    const c = new Lsp(process.execPath, args, { cwd: folder });
    servers.add(c);
    const { at } = await c.request('initialize', initializeParams(rootUri));
    return { c, readyMs: at - c.spawnedAt, cpuMs: procCpuMs(c.pid) };
  };
  const stop = async (c) => { await c.close(); servers.delete(c); };

  // What node itself costs: spawn → an echo from a node process that does nothing else.
  const echo = [];
  for (let i = 0; i < 6; i++) {
    const c = new Lsp(process.execPath, ['-e', "process.stdin.once('data', (d) => { process.stdout.write(d); process.exit(0); })"]);
    const reply = new Promise((resolve) => c.child.stdout.once('data', () => resolve(performance.now())));
    c.child.stdin.write('x');
    const at = await reply;
    await c.exited;
    if (i > 0) echo.push(at - c.spawnedAt);
  }

  const ready = [];
  const readyCpu = [];
  for (let i = 0; i < 6; i++) {
    const { c, readyMs, cpuMs } = await start();
    if (i > 0) { ready.push(readyMs); readyCpu.push(cpuMs); } // the first one warms the disk cache
    await stop(c);
  }

  const { c } = await start();
  c.notify('initialized', {});
  await new Promise((r) => setTimeout(r, 200)); // let `initialized` work (config, watchers) finish
  const idle = c.memory();
  const uri = pathToFileURL(one.file).href;
  const open = [];
  let diagnostics = 0;
  for (let version = 1; version <= 6; version++) {
    const published = c.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === uri && m.params?.version === version);
    const t = performance.now();
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text: one.text } });
    const { msg, at } = await published;
    open.push(at - t);
    diagnostics = msg.params.diagnostics.length;
    c.notify('textDocument/didClose', { textDocument: { uri } });
  }
  await new Promise((r) => setTimeout(r, 50));
  const mem = c.memory();
  await stop(c);
  return {
    nodeEchoMs: median(echo),
    initialize: { ms: median(ready), cpuMs: median(readyCpu), runsMs: ready },
    idle,
    didOpen: { firstMs: open[0], ms: median(open.slice(1)), runsMs: open, diagnostics },
    memory: mem,
  };
}

function otherInputs(scan, catalog) {
  const out = [];
  const measure = (label, parts, languageId) => {
    const bytes = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
    const r = timeInProcess(() => parts.reduce((n, p) => n + scan(p, catalog, { languageId }).length, 0), { runs: 3, warmup: 1 });
    out.push({ label, bytes, files: parts.length, ms: r.ms, mbPerS: mbps(bytes, r.ms), references: r.result });
  };
  const tsLib = path.join(root, 'node_modules', 'typescript', 'lib');
  if (fs.existsSync(tsLib)) {
    const dts = fs.readdirSync(tsLib).filter((f) => f.endsWith('.d.ts')).map((f) => fs.readFileSync(path.join(tsLib, f), 'utf8'));
    measure('typescript/lib/*.d.ts (no WeChat code)', dts, 'typescript');
  }
  // Real code nobody wrote for this benchmark: the JavaScript of the installed dependencies (first 10 MB).
  const real = [];
  let size = 0;
  const nm = path.join(root, 'node_modules');
  if (fs.existsSync(nm)) {
    for (const f of fs.readdirSync(nm, { recursive: true }).map(String).sort()) {
      if (size >= 10e6) break;
      if (!f.endsWith('.js')) continue;
      try {
        const file = path.join(nm, f);
        if (!fs.statSync(file).isFile()) continue;
        const text = fs.readFileSync(file, 'utf8');
        real.push(text);
        size += text.length;
      } catch { /* skip */ }
    }
    measure('node_modules/**/*.js (first 10 MB)', real, 'javascript');
  }
  measure('one 1 MB minified line', ['var a=function(b){return b.c("x",{d:1})};'.repeat(25_000) + 'f("/wxa/commit");'], 'javascript');
  return out;
}

// ---- output --------------------------------------------------------------------------------------
function target(key, value) {
  const t = TARGETS[key];
  const met = t.met(value);
  results.targets.push({ id: key, label: t.label, target: t.text, value, unit: t.unit, met });
  return [t.text, met ? 'met' : 'NOT MET'];
}

function print(r) {
  const rg = r.ripgrep;
  const c = r.corpus;
  const s = r.scanner;
  const langs = Object.entries(c.byLanguage).map(([l, b]) => `${LANGUAGES.find((x) => x.languageId === l).ext} ${(100 * b / c.bytes).toFixed(0)}%`).join(', ');
  log('');
  log(`wxperm benchmark — node ${process.version}, ${r.env.cpus} × ${r.env.cpuModel}, load ${r.env.loadavgStart.map((x) => x.toFixed(1)).join(' ')}`);
  log(`corpus: ${(c.bytes / 1e6).toFixed(1)} MB in ${c.files} files (${langs}), ${c.lines} lines, ${c.planted} WeChat references (1 per ${c.linesPerReference.toFixed(0)} lines)`);
  log(`bundles: dist/cli.js and dist/server.js ${r.env.distMinified ? 'minified (npm run package)' : 'not minified (npm run build)'}${r.env.distStale ? `, OLDER than ${r.env.distStale}` : ''}${r.env.commit ? `; HEAD ${r.env.commit.slice(0, 10)}` : ''}`);
  log(`1 MB file: ${(r.oneFile.bytes / 1e6).toFixed(2)} MB TypeScript, ${r.oneFile.lines} lines, ${r.oneFile.planted} references`);
  log(rg ? `rg: ${rg.version}, -F -c -f <${rg.patterns} catalog paths>; "rg" = its default threads, "rg -j1" = one thread; ×rg = wxperm time ÷ rg time` : 'rg: not installed — no ratios');
  log('');

  const cpuNote = (wall, cpu) => (Number.isFinite(cpu) ? `cpu ${ms(cpu)}` : '');
  const rows = [];
  const vs = (mine, theirs) => (theirs ? [ms(theirs.ms), ratio(mine / theirs.ms)] : ['', '']);
  rows.push([
    `core scanner, ${c.files} files in memory`,
    `${rate(s.corpus.mbPerS)} (${ms(s.corpus.ms)})`,
    ...vs(s.corpus.ms, rg?.corpus.default), ...vs(s.corpus.ms, rg?.corpus.j1),
    ...target('scanThroughput', s.corpus.mbPerS),
  ]);
  rows.push([
    'core scanner, one 1 MB file',
    ms(s.oneMB.ms),
    ...vs(s.oneMB.ms, rg?.oneMB.default), ...vs(s.oneMB.ms, rg?.oneMB.j1),
    ...target('scanOneMB', s.oneMB.ms),
  ]);
  rows.push([`CLI scan <corpus> --json > /dev/null`, ms(r.cli.scan.ms), ...vs(r.cli.scan.ms, rg?.corpus.default), ...vs(r.cli.scan.ms, rg?.corpus.j1), '', '']);
  rows.push([`CLI check <corpus> > /dev/null`, ms(r.cli.check.ms), ...vs(r.cli.check.ms, rg?.corpus.default), ...vs(r.cli.check.ms, rg?.corpus.j1), '', '']);
  rows.push(['server: spawn → initialize response', ms(r.server.initialize.ms), '', '', '', '', ...target('serverReady', r.server.initialize.ms)]);
  rows.push(['server: didOpen 1 MB → publishDiagnostics', ms(r.server.didOpen.ms), '', '', '', '', '', '']);
  rows.push(['server: VmRSS after that', mib(r.server.memory.rss), '', '', '', '', ...target('serverRss', r.server.memory.rss)]);
  rows.push(['server: VmHWM (peak RSS)', mib(r.server.memory.hwm), '', '', '', '', '', '']);
  const headers = ['measure (medians)', 'wxperm', 'rg', '×rg', 'rg -j1', '×rg -j1', 'target', ''];
  const keep = (_, i) => rg || i < 2 || i > 5; // no rg: no empty rg columns
  log(table(headers.filter(keep), rows.map((row) => row.filter(keep))));

  log('');
  log('details');
  const d = [];
  d.push(['core: catalog index load (JSON.parse + Catalog.fromIndex)', ms(s.catalogLoadMs)]);
  d.push(['core: first scan (builds the path and name tables)', ms(s.firstScanMs)]);
  d.push(['core: corpus scan, CPU time (→ throughput)', `${ms(s.corpus.cpuMs)} (${rate(mbps(c.bytes, s.corpus.cpuMs))})`]);
  d.push(['core: corpus scan, fastest run / 1 MB file, fastest run', `${ms(Math.min(...s.corpus.runsMs))} (${rate(mbps(c.bytes, Math.min(...s.corpus.runsMs)))}) / ${ms(Math.min(...s.oneMB.runsMs))}`]);
  d.push([`core: references found in corpus / planted`, `${s.corpus.references} / ${c.planted}`]);
  d.push([`core: references found in the 1 MB file / planted`, `${s.oneMB.references} / ${r.oneFile.planted}`]);
  if (rg) {
    d.push(['rg: corpus, CPU time (default threads / -j1)', `${ms(rg.corpus.default.cpuMs)} / ${ms(rg.corpus.j1.cpuMs)}`]);
    d.push(['rg: corpus throughput (default threads / -j1)', `${rate(mbps(c.bytes, rg.corpus.default.ms))} / ${rate(mbps(c.bytes, rg.corpus.j1.ms))}`]);
    d.push(['rg: lines matched in corpus, files with a match', `${rg.corpus.default.matchedLines}, ${rg.corpus.default.files}`]);
    d.push([`rg: on an empty file (start-up + compiling ${rg.patterns} patterns)`, ms(rg.emptyFile.ms)]);
  }
  d.push(['node -e 0 (process start floor)', ms(r.cli.nodeStartMs)]);
  d.push(['CLI scan of an empty folder (start-up + catalog)', ms(r.cli.emptyScanMs)]);
  const st = (x) => (x.stats ? `${ms(x.stats.inProcessMs)} for ${x.stats.files} files (${rate(mbps(x.stats.bytes, x.stats.inProcessMs))})` : '—');
  d.push(['CLI scan: walk + read + scan inside the process (--stats)', st(r.cli.scan)]);
  d.push(['CLI scan: CPU time', ms(r.cli.scan.cpuMs)]);
  d.push(['CLI check: walk + read + scan + judge inside the process (--stats)', st(r.cli.check)]);
  d.push(['CLI check: CPU time, exit code', `${ms(r.cli.check.cpuMs)}, ${r.cli.check.exitCode}`]);
  if (r.cli.check.summary) d.push(['CLI check: summary', r.cli.check.summary]);
  d.push(['server: node spawn → echo (floor for any node server)', ms(r.server.nodeEchoMs)]);
  d.push(['server: CPU time until initialize answered', ms(r.server.initialize.cpuMs)]);
  d.push(['server: initialize runs', r.server.initialize.runsMs.map(ms).join(', ')]);
  d.push(['server: didOpen → diagnostics, first (cold) / runs', `${ms(r.server.didOpen.firstMs)} / ${r.server.didOpen.runsMs.slice(1).map(ms).join(', ')}`]);
  d.push(['server: diagnostics published for the 1 MB file', String(r.server.didOpen.diagnostics)]);
  d.push(['server: VmRSS / VmHWM after initialized, before any document', `${mib(r.server.idle.rss)} / ${mib(r.server.idle.hwm)}`]);
  log(table(null, d, { leftColumns: 2 }));

  if (r.extra?.length) {
    log('');
    log('core scanner on other inputs (information)');
    log(table(['input', 'size', 'files', 'time', 'throughput', 'refs'], r.extra.map((e) => [e.label, `${(e.bytes / 1e6).toFixed(1)} MB`, String(e.files), ms(e.ms), rate(e.mbPerS), String(e.references)])));
  }
  log('');
  const missed = r.targets.filter((t) => !t.met);
  log(`targets: ${r.targets.length - missed.length} of ${r.targets.length} met${missed.length ? ` (not met: ${missed.map((t) => t.label).join(', ')})` : ''} — information only, never a failure`);
}

function printTree(t) {
  const sec = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(2)}` : '—');
  const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
  const cpus = results.env.cpus;
  log('');
  log(`whole repository (issue 5) — wxperm check vs rg on one generated tree grown to ${t.sizes.map((s) => s.mb).join(', ')} MB; medians of ${t.runs} runs`);
  log(`load average ${load(t.loadavgStart)} at the start, ${load(t.loadavgEnd)} at the end, on ${cpus} CPUs${t.loadavgStart[0] > cpus * 0.75 || t.loadavgEnd[0] > cpus * 0.75 ? ' — the machine is shared and busy: wall times are NOISY (inflated); the CPU columns below are steadier' : ''}`);
  log(`peak RSS: ${t.rssMethod}; rg: ${t.rg ? `${t.rg.version}, --no-require-git -F -c -f <${results.patterns} catalog paths> (the tree is no git checkout: without --no-require-git rg 13 would ignore .gitignore)` : 'not installed — no ratios'}`);
  log(`noise: ${(100 * t.noiseShare).toFixed(0)} % extra bytes in jspm_packages/ and packages/*/build/, both in .gitignore; "files" is wxperm --stats, which must equal the generated source files + wxperm.json`);
  for (const s of t.skipped) log(`!!! ${s.mb} MB: SKIPPED — not enough free disk (${(s.freeBytes / 1e6).toFixed(0)} MB free, about ${(s.needBytes / 1e6).toFixed(0)} MB needed)`);
  log('');
  const rows = t.sizes.map((s) => {
    const w = s.wxperm;
    const bytes = w.stats?.bytes ?? s.tree.expectBytes;
    return [
      `${s.mb}`, (bytes / 1e6).toFixed(1), w.stats ? String(w.stats.files) : '—', s.noiseSkipped === null ? '?' : s.noiseSkipped ? 'yes' : 'NO',
      sec(w.ms), mbps(bytes, w.ms).toFixed(1), (w.peakRss / 1048576).toFixed(1),
      s.ripgrep ? sec(s.ripgrep.ms) : '—', s.ratio !== null ? ratio(s.ratio) : '—',
      sec(w.cpuMs), s.ripgrep ? sec(s.ripgrep.cpuMs) : '—', s.cpuRatio !== null ? ratio(s.cpuRatio) : '—', s.loadavg[0].toFixed(1),
    ];
  });
  log(table(['size MB', 'scanned MB', 'files scanned', 'noise skipped', 'wxperm s', 'MB/s', 'peak RSS MiB', 'rg s', '×rg', 'wxperm cpu s', 'rg cpu s', '×rg cpu', 'load'], rows));
  log('');
  const lin = t.linearity;
  log(`seconds per 100 MB (wall / cpu): ${lin.perHundredMb.map((p) => `${p.mb} MB ${p.s.toFixed(2)} / ${Number.isFinite(p.cpuS) ? p.cpuS.toFixed(2) : '—'}`).join(' · ')}`);
  if (lin.growth) {
    const g = lin.growth;
    log(`growth: t(${g.to} MB) ÷ (${g.bytesScale.toFixed(2)} × t(${g.from} MB)) = ${g.ratio.toFixed(2)} wall, ${g.cpuRatio.toFixed(2)} cpu (1.00 = linear; below 1: the fixed start-up cost amortised)`);
    if (lin.fit) log(`least squares over all sizes: t ≈ ${lin.fit.wall.interceptS.toFixed(2)} s + ${lin.fit.wall.sPer100Mb.toFixed(2)} s per 100 MB (wall); ${lin.fit.cpu.interceptS.toFixed(2)} s + ${lin.fit.cpu.sPer100Mb.toFixed(2)} s per 100 MB (cpu)`);
    if (lin.rssFit && Number.isFinite(lin.rssFit.mibPer100Mb)) log(`peak RSS over all sizes: ≈ ${lin.rssFit.interceptMib.toFixed(0)} MiB + ${lin.rssFit.mibPer100Mb.toFixed(0)} MiB per 100 MB scanned${lin.rssFit.mibPer100Mb > 10 ? ' — memory grows with the tree (not streaming)' : ' — flat: memory does not grow with the tree'}`);
  }
  const details = [];
  for (const s of t.sizes) {
    const w = s.wxperm;
    details.push([`${s.mb} MB`, `${s.tree.sourceFiles} source files in ${s.tree.packages} packages, ${s.tree.lines} lines, ${s.tree.planted} references (1 per ${(s.tree.lines / s.tree.planted).toFixed(0)} lines); noise ${s.tree.noiseFiles} files, ${(s.tree.noiseBytes / 1e6).toFixed(1)} MB, ${s.tree.noisePlanted} references`]);
    details.push(['', `wxperm: runs ${w.runsMs.map((x) => sec(x)).join(', ')} s; in-process ${w.stats ? sec(w.stats.inProcessMs) : '—'} s; exit ${w.exitCode}; ${w.summary ?? ''}`]);
    if (s.ripgrep) details.push(['', `rg: runs ${s.ripgrep.runsMs.map((x) => sec(x)).join(', ')} s; peak RSS ${mib(s.ripgrep.peakRss)}; ${s.ripgrep.filesWithMatch} files with a match, ${s.ripgrep.matchedLines} lines, ${s.ripgrep.noiseFilesMatched} of them in the ignored noise`]);
  }
  details.push(['generation', `${(t.generateMs / 1000).toFixed(1)} s of ${t.seconds.toFixed(0)} s for the section`]);
  log(table(null, details, { leftColumns: 2 }));
  log('');
  if (t.threads) {
    log(`threads: wxperm check --jobs N on the ${t.threads.mb} MB tree, one run each (${results.env.cpus} CPUs here; the default is ${Math.max(1, Math.min(results.env.cpus - 1, 4))})`);
    log(table(['--jobs', 'threads used', 'wxperm s', 'cpu s', 'peak RSS MiB', 'same output as --jobs ' + t.threads.rows[0].jobs],
      t.threads.rows.map((r) => [String(r.jobs), String(r.stats?.threads ?? '—'), sec(r.ms), sec(r.cpuMs), (r.peakRss / 1048576).toFixed(1), r.sameOutput ? 'yes' : 'NO'])));
    if (t.threads.rows.some((r) => !r.sameOutput)) log('!!! the output depends on --jobs: results are not put back in walk order');
    log('');
  }
  // Targets: information only.
  t.targets = [];
  const worst = (f) => Math.max(...t.sizes.map(f));
  const put = (key, value, shown) => {
    const x = TREE_TARGETS[key];
    const met = Number.isFinite(value) ? x.met(value) : null;
    t.targets.push({ id: key, label: x.label, target: x.text, value, met });
    log(`target: ${x.label.padEnd(42)} ${x.text.padEnd(10)} ${shown.padEnd(24)} ${met === null ? '— (not measured)' : met ? 'met' : 'NOT MET'}`);
  };
  if (t.sizes.length) {
    put('ratio', t.rg ? worst((s) => s.ratio) : NaN, t.rg ? `worst ${ratio(worst((s) => s.ratio))} (cpu ${ratio(worst((s) => s.cpuRatio))})` : 'no rg');
    put('rss', worst((s) => s.wxperm.peakRss), `worst ${mib(worst((s) => s.wxperm.peakRss))}`);
    put('linear', lin.growth?.ratio ?? NaN, lin.growth ? `${lin.growth.ratio.toFixed(2)} wall, ${lin.growth.cpuRatio.toFixed(2)} cpu` : 'one size only');
    const missed = t.targets.filter((x) => x.met === false);
    log(`tree targets: ${t.targets.filter((x) => x.met).length} of ${t.targets.length} met${missed.length ? ` (not met: ${missed.map((x) => x.label).join('; ')})` : ''} — information only, never a failure`);
    if (t.sizes.some((s) => s.noiseSkipped === false)) log('!!! wxperm --stats counted more (or fewer) files than the tree holds outside .gitignore: the noise was scanned, or source was missed');
    if (t.sizes.some((s) => s.ripgrep?.noiseFilesMatched)) log('!!! rg matched files in the .gitignore\'d noise: its figures include the noise');
  } else log('!!! no tree size could be measured');
}

function busyWarning(load) {
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  if (load[0] > cpus * 0.75) log(`!!! the machine is busy (load ${load[0].toFixed(1)} on ${cpus} CPUs): wall times are inflated; CPU times are the steadier figures. Rerun on an idle machine.`);
}

function environment() {
  const cpus = os.cpus();
  let commit;
  try { commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* not a checkout */ }
  const rg = NO_RG ? undefined : findRipgrep();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: (cpus[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    memory: os.totalmem(),
    loadavgStart: os.loadavg(),
    commit,
    rg: rg ?? null,
    distStale: staleness(),
    distMinified: minified(dist.cli) && minified(dist.server),
  };
}

/** `npm run package` builds minified bundles into dist/; `npm run build` does not. */
function minified(file) {
  const text = fs.readFileSync(file, 'utf8');
  return text.length / (text.split('\n').length) > 500;
}

/** The newest source file that is newer than the bundles, or undefined when dist/ is current. */
function staleness() {
  const built = Math.min(fs.statSync(dist.cli).mtimeMs, fs.statSync(dist.server).mtimeMs, fs.statSync(dist.catalog).mtimeMs);
  let newest;
  for (const dir of ['server/src', 'catalog']) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const f of fs.readdirSync(abs, { recursive: true }).map(String)) {
      if (!/\.(ts|json|ya?ml)$/.test(f)) continue;
      const m = fs.statSync(path.join(abs, f)).mtimeMs;
      if (m > built && (!newest || m > newest.m)) newest = { f: path.join(dir, f), m };
    }
  }
  return newest?.f;
}
