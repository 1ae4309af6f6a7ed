// Runs the core over files on disk, the way the editor does over open documents: the same config
// resolution (workspaceConfig.ts), the same scanner, the same judge. The scheduler decides which
// threads walk, read and judge; the result is put back in walk order, so it never depends on that.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Catalog } from '../core/catalog';
import type { Locale } from '../core/types';
import type { ResolvedConfig } from '../workspaceConfig';
import { DEFAULT_MAX_FILE_SIZE } from '../settings';
import type { SkippedFile } from './walk';
import { configKeyFor, resolveKey } from './projectConfig';
import { Scheduler } from './scheduler';
import { walkOrderKey, type ScannedFile, type ScanTask } from './treeScan';
import type { FileFinding, FileReference } from './format';

export { configFolderFor } from './projectConfig';

export interface ProjectOptions {
  paths: string[];
  configFile?: string;
  locale: Locale;
  maxFileSize?: number;
  judge: boolean;
  /** Keep every reference in the result (scan, inventory); check needs only the findings. */
  keepReferences?: boolean;
  /** Threads that walk, read and judge on big runs (default: defaultJobs()); 1 keeps it all in this thread. */
  jobs?: number;
  /** The CLI bundle, which doubles as the scan worker's script. */
  workerScript?: string;
}

export interface ProjectResult {
  references: FileReference[];
  findings: FileFinding[];
  configs: ResolvedConfig[];
  skipped: SkippedFile[];
  stats: { files: number; bytes: number; seconds: number; jobs: number };
}

export class ConfigError extends Error {
  constructor(readonly findings: FileFinding[]) {
    super('the configuration cannot be used');
  }
}

/**
 * One scanning thread per core but one, at most 4. A single-threaded run already keeps about 1.6 cores
 * busy (V8's garbage collector and compiler run beside it): on a 2-core machine a second scanning
 * thread measured no faster, only more CPU (docs/decisions.md), so there the main thread works alone.
 * Each worker costs ~30 MiB (its own heap and catalog): 8 threads on a 100 MB tree peaked at 330 MiB.
 */
export function defaultJobs(): number {
  return Math.max(1, Math.min(os.availableParallelism() - 1, 4));
}

export async function runProject(options: ProjectOptions, catalog: Catalog): Promise<ProjectResult> {
  const started = process.hrtime.bigint();
  const result: ProjectResult = { references: [], findings: [], configs: [], skipped: [], stats: { files: 0, bytes: 0, seconds: 0, jobs: 1 } };
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const scheduler = new Scheduler({
    locale: options.locale,
    judge: options.judge,
    keepReferences: options.keepReferences !== false,
    maxFileSize,
    jobs: options.jobs ?? defaultJobs(),
    workerScript: options.workerScript,
  }, catalog);
  const tasks: ScanTask[] = [];
  const configOfRoot: number[] = [];
  let scanned;
  try {
    for (const [root, p] of options.paths.entries()) {
      if (!fs.existsSync(p)) throw new Error(`no such file or folder: ${p}`);
      const key = configKeyFor(p, options.configFile);
      let id = result.configs.findIndex((c) => c.folder === key.folder);
      if (id < 0) {
        const resolved = resolveKey(key, catalog);
        const bad = resolved.findings.filter((f) => f.rule === 'invalid-config');
        if (bad.length && options.judge) throw new ConfigError(bad.map((finding) => ({ file: finding.file ?? resolved.configPath ?? resolved.folder, finding })));
        result.configs.push(resolved);
        id = scheduler.config(key, resolved);
      }
      configOfRoot.push(id);
      tasks.push(scheduler.startTask(root, id, p, fs.statSync(p).isFile()));
    }
    scanned = await scheduler.run(tasks);
  } finally {
    await scheduler.close();
  }
  const seen = new Set<string>();
  for (const f of inWalkOrder(scanned.files, options.paths)) {
    // Overlapping paths (`check src src/api`) reach some files twice: the first one counts.
    if (seen.has(f.file)) continue;
    seen.add(f.file);
    collect(f, result.configs[configOfRoot[f.root]], options.judge, result);
  }
  result.skipped.push(...scanned.skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
  result.stats.jobs = scanned.threads;
  result.stats.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result;
}

function inWalkOrder(files: ScannedFile[], starts: string[]): ScannedFile[] {
  const keyed = files.map((f) => ({ f, key: walkOrderKey(starts[f.root], f.file) }));
  keyed.sort((a, b) => a.f.root - b.f.root || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.f);
}

/** One file's outcome into the result. */
function collect({ file, outcome }: ScannedFile, resolved: ResolvedConfig, judging: boolean, out: ProjectResult): void {
  if (outcome.error) throw new Error(outcome.error);
  if (outcome.skip) {
    out.skipped.push({ file, reason: outcome.skip, ...(outcome.detail ? { detail: outcome.detail } : {}) });
    return;
  }
  out.stats.files++;
  out.stats.bytes += outcome.bytes;
  for (const ref of outcome.refs ?? []) out.references.push({ file, ref });
  for (const finding of outcome.findings ?? []) out.findings.push({ file, finding });
  // Config findings belong to the config file: report them once, when that file is walked.
  if (judging && resolved.configPath && path.resolve(file) === path.resolve(resolved.configPath)) {
    for (const finding of resolved.findings) out.findings.push({ file: finding.file ?? file, finding });
  }
}
