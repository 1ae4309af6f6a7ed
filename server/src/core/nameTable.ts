// The names the name finder looks for, built once per catalog: official API names, older dotted names
// (`wxacode.getUnlimited`) and SDK method names, kept only where the name is distinctive and means one
// coverage. Also the cheap length/first-character filter that lets the finder skip most identifiers.
import type { Catalog } from './catalog';
import { IDENTIFIER } from './chars';
import type { Interface, Resolution } from './types';
import { isDistinctiveName, MIN_SINGLE_NAME } from './vocabulary';

export interface DottedName {
  head: string;
  resolution: Resolution;
}

export interface NameTable {
  /** Distinctive undotted names → the interface they stand for. */
  single: Map<string, Resolution>;
  /** Dotted names by their last part: `getUnlimited` → [`wxacode.`, resolution]. */
  dotted: Map<string, DottedName[]>;
  /** Shortest single name: a member access shorter than this cannot be one. */
  minSingle: number;
  /** Shortest name or dotted tail: a call on a shorter identifier cannot be one. */
  minTail: number;
  /** (length, first character) pairs some name or dotted tail has: rejects most identifiers before any slice. */
  shapes: Uint8Array;
}

const tables = new WeakMap<Catalog, NameTable>();

export function nameTableFor(catalog: Catalog): NameTable {
  let t = tables.get(catalog);
  if (!t) {
    t = buildNameTable(catalog);
    tables.set(catalog, t);
  }
  return t;
}

/** Whether some name or dotted tail has this length and first character. */
export function hasShape(n: NameTable, length: number, first: number): boolean {
  return n.shapes[shapeOf(length, first)] === 1;
}

const SHAPE_LENGTHS = 64;

function shapeOf(length: number, first: number): number {
  return Math.min(length, SHAPE_LENGTHS - 1) * 128 + (first & 127);
}

function buildNameTable(catalog: Catalog): NameTable {
  const single = new Map<string, Resolution>();
  const dotted = new Map<string, DottedName[]>();
  for (const [name, set] of candidateNames(catalog)) {
    const ifaces = [...set];
    if (!sameCoverage(catalog, ifaces) || !isDistinctiveName(name)) continue;
    // Several interfaces with one coverage: the first listed stands for them (hover names it).
    const resolution: Resolution = { kind: 'interface', path: ifaces[0].path, iface: ifaces[0], coverage: catalog.coverage(ifaces[0]) };
    if (IDENTIFIER.test(name)) single.set(name, resolution);
    else addDotted(dotted, name, resolution);
  }
  let minSingle = shortest(single.keys(), Infinity);
  if (!Number.isFinite(minSingle)) minSingle = MIN_SINGLE_NAME;
  const all = [...single.keys(), ...dotted.keys()];
  return { single, dotted, minSingle, minTail: shortest(all, minSingle), shapes: shapesOf(all) };
}

/** Every API name and SDK method name, with the interfaces it may stand for. */
function candidateNames(catalog: Catalog): Map<string, Set<Interface>> {
  const candidates = new Map<string, Set<Interface>>();
  const add = (name: string, iface: Interface) => {
    let s = candidates.get(name);
    if (!s) candidates.set(name, (s = new Set()));
    s.add(iface);
  };
  for (const [name, ifaces] of catalog.names()) {
    // A name the catalog derived from the path (`spu.add`, `getliveinfo`) is nobody's identifier.
    for (const i of ifaces) if (!(i.nameDerived && i.name === name)) add(name, i);
  }
  for (const [method, ifaces] of catalog.aliasMethods()) for (const i of ifaces) add(method, i);
  return candidates;
}

/** Filed under the last part, so the finder can look a member name up before checking what precedes it. */
function addDotted(dotted: Map<string, DottedName[]>, name: string, resolution: Resolution): void {
  const dot = name.lastIndexOf('.');
  const tail = name.slice(dot + 1);
  const list = dotted.get(tail) ?? [];
  list.push({ head: name.slice(0, dot + 1), resolution });
  dotted.set(tail, list);
}

/** One name must mean one coverage: `getCategory` (four interfaces, four set lists) means nothing. */
function sameCoverage(catalog: Catalog, ifaces: Interface[]): boolean {
  const key = (i: Interface) => { const c = catalog.coverage(i); return (c.allOf ? 'all:' : 'any:') + [...c.sets].sort((a, b) => a - b).join(','); };
  const first = key(ifaces[0]);
  return ifaces.every((i) => key(i) === first);
}

function shortest(names: Iterable<string>, start: number): number {
  let min = start;
  for (const n of names) min = Math.min(min, n.length);
  return min;
}

function shapesOf(names: readonly string[]): Uint8Array {
  const shapes = new Uint8Array(SHAPE_LENGTHS * 128);
  for (const n of names) shapes[shapeOf(n.length, n.charCodeAt(0))] = 1;
  return shapes;
}
