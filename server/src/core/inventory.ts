// The whole-workspace view: which sets the code needs, which of them each authorizer granted, which
// grants nothing needs. Pure: references with their files in, plain data out (tree view, CLI, CI).
import type { Catalog } from './catalog';
import type { Grants, Range, Reference } from './model';
import { isCovered, unusedGrants } from './judge';
import { rankSets } from './ranking';

export interface PlacedReference {
  /** File path or URI, as the caller names files. */
  file: string;
  ref: Reference;
}

export type SetState = 'granted' | 'partial' | 'missing' | 'unknown';

export interface NeededSet {
  id: number;
  state: SetState;
  /** Authorizers that lack this set. */
  missingFor: string[];
  /** Other sets that would cover the same calls (any-of alternatives), ranked. */
  alternatives: number[];
  interfaces: { path: string; name?: string; locations: { file: string; range: Range }[] }[];
}

export interface InventoryResult {
  needed: NeededSet[];
  unused: { id: number; authorizers: string[] }[];
}

/**
 * The set a reference is filed under: for all-of, every set; for any-of, the best-ranked set an
 * authorizer already holds (so granted code does not show as needing something else), else the
 * best-ranked cover (least privilege).
 */
function setsFiledUnder(ref: Reference, catalog: Catalog, grants: Grants): number[] {
  if (ref.allOf) return ref.sets;
  const ranked = rankSets(catalog, ref.sets);
  const held = ranked.find((id) => grants.authorizers.some((a) => a.sets.has(id)));
  return [held ?? ranked[0]];
}

function stateOf(id: number, grants: Grants): { state: SetState; missingFor: string[] } {
  if (grants.source === 'none') return { state: 'unknown', missingFor: [] };
  const missingFor = grants.authorizers.filter((a) => !a.sets.has(id)).map((a) => a.label);
  if (!missingFor.length) return { state: 'granted', missingFor };
  return { state: missingFor.length === grants.authorizers.length ? 'missing' : 'partial', missingFor };
}

export function inventory(refs: readonly PlacedReference[], catalog: Catalog, grants: Grants): InventoryResult {
  const bySet = new Map<number, NeededSet>();
  for (const { file, ref } of refs) {
    if (ref.kind === 'set-id' || !ref.sets.length) continue;
    const path = ref.path ?? ref.text;
    for (const id of setsFiledUnder(ref, catalog, grants)) {
      let entry = bySet.get(id);
      if (!entry) {
        entry = { id, ...stateOf(id, grants), alternatives: [], interfaces: [] };
        bySet.set(id, entry);
      }
      if (!ref.allOf) for (const alt of ref.sets) if (alt !== id && !entry.alternatives.includes(alt)) entry.alternatives.push(alt);
      let iface = entry.interfaces.find((i) => i.path === path);
      if (!iface) entry.interfaces.push((iface = { path, name: ref.name, locations: [] }));
      iface.locations.push({ file, range: ref.range });
    }
  }
  const needed = [...bySet.values()];
  for (const n of needed) {
    n.alternatives = rankSets(catalog, n.alternatives);
    n.interfaces.sort((a, b) => a.path.localeCompare(b.path));
  }
  const order = { missing: 0, partial: 1, unknown: 2, granted: 3 };
  needed.sort((a, b) => order[a.state] - order[b.state] || a.id - b.id);
  const unused = new Map<number, string[]>();
  for (const u of unusedGrants(refs.map((r) => r.ref), grants, catalog)) unused.set(u.setId, [...(unused.get(u.setId) ?? []), u.authorizer]);
  return { needed, unused: [...unused].sort((a, b) => a[0] - b[0]).map(([id, authorizers]) => ({ id, authorizers })) };
}

/** True when every authorizer can make the call (or nothing is configured). */
export function coveredForAll(ref: Reference, grants: Grants): boolean {
  return grants.source === 'none' || grants.authorizers.every((a) => isCovered(a.sets, { sets: ref.sets, allOf: ref.allOf }));
}

/** What each needing reference asks for: any one of `sets` (for all-of, one requirement per set). */
function requirements(refs: readonly Reference[]): number[][] {
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const ref of refs) {
    if (ref.kind === 'set-id' || !ref.sets.length) continue;
    for (const req of ref.allOf ? ref.sets.map((id) => [id]) : [ref.sets]) {
      const k = [...req].sort((a, b) => a - b).join(',');
      if (!seen.has(k)) {
        seen.add(k);
        out.push(req);
      }
    }
  }
  return out;
}

/**
 * The `category_id_list` ids for the authorization link: for each thing the code calls, the
 * least-privileged cover (rankSets: non-mutex, no agreement, narrower first), requirements with the
 * fewest alternatives first so a set that is the only cover of one call also serves the others;
 * then any set the others make redundant is dropped, and the rest ranked, smallest non-mutex first.
 * Independent of what authorizers granted so far: this is what a new authorizer should be asked for.
 */
export function categoryIds(refs: readonly Reference[], catalog: Catalog): number[] {
  const reqs = requirements(refs).map((r) => rankSets(catalog, r));
  reqs.sort((a, b) => a.length - b.length);
  const chosen = new Set<number>();
  for (const r of reqs) if (!r.some((id) => chosen.has(id))) chosen.add(r[0]);
  const covers = (ids: ReadonlySet<number>) => reqs.every((r) => r.some((id) => ids.has(id)));
  for (const id of rankSets(catalog, [...chosen]).reverse()) {
    const without = new Set(chosen);
    without.delete(id);
    if (covers(without)) chosen.delete(id);
  }
  return rankSets(catalog, [...chosen]);
}
