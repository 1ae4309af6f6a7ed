// The whole-repository benchmark (issue 5, `npm run bench -- --tree`): one generated repository that
// grows through the requested sizes (default 50, 100, 200 MB; the 100 MB tree is the 50 MB tree plus
// another 50 MB, and so on, so nothing is generated twice), and at each size:
//   `node dist/cli.js check <tree> --stats`  wall time, CPU time, peak RSS, files scanned
//   `rg --no-require-git -c -F -f <catalog paths> <tree>`  the same
// The tree is ordinary code (corpus.mjs's generator: TS/JS/Python/Go/Java/PHP, ~10 KB files, about 100
// per MB, one WeChat reference per ~200 lines) in a few hundred packages, a wxperm.json with some grants
// so `check` judges, and a .gitignore excluding `jspm_packages/` (a node_modules-like folder at the root)
// and `build/` (output folders inside packages), which hold 10–20 % extra bytes of noise full of WeChat
// references: neither tool may read them, and the file counts show whether they did.
// `node_modules` itself is not used for the noise: wxperm always skips it, so it would not test .gitignore.
// Information only: nothing here fails on a figure.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LANGUAGES, NOUNS, VERBS, fileText, pickLanguage, prng, referenceTargets } from './corpus.mjs';
import { median, procCpuMs } from './measure.mjs';

const MB = 1e6;
/** Source files: log-uniform between these sizes, mean ≈ 10.6 KB → about 95 files per MB. */
const MIN_FILE = 1000;
const MAX_FILE = 40_000;
/** Noise bytes per source byte. */
const NOISE_SHARE = 0.15;
const FILES_PER_PACKAGE = 240;

export const GITIGNORE = ['# dependencies and build output', 'node_modules/', 'jspm_packages/', 'build/', '*.log', 'coverage/', ''].join('\n');

/**
 * A repository under `dir` that `grow(totalMB)` extends to about `totalMB` MB of scanned source (plus
 * noise); each growth step is a "part" with its own seed, so a given list of sizes always gives the
 * same trees.
 */
export function treeBuilder(dir, index, { grants, seed = 20250505 } = {}) {
  const targets = referenceTargets(index);
  const js = LANGUAGES.find((l) => l.languageId === 'javascript');
  const made = new Set();
  const mkdir = (d) => { if (!made.has(d)) { fs.mkdirSync(d, { recursive: true }); made.add(d); } };
  const state = { bytes: 0, files: 0, lines: 0, planted: 0, noiseBytes: 0, noiseFiles: 0, noisePlanted: 0, packages: 0, byLanguage: {}, parts: 0 };
  mkdir(dir);
  fs.writeFileSync(path.join(dir, '.gitignore'), GITIGNORE);
  const config = JSON.stringify({ grants }, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, 'wxperm.json'), config);
  state.configBytes = config.length;

  const write = (file, text) => { mkdir(path.dirname(file)); fs.writeFileSync(file, text); };

  /** Adds source until the tree holds `totalBytes` of it, and noise in proportion. */
  function grow(totalBytes) {
    const part = state.parts++;
    const r = prng(seed + 7919 * part);
    let pkg;
    let inPkg = FILES_PER_PACKAGE;
    let n = 0;
    const want = totalBytes - state.bytes;
    let added = 0;
    const pkgs = [];
    while (added < want) {
      if (inPkg >= FILES_PER_PACKAGE) {
        pkg = path.join(dir, 'packages', `${r.pick(NOUNS)}-${r.pick(['service', 'api', 'worker', 'admin', 'gateway', 'sdk'])}-${part}-${state.packages++}`);
        pkgs.push(path.basename(pkg));
        inPkg = 0;
      }
      const lang = pickLanguage(r);
      const size = Math.min(Math.round(MIN_FILE * Math.pow(MAX_FILE / MIN_FILE, r.next())), want - added + 200);
      const { text, planted, lines } = fileText(r, lang, targets, size);
      // About 16 module folders per package, some one level deeper: 10–20 files per folder.
      const sub = r.int(3) === 0 ? path.join(r.pick(NOUNS), r.pick(NOUNS)) : r.pick(NOUNS);
      write(path.join(pkg, 'src', sub, `${r.pick(NOUNS)}_${r.pick(VERBS)}_${part}_${n}.${lang.ext}`), text);
      state.byLanguage[lang.languageId] = (state.byLanguage[lang.languageId] ?? 0) + text.length;
      state.files++; state.lines += lines; state.planted += planted;
      added += text.length;
      inPkg++;
      n++;
    }
    state.bytes += added;
    // Noise: vendored JavaScript that mentions WeChat interfaces as often as the source does. Most of it
    // in the root jspm_packages/, the rest in build/ folders inside the packages of this part.
    const nr = prng(seed + 104729 * (part + 1));
    const noiseWant = added * NOISE_SHARE;
    let noise = 0;
    let k = 0;
    while (noise < noiseWant) {
      const size = Math.min(Math.round(MIN_FILE * Math.pow(MAX_FILE / MIN_FILE, nr.next())), noiseWant - noise + 200);
      const { text, planted } = fileText(nr, js, targets, size);
      const file = nr.int(10) < 7
        ? path.join(dir, 'jspm_packages', `npm-${part}`, `${nr.pick(NOUNS)}-${nr.pick(VERBS)}@${1 + nr.int(9)}.${nr.int(20)}.${nr.int(10)}`, nr.pick(['lib', 'dist', 'es']), `${nr.pick(NOUNS)}_${k}.js`)
        : path.join(dir, 'packages', nr.pick(pkgs), 'build', nr.pick(['static', 'server', 'chunks']), `${nr.pick(NOUNS)}.${k}.js`);
      write(file, text);
      noise += text.length;
      state.noiseFiles++; state.noisePlanted += planted;
      k++;
    }
    state.noiseBytes += noise;
    return { ...state, byLanguage: { ...state.byLanguage } };
  }
  return { dir, grow, state };
}

