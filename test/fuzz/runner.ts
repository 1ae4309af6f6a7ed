// Running a fuzz property, and the regression fixtures failing cases are saved as. Shared by the seeded
// slice in `npm test` (test/core/fuzz.test.ts) and the long run (scripts/fuzz.mjs).
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FuzzProperty } from './properties';

/** The seed of the slice `npm test` runs: fixed, so the same cases run everywhere. */
export const SLICE_SEED = 20_240_601;

export class SlowCaseError extends Error {
  override name = 'SlowCaseError';
}

export interface RunOptions {
  seed: number;
  numRuns: number;
  /** Stop starting new cases after this long; the result is then `interrupted`. */
  timeLimitMs?: number;
  /** A single case slower than this fails the property (sync code cannot be interrupted, only measured). */
  slowMs?: number;
  /** Called before each case with its 1-based number (the long run's hang watchdog reads it). */
  onCase?: (n: number) => void;
  /** Replay from a counterexample path (with the seed that found it). */
  path?: string;
  endOnFailure?: boolean;
}

export interface RunResult {
  property: string;
  seed: number;
  /** Cases run, the failing one included. */
  cases: number;
  failed: boolean;
  interrupted: boolean;
  ms: number;
  slowestMs: number;
  kind?: 'failure' | 'slow';
  counterexample?: unknown;
  path?: string;
  error?: string;
}

export function runProperty(p: FuzzProperty, o: RunOptions): RunResult {
  let cases = 0;
  let slowestMs = 0;
  const prop = fc.property(p.arbitrary, (input) => {
    cases++;
    o.onCase?.(cases);
    timed(p, input, o.slowMs, (ms) => { if (ms > slowestMs) slowestMs = ms; });
  });
  const t0 = performance.now();
  const d = fc.check(prop, {
    seed: o.seed,
    numRuns: o.numRuns,
    path: o.path,
    endOnFailure: o.endOnFailure,
    plugins: o.timeLimitMs ? [fc.interruptAfterTimeLimit(o.timeLimitMs)] : [],
  });
  const ms = performance.now() - t0;
  const result: RunResult = { property: p.name, seed: d.seed, cases: d.failed ? d.numRuns : Math.min(cases, d.numRuns), failed: d.failed, interrupted: d.interrupted, ms, slowestMs };
  if (d.failed && d.counterexample) {
    result.counterexample = (d.counterexample as unknown[])[0];
    result.path = d.counterexamplePath ?? undefined;
    result.kind = d.errorInstance instanceof SlowCaseError ? 'slow' : 'failure';
    result.error = describeError(d.errorInstance);
  } else if (d.failed) {
    result.error = describeError(d.errorInstance) || 'the run failed without a counterexample';
  }
  return result;
}

export interface FuzzOptions {
  seed: number;
  numRuns: number;
  /** Budget for the whole property (shrinking included); past it the run is `interrupted`. */
  timeLimitMs?: number;
  slowMs?: number;
  /** Distinct failures to collect before giving up on the property. */
  maxFailures?: number;
  /**
   * Called before each case: its 0-based index in the run, or -1 while a failure is being shrunk
   * (a hang there cannot be replayed by index).
   */
  onCase?: (index: number) => void;
  /** Called for each failure as soon as it is shrunk. */
  onFailure?: (r: RunResult) => void;
  /** Called when case `index` failed and shrinking starts. */
  onShrink?: (index: number) => void;
  /** Stop shrinking a failure after this long and keep the smallest failing case so far (slow cases shrink slowly). */
  shrinkBudgetMs?: number;
  /**
   * Failures already known (signature → what it is, e.g. a regression fixture marked todo): counted in
   * `known`, not shrunk nor reported again, and the run goes on as if the case had passed.
   */
  known?: ReadonlyMap<string, string>;
}

export interface FuzzResult {
  property: string;
  seed: number;
  /** Cases generated and checked (failing ones included, shrinking steps not). */
  cases: number;
  interrupted: boolean;
  ms: number;
  slowestMs: number;
  failures: RunResult[];
  /** Known failures met: signature → how many cases. */
  known: Map<string, number>;
}

/**
 * The long run of one property: after a failure it resumes at the next case (same seed, same stream
 * of values), so one bug does not hide the others; failures with the same signature count once.
 */
