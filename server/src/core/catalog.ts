// The catalog: the compiled index plus the lookups everything else asks for.
// Pure: built from an index object; loading the file is the caller's business (see catalogFile.ts).
import type { CatalogIndex, Coverage, Family, Interface, OutsideId, PermissionSet, Resolution } from './types';
import { lastSegment, splitPath } from './paths';

interface CompiledFamily {
  family: Family;
  re: RegExp;
  specificity: number;
  queryRes?: [string, RegExp][];
}

export type SearchHit =
  | { kind: 'set'; score: number; set: PermissionSet }
  | { kind: 'outside'; score: number; outside: OutsideId }
  | { kind: 'interface'; score: number; iface: Interface }
  | { kind: 'family'; score: number; family: Family; coverage?: Coverage };

function globToRe(glob: string, anchoredEnd: boolean): RegExp {
  const body = glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/?&#]*');
  return new RegExp('^' + body + (anchoredEnd ? '$' : ''));
}

export class Catalog {
  readonly sets: readonly PermissionSet[];
  readonly interfaces: readonly Interface[];
  readonly families: readonly Family[];
  readonly outsideIds: readonly OutsideId[];
  readonly readOnlyVerbs: readonly string[];
  readonly mixedPrefixes: readonly string[];
  /** First path segments that any interface or family uses (`wxa`, `cgi-bin`, …). */
  readonly firstSegments: ReadonlySet<string>;

  private readonly setById = new Map<number, PermissionSet>();
  private readonly outsideById = new Map<number, OutsideId>();
  private readonly byPath = new Map<string, Interface[]>();
  private readonly byLowerPath = new Map<string, Interface[]>();
  private readonly byNameMap = new Map<string, Interface[]>();
  private readonly byAliasMap = new Map<string, Interface[]>();
  private readonly compiledFamilies: CompiledFamily[];
  private readonly ofSet = new Map<number, Interface[]>();

  static fromIndex(index: CatalogIndex): Catalog {
    if (!index || index.version !== 1) throw new Error('wxperm: unsupported catalog index version');
    return new Catalog(index);
  }

  private constructor(index: CatalogIndex) {
    this.sets = index.sets;
    this.interfaces = index.interfaces;
    this.families = index.families;
    this.outsideIds = index.outside;
    this.readOnlyVerbs = index.readOnlyVerbs;
    this.mixedPrefixes = index.mixedPrefixes;
    for (const s of index.sets) this.setById.set(s.id, s);
    for (const o of index.outside) this.outsideById.set(o.id, o);
    const first = new Set<string>();
    for (const i of index.interfaces) {
      push(this.byPath, i.path, i);
      push(this.byLowerPath, i.path.toLowerCase(), i);
      first.add(i.path.split('/')[1]);
      for (const n of [i.name, ...(i.otherNames ?? [])]) push(this.byNameMap, n, i);
      for (const a of i.aliases ?? []) {
        const m = aliasMethod(a);
        if (m) push(this.byAliasMap, m, i);
      }
      for (const id of [...i.sets, ...(i.otherSets ?? [])]) push(this.ofSet, id, i);
    }
    this.compiledFamilies = index.families.map((f) => {
      first.add(f.match.split('/')[1]);
      const literal = f.match.replace(/\*/g, '');
      return {
        family: f,
        re: globToRe(f.match, false),
        specificity: literal.length,
        queryRes: f.query ? Object.entries(f.query).map(([k, v]) => [k, globToRe(v, true)] as [string, RegExp]) : undefined,
      };
    }).sort((a, b) => b.specificity - a.specificity);
    this.firstSegments = first;
  }

  set(id: number): PermissionSet | undefined {
    return this.setById.get(id);
  }

  outside(id: number): OutsideId | undefined {
    return this.outsideById.get(id);
  }

  /** A seed set or an id known from WeChat pages. */
  isKnownSetId(id: number): boolean {
    return this.setById.has(id) || this.outsideById.has(id);
  }

  /** Resolve what code wrote (full URL, path with or without slash, with query) to the catalog. */
  resolve(raw: string): Resolution | undefined {
    const { path, query } = splitPath(raw);
    return this.resolvePath(path, query);
  }

  resolvePath(path: string, query: Record<string, string> = {}): Resolution | undefined {
    const listed = this.byPath.get(path) ?? this.byLowerPath.get(path.toLowerCase());
    if (listed) {
      const withQuery = listed.find((i) => i.query && Object.entries(i.query).every(([k, v]) => query[k] === v));
      const plain = listed.find((i) => !i.query);
      const iface = withQuery ?? plain;
      if (iface) return { kind: 'interface', path: iface.path, iface, coverage: this.coverage(iface) };
    }
    const f = this.familyOf(path, query);
    if (f) return { kind: 'family', path: f.family.match, family: f.family, coverage: this.familyCoverage(f.family, path) };
    return undefined;
  }

  private familyOf(path: string, query: Record<string, string>): CompiledFamily | undefined {
    for (const f of this.compiledFamilies) {
      if (!f.re.test(path)) continue;
      if (f.queryRes && !f.queryRes.every(([k, re]) => query[k] !== undefined && re.test(query[k]))) continue;
      return f;
    }
    return undefined;
  }

