// Where a CLI run's tasks run: in the main thread, or — once a run proves big — in the main thread
// and `jobs − 1` scan workers together. Small runs (the usual pre-commit check) never pay for starting
// threads; big trees walk, read and judge on several cores at once.
import type { Catalog } from '../core/catalog';
import type { ResolvedConfig } from '../workspaceConfig';
import type { ConfigKey } from './projectConfig';
import { ScanPool } from './scanPool';
import { WORKER_MARK } from './scanWorker';
import { TreeScanner, type ScannerOptions, type ScannedFile, type ScanTask, type TaskResult } from './treeScan';
import type { SkippedFile } from './walk';

/** Files a run must reach before workers start: below it, starting them costs more than it saves. */
export const POOL_AFTER_FILES = 300;
/** Files the main thread scans between answering workers. */
const LOCAL_FILES = 24;

export interface SchedulerOptions extends ScannerOptions {
  /** Threads that scan, the main thread included; 1 (or no script) keeps everything in the main thread. */
  jobs: number;
  /** The script a worker runs (the CLI bundle itself); undefined when not running from a bundle. */
  workerScript?: string;
}

export interface Scanned {
  files: ScannedFile[];
  skipped: SkippedFile[];
  /** Threads that read and judged files: the workers, or 1 for the main thread alone. */
  threads: number;
}

export class Scheduler {
  private readonly configs: { key: ConfigKey; resolved: ResolvedConfig }[] = [];
  private readonly local: TreeScanner;
  private pool: ScanPool | undefined;

  constructor(private readonly options: SchedulerOptions, private readonly catalog: Catalog) {
    this.local = new TreeScanner(catalog, options, (id) => this.configs[id].resolved);
  }

  /** Registers a config; tasks name it by the returned id. */
  config(key: ConfigKey, resolved: ResolvedConfig): number {
    this.configs.push({ key, resolved });
    return this.configs.length - 1;
  }

  /** The task for a command-line path (see TreeScanner.startTask). */
  startTask(root: number, config: number, start: string, isFile: boolean): ScanTask {
    return this.local.startTask(root, config, start, isFile);
  }

  /** Runs the tasks and everything they lead to; files come back in no particular order. */
  async run(tasks: ScanTask[]): Promise<Scanned> {
    const out: Scanned = { files: [], skipped: [], threads: 1 };
    const take = (r: TaskResult) => {
      for (const f of r.files) out.files.push(f);
      for (const s of r.skipped) out.skipped.push(s);
    };
    const first = this.local.run(tasks, this.usesWorkers() ? POOL_AFTER_FILES : Infinity);
    take(first);
    if (!first.left.length) return out;
    // The main thread scans too, so one thread fewer is started than `jobs`.
    this.pool = new ScanPool(this.options.workerScript!, this.options.jobs - 1, { ...this.scannerOptions(), mark: WORKER_MARK }, this.catalog);
    this.configs.forEach(({ key }, id) => this.pool!.config(id, key));
    await this.pool.runAll(first.left, take, (queue) => this.local.run(queue, LOCAL_FILES));
    out.threads = this.options.jobs;
    return out;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  private usesWorkers(): boolean {
    return this.options.jobs > 1 && !!this.options.workerScript;
  }

  private scannerOptions(): ScannerOptions {
    const { locale, judge, keepReferences, maxFileSize } = this.options;
    return { locale, judge, keepReferences, maxFileSize };
  }
}