export function fuzzProperty(p: FuzzProperty, o: FuzzOptions): FuzzResult {
  const t0 = performance.now();
  const out: FuzzResult = { property: p.name, seed: o.seed, cases: 0, interrupted: false, ms: 0, slowestMs: 0, failures: [], known: new Map() };
  /** Failures found in this run: met again, they pass, so shrinking and resuming stay on new ground. */
  const signatures = new Set<string>();
  const isKnown = (e: unknown): string | undefined => {
    const sig = signature(describeError(e));
    return o.known?.has(sig) || signatures.has(sig) ? sig : undefined;
  };
  let start = 0;
  while (start < o.numRuns && out.failures.length < (o.maxFailures ?? 10)) {
    let index = start - 1;
    let shrinkingSince: number | undefined;
    const prop = fc.property(p.arbitrary, (input) => {
      if (shrinkingSince === undefined) index++;
      // Out of shrinking time: call every further candidate a pass, so the smallest failure so far stays.
      else if (o.shrinkBudgetMs !== undefined && performance.now() - shrinkingSince > o.shrinkBudgetMs) return;
      o.onCase?.(shrinkingSince === undefined ? index : -1);
      try {
        timed(p, input, o.slowMs, (ms) => { if (ms > out.slowestMs) out.slowestMs = ms; });
      } catch (e) {
        const sig = isKnown(e);
        if (sig !== undefined) {
          if (shrinkingSince === undefined && o.known?.has(sig)) out.known.set(sig, (out.known.get(sig) ?? 0) + 1);
          return;
        }
        if (shrinkingSince === undefined) {
          signatures.add(signature(describeError(e)));
          shrinkingSince = performance.now();
          o.onShrink?.(index);
        }
        throw e;
      }
    });
    const left = o.timeLimitMs === undefined ? undefined : o.timeLimitMs - (performance.now() - t0);
    if (left !== undefined && left <= 0) {
      out.interrupted = true;
      break;
    }
    const d = fc.check(prop, {
      seed: o.seed,
      numRuns: o.numRuns - start,
      path: start ? String(start) : undefined,
      plugins: left !== undefined ? [fc.interruptAfterTimeLimit(left)] : [],
    });
    if (d.interrupted) out.interrupted = true;
    if (!d.failed || !d.counterexample) {
      out.cases += d.failed ? 0 : Math.min(d.numRuns, index - start + 1);
      if (d.failed) out.failures.push({ property: p.name, seed: o.seed, cases: out.cases, failed: true, interrupted: d.interrupted, ms: 0, slowestMs: 0, error: describeError(d.errorInstance) || 'failed without a counterexample' });
      break;
    }
    const failedAt = Number((d.counterexamplePath ?? String(start)).split(':')[0]);
    out.cases += failedAt - start + 1;
    const r: RunResult = {
      property: p.name, seed: o.seed, cases: out.cases, failed: true, interrupted: d.interrupted, ms: 0, slowestMs: 0,
      kind: d.errorInstance instanceof SlowCaseError ? 'slow' : 'failure',
      counterexample: (d.counterexample as unknown[])[0], path: d.counterexamplePath ?? undefined, error: describeError(d.errorInstance),
    };
    signatures.add(signature(r.error ?? ''));
    out.failures.push(r);
    o.onFailure?.(r);
    if (d.interrupted) break;
    start = failedAt + 1;
  }
  out.ms = performance.now() - t0;
  return out;
}

/**
 * What kind of failure an error is, without the particulars: its first line (checks put the class of
 * failure there and details below) with quoted text, numbers and parenthesised details dropped.
 */
export function signature(error: string): string {
  return error.split('\n')[0]
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\([^()]*\)/g, '(…)')
    .replace(/\d+/g, 'N')
    .slice(0, 120);
}

/** Run one case, measuring it; throws what the check throws, or SlowCaseError. */
export function timed(p: FuzzProperty, input: unknown, slowMs: number | undefined, took?: (ms: number) => void): void {
  let t0 = performance.now();
  p.check(input);
  let ms = performance.now() - t0;
  if (slowMs !== undefined && ms > slowMs) {
    // Once more before calling it slow: the first call may have paid for a GC, or for building tables.
    t0 = performance.now();
    p.check(input);
    ms = Math.min(ms, performance.now() - t0);
  }
  took?.(ms);
  if (slowMs !== undefined && ms > slowMs) throw new SlowCaseError(`one case of ${p.name} took ${Math.round(ms)} ms (limit ${slowMs} ms)`);
}

/** The value of case number `index` (0-based) of a run: what a hang watchdog saves. */
export function generateCase(p: FuzzProperty, seed: number, index: number): unknown {
  let captured: unknown;
  let seen = false;
  fc.check(fc.property(p.arbitrary, (input) => {
    if (!seen) {
      captured = input;
      seen = true;
    }
  }), { seed, path: String(index), numRuns: 1 });
  return captured;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const stack = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l) && !/node_modules|node:internal/.test(l)).slice(0, 6).join('\n');
    return `${e.name}: ${e.message}${stack ? '\n' + stack : ''}`;
  }
  return e === null || e === undefined ? '' : String(e);
}

export function describeFailure(r: RunResult, max = 2000): string {
  const input = encode(r.counterexample);
  const shown = input.length > max ? input.slice(0, max) + `… (${input.length} characters)` : input;
  return `${r.property} failed (seed ${r.seed}, path ${r.path ?? '-'}, after ${r.cases} cases):\n${r.error}\ncounterexample: ${shown}`;
}

// ---------------------------------------------------------------------------------------------
// Regression fixtures: test/fuzz/regressions/<property>-<seed>.json, replayed by every `npm test`

export interface Regression {
  property: string;
  seed: number;
  path?: string;
  kind: 'failure' | 'slow' | 'hang';
  /** What broke when it was found. */
  error: string;
  /**
   * Set by hand when the case shows a bug in the core that is not fixed yet: the slice test then marks
   * the replay `todo` (reported, not failing) with this description. Remove it with the fix.
   */
  todo?: string;
  /** The failure's class (see `signature`): a long run that meets it again reports the fixture instead of saving another. */
  signature?: string;
  found: string;
  input: unknown;
}

export function regressionsDir(root: string): string {
  return path.join(root, 'test', 'fuzz', 'regressions');
}

export function saveRegression(root: string, r: Omit<Regression, 'found'>): string {
  const dir = regressionsDir(root);
  fs.mkdirSync(dir, { recursive: true });
  let file = path.join(dir, `${r.property}-${r.seed}.json`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `${r.property}-${r.seed}-${n}.json`);
  const fixture: Regression = { ...r, found: new Date().toISOString().slice(0, 10) };
  fs.writeFileSync(file, encode(fixture, 2) + '\n');
  return file;
}

export function loadRegressions(root: string): { file: string; regression: Regression }[] {
  const dir = regressionsDir(root);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: f, regression: decode(fs.readFileSync(path.join(dir, f), 'utf8')) as Regression }));
}

// JSON that keeps what JSON drops: NaN, ±Infinity and -0 (lone surrogates survive as \u escapes).
export function encode(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? '-0' : String(v) };
    return v;
  }, indent) ?? 'undefined';
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.$number === 'string' ? Number(v.$number) : v));
}