  coverage(iface: Interface): Coverage {
    if (iface.allOf) return { sets: [...iface.sets], allOf: true };
    return { sets: [...iface.sets, ...(iface.otherSets ?? [])], allOf: false };
  }

  familyCoverage(family: Family, path: string): Coverage {
    const seg = lastSegment(path).toLowerCase();
    const readOnly = !!family.readOnlyAlso && this.readOnlyVerbs.some((v) => seg.startsWith(v));
    return { sets: readOnly ? [...family.sets, ...family.readOnlyAlso!] : [...family.sets], allOf: false };
  }

  /** Interfaces whose official name (or older dotted name) is exactly `name`. */
  byName(name: string): readonly Interface[] {
    return this.byNameMap.get(name) ?? [];
  }

  /** Interfaces an SDK method of that name calls (the part after the last `.` or `::`). */
  byAlias(method: string): readonly Interface[] {
    return this.byAliasMap.get(method) ?? [];
  }

  /** Every name and alias method the catalog knows, with the interfaces behind it. */
  names(): IterableIterator<[string, Interface[]]> {
    return this.byNameMap.entries();
  }

  aliasMethods(): IterableIterator<[string, Interface[]]> {
    return this.byAliasMap.entries();
  }

  /** Interfaces a grant of `id` covers (alone, or as part of an all-of pair). */
  interfacesOfSet(id: number): readonly Interface[] {
    return this.ofSet.get(id) ?? [];
  }

  familiesOfSet(id: number): Family[] {
    return this.families.filter((f) => f.sets.includes(id) || f.readOnlyAlso?.includes(id));
  }

  /** Ranked search over ids, paths, names, aliases and titles (en, zh). */
  search(query: string, limit = 50): SearchHit[] {
    const q = query.trim();
    if (!q) return [];
    const lq = q.toLowerCase();
    const hits: SearchHit[] = [];
    if (/^\d+$/.test(q)) {
      const id = Number(q);
      const s = this.set(id);
      if (s) hits.push({ kind: 'set', score: 1000, set: s });
      const o = this.outside(id);
      if (o) hits.push({ kind: 'outside', score: 900, outside: o });
    }
    const asPath = q.includes('/') ? splitPath(q) : undefined;
    const resolved = asPath ? this.resolvePath(asPath.path, asPath.query) : undefined;
    if (resolved?.kind === 'interface') hits.push({ kind: 'interface', score: 980, iface: resolved.iface });
    else if (resolved?.kind === 'family') hits.push({ kind: 'family', score: 940, family: resolved.family, coverage: resolved.coverage });
    for (const s of this.sets) {
      const score = best(lq, [s.name.en, s.name.zh, s.description.zh, String(s.id)], 0.5);
      if (score > 0 && !hits.some((h) => h.kind === 'set' && h.set === s)) hits.push({ kind: 'set', score, set: s });
    }
    for (const i of this.interfaces) {
      if (resolved?.kind === 'interface' && resolved.iface === i) continue;
      const score = Math.max(best(lq, [i.path, i.name, ...(i.otherNames ?? [])], 1), best(lq, [lastSegment(i.path)], 1.05), best(lq, [i.title.en, i.title.zh], 0.6),
        best(lq, (i.aliases ?? []).map(aliasMethod), 0.8) * 0.9);
      if (score > 0) hits.push({ kind: 'interface', score, iface: i });
    }
    for (const f of this.families) {
      const score = best(lq, [f.match], 0.7);
      if (score > 0 && !hits.some((h) => h.kind === 'family' && h.family === f)) hits.push({ kind: 'family', score, family: f });
    }
    hits.sort((a, b) => b.score - a.score || hitKey(a).localeCompare(hitKey(b)));
    return hits.slice(0, limit);
  }
}

function hitKey(h: SearchHit): string {
  switch (h.kind) {
    case 'set': return 'a' + String(h.set.id).padStart(5, '0');
    case 'outside': return 'b' + String(h.outside.id).padStart(5, '0');
    case 'interface': return 'c' + h.iface.path;
    case 'family': return 'd' + h.family.match;
  }
}

/** Score a lower-cased query against candidate texts: exact > prefix > word > substring > subsequence. */
function best(lq: string, texts: (string | undefined)[], weight: number): number {
  let top = 0;
  for (const t of texts) {
    if (!t) continue;
    const lt = t.toLowerCase();
    let s = 0;
    if (lt === lq) s = 800;
    else if (lt.startsWith(lq)) s = 600 - Math.min(100, lt.length - lq.length);
    else if (lt.includes(lq)) s = 400 - Math.min(100, lt.length - lq.length) + (/[^a-z0-9]/.test(lt[lt.indexOf(lq) - 1] ?? ' ') ? 50 : 0);
    else if (lq.length >= 3 && isSubsequence(lq, lt)) s = 100;
    top = Math.max(top, s * weight);
  }
  return top;
}

function isSubsequence(q: string, t: string): boolean {
  let j = 0;
  for (let i = 0; i < t.length && j < q.length; i++) if (t[i] === q[j]) j++;
  return j === q.length;
}

/** `WxJava:WxMaQrcodeService.createWxaCodeUnlimit` → `createWxaCodeUnlimit`. */
export function aliasMethod(alias: string): string {
  const body = alias.slice(alias.indexOf(':') + 1);
  const m = /[^.:/]+$/.exec(body);
  return m ? m[0] : body;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
