// What a scan worker's results look like on the way to the main thread. A reference's resolution
// points at its catalog entry (an interface with titles, docs, aliases …); cloned per finding, those
// entries were most of what crossed threads (and of the main thread's garbage collection). Both
// threads load the same catalog, so an entry travels as its position and is put back on arrival.
import type { Catalog } from '../core/catalog';
import type { Reference } from '../core/model';
import type { Coverage, Family, Interface } from '../core/types';
import type { FileOutcome } from './fileCheck';

interface WireResolution {
  kind: 'interface' | 'family';
  path: string;
  at: number;
  coverage: Coverage;
}

const positions = new WeakMap<Catalog, Map<Interface | Family, number>>();

function positionOf(catalog: Catalog, entry: Interface | Family): number {
  let map = positions.get(catalog);
  if (!map) {
    map = new Map<Interface | Family, number>();
    catalog.interfaces.forEach((iface, i) => map!.set(iface, i));
    catalog.families.forEach((family, i) => map!.set(family, i));
    positions.set(catalog, map);
  }
  const at = map.get(entry);
  if (at === undefined) throw new Error('wxperm: a resolution points outside the catalog');
  return at;
}

/** Every reference an outcome holds (its own list and its findings'; often the same objects). */
function referencesOf(outcome: FileOutcome): Reference[] {
  const refs = outcome.refs ? [...outcome.refs] : [];
  for (const f of outcome.findings ?? []) if (f.reference) refs.push(f.reference);
  return refs;
}

/** In the worker, just before posting: catalog entries become positions (in place). */
export function packOutcome(outcome: FileOutcome, catalog: Catalog): void {
  for (const ref of referencesOf(outcome)) {
    const r = ref.resolution;
    if (!r || 'at' in r) continue;
    const wire: WireResolution = { kind: r.kind, path: r.path, at: positionOf(catalog, r.kind === 'interface' ? r.iface : r.family), coverage: r.coverage };
    (ref as { resolution?: unknown }).resolution = wire;
  }
}

/** In the main thread, on arrival: positions become catalog entries again (in place). */
export function unpackOutcome(outcome: FileOutcome, catalog: Catalog): void {
  for (const ref of referencesOf(outcome)) {
    const r = ref.resolution as unknown as WireResolution | undefined;
    if (!r || !('at' in r)) continue;
    ref.resolution = r.kind === 'interface'
      ? { kind: 'interface', path: r.path, iface: catalog.interfaces[r.at], coverage: r.coverage }
      : { kind: 'family', path: r.path, family: catalog.families[r.at], coverage: r.coverage };
  }
}
