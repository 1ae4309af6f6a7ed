// Reads the CLI's files into one buffer reused from file to file. A fresh Buffer per file is memory
// outside the JavaScript heap that the GC frees late: on a 200 MB tree, such buffers were most of a
// 380 MiB peak. The size limit is checked here, on the open file, so the walker need not stat each one.
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
      const size = fs.fstatSync(fd).size;
      if (size > this.maxFileSize) return { skip: 'too-large', detail: `${size} bytes > ${this.maxFileSize}` };
      const bytes = this.fill(fd, size);
      const view = this.buffer.subarray(0, bytes);
      if (looksBinary(view)) return { skip: 'binary' };
      return { text: view.toString('utf8'), bytes };
    } catch (e) {
      return { skip: 'unreadable', detail: errorWord(e) };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Reads up to `size` bytes (the size when opened: a file still being written is read as it was). */
  private fill(fd: number, size: number): number {
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(size, this.buffer.length * 2));
    let done = 0;
    while (done < size) {
      const n = fs.readSync(fd, this.buffer, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }
}

function errorWord(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'removed while walking';
  if (code === 'EISDIR') return 'is a folder';
  return code ?? (e as Error).message;
}
