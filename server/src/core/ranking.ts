// Which covering set to suggest first: the one that asks least of the authorizer. A mutex set can be
// lost to another platform, an agreement must be signed, and a broad set grants more than the call needs.
// Ids the seed does not describe (outside ids, unknown ids) come after every seed set: their mutex,
// agreement and breadth are unknown, so "least privileged" cannot be claimed for them (counted literally
// they would win: 58 lists 2 interfaces where 17 lists 3, yet 17 is the set WeChat documents for QR codes).
import type { Catalog } from './catalog';

interface SetKey {
  id: number;
  mutex: boolean;
  agreement: boolean;
  breadth: number;
  /** 0 seed set, 1 outside id (WeChat pages list it), 2 unknown to the catalog. */
  tier: number;
}

function keyOf(catalog: Catalog, id: number): SetKey {
  const set = catalog.set(id);
  return {
    id,
    mutex: !!set?.mutex,
    agreement: !!set?.agreement.required,
    breadth: catalog.interfacesOfSet(id).length,
    tier: set ? 0 : catalog.outside(id) ? 1 : 2,
  };
}

function compare(a: SetKey, b: SetKey): number {
  return a.tier - b.tier
    || Number(a.mutex) - Number(b.mutex)
    || Number(a.agreement) - Number(b.agreement)
    || a.breadth - b.breadth
    || a.id - b.id;
}

/** Distinct ids, least-privileged first. */
export function rankSets(catalog: Catalog, sets: readonly number[]): number[] {
  return [...new Set(sets)].map((id) => keyOf(catalog, id)).sort(compare).map((k) => k.id);
}
