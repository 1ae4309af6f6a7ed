// What a finder reports, and how one scan's hits become `Reference`s. Finders only push hits; overlaps
// are settled and positions computed once, at the end, because most hits are dropped or never shown.
import { LineIndex } from './lineIndex';
import type { Position, Reference, SetIdContext } from './model';
import type { Resolution } from './types';

export type Hit =
  | { kind: 'path' | 'name'; offset: number; length: number; resolution: Resolution }
  | { kind: 'set-id'; offset: number; length: number; setId: number; context: SetIdContext };

/** Sorted by offset, the longer first where two start together, and no overlaps (first wins). */
export function settle(hits: Hit[]): Hit[] {
  // The sort is stable: between equal hits the earlier finder wins, so finder order matters.
  hits.sort((a, b) => a.offset - b.offset || b.length - a.length);
  const out: Hit[] = [];
  let end = -1;
  for (const h of hits) {
    if (h.offset < end) continue;
    out.push(h);
    end = h.offset + h.length;
  }
  return out;
}

/** `hits` must be settled: positions are computed walking forward. */
export function toReferences(text: string, hits: Hit[], given?: LineIndex): Reference[] {
  if (!hits.length) return [];
  const positionAt = given ? (o: number) => given.positionAt(o) : forwardPositions(text);
  return hits.map((h) => toReference(text, h, positionAt));
}

function toReference(text: string, h: Hit, positionAt: (offset: number) => Position): Reference {
  const range = { start: positionAt(h.offset), end: positionAt(h.offset + h.length) };
  const refText = detached(text.slice(h.offset, h.offset + h.length));
  if (h.kind === 'set-id') {
    return { kind: h.kind, range, offset: h.offset, length: h.length, text: refText, sets: [h.setId], allOf: false, setId: h.setId, context: h.context };
  }
  const r = h.resolution;
  return {
    kind: h.kind, range, offset: h.offset, length: h.length, text: refText,
    path: r.path, name: r.kind === 'interface' ? r.iface.name : undefined,
    sets: r.coverage.sets.slice(), allOf: r.coverage.allOf, resolution: r,
  };
}

/**
 * Positions for offsets asked in increasing order, walking line breaks only up to the last one: a
 * whole LineIndex costs more than scanning when a big file holds a few references.
 */
function forwardPositions(text: string): (offset: number) => Position {
  if (text.includes('\r')) {
    const lines = new LineIndex(text);
    return (o) => lines.positionAt(o);
  }
  let line = 0;
  let lineStart = 0;
  let next = text.indexOf('\n');
  return (offset) => {
    while (next >= 0 && next < offset) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    return { line, character: offset - lineStart };
  };
}

/**
 * A copy of a short slice that does not keep the whole text alive. V8 represents a slice as a view
 * into its parent string, so a reference kept after its file is gone (the CLI keeps findings for a
 * whole tree) would pin that file's text: 11 KB per finding, measured, before this.
 */
function detached(slice: string): string {
  return (' ' + slice).slice(1);
}
