// `wxperm inventory`: which permission sets the code needs, before anyone asks an authorizer for them.
// The core's `inventory` (the same one behind the editor's Permission Sets view) decides what is
// needed, granted, missing and unused; this file groups it per project (per wxperm.json), adds the
// per-authorizer view and the `category_id_list=` value, and prints it for people or tools.
import * as path from 'node:path';
import type { Catalog } from '../core/catalog';
import type { Range } from '../core/model';
import type { Locale } from '../core/types';
import { categoryIds, inventory, type PlacedReference, type SetState } from '../core/inventory';
import type { ResolvedConfig } from '../workspaceConfig';
import type { FileReference } from './format';
import { relativeName } from './baseline';

export interface InventoryLocation {
  file: string;
  range: Range;
}

export interface ProjectInventory {
  /** The folder whose wxperm.json (or lack of one) governs these files, relative to the working folder. */
  folder: string;
  config: string | null;
  grantsSource: 'file' | 'settings' | 'none';
  needed: {
    id: number;
    name: string;
    mutex: boolean;
    agreement: boolean;
    state: SetState;
    missingFor: string[];
    alternatives: number[];
    interfaces: { path: string; name?: string; locations: InventoryLocation[] }[];
  }[];
  authorizers: { label: string; granted: number[]; missing: number[]; unused: number[] }[];
  unused: { id: number; name: string; authorizers: string[] }[];
  /** The ids to offer in the authorization link, least privileged first, joined by `|`. */
  categoryIdList: string;
}

export interface InventoryReport {
  version: 1;
  projects: ProjectInventory[];
}

function setName(catalog: Catalog, id: number, locale: Locale): string {
  const set = catalog.set(id);
  if (set) return locale === 'zh-cn' ? set.name.zh ?? set.name.en : set.name.en;
  return catalog.outside(id) ? `(outside the seed) ${catalog.outside(id)!.note}` : '(unknown set)';
}

/** The config whose folder is the deepest ancestor of `file` (runProject resolved one per path given). */
function configOf(file: string, configs: readonly ResolvedConfig[]): ResolvedConfig {
  const abs = path.resolve(file);
  let best = configs[0];
  let depth = -1;
  for (const c of configs) {
    const folder = path.resolve(c.folder);
    const inside = abs === folder || abs.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
    if (inside && folder.length > depth) {
      best = c;
      depth = folder.length;
    }
  }
  return best;
}

export function buildInventory(references: readonly FileReference[], configs: readonly ResolvedConfig[], catalog: Catalog, cwd: string, locale: Locale): InventoryReport {
  const byConfig = new Map<ResolvedConfig, PlacedReference[]>(configs.map((c) => [c, []]));
  for (const r of references) byConfig.get(configOf(r.file, configs))?.push({ file: r.file, ref: r.ref });
  const projects: ProjectInventory[] = [];
  for (const [config, placed] of byConfig) {
    const grants = config.grants;
    const inv = inventory(placed, catalog, grants);
    const rel = (f: string) => relativeName(f, cwd);
    const needed = inv.needed.map((n) => ({
      id: n.id,
      name: setName(catalog, n.id, locale),
      mutex: !!catalog.set(n.id)?.mutex,
      agreement: !!catalog.set(n.id)?.agreement.required,
      state: n.state,
      missingFor: n.missingFor,
      alternatives: n.alternatives,
      interfaces: n.interfaces.map((i) => ({
        path: i.path,
        ...(i.name ? { name: i.name } : {}),
        locations: i.locations.map((l) => ({ file: rel(l.file), range: l.range })),
      })),
    }));
    const authorizers = grants.source === 'none' ? [] : grants.authorizers.map((a) => ({
      label: a.label,
      granted: [...a.sets].sort((x, y) => x - y),
      missing: inv.needed.filter((n) => n.missingFor.includes(a.label)).map((n) => n.id),
      unused: inv.unused.filter((u) => u.authorizers.includes(a.label)).map((u) => u.id),
    }));
    projects.push({
      folder: rel(config.folder) || '.',
      config: config.configPath ? rel(config.configPath) : null,
      grantsSource: grants.source,
      needed,
      authorizers,
      unused: inv.unused.map((u) => ({ id: u.id, name: setName(catalog, u.id, locale), authorizers: u.authorizers })),
      categoryIdList: categoryIds(placed.map((p) => p.ref), catalog).join('|'),
    });
  }
  return { version: 1, projects };
}

export function hasMissing(report: InventoryReport): boolean {
  return report.projects.some((p) => p.needed.some((n) => n.state === 'missing' || n.state === 'partial'));
}

const STATE_WORD: Record<SetState, string> = { granted: 'granted', partial: 'MISSING for some', missing: 'MISSING', unknown: 'no grants configured' };

export function inventoryText(report: InventoryReport): string {
  const out: string[] = [];
  for (const p of report.projects) {
    if (out.length) out.push('');
    const who = p.authorizers.length ? `${p.authorizers.length} authorizer${p.authorizers.length > 1 ? 's' : ''}: ${p.authorizers.map((a) => a.label).join(', ')}` : 'no grants configured';
    out.push(`${p.folder}  (${p.config ?? 'no wxperm.json'}; ${p.grantsSource === 'none' ? 'no grants configured' : who})`);
    out.push('');
    out.push(`Sets the code needs (${p.needed.length})`);
    if (!p.needed.length) out.push('  none: no reference to an interface that needs a permission set');
    for (const n of p.needed) {
      const flags = [n.mutex ? 'mutex' : '', n.agreement ? 'agreement' : ''].filter(Boolean).join(', ');
      const state = n.state === 'partial' || n.state === 'missing' ? `${STATE_WORD[n.state]}: ${n.missingFor.join(', ')}` : STATE_WORD[n.state];
      out.push(`  ${String(n.id).padStart(3)}  ${n.name}${flags ? ` [${flags}]` : ''} — ${state}${n.alternatives.length ? `; also covered by ${n.alternatives.join(' or ')}` : ''}`);
      for (const i of n.interfaces) {
        out.push(`         ${i.path}${i.name ? `  ${i.name}` : ''}`);
        for (const l of i.locations) out.push(`           ${l.file}:${l.range.start.line + 1}:${l.range.start.character + 1}`);
      }
    }
    if (p.authorizers.length) {
      out.push('');
      out.push('Granted, per authorizer');
      for (const a of p.authorizers) out.push(`  ${a.label}: ${a.granted.join(', ') || '(nothing)'}`);
      out.push('');
      out.push('Missing, per authorizer');
      const missing = p.authorizers.filter((a) => a.missing.length);
      if (!missing.length) out.push('  none: every authorizer granted what the code needs');
      for (const a of missing) {
        const sets = a.missing.map((id) => {
          const alts = p.needed.find((n) => n.id === id)?.alternatives ?? [];
          return alts.length ? `${id} (or ${alts.join(' or ')})` : String(id);
        });
        out.push(`  ${a.label}: ${sets.join(', ')}`);
      }
      out.push('');
      out.push('Unused grants (least privilege: nothing in the code needs them)');
      if (!p.unused.length) out.push('  none');
      for (const u of p.unused) out.push(`  ${String(u.id).padStart(3)}  ${u.name} — ${u.authorizers.join(', ')}`);
    }
    out.push('');
    out.push('Authorization link (least privilege, smallest non-mutex sets first)');
    out.push(p.categoryIdList ? `  category_id_list=${p.categoryIdList}` : '  no set needed');
  }
  return out.join('\n');
}
