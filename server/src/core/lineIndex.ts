// Offsets ↔ LSP positions for one text. Lines end at \n, \r\n or a lone \r (what LSP counts);
// characters are UTF-16 code units, so a surrogate pair counts twice, as editors expect.
import type { Position } from './model';

export class LineIndex {
  readonly lineCount: number;
  private readonly starts: Uint32Array;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    this.starts = lineStarts(text);
    this.lineCount = this.starts.length;
  }

  positionAt(offset: number): Position {
    let o = clampInt(offset, 0, this.text.length);
    // Inside a \r\n pair there is no character; LSP clients expect the end of the line.
    if (o > 0 && this.text.charCodeAt(o - 1) === CR && this.text.charCodeAt(o) === LF) o--;
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line] };
  }

  offsetAt(position: Position): number {
    const line = Math.floor(Number(position.line));
    if (!(line >= 0)) return 0;
    if (line >= this.lineCount) return this.text.length;
    const start = this.starts[line];
    return start + clampInt(position.character, 0, this.contentEnd(line) - start);
  }

  /** Offset just past the line's last character, before its line break. */
  contentEnd(line: number): number {
    if (line + 1 >= this.lineCount) return this.text.length;
    let end = this.starts[line + 1];
    if (this.text.charCodeAt(end - 1) === LF) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === CR) end--;
    return end;
  }

  lineStart(line: number): number {
    return this.starts[clampInt(line, 0, this.lineCount - 1)];
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

const CR = 13;
const LF = 10;

function lineStarts(text: string): Uint32Array {
  // Without \r (the common case) indexOf beats any regex; counting first avoids growing an array.
  if (!text.includes('\r')) {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    const starts = new Uint32Array(n);
    let k = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    return starts;
  }
  const starts = [0];
  const breaks = /\r\n?|\n/g;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
  return Uint32Array.from(starts);
}

function clampInt(n: number, min: number, max: number): number {
  const v = Math.floor(Number(n));
  if (!(v >= min)) return min;
  return v > max ? max : v;
}
