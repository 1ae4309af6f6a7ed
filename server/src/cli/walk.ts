// Walks files to scan: honours nested .gitignore files, include/exclude globs, skips binary,
// oversized and well-known vendored folders. One folder at a time, depth-first in name order: the
// server walks asynchronously (walk), the CLI one folder per call from its task runner (folder).
import * as fs from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** Extensions of text files that may name WeChat interfaces. Others are not read at all. */
export const TEXT_EXTENSIONS = new Set([
  'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'vue', 'svelte', 'py', 'go', 'java', 'kt', 'kts', 'scala', 'groovy',
  'php', 'cs', 'vb', 'fs', 'rb', 'rs', 'swift', 'dart', 'c', 'cc', 'cpp', 'h', 'hpp', 'lua', 'pl', 'ex', 'exs', 'erl',
  'json', 'jsonc', 'json5', 'yaml', 'yml', 'toml', 'ini', 'properties', 'xml', 'md', 'markdown', 'txt', 'rst', 'adoc',
  'html', 'htm', 'sh', 'bash', 'zsh', 'ps1', 'sql', 'env', 'conf', 'cfg', 'http', 'rest',
]);

const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.vscode-test']);

/** How long `walk` runs before it lets other work (a server's requests) in. */
export const YIELD_MS = 8;

export interface WalkOptions {
  /** Folder that include/exclude globs are relative to. */
  root: string;
  include?: string[];
  exclude?: string[];
  maxFileSize: number;
  gitignore?: boolean;
  /**
   * false: do not stat each file (its size is reported as -1 and the size limit is left to the reader,
   * which sees the size on the open file anyway). The CLI saves a system call per file this way.
   */
  statFiles?: boolean;
}

export interface SkippedFile {
  file: string;
  reason: 'too-large' | 'binary' | 'unreadable';
  detail?: string;
}

export interface WalkEntry {
  file: string;
  /** Bytes; -1 when the walk was told not to stat files. */
  size: number;
}

