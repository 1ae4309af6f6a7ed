// npm run fuzz [-- --seed N] [--cases N] [--property a,b] [--jobs N] [--slow MS] [--budget S] [--hang S] [--no-save]
//
// The long fuzz run: every property of test/fuzz/properties.ts, 100,000 generated cases in all by
// default, shared out by each property's weight, on worker threads (one property per worker).
// Prints cases, seconds and the slowest case per property, the total and the seed. A failing case is
// shrunk, printed and saved as test/fuzz/regressions/<property>-<seed>.json, which `npm test` replays
// from then on; after a failure the property resumes at the next case, so one bug does not hide others.
//
// Hangs: each worker reports the case it is on through shared memory; a case running longer than
// --hang seconds gets its worker terminated, and the case is regenerated from the seed and its index
// and saved like any failure. A property past its --budget stops early and is reported as slow.
//
// Exit code 0 only when every property ran all its cases and nothing failed.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

process.setSourceMapsEnabled(true);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (isMainThread) await main();
else await worker();

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { seed: undefined, cases: 100_000, properties: [], jobs: Math.min(os.availableParallelism?.() ?? os.cpus().length, 4), slowMs: 1000, budgetS: 900, hangS: 60, save: true, maxFailures: 10 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const int = (v) => (/^-?\d+$/.test(v) ? Number(v) : usage(`${a}: not an integer: ${v}`));
    if (/^--seed(=|$)/.test(a)) o.seed = int(value());
    else if (/^--cases(=|$)/.test(a)) o.cases = int(value());
    else if (/^--property(=|$)/.test(a)) o.properties.push(...value().split(',').filter(Boolean));
    else if (/^--jobs(=|$)/.test(a)) o.jobs = Math.max(1, int(value()));
    else if (/^--slow(=|$)/.test(a)) o.slowMs = int(value());
    else if (/^--budget(=|$)/.test(a)) o.budgetS = int(value());
    else if (/^--hang(=|$)/.test(a)) o.hangS = int(value());
    else if (/^--max-failures(=|$)/.test(a)) o.maxFailures = int(value());
    else if (a === '--no-save') o.save = false;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (o.cases < 1) usage('--cases must be at least 1');
  // fast-check seeds are 32-bit integers.
  o.seed = o.seed === undefined ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0 : o.seed | 0;
  return o;
}

