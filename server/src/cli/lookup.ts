// `wxperm lookup <query>`: what the catalog knows about a path, name, alias, title or set id.
import type { Catalog, SearchHit } from '../core/catalog';
import type { Family, Interface, PermissionSet } from '../core/types';
import { displayPath } from '../core/paths';

export { displayPath };

export interface LookupResult {
  version: 1;
  query: string;
  matches: LookupMatch[];
}

export type LookupMatch =
  | ({ kind: 'interface' } & InterfaceView)
  | ({ kind: 'set' } & SetView & { interfaces: string[]; families: string[] })
  | { kind: 'outside'; id: number; note: string; interfaces: string[] }
  | { kind: 'family'; match: string; query?: Record<string, string>; sets: SetRef[]; confidence: string; note?: string };

export interface SetRef {
  id: number;
  name?: string;
  nameZh?: string;
  mutex: boolean;
  agreement: boolean;
  known: boolean;
}

interface SetView extends SetRef {
  description: string;
  doc: string;
}

interface InterfaceView {
  path: string;
  query?: Record<string, string>;
  name: string;
  title: { en: string; zh?: string };
  methods: string[];
  sets: SetRef[];
  allOf: boolean;
  doc?: string;
  confidence: string;
  status?: string;
}

export function setRef(catalog: Catalog, id: number): SetRef {
  const s = catalog.set(id);
  return { id, name: s?.name.en, nameZh: s?.name.zh, mutex: !!s?.mutex, agreement: !!s?.agreement.required, known: catalog.isKnownSetId(id) };
}

function interfaceView(catalog: Catalog, i: Interface): InterfaceView {
  const cov = catalog.coverage(i);
  return {
    path: i.path, ...(i.query ? { query: i.query } : {}), name: i.name, title: i.title, methods: i.methods,
    sets: cov.sets.map((id) => setRef(catalog, id)), allOf: cov.allOf, doc: i.doc, confidence: i.confidence,
    ...(i.status ? { status: i.status } : {}),
  };
}

function setView(catalog: Catalog, s: PermissionSet) {
  return {
    ...setRef(catalog, s.id), description: s.description.en, doc: s.doc,
    interfaces: catalog.interfacesOfSet(s.id).map(displayPath),
    families: catalog.familiesOfSet(s.id).map((f: Family) => f.match),
  };
}


export function lookup(catalog: Catalog, query: string): LookupResult {
  const hits = catalog.search(query, 200);
  const exact = hits.filter((h) => h.score >= 800);
  const chosen = exact.length ? exact : hits.slice(0, 10);
  return { version: 1, query, matches: chosen.map((h) => toMatch(catalog, h)) };
}

function toMatch(catalog: Catalog, h: SearchHit): LookupMatch {
  switch (h.kind) {
    case 'interface': return { kind: 'interface', ...interfaceView(catalog, h.iface) };
    case 'set': return { kind: 'set', ...setView(catalog, h.set) };
    case 'outside': return { kind: 'outside', id: h.outside.id, note: h.outside.note, interfaces: catalog.interfacesOfSet(h.outside.id).map(displayPath) };
    case 'family': return {
      kind: 'family', match: h.family.match, ...(h.family.query ? { query: h.family.query } : {}),
      sets: (h.coverage?.sets ?? h.family.sets).map((id) => setRef(catalog, id)), confidence: h.family.confidence, ...(h.family.note ? { note: h.family.note } : {}),
    };
  }
}

const flags = (s: SetRef) => [s.mutex ? 'mutex' : '', s.agreement ? 'agreement' : '', s.known ? '' : 'unknown id'].filter(Boolean).join(', ');
const setLine = (s: SetRef) => `${s.id}${s.name ? ` ${s.name}` : ' (outside the seed)'}${flags(s) ? ` [${flags(s)}]` : ''}`;

export function formatLookup(r: LookupResult): string {
  const out: string[] = [];
  for (const m of r.matches) {
    if (m.kind === 'interface') {
      out.push(`${m.methods.join('/')} ${displayPath(m)}  ${m.name}${m.status ? ` (${m.status})` : ''}`);
      out.push(`  ${m.title.en}${m.title.zh ? ` · ${m.title.zh}` : ''}`);
      if (!m.sets.length) out.push('  needs no permission set (component token)');
      else out.push(`  ${m.allOf ? 'needs all of' : m.sets.length > 1 ? 'needs any one of' : 'needs'}: ${m.sets.map(setLine).join('; ')}`);
      if (m.doc) out.push(`  ${m.doc}`);
    } else if (m.kind === 'set') {
      out.push(`set ${setLine(m)}${m.nameZh ? ` · ${m.nameZh}` : ''}`, `  ${m.description}`,
        `  ${m.interfaces.length} interfaces${m.families.length ? `, families ${m.families.join(' ')}` : ''}`);
      for (const p of m.interfaces.slice(0, 20)) out.push(`    ${p}`);
      if (m.interfaces.length > 20) out.push(`    … ${m.interfaces.length - 20} more (--json for all)`);
    } else if (m.kind === 'outside') {
      out.push(`set ${m.id} (outside the seed): ${m.note}`, `  ${m.interfaces.length} interfaces list it`);
    } else {
      out.push(`family ${displayPath({ path: m.match, query: m.query })}  (${m.confidence})`,
        `  ${m.sets.length > 1 ? 'needs any one of' : 'needs'}: ${m.sets.map(setLine).join('; ')}`);
    }
  }
  return out.join('\n');
}
