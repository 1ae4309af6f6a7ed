// References across a whole workspace folder, for the inventory, the tree view and Check Workspace.
// Files are walked with the same walker as the CLI (.gitignore, include/exclude, size limit) and
// cached by size and mtime; open documents' in-memory text wins over the disk. Only what a file gave
// is kept (its references and suppression comments), never its text: a whole workspace's text would
// otherwise stay in the server's memory after one Check Workspace.
import * as fs from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Catalog } from './core/catalog';
import type { Reference } from './core/model';
import { scan } from './core/scanner';
import { parseSuppressions, type Suppressions } from './core/suppressions';
import { looksBinary, Walker, YIELD_MS } from './cli/walk';
import { languageIdFor } from './cli/languages';
import type { ResolvedConfig } from './workspaceConfig';

const NO_SUPPRESSIONS: Suppressions = { lines: new Map(), directives: [] };
const TOO_LARGE = 'too-large';

interface Cached {
  stamp: string;
  refs: Reference[];
  /** Parsed only where there are references for it to silence. */
  suppressions: Suppressions;
}

export interface IndexedFile {
  file: string;
  refs: Reference[];
  suppressions: Suppressions;
}

export interface IndexSource {
  openText(file: string): string | undefined;
  maxFileSize: number;
  isCancelled?: () => boolean;
}

export class WorkspaceIndex {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly catalog: Catalog) {}

  /**
   * Every file of the folder that has references (or findings from its config), fresh. Files are read
   * synchronously (two awaited reads per file measured twice as slow), with a turn for the event loop
   * every few milliseconds so the server keeps answering during a whole-workspace scan.
   */
  async files(resolved: ResolvedConfig, source: IndexSource): Promise<{ files: IndexedFile[]; scanned: number; skipped: number }> {
    // The size limit is checked on the stat read() makes anyway: the walker need not stat too.
    const walker = new Walker({ root: resolved.folder, include: resolved.config.include, exclude: resolved.config.exclude, maxFileSize: source.maxFileSize, statFiles: false });
    const out: IndexedFile[] = [];
    let scanned = 0;
    let tooLarge = 0;
    const seen = new Set<string>();
    let since = Date.now();
    for await (const entry of walker.walk(resolved.folder)) {
      if (source.isCancelled?.()) break;
      seen.add(entry.file);
      const hit = this.read(entry.file, source);
      if (Date.now() - since >= YIELD_MS) {
        await nextTurn();
        since = Date.now();
      }
      if (hit === TOO_LARGE) tooLarge++;
      if (!hit || hit === TOO_LARGE) continue;
      scanned++;
      if (hit.refs.length) out.push({ file: entry.file, refs: hit.refs, suppressions: hit.suppressions });
    }
    for (const key of this.cache.keys()) if (key.startsWith(resolved.folder) && !seen.has(key)) this.cache.delete(key);
    return { files: out, scanned, skipped: walker.skipped.length + tooLarge };
  }

  private read(file: string, source: IndexSource): Cached | typeof TOO_LARGE | undefined {
    const open = source.openText(file);
    if (open !== undefined) return this.scanText(file, 'open', open);
    let stat: fs.Stats;
    try { stat = fs.statSync(file); } catch { return undefined; }
    if (stat.size > source.maxFileSize) return TOO_LARGE;
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.cache.get(file);
    if (cached?.stamp === stamp) return cached;
    let buf: Buffer;
    try { buf = fs.readFileSync(file); } catch { return undefined; }
    if (looksBinary(buf)) return undefined;
    const fresh = this.scanText(file, stamp, buf.toString('utf8'));
    this.cache.set(file, fresh);
    return fresh;
  }

  private scanText(file: string, stamp: string, text: string): Cached {
    const refs = scan(text, this.catalog, { fileName: file, languageId: languageIdFor(file) });
    return { stamp, refs, suppressions: refs.length ? parseSuppressions(text) : NO_SUPPRESSIONS };
  }

  clear(): void {
    this.cache.clear();
  }
}
