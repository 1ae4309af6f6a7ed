// Walks files to scan: honours nested .gitignore files, include/exclude globs, skips binary,
// oversized and well-known vendored folders. Streams directories (opendir), never slurps a tree.
import * as fs from 'node:fs';
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

export interface WalkOptions {
  /** Folder that include/exclude globs are relative to. */
  root: string;
  include?: string[];
  exclude?: string[];
  maxFileSize: number;
  gitignore?: boolean;
}

export interface SkippedFile {
  file: string;
  reason: 'too-large' | 'binary' | 'unreadable';
  detail?: string;
}

export interface WalkEntry {
  file: string;
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

  /** Yields the files under `start` (a file or a folder) that should be scanned. */
  async *walk(start: string): AsyncGenerator<WalkEntry> {
    const stat = await fs.promises.stat(start);
    if (stat.isFile()) {
      const entry = this.accept(start, stat.size, true);
      if (entry) yield entry;
      return;
    }
    yield* this.walkDir(start, this.options.gitignore === false ? [] : await this.ancestorsIgnores(start));
  }

  private async *walkDir(dir: string, ignores: { base: string; ig: Ignore }[]): AsyncGenerator<WalkEntry> {
    const own = this.options.gitignore === false ? undefined : await readGitignore(dir);
    const stack = own ? [...ignores, { base: dir, ig: own }] : ignores;
    let handle: fs.Dir;
    try {
      handle = await fs.promises.opendir(dir);
    } catch (e) {
      this.skipped.push({ file: dir, reason: 'unreadable', detail: (e as Error).message });
      return;
    }
    const subdirs: string[] = [];
    for await (const d of handle) {
      const full = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (!ALWAYS_SKIPPED.has(d.name) && !ignored(stack, full, true) && !this.excluded(full)) subdirs.push(full);
      } else if (d.isFile() && isTextFileName(d.name) && !ignored(stack, full, false)) {
        let size = 0;
        try { size = fs.statSync(full).size; } catch { continue; } // sync: far cheaper per file than a promise round trip
        const entry = this.accept(full, size, false);
        if (entry) yield entry;
      }
    }
    subdirs.sort();
    for (const s of subdirs) yield* this.walkDir(s, stack);
  }

  private accept(file: string, size: number, explicit: boolean): WalkEntry | undefined {
    const rel = relative(this.options.root, file);
    if (!explicit && this.includeMatch && !this.includeMatch(rel)) return undefined;
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
  private async ancestorsIgnores(start: string): Promise<{ base: string; ig: Ignore }[]> {
    const chain: string[] = [];
    let dir = path.dirname(path.resolve(start));
    const stop = path.resolve(this.options.root);
    while (dir.startsWith(stop) && dir !== path.dirname(dir)) {
      chain.unshift(dir);
      if (dir === stop) break;
      dir = path.dirname(dir);
    }
    const out: { base: string; ig: Ignore }[] = [];
    for (const d of chain) {
      const ig = await readGitignore(d);
      if (ig) out.push({ base: d, ig });
    }
    return out;
  }
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

async function readGitignore(dir: string): Promise<Ignore | undefined> {
  try {
    const text = await fs.promises.readFile(path.join(dir, '.gitignore'), 'utf8');
    return ignore().add(text);
  } catch {
    return undefined;
  }
}

function ignored(stack: { base: string; ig: Ignore }[], full: string, isDir: boolean): boolean {
  for (const { base, ig } of stack) {
    const rel = relative(base, full);
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

/** A NUL byte in the first 8 KiB means binary, as git decides. */
export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}
