// The FileReader the core's grants reader asks for (`readFile(path): string | undefined`), over node:fs.
// Missing files, directories, unreadable files and files over the size limit read as `undefined`;
// nothing here throws. `overlay` lets the language server answer from open documents' unsaved text.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileReader {
  readFile(p: string): string | undefined;
  size?(p: string): number | undefined;
}

/** A grants or authorization file is small; anything bigger than this is not a config file. */
export const DEFAULT_READ_LIMIT = 5 * 1024 * 1024;

export interface NodeReaderOptions {
  maxBytes?: number;
  /** Text of open (maybe unsaved) documents by file system path; consulted before the disk. */
  overlay?: (p: string) => string | undefined;
}

export function createNodeReader(options: NodeReaderOptions = {}): FileReader {
  const maxBytes = options.maxBytes ?? DEFAULT_READ_LIMIT;
  return {
    readFile(p: string): string | undefined {
      const open = options.overlay?.(p);
      if (open !== undefined) return open;
      try {
        const st = fs.statSync(p);
        if (!st.isFile() || st.size > maxBytes) return undefined;
        let text = fs.readFileSync(p, 'utf8');
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        return text;
      } catch {
        return undefined;
      }
    },
    size(p: string): number | undefined {
      const open = options.overlay?.(p);
      if (open !== undefined) return Buffer.byteLength(open, 'utf8');
      try {
        const st = fs.statSync(p);
        return st.isFile() ? st.size : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The CLI's spelling: a reader over the disk. Paths come to it absolute (grants.ts resolves them against
 * the config's folder), so `baseDir` is only accepted for symmetry.
 */
export function nodeReader(_baseDir?: string, options: NodeReaderOptions = {}): FileReader {
  return createNodeReader(options);
}

/** Records every path read through it (the config and the authorization files it references). */
export function recordingReader(inner: FileReader): FileReader & { readonly paths: string[] } {
  const paths: string[] = [];
  const note = (p: string) => {
    if (!paths.includes(p)) paths.push(p);
  };
  return {
    paths,
    readFile(p: string): string | undefined {
      note(p);
      return inner.readFile(p);
    },
    size(p: string): number | undefined {
      note(p);
      return inner.size?.(p);
    },
  };
}

/** mtime+size of each path ('-' when missing): compare two stamps to tell whether any file changed. */
export function statStamp(paths: readonly string[]): string {
  return paths.map((p) => {
    try {
      const st = fs.statSync(p);
      return `${st.mtimeMs}:${st.size}`;
    } catch {
      return '-';
    }
  }).join('|');
}

/**
 * Refuses files whose real location is outside `root` (a symlink inside the workspace pointing at
 * /etc/passwd reads as missing). grants.ts already refuses `..` and absolute paths; this covers links.
 */
export function confinedReader(inner: FileReader, root: string): FileReader {
  let realRoot: string;
  try { realRoot = fs.realpathSync(root); } catch { realRoot = root; }
  const inside = (p: string): boolean => {
    let real: string;
    try { real = fs.realpathSync(p); } catch { return true; } // missing: the inner reader says so
    return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
  };
  return {
    readFile: (p) => (inside(p) ? inner.readFile(p) : undefined),
    size: (p) => (inside(p) ? inner.size?.(p) : undefined),
  };
}