function usage(error) {
  const text = 'usage: npm run fuzz -- [--seed N] [--cases N] [--property name,…] [--jobs N] [--slow MS] [--budget S] [--hang S] [--max-failures N] [--no-save]';
  if (error) {
    console.error(`fuzz: ${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

/** The property module (TypeScript) bundled for node, once per run. */
async function bundle() {
  const out = path.join(os.tmpdir(), `wxperm-fuzz-${process.pid}.mjs`);
  await esbuild.build({
    stdin: {
      contents: "export * from './test/fuzz/runner'; export { properties } from './test/fuzz/properties'; export { loadEnv } from './test/fuzz/env';",
      resolveDir: root, loader: 'ts', sourcefile: 'fuzz-entry.ts',
    },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning',
    mainFields: ['module', 'main'], sourcemap: 'inline',
    // Some dependencies are CommonJS and call require() on node builtins.
    banner: { js: "import { createRequire as __wxpermCreateRequire } from 'node:module'; const require = __wxpermCreateRequire(import.meta.url);" },
  });
  return out;
}

/** Cases per property, in proportion to its weight; the total is exactly `cases`. */
function share(props, cases) {
  const total = props.reduce((n, p) => n + p.weight, 0);
  const runs = props.map((p) => Math.max(1, Math.floor((cases * p.weight) / total)));
  let left = cases - runs.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % runs.length, left--) runs[i]++;
  return runs;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(root, 'dist', 'catalog.json'))) {
    console.error('fuzz: dist/catalog.json is missing; run `npm run build` first');
    process.exit(2);
  }
  const started = performance.now();
  const bundled = await bundle();
  process.on('exit', () => fs.rmSync(bundled, { force: true }));
  const lib = await import(pathToFileURL(bundled).href);
  const env = lib.loadEnv(root);
  let props = lib.properties(env);
  if (o.properties.length) {
    const unknown = o.properties.filter((n) => !props.some((p) => p.name === n));
    if (unknown.length) usage(`no property ${unknown.join(', ')}; properties are ${props.map((p) => p.name).join(', ')}`);
    props = props.filter((p) => o.properties.includes(p.name));
  }
  const runs = share(props, o.cases);
  const known = lib.loadRegressions(root);
  // Fixtures marked todo are bugs not fixed yet: met again, they are counted, not shrunk nor saved again.
  const todo = known.filter((k) => k.regression.todo).map((k) => ({ property: k.regression.property, sig: k.regression.signature ?? lib.signature(k.regression.error), text: `${k.file}: ${k.regression.todo}` }));
  console.log(`wxperm fuzz: seed ${o.seed}, ${o.cases} cases over ${props.length} properties, ${o.jobs} workers (slow case: ${o.slowMs} ms, hang: ${o.hangS} s, budget: ${o.budgetS} s per property)`);
  console.log(`replay one property: npm run fuzz -- --seed ${o.seed} --cases ${o.cases}${o.properties.length ? ` --property ${o.properties.join(',')}` : ''}\n`);

  const jobs = props.map((p, i) => ({ p, numRuns: runs[i] }));
  const results = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(o.jobs, jobs.length) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const r = await runJob(job, o, bundled, lib, todo.filter((k) => k.property === job.p.name).map((k) => [k.sig, k.text]));
      results.push(r);
      report(r, o, lib, known);
    }
  }));

  const order = new Map(props.map((p, i) => [p.name, i]));
  results.sort((a, b) => order.get(a.property) - order.get(b.property));
  const seconds = (performance.now() - started) / 1000;
  const total = results.reduce((n, r) => n + r.cases, 0);
  const failures = results.reduce((n, r) => n + r.failures.length, 0);
  const knownHits = results.flatMap((r) => (r.known ?? []).map(([sig, n]) => ({ property: r.property, text: todo.find((k) => k.property === r.property && k.sig === sig)?.text ?? sig, n })));
  console.log('\nproperty                   cases  seconds  slowest case  result');
  for (const r of results) {
    const k = (r.known ?? []).reduce((n, [, c]) => n + c, 0);
    const status = (r.hang ? 'HANG' : r.failures.length ? `${r.failures.length} FAILURE${r.failures.length > 1 ? 'S' : ''}` : r.interrupted ? 'OUT OF TIME' : r.cases < r.numRuns ? 'INCOMPLETE' : 'ok')
      + (k ? ` (+ known bugs in ${k} case${k > 1 ? 's' : ''})` : '');
    console.log(`${r.property.padEnd(24)} ${String(r.cases).padStart(7)}  ${(r.ms / 1000).toFixed(1).padStart(7)}  ${(r.slowestMs.toFixed(0) + ' ms').padStart(12)}  ${status}`);
  }
  const incomplete = results.filter((r) => r.cases < r.numRuns && !r.failures.length);
  if (knownHits.length) {
    console.log('\nknown bugs (fixtures marked todo) met again:');
    for (const h of knownHits) console.log(`  ${h.property}: ${h.n} case${h.n > 1 ? 's' : ''} — ${h.text}`);
  }
  console.log(`\nwxperm fuzz: ${total} cases in ${seconds.toFixed(1)} s, seed ${o.seed}: ${failures} new failure${failures === 1 ? '' : 's'}, ${knownHits.length} known bug${knownHits.length === 1 ? '' : 's'} met${incomplete.length ? `, ${incomplete.length} propert${incomplete.length === 1 ? 'y' : 'ies'} incomplete` : ''}`);
  process.exit(failures || knownHits.length || incomplete.length ? 1 : 0);
}

/** One property on its own worker, watched for hangs. */
function runJob(job, o, bundled, lib, known) {
  const shared = new SharedArrayBuffer(24);
  const state = new Float64Array(shared); // [case index or -1 while shrinking, time it started, index being shrunk]
  state.fill(-1);
  return new Promise((resolve) => {
    const failures = [];
    const w = new Worker(fileURLToPath(import.meta.url), {
      // The language server and the CLI run the core on a main thread (~1 MB of stack); a worker has 4 MB
      // by default, which would hide stack overflows on deeply nested input.
      resourceLimits: { stackSizeMb: 1 },
      workerData: { bundled, root, property: job.p.name, seed: o.seed, numRuns: job.numRuns, slowMs: o.slowMs, budgetMs: o.budgetS * 1000, maxFailures: o.maxFailures, known, shared },
    });
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      clearInterval(watch);
      resolve({ ...r, numRuns: job.numRuns, failures: r.failures ?? failures });
    };
    const watch = setInterval(() => {
      const [index, since, shrunk] = state;
      if (since < 0 || Date.now() - since < o.hangS * 1000) return;
      w.terminate();
      // Regenerate the case from the seed and its index: while shrinking, the case that failed first.
      const at = index >= 0 ? index : shrunk;
      const input = at >= 0 ? lib.generateCase(job.p, o.seed, at) : undefined;
      const hang = {
        property: job.p.name, seed: o.seed, cases: Math.max(0, at), failed: true, interrupted: true, ms: 0, slowestMs: Date.now() - since, kind: 'hang',
        counterexample: input, path: at >= 0 ? String(at) : undefined,
        error: `HangError: case ${at} of ${job.p.name} ran for more than ${o.hangS} s${index < 0 ? ' while a failure was being shrunk (saved: the case that failed first)' : ''}`,
      };
      finish({ property: job.p.name, cases: Math.max(0, at), ms: o.hangS * 1000, slowestMs: Date.now() - since, interrupted: true, hang: true, failures: [...failures, hang] });
    }, 250);
    w.on('message', (m) => {
      if (m.type === 'failure') failures.push(m.failure);
      else if (m.type === 'done') finish(m.result);
    });
    w.on('error', (e) => finish({ property: job.p.name, cases: 0, ms: 0, slowestMs: 0, interrupted: false, failures: [...failures, { property: job.p.name, seed: o.seed, kind: 'failure', error: `worker crashed: ${e?.stack ?? e}`, cases: 0 }] }));
    w.on('exit', (code) => finish({ property: job.p.name, cases: 0, ms: 0, slowestMs: 0, interrupted: false, failures: [...failures, { property: job.p.name, seed: o.seed, kind: 'failure', error: `worker exited with code ${code} (out of memory?)`, cases: 0 }] }));
  });
}

function report(r, o, lib, known) {
  console.log(`${r.property}: ${r.cases}/${r.numRuns} cases in ${(r.ms / 1000).toFixed(1)} s, slowest case ${r.slowestMs.toFixed(0)} ms${r.interrupted && !r.hang ? ` — OUT OF TIME after ${o.budgetS} s` : ''}`);
  for (const f of r.failures) {
    const sig = lib.signature(f.error ?? '');
    const same = known.find((k) => k.regression.property === f.property && (k.regression.signature ?? lib.signature(k.regression.error)) === sig);
    console.log(`\n  ✗ ${f.kind ?? 'failure'} in ${f.property} (seed ${f.seed}, path ${f.path ?? '-'})`);
    console.log('    ' + (f.error ?? '').split('\n').join('\n    '));
    if (f.counterexample !== undefined) {
      const text = lib.encode(f.counterexample);
      console.log(`    counterexample (${text.length} characters): ${text.length > 1500 ? text.slice(0, 1500) + '…' : text}`);
    }
    if (same) console.log(`    known: same failure as test/fuzz/regressions/${same.file}${same.regression.todo ? ` (todo: ${same.regression.todo})` : ''}; not saved again`);
    else if (o.save && f.counterexample !== undefined) {
      const file = lib.saveRegression(root, { property: f.property, seed: f.seed, path: f.path, kind: f.kind ?? 'failure', error: f.error ?? '', signature: sig, input: f.counterexample });
      known.push({ file: path.basename(file), regression: { property: f.property, signature: sig, error: f.error } });
      console.log(`    saved: ${path.relative(root, file)} (npm test replays it)`);
    }
    console.log('');
  }
}

// ---------------------------------------------------------------------------------------------

async function worker() {
  const d = workerData;
  const lib = await import(pathToFileURL(d.bundled).href);
  const p = lib.properties(lib.loadEnv(d.root)).find((x) => x.name === d.property);
  const state = new Float64Array(d.shared);
  const result = lib.fuzzProperty(p, {
    seed: d.seed,
    numRuns: d.numRuns,
    slowMs: d.slowMs,
    timeLimitMs: d.budgetMs,
    maxFailures: d.maxFailures,
    known: new Map(d.known),
    shrinkBudgetMs: 60_000,
    onCase: (index) => { state[0] = index; state[1] = Date.now(); },
    onShrink: (index) => { state[2] = index; },
    onFailure: (failure) => parentPort.postMessage({ type: 'failure', failure: { ...failure, counterexample: lib.decode(lib.encode(failure.counterexample)) } }),
  });
  state[1] = -1;
  parentPort.postMessage({ type: 'done', result: { ...result, known: [...result.known], failures: result.failures.map((f) => ({ ...f, counterexample: lib.decode(lib.encode(f.counterexample)) })) } });
}
