// Baselines: accept today's findings, fail only on new ones. A finding is identified by what it is
// about, never by where it sits: rule + file + the key of the reference (the interface's resolved
// path, the API name, the set id), so edits above it do not make it "new". Identical findings in one
// file are counted: a baseline with two `not-granted` on /wxa/commit in a.ts accepts two, and a third
// is new.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../core/model';
import { splitPath } from '../core/paths';
import type { FileFinding } from './format';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  /** Relative to the baseline file's folder, `/`-separated. */
  file: string;
  /** What the finding is about: see `findingKey`. */
  key: string;
  count: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'wxperm';
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

/**
 * What a finding is about, independent of its position: `path:/wxa/commit` for an interface (the
 * resolved catalog path, or for a family member the path the code calls), `name:getUnlimitedQRCode`
 * when only a name resolved, `set:9999` for a set id, and for findings without a reference (a config
 * file that does not parse) the message.
 */
export function findingKey(finding: Finding): string {
  const ref = finding.reference;
  if (!ref) return `message:${finding.message}`;
  if (ref.kind === 'set-id') return `set:${ref.setId ?? ref.sets[0] ?? ref.text}`;
  if (ref.resolution?.kind === 'family' && ref.kind === 'path') return `path:${splitPath(ref.text).path}`;
  if (ref.path) return `path:${ref.path}`;
  if (ref.name) return `name:${ref.name}`;
  return `text:${ref.text}`;
}

/**
 * A file name relative to `base`, `/`-separated. Outside `base` it stays absolute, unless `up` allows
 * `../` (a baseline kept in a sub-folder names the files beside it that way, stable across checkouts).
 */
export function relativeName(file: string, base: string, up = false): string {
  const r = path.relative(base, path.resolve(file));
  const ok = r && !path.isAbsolute(r) && (up || !r.startsWith('..'));
  return (ok ? r : path.resolve(file)).split(path.sep).join('/');
}

function groupKey(rule: string, file: string, key: string): string {
  return JSON.stringify([rule, file, key]);
}

/** The baseline for these findings, files relative to `base` (the baseline file's folder). */
export function createBaseline(findings: readonly FileFinding[], base: string): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const { file, finding } of findings) {
    const entry = { rule: finding.rule, file: relativeName(finding.file ?? file, base, true), key: findingKey(finding) };
    const k = groupKey(entry.rule, entry.file, entry.key);
    const seen = counts.get(k);
    if (seen) seen.count++;
    else counts.set(k, { ...entry, count: 1 });
  }
  const entries = [...counts.values()].sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.key.localeCompare(b.key));
  return { version: BASELINE_VERSION, tool: 'wxperm', entries };
}

export function writeBaseline(file: string, baseline: Baseline): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read the baseline ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`the baseline ${file} is not JSON: ${(e as Error).message}`);
  }
  const b = json as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.version !== BASELINE_VERSION || !Array.isArray(b.entries)) {
    throw new BaselineError(`the baseline ${file} is not a wxperm baseline (version ${BASELINE_VERSION}); write one with --write-baseline`);
  }
  for (const e of b.entries) {
    const ok = e && typeof e.rule === 'string' && typeof e.file === 'string' && typeof e.key === 'string' && Number.isInteger(e.count) && e.count > 0;
    if (!ok) throw new BaselineError(`the baseline ${file} has a malformed entry: ${JSON.stringify(e)}`);
  }
  return { version: BASELINE_VERSION, tool: 'wxperm', entries: b.entries };
}

export interface BaselineResult {
  /** Findings the baseline does not account for: the new ones. */
  findings: FileFinding[];
  /** How many findings the baseline accounted for (and were dropped). */
  baselined: number;
  /** Recorded findings, in files this run checked (`inScope`), that no longer occur: fixed, or moved. */
  stale: number;
}

/**
 * Drops the findings the baseline records. Within a group of identical findings (same rule, file and
 * key) the first `count` in document order are the recorded ones; any beyond are new.
 */
export function applyBaseline(findings: readonly FileFinding[], baseline: Baseline, base: string, inScope: (file: string) => boolean = () => true): BaselineResult {
  const budget = new Map<string, number>();
  const scoped = new Set<string>();
  for (const e of baseline.entries) {
    const k = groupKey(e.rule, e.file, e.key);
    budget.set(k, (budget.get(k) ?? 0) + e.count);
    if (inScope(path.resolve(base, e.file))) scoped.add(k);
  }
  const kept: FileFinding[] = [];
  let baselined = 0;
  for (const f of findings) {
    const k = groupKey(f.finding.rule, relativeName(f.finding.file ?? f.file, base, true), findingKey(f.finding));
    const left = budget.get(k) ?? 0;
    if (left > 0) {
      budget.set(k, left - 1);
      baselined++;
    } else {
      kept.push(f);
    }
  }
  let stale = 0;
  for (const [k, left] of budget) if (scoped.has(k)) stale += left;
  return { findings: kept, baselined, stale };
}
