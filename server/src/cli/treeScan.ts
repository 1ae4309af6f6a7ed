// The unit of work of a CLI run: a task is a folder (walk it, scan its files, and go on into its
// subfolders) or a single file named on the command line. A TreeScanner runs tasks depth-first for a
// budget of files and hands back the folders it did not reach, so the main thread can share them out
// among scan workers: walking, reading and judging all happen in parallel, none of it in one thread.
import * as path from 'node:path';
import type { Catalog } from '../core/catalog';
import type { ResolvedConfig } from '../workspaceConfig';
import { checkFile, type CheckOptions, type FileOutcome } from './fileCheck';
import { TextFileReader } from './fileReader';
import { readGitignore, Walker, type Folder, type IgnoreLevel, type SkippedFile } from './walk';

/** Plain data (it crosses threads): the .gitignore rules above a folder are named by their folders. */
export type ScanTask =
  | { kind: 'dir'; root: number; config: number; dir: string; ignores: string[] }
  | { kind: 'file'; root: number; config: number; file: string };

export interface ScannedFile {
  /** Which command-line path the file was reached from (output keeps their order). */
  root: number;
  file: string;
  outcome: FileOutcome;
}

export interface TaskResult {
  files: ScannedFile[];
  /** Folders not reached within the budget: to be run later, here or elsewhere. */
  left: ScanTask[];
  skipped: SkippedFile[];
}

export interface ScannerOptions extends CheckOptions {
  maxFileSize: number;
}

export class TreeScanner {
  private readonly reader: TextFileReader;
  private readonly walkers = new Map<number, Walker>();
  private readonly gitignores = new Map<string, IgnoreLevel | undefined>();
  private readonly load = (dir: string) => this.gitignore(dir);

  constructor(private readonly catalog: Catalog, private readonly options: ScannerOptions, private readonly configOf: (id: number) => ResolvedConfig) {
    this.reader = new TextFileReader(options.maxFileSize);
  }

  /** The task for a path given on the command line: its folder (with the .gitignore files above it) or the file. */
  startTask(root: number, config: number, start: string, isFile: boolean): ScanTask {
    if (isFile) return { kind: 'file', root, config, file: start };
    const stack = this.walker(config).startStack(start, this.load);
    return { kind: 'dir', root, config, dir: start, ignores: stack.map((level) => level.base) };
  }

  /** Runs tasks depth-first, in order, until `budget` files were read; returns what it did and what is left. */
  run(tasks: ScanTask[], budget: number): TaskResult {
    const result: TaskResult = { files: [], left: [], skipped: [] };
    // A stack: the next task is the last one, so each folder's subfolders come right after it.
    const pending = tasks.slice().reverse();
    while (pending.length) {
      if (result.files.length >= budget) {
        result.left = pending.reverse();
        break;
      }
      const task = pending.pop()!;
      if (task.kind === 'file') this.runFile(task, result);
      else this.runDir(task, pending, result);
    }
    return result;
  }

  private runFile(task: Extract<ScanTask, { kind: 'file' }>, result: TaskResult): void {
    const walker = this.walker(task.config);
    const entry = walker.acceptFile(task.file, -1);
    result.skipped.push(...walker.skipped.splice(0));
    if (entry) result.files.push({ root: task.root, file: task.file, outcome: this.check(task.file, task.config) });
  }

  private runDir(task: Extract<ScanTask, { kind: 'dir' }>, pending: ScanTask[], result: TaskResult): void {
    const walker = this.walker(task.config);
    const folder: Folder = { dir: task.dir, stack: task.ignores.map(this.load).filter((l): l is IgnoreLevel => l !== undefined) };
    const listing = walker.folder(folder, this.load);
    result.skipped.push(...walker.skipped.splice(0));
    if (!listing) return;
    for (const entry of listing.files) result.files.push({ root: task.root, file: entry.file, outcome: this.check(entry.file, task.config) });
    for (let i = listing.subdirs.length - 1; i >= 0; i--) {
      const sub = listing.subdirs[i];
      pending.push({ kind: 'dir', root: task.root, config: task.config, dir: sub.dir, ignores: sub.stack.map((level) => level.base) });
    }
  }

  private check(file: string, config: number): FileOutcome {
    return checkFile(file, this.reader, this.configOf(config), this.options, this.catalog);
  }

  private walker(config: number): Walker {
    let w = this.walkers.get(config);
    if (!w) {
      const resolved = this.configOf(config);
      w = new Walker({
        root: resolved.folder,
        include: resolved.config.include,
        exclude: resolved.config.exclude,
        maxFileSize: this.options.maxFileSize,
        statFiles: false,
      });
      this.walkers.set(config, w);
    }
    return w;
  }

  /** Each .gitignore is parsed once per thread, however many folders below it are visited. */
  private gitignore(dir: string): IgnoreLevel | undefined {
    if (!this.gitignores.has(dir)) this.gitignores.set(dir, readGitignore(dir));
    return this.gitignores.get(dir);
  }
}

/**
 * Where a file comes in a depth-first walk from `start` in name order that lists a folder's files
 * before its subfolders (Walker.walk's order): compare these keys as strings. Folder names are
 * joined by U+0001 and the file name follows U+0000, so a folder's own files sort before anything below it.
 */
export function walkOrderKey(start: string, file: string): string {
  const parts = path.relative(start, file).split(path.sep);
  const name = parts.pop() ?? '';
  return parts.join('\u0001') + '\u0000' + name;
}
