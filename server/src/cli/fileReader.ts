// Reads the CLI's files into one buffer reused from file to file. A fresh Buffer per file is memory
// outside the JavaScript heap that the GC frees late: on a 200 MB tree, such buffers were most of a
// 380 MiB peak. The size limit is checked here, while reading, so nobody needs to stat each file.
import * as fs from 'node:fs';
import { looksBinary, type SkippedFile } from './walk';

export type ReadOutcome = { text: string; bytes: number } | { skip: SkippedFile['reason']; detail?: string };

const INITIAL = 256 * 1024;

export class TextFileReader {
  private buffer = Buffer.allocUnsafe(INITIAL);

  constructor(private readonly maxFileSize: number) {}

  read(file: string): ReadOutcome {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (e) {
      return { skip: 'unreadable', detail: errorWord(e) };
    }
    try {
      const bytes = this.fill(fd);
      if (bytes > this.maxFileSize) return { skip: 'too-large', detail: `${fs.fstatSync(fd).size} bytes > ${this.maxFileSize}` };
      const view = this.buffer.subarray(0, bytes);
      if (looksBinary(view)) return { skip: 'binary' };
      return { text: view.toString('utf8'), bytes };
    } catch (e) {
      return { skip: 'unreadable', detail: errorWord(e) };
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Reads at most one byte past the size limit, without asking the size first (a stat per file is a
   * system call the common case does not need): a short read of a regular file means its end.
   */
  private fill(fd: number): number {
    const limit = this.maxFileSize + 1;
    let done = 0;
    for (;;) {
      if (done === this.buffer.length) {
        if (done >= limit) return done;
        const grown = Buffer.allocUnsafe(Math.min(limit, this.buffer.length * 2));
        this.buffer.copy(grown, 0, 0, done);
        this.buffer = grown;
      }
      const want = Math.min(this.buffer.length, limit) - done;
      const n = fs.readSync(fd, this.buffer, done, want, null);
      done += n;
      // Only regular files get here (the walker and the command line see to it): short means the end.
      if (n < want) return done;
    }
  }
}

function errorWord(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'removed while walking';
  if (code === 'EISDIR') return 'is a folder';
  return code ?? (e as Error).message;
}