export function isTextFileName(name: string): boolean {
  if (name === 'wxperm.json') return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && TEXT_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

export class Walker {
  readonly skipped: SkippedFile[] = [];
  private readonly includeMatch?: picomatch.Matcher;
  private readonly excludeMatch?: picomatch.Matcher;

  constructor(private readonly options: WalkOptions) {
    if (options.include?.length) this.includeMatch = picomatch(options.include, { dot: true });
    if (options.exclude?.length) this.excludeMatch = picomatch(options.exclude, { dot: true });
  }

  /**
   * Yields the files under `start` (a file or a folder) that should be scanned, folder by folder, and
   * gives the event loop a turn every few milliseconds: the server walks whole workspaces with this and
   * must keep answering meanwhile. The folders themselves are read synchronously, as the CLI does: an
   * awaited read per folder measured slower than the whole walk.
   */
  async *walk(start: string): AsyncGenerator<WalkEntry> {
    const stat = fs.statSync(start);
    if (stat.isFile()) {
      const entry = this.accept(start, stat.size, true);
      if (entry) yield entry;
      return;
    }
    const pending: Folder[] = [{ dir: start, stack: this.startStack(start) }];
    let since = Date.now();
    while (pending.length) {
      const listing = this.folder(pending.pop()!);
      if (listing) {
        for (const entry of listing.files) yield entry;
        pushReversed(pending, listing.subdirs);
      }
      if (Date.now() - since >= YIELD_MS) {
        await nextTurn();
        since = Date.now();
      }
    }
  }

  /** The .gitignore files that apply to a walk starting at `start` (none when .gitignore is off). */
  startStack(start: string, load: (dir: string) => IgnoreLevel | undefined = readGitignore): IgnoreStack {
    return this.options.gitignore === false ? [] : this.ancestorIgnores(start, load);
  }

  /** A file named on the command line: include globs do not apply to it, exclude globs and the size limit do. */
  acceptFile(file: string, size: number): WalkEntry | undefined {
    return this.accept(file, size, true);
  }

  /**
   * One folder, synchronously: its files to scan and its subfolders to enter, both in name order;
   * undefined (and a skipped entry) when it cannot be read. `load` reads a .gitignore (cache it across
   * calls when the same folders' files are loaded often).
   */
  folder({ dir, stack }: Folder, load: (dir: string) => IgnoreLevel | undefined = readGitignore): Listing | undefined {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.unreadable(dir, e);
      return undefined;
    }
    const own = this.options.gitignore !== false && dirents.some(isGitignore) ? load(dir) : undefined;
    return this.list(dir, dirents, own ? [...stack, own] : stack);
  }

  /** One folder's files to scan (in name order) and the subfolders to enter (in name order). */
  private list(dir: string, dirents: fs.Dirent[], stack: IgnoreStack): Listing {
    const files: WalkEntry[] = [];
    const subdirs: Folder[] = [];
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const full = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (!ALWAYS_SKIPPED.has(d.name) && !ignored(stack, full, true) && !this.excluded(full)) subdirs.push({ dir: full, stack });
      } else if (d.isFile() && isTextFileName(d.name) && !ignored(stack, full, false)) {
        let size = -1;
        if (this.options.statFiles !== false) {
          try { size = fs.statSync(full).size; } catch { continue; } // sync: far cheaper per file than a promise round trip
        }
        const entry = this.accept(full, size, false);
        if (entry) files.push(entry);
      }
    }
    return { files, subdirs };
  }

  private unreadable(dir: string, e: unknown): void {
    this.skipped.push({ file: dir, reason: 'unreadable', detail: (e as Error).message });
  }

  private accept(file: string, size: number, explicit: boolean): WalkEntry | undefined {
    if (!explicit && this.includeMatch && !this.includeMatch(relative(this.options.root, file))) return undefined;
    if (this.excluded(file)) return undefined;
    if (size > this.options.maxFileSize) {
      this.skipped.push({ file, reason: 'too-large', detail: `${size} bytes > ${this.options.maxFileSize}` });
      return undefined;
    }
    return { file, size };
  }

  private excluded(file: string): boolean {
    return !!this.excludeMatch && this.excludeMatch(relative(this.options.root, file));
  }

  /** .gitignore files between the repository root (or the walk root) and the start folder apply too. */
  private ancestorIgnores(start: string, load: (dir: string) => IgnoreLevel | undefined): IgnoreStack {
    const chain: string[] = [];
    let dir = path.dirname(path.resolve(start));
    const stop = path.resolve(this.options.root);
    while (dir.startsWith(stop) && dir !== path.dirname(dir)) {
      chain.unshift(dir);
      if (dir === stop) break;
      dir = path.dirname(dir);
    }
    return chain.map((d) => load(d)).filter((level): level is IgnoreLevel => level !== undefined);
  }
}

/** One folder's .gitignore rules; `base` is the folder. */
export type IgnoreLevel = { base: string; ig: Ignore };
/** The .gitignore files that apply in a folder, outermost first. */
export type IgnoreStack = IgnoreLevel[];

/** A folder still to visit, with the .gitignore rules above it. */
export interface Folder {
  dir: string;
  stack: IgnoreStack;
}

export interface Listing {
  files: WalkEntry[];
  subdirs: Folder[];
}

function isGitignore(d: fs.Dirent): boolean {
  return d.name === '.gitignore' && !d.isDirectory();
}

/** Depth-first in name order: the next folder to visit is the last pushed. */
function pushReversed<T>(stack: T[], items: T[]): void {
  for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The folder's .gitignore, parsed; undefined when it has none or it cannot be read. */
export function readGitignore(dir: string): IgnoreLevel | undefined {
  try {
    return { base: dir, ig: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

function ignored(stack: IgnoreStack, full: string, isDir: boolean): boolean {
  for (const { base, ig } of stack) {
    const rel = below(base, full);
    if (rel === undefined) continue;
    if (ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

/** `full` relative to `base` with `/` separators, or undefined when it is not inside `base`. */
function below(base: string, full: string): string | undefined {
  // Paths here come from joining onto `base`, so a prefix test replaces path.relative (hot: every entry).
  if (full.length > base.length + 1 && full.startsWith(base) && (full[base.length] === path.sep || base.endsWith(path.sep))) {
    const rel = full.slice(base.endsWith(path.sep) ? base.length : base.length + 1);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }
  const rel = relative(base, full);
  return !rel || rel.startsWith('..') ? undefined : rel;
}

/** A NUL byte in the first 8 KiB means binary, as git decides. */
export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}