/** Free bytes for an unprivileged user on the file system holding `dir` (statfs, what `df` reads), or undefined. */
export function freeBytes(dir) {
  try {
    const st = fs.statfsSync(dir);
    return Number(st.bavail) * Number(st.bsize);
  } catch { return undefined; }
}

/** Whether GNU time is there to report a child's peak RSS (`/usr/bin/time -v -o FILE`). */
export function gnuTime() {
  const p = '/usr/bin/time';
  try {
    fs.accessSync(p, fs.constants.X_OK);
  } catch { return undefined; }
  return p;
}

/**
 * Runs `cmd args` to completion: wall ms, CPU ms (it and its children, from /proc/self/stat cutime +
 * cstime), peak RSS bytes, exit status, stderr, stdout (discarded with `devNull`). Peak RSS comes from
 * GNU time's "Maximum resident set size" when `time` is given (exact: the kernel's ru_maxrss of the
 * process), else from polling /proc/<pid>/status VmHWM every few ms until the process exits (a lower
 * bound: growth after the last poll is missed).
 */
export function runPeak(cmd, args, { devNull = false, okStatus = [0], time, scratch, pollMs = 5 } = {}) {
  return new Promise((resolve, reject) => {
    const timeOut = time ? path.join(scratch, `time-${process.pid}-${Date.now()}.txt`) : undefined;
    const [exe, argv] = time ? [time, ['-v', '-o', timeOut, cmd, ...args]] : [cmd, args];
    const nullFd = devNull ? fs.openSync('/dev/null', 'w') : undefined;
    const cpu0 = procCpuMs('self', true);
    const t = performance.now();
    const child = spawn(exe, argv, { stdio: ['ignore', nullFd ?? 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    let hwm = 0;
    let polls = 0;
    const poll = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) { hwm = Math.max(hwm, Number(m[1]) * 1024); polls++; }
      } catch { /* gone */ }
    };
    const timer = time ? undefined : setInterval(poll, pollMs);
    if (!time) poll();
    child.on('error', (e) => { clearInterval(timer); if (nullFd !== undefined) fs.closeSync(nullFd); reject(e); });
    child.on('close', (status, signal) => {
      const wall = performance.now() - t;
      const cpu = procCpuMs('self', true) - cpu0;
      clearInterval(timer);
      if (nullFd !== undefined) fs.closeSync(nullFd);
      let peak = hwm;
      let method = `/proc/<pid>/status VmHWM polled every ${pollMs} ms (${polls} reads)`;
      if (time) {
        let report = '';
        try { report = fs.readFileSync(timeOut, 'utf8'); fs.rmSync(timeOut, { force: true }); } catch { /* none */ }
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
        peak = m ? Number(m[1]) * 1024 : NaN;
        method = 'GNU time -v (Maximum resident set size)';
        const st = /Exit status: (\d+)/.exec(report);
        if (st) status = Number(st[1]);
        if (/Command terminated by signal/.test(report)) signal = 'signal';
      }
      if (signal || !okStatus.includes(status)) {
        reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${signal ?? status}: ${stderr.slice(-800)}`));
        return;
      }
      resolve({ wall, cpu, peak, method, status, stdout, stderr });
    });
  });
}

/** The `--stats` line of the CLI. */
export function parseStats(stderr) {
  const m = /(\d+) files, (\d+) bytes, (\d+) skipped, ([\d.]+) s(?:, [\d.]+ MB\/s, (\d+) threads?)?/.exec(stderr);
  return m ? { files: Number(m[1]), bytes: Number(m[2]), skipped: Number(m[3]), inProcessMs: Number(m[4]) * 1000, ...(m[5] ? { threads: Number(m[5]) } : {}) } : undefined;
}

/**
 * The whole section: grow, measure, repeat; returns the figures (the tree is deleted before returning).
 * `sizes`: MB, ascending; `runs`: timed runs of each tool at each size (medians reported), fewer when
 * one wxperm run takes over `slowMs`.
 */
export async function treeBench({ dir, index, cli, rg, patternsFile, sizes, runs = 3, grants, step, loud, useTime = true, slowMs = 40_000, threads = [] }) {
  const node = process.execPath;
  const time = useTime ? gnuTime() : undefined;
  const scratch = path.dirname(dir);
  const out = { sizes: [], skipped: [], runs, noiseShare: NOISE_SHARE, gitignore: GITIGNORE, loadavgStart: os.loadavg(), rg: rg ? { version: rg.version } : null };
  out.rssMethod = time ? 'GNU time -v (Maximum resident set size)' : 'polling /proc/<pid>/status VmHWM every 5 ms';
  const builder = treeBuilder(dir, index, { grants });
  const t0 = performance.now();
  let genMs = 0;
  for (const mb of sizes) {
    // The tree grows to mb·(1 + noise); small files take whole blocks, so ask for a good margin.
    const need = (mb * MB - builder.state.bytes) * (1 + NOISE_SHARE) * 1.5 + 200 * MB;
    const free = freeBytes(dir);
    if (free !== undefined && free < need) {
      const line = `SKIPPED the ${mb} MB tree: it needs about ${(need / MB).toFixed(0)} MB free in ${path.dirname(dir)}, ${(free / MB).toFixed(0)} MB are`;
      loud(line);
      out.skipped.push({ mb, needBytes: need, freeBytes: free });
      continue;
    }
    step(`tree: growing to ${mb} MB in ${dir}`);
    let t = performance.now();
    const st = builder.grow(mb * MB);
    genMs += performance.now() - t;
    const expectFiles = st.files + 1; // + wxperm.json; .gitignore is not a text file to wxperm
    const expectBytes = st.bytes + st.configBytes;

    step(`tree ${mb} MB: rg and wxperm check, ${runs} timed runs each`);
    const rgArgs = ['--no-config', '--no-require-git', '-F', '-c', '-f', patternsFile, dir];
    const cliArgs = [cli, 'check', dir, '--stats'];
    const rgRuns = [];
    const wxRuns = [];
    if (rg) await runPeak(rg.path, rgArgs, { okStatus: [0, 1], devNull: true, scratch }); // warm the page cache
    let n = runs;
    for (let i = 0; i < n; i++) {
      const w = await runPeak(node, cliArgs, { devNull: true, okStatus: [0, 1], time, scratch });
      wxRuns.push(w);
      if (i === 0 && w.wall > slowMs && n > 1) n = 1;
      if (rg) rgRuns.push(await runPeak(rg.path, rgArgs, { okStatus: [0, 1], time, scratch }));
    }
    const stats = parseStats(wxRuns.at(-1).stderr);
    const summary = wxRuns.at(-1).stderr.split('\n').find((l) => /errors?,/.test(l) && !/files,/.test(l))?.trim();
    let rgFig = null;
    if (rg) {
      const last = rgRuns.at(-1);
      const rows = last.stdout.split('\n').filter(Boolean);
      const noiseHits = rows.filter((l) => /[/\\](jspm_packages|build)[/\\]/.test(l)).length;
      const counts = rows.map((l) => Number(l.slice(l.lastIndexOf(':') + 1)));
      rgFig = {
        ms: median(rgRuns.map((x) => x.wall)), cpuMs: median(rgRuns.map((x) => x.cpu)), peakRss: Math.max(...rgRuns.map((x) => x.peak)),
        runsMs: rgRuns.map((x) => x.wall), filesWithMatch: rows.length, matchedLines: counts.reduce((a, b) => a + b, 0), noiseFilesMatched: noiseHits,
      };
    }
    const wx = {
      ms: median(wxRuns.map((x) => x.wall)), cpuMs: median(wxRuns.map((x) => x.cpu)), peakRss: Math.max(...wxRuns.map((x) => x.peak)),
      runsMs: wxRuns.map((x) => x.wall), peakRssRuns: wxRuns.map((x) => x.peak), exitCode: wxRuns.at(-1).status, stats, summary,
    };
    out.sizes.push({
      mb,
      tree: {
        sourceBytes: st.bytes, sourceFiles: st.files, lines: st.lines, planted: st.planted, byLanguage: st.byLanguage,
        noiseBytes: st.noiseBytes, noiseFiles: st.noiseFiles, noisePlanted: st.noisePlanted, packages: st.packages,
        expectFiles, expectBytes,
      },
      noiseSkipped: stats ? stats.files === expectFiles && stats.bytes === expectBytes : null,
      wxperm: wx,
      ripgrep: rgFig,
      ratio: rgFig ? wx.ms / rgFig.ms : null,
      cpuRatio: rgFig ? wx.cpuMs / rgFig.cpuMs : null,
      loadavg: os.loadavg(),
    });
    if (mb === sizes.at(-1) && threads.length) out.threads = await compareThreads(node, cli, dir, threads, { time, scratch, step, mb });
  }
  out.generateMs = genMs;
  out.seconds = (performance.now() - t0) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  out.linearity = linearity(out.sizes);
  out.loadavgEnd = os.loadavg();
  return out;
}

/**
 * `check --jobs N` for each N on the largest tree, one run each: wall, CPU and peak RSS, and whether
 * the output is byte-identical to the first N's (it must be: results are put back in walk order).
 */
async function compareThreads(node, cli, dir, threads, { time, scratch, step, mb }) {
  step(`tree ${mb} MB: wxperm check --jobs ${threads.join(', ')}`);
  const rows = [];
  let first;
  for (const jobs of threads) {
    const w = await runPeak(node, [cli, 'check', dir, '--stats', '--jobs', String(jobs)], { okStatus: [0, 1], time, scratch });
    const digest = createHash('sha256').update(w.stdout).digest('hex');
    first ??= digest;
    rows.push({ jobs, ms: w.wall, cpuMs: w.cpu, peakRss: w.peak, stats: parseStats(w.stderr), sameOutput: digest === first });
  }
  return { mb, rows };
}

/**
 * Seconds per 100 MB at each size; growth = t(largest) ÷ (t(half of it) · 2) when that size was
 * measured, else ÷ the smallest scaled by bytes; a least-squares line t = a + b·MB over all sizes.
 */
export function linearity(sizes) {
  const pts = sizes.map((s) => ({ mb: (s.wxperm.stats?.bytes ?? s.tree.expectBytes) / MB, nominal: s.mb, s: s.wxperm.ms / 1000, cpu: s.wxperm.cpuMs / 1000, rssMib: s.wxperm.peakRss / 1048576 }));
  if (pts.length < 2) return { perHundredMb: pts.map((p) => ({ mb: p.nominal, s: (100 * p.s) / p.mb })), growth: null };
  const big = pts.at(-1);
  const half = pts.find((p) => p.nominal * 2 === big.nominal) ?? pts[0];
  const scale = big.mb / half.mb;
  const fit = (key) => {
    const n = pts.length;
    const mx = pts.reduce((a, p) => a + p.mb, 0) / n;
    const my = pts.reduce((a, p) => a + p[key], 0) / n;
    const sxx = pts.reduce((a, p) => a + (p.mb - mx) ** 2, 0);
    const b = pts.reduce((a, p) => a + (p.mb - mx) * (p[key] - my), 0) / sxx;
    return { interceptS: my - b * mx, sPer100Mb: 100 * b };
  };
  return {
    perHundredMb: pts.map((p) => ({ mb: p.nominal, s: (100 * p.s) / p.mb, cpuS: (100 * p.cpu) / p.mb })),
    growth: { from: half.nominal, to: big.nominal, bytesScale: scale, ratio: big.s / (half.s * scale), cpuRatio: big.cpu / (half.cpu * scale) },
    fit: { wall: fit('s'), cpu: fit('cpu') },
    // Peak RSS against bytes: a flat line is what a streaming walker gives; a slope means something is kept per file.
    rssFit: (({ interceptS, sPer100Mb }) => ({ interceptMib: interceptS, mibPer100Mb: sPer100Mb }))(fit('rssMib')),
  };
}
