// workspace/executeCommand handlers the VS Code client uses (protocol.ts): catalog items for the
// lookup, details documents, the inventory behind the tree view, the status item, config edits and
// Check Workspace. Everything is computed by the core; this file only gathers inputs and shapes output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyEdits, modify, parseTree, findNodeAtLocation, type FormattingOptions, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Catalog } from './core/catalog';
import type { Finding, Grants, Reference } from './core/model';
import type { Interface, Locale } from './core/types';
import { describeReference } from './core/hover';
import { displayPath } from './core/paths';
import { addGrantsEdits, detectFormat } from './core/configEdit';
import { judge, isCovered } from './core/judge';
import { categoryIds, inventory, type PlacedReference } from './core/inventory';
import { readConfig } from './core/grants';
import { defineStrings } from './core/messages';

const t = defineStrings({
  'outside the seed': '种子表之外',
  'no set needed': '无需权限集',
  '{0} interfaces': '{0} 个接口',
  Set: '权限集',
  'No workspace folder to hold wxperm.json.': '没有可存放 wxperm.json 的工作区文件夹。',
  'Pick a saved authorization response inside the workspace folder.': '请选择工作区文件夹内保存的授权信息响应。',
  'wxperm.json does not parse; fix it before importing.': 'wxperm.json 无法解析；请先修复再导入。',
});
import type { ResolvedConfig } from './workspaceConfig';
import { WorkspaceIndex } from './workspaceIndex';
import { createNodeReader } from './nodeReader';
import type {
  CatalogItem, CatalogItems, CheckSummary, GrantEditResult, GrantsStatus, GrantState, ImportResult, Inventory, ItemDetails,
} from './protocol';

export interface ConfigSnapshot {
  text?: string;
  version: number | null;
}

export interface CommandHost {
  catalog: Catalog;
  locale(): Locale;
  /** Workspace folders as file system paths. */
  folders(): string[];
  /** The config governing a file or folder path (its workspace folder's). */
  resolve(fileOrFolder: string | undefined): Promise<ResolvedConfig | undefined>;
  openText(file: string): string | undefined;
  /**
   * wxperm.json as it is now: the open document's text and version, else the file on disk (version
   * null), else nothing. Edits are computed from this and carry the version, so an editor refuses to
   * apply them to a document that changed in between instead of corrupting it.
   */
  configSnapshot(file: string): ConfigSnapshot;
  maxFileSize(): number;
  /** Publish findings for a file that is not open in the editor. */
  publish(file: string, findings: Finding[]): void;
  /**
   * The text a new wxperm.json should start from when grants come from settings: once the file
   * exists it wins, so it must carry over what the settings granted.
   */
  seedConfig?(fileOrFolder: string): Promise<string | undefined>;
}

export type Handler = (args: unknown[], isCancelled: () => boolean) => unknown | Promise<unknown>;

const fileUri = (p: string) => pathToFileURL(p).href;

function fsPath(uriOrPath: unknown): string | undefined {
  if (typeof uriOrPath !== 'string' || !uriOrPath) return undefined;
  if (uriOrPath.startsWith('file:')) {
    try { return fileURLToPath(uriOrPath); } catch { return undefined; }
  }
  return uriOrPath.includes(':') && !path.isAbsolute(uriOrPath) ? undefined : uriOrPath;
}

function stateFor(grants: Grants, covered: (granted: ReadonlySet<number>) => boolean): GrantState {
  if (grants.source === 'none' || !grants.authorizers.length) return 'unknown';
  const n = grants.authorizers.filter((a) => covered(a.sets)).length;
  return n === grants.authorizers.length ? 'granted' : n ? 'partial' : 'missing';
}

const keyOf = (i: Interface) => `interface:${displayPath(i)}`;

/** A reference as if the code named the item: hover's words serve the details view too. */
function syntheticRef(catalog: Catalog, key: string): Reference | undefined {
  const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (kind === 'set' || kind === 'outside') {
    const id = Number(rest);
    return Number.isInteger(id) ? { kind: 'set-id', range, offset: 0, length: 0, text: rest, sets: [id], allOf: false, setId: id } : undefined;
  }
  const resolution = catalog.resolve(rest);
  if (!resolution) return undefined;
  const name = resolution.kind === 'interface' ? resolution.iface.name : undefined;
  return { kind: 'path', range, offset: 0, length: 0, text: rest, path: resolution.path, name, sets: resolution.coverage.sets, allOf: resolution.coverage.allOf, resolution };
}

export function createCommands(host: CommandHost): Record<string, Handler> {
  const { catalog } = host;
  const index = new WorkspaceIndex(catalog);
  const grantsFor = async (uri: unknown): Promise<ResolvedConfig | undefined> => host.resolve(fsPath(uri) ?? host.folders()[0]);

  async function placedRefs(resolved: ResolvedConfig, isCancelled = () => false) {
    const { files, scanned, skipped } = await index.files(resolved, { openText: host.openText, maxFileSize: host.maxFileSize(), isCancelled });
    return { files, scanned, skipped, placed: files.flatMap((f) => f.refs.map((ref): PlacedReference => ({ file: f.file, ref }))) };
  }

  const catalogItems: Handler = async ([uri]) => {
    const resolved = await grantsFor(uri);
    const grants = resolved?.grants ?? { source: 'none', authorizers: [] } as Grants;
    const en = host.locale() !== 'zh-cn';
    const items: CatalogItem[] = [];
    for (const s of catalog.sets) {
      items.push({
        key: `set:${s.id}`, kind: 'set', label: `${s.id} ${en ? s.name.en : s.name.zh ?? s.name.en}`,
        description: en ? s.name.zh ?? '' : s.name.en, detail: en ? s.description.en : s.description.zh ?? s.description.en,
        searchText: [s.id, s.name.en, s.name.zh].join(' '), state: stateFor(grants, (g) => g.has(s.id)),
        mutex: s.mutex, agreement: s.agreement.required, sets: [s.id],
      });
    }
    for (const o of catalog.outsideIds) {
      items.push({ key: `outside:${o.id}`, kind: 'outside', label: `${o.id}`, description: t(host.locale(), 'outside the seed'), detail: o.note,
        searchText: String(o.id), state: stateFor(grants, (g) => g.has(o.id)), mutex: false, agreement: false, sets: [o.id] });
    }
    for (const i of catalog.interfaces) {
      const cov = catalog.coverage(i);
      const sets = cov.sets.map((id) => catalog.set(id));
      items.push({
        key: keyOf(i), kind: 'interface', label: displayPath(i),
        description: `${i.name} · ${cov.sets.length ? cov.sets.join(cov.allOf ? ' + ' : ' | ') : t(host.locale(), 'no set needed')}`,
        detail: [en ? i.title.en : i.title.zh ?? i.title.en, en ? i.title.zh : i.title.en].filter(Boolean).join(' · '),
        searchText: [displayPath(i), i.name, ...(i.otherNames ?? []), ...(i.aliases ?? []), i.title.en, i.title.zh].join(' '),
        state: cov.sets.length ? stateFor(grants, (g) => isCovered(g, cov)) : 'granted',
        mutex: sets.length > 0 && sets.every((s) => s?.mutex), agreement: sets.some((s) => s?.agreement.required), sets: cov.sets, path: displayPath(i),
      });
    }
    for (const f of catalog.families) {
      const shown = displayPath({ path: f.match, query: f.query });
      items.push({ key: `family:${shown}`, kind: 'family', label: `${shown}…`, description: f.sets.join(' | '), detail: f.note ?? f.source,
        searchText: shown, state: stateFor(grants, (g) => f.sets.some((id) => g.has(id))), mutex: f.sets.every((id) => catalog.set(id)?.mutex),
        agreement: f.sets.some((id) => catalog.set(id)?.agreement.required), sets: f.sets });
    }
    return { items, grantsSource: grants.source } satisfies CatalogItems;
  };

  const details: Handler = async ([key, uri]) => {
    if (typeof key !== 'string') return null;
    if (key === 'catalog') return catalogDetails();
    const resolved = await grantsFor(uri);
    const ctx = { catalog, grants: resolved?.grants ?? ({ source: 'none', authorizers: [] } as Grants), locale: host.locale() };
    const familyKey = key.startsWith('family:') ? key.slice(7).replace(/\*/g, 'x') + (key.endsWith('/') ? 'x' : '') : undefined;
    const ref = syntheticRef(catalog, familyKey ? `family:${familyKey}` : key);
    if (!ref) return null;
    let markdown = describeReference(ref, ctx) ?? '';
    if (ref.kind === 'set-id') {
      const list = catalog.interfacesOfSet(ref.setId!);
      const fams = catalog.familiesOfSet(ref.setId!);
      markdown += `\n\n---\n\n${t(host.locale(), '{0} interfaces', list.length)}\n\n` + list.map((i) => `- \`${displayPath(i)}\` ${i.name} — ${ctx.locale === 'zh-cn' ? i.title.zh ?? i.title.en : i.title.en}`).join('\n');
      if (fams.length) markdown += '\n\n' + fams.map((f) => `- \`${f.match}…\` (${f.sets.join(' | ')})`).join('\n');
    }
    const iface = ref.resolution?.kind === 'interface' ? ref.resolution.iface : undefined;
    const result: ItemDetails = {
      key, title: iface ? displayPath(iface) : ref.kind === 'set-id' ? `${t(host.locale(), 'Set')} ${ref.setId}` : ref.path ?? key,
      markdown, path: iface ? displayPath(iface) : undefined, sets: ref.sets,
      doc: iface?.doc ?? (ref.setId !== undefined ? catalog.set(ref.setId)?.doc : undefined),
    };
    return result;
  };

  function catalogDetails(): ItemDetails {
    const candidates = [path.join(__dirname, 'CATALOG.md'), path.join(__dirname, '..', '..', 'catalog', 'CATALOG.md'), path.join(__dirname, '..', 'catalog', 'CATALOG.md')];
    const file = candidates.find((p) => fs.existsSync(p));
    return { key: 'catalog', title: 'CATALOG', markdown: file ? fs.readFileSync(file, 'utf8') : '', sets: [] };
  }

  const inventoryCmd: Handler = async (_args, isCancelled) => {
    const folders: Inventory['folders'] = [];
    let files = 0;
    for (const folder of host.folders()) {
      const resolved = await host.resolve(folder);
      if (!resolved) continue;
      const { placed, scanned } = await placedRefs(resolved, isCancelled);
      files += scanned;
      const inv = inventory(placed, catalog, resolved.grants);
      folders.push({
        folderUri: fileUri(folder), source: resolved.grants.source, configUri: resolved.configPath ? fileUri(resolved.configPath) : undefined,
        needed: inv.needed.map((n) => ({
          id: n.id, name: catalog.set(n.id)?.name[host.locale() === 'zh-cn' ? 'zh' : 'en'] ?? catalog.set(n.id)?.name.en,
          mutex: !!catalog.set(n.id)?.mutex, agreement: !!catalog.set(n.id)?.agreement.required, state: n.state, missingFor: n.missingFor,
          interfaces: n.interfaces.map((i) => ({ path: i.path, name: i.name, locations: i.locations.map((l) => ({ uri: fileUri(l.file), range: l.range })) })),
        })),
        unused: inv.unused.map((u) => ({ id: u.id, name: catalog.set(u.id)?.name.en, authorizers: u.authorizers })),
        categoryIdList: categoryIds(placed.map((p) => p.ref), catalog),
      });
    }
    return { folders, files } satisfies Inventory;
  };

  const status: Handler = async ([uri]) => {
    const resolved = await grantsFor(uri);
    const empty: GrantsStatus = { source: 'none', granted: 0, needed: 0, missing: 0, authorizers: 0, invalid: false };
    if (!resolved) return empty;
    const granted = new Set<number>();
    for (const a of resolved.grants.authorizers) for (const id of a.sets) granted.add(id);
    const { placed } = await placedRefs(resolved);
    const inv = inventory(placed, catalog, resolved.grants);
    return {
      source: resolved.grants.source, configUri: resolved.configPath ? fileUri(resolved.configPath) : undefined, folderUri: fileUri(resolved.folder),
      granted: granted.size, needed: inv.needed.length, missing: inv.needed.filter((n) => n.state === 'missing' || n.state === 'partial').length,
      authorizers: resolved.grants.authorizers.length,
      invalid: resolved.findings.some((f) => f.rule === 'invalid-config' && f.severity === 'error'),
    } satisfies GrantsStatus;
  };

  const grantEdit: Handler = async ([uri, setId]) => {
    const id = Number(setId);
    const resolved = await grantsFor(uri);
    if (!resolved || !Number.isInteger(id)) return { error: t(host.locale(), 'No workspace folder to hold wxperm.json.') } satisfies GrantEditResult;
    const configPath = resolved.configPath ?? path.join(resolved.folder, 'wxperm.json');
    const snapshot = host.configSnapshot(configPath);
    const text = snapshot.text;
    const seed = text === undefined && resolved.grants.source === 'settings' ? await host.seedConfig?.(resolved.folder) : undefined;
    if (seed !== undefined) {
      const seeded = addGrantsEdits(seed, [{ setId: id }], { locale: host.locale() });
      if ('error' in seeded) return seeded;
      return { edit: workspaceEdit(configPath, undefined, [], seeded.newText, null), configUri: fileUri(configPath) } satisfies GrantEditResult;
    }
    const lacking = resolved.grants.authorizers.filter((a) => !a.sets.has(id) && !a.label.startsWith('#')).map((a) => a.label);
    const r = addGrantsEdits(text, lacking.length && resolved.grants.authorizers.length > 1 ? lacking.map((authorizer) => ({ setId: id, authorizer })) : [{ setId: id }], { locale: host.locale() });
    if ('error' in r) return r;
    return { edit: workspaceEdit(configPath, text, r.edits, r.newText, snapshot.version), configUri: fileUri(configPath) } satisfies GrantEditResult;
  };

  const importEdit: Handler = async ([folderUri, rel]) => {
    const folder = fsPath(folderUri);
    if (!folder || typeof rel !== 'string' || !rel) return { error: t(host.locale(), 'Pick a saved authorization response inside the workspace folder.') } satisfies ImportResult;
    const relPosix = rel.split(path.sep).join('/');
    const probe = readConfig({ text: JSON.stringify({ authorization: relPosix }), file: path.join(folder, 'wxperm.json') }, catalog, createNodeReader());
    const bad = probe.findings.find((f) => f.rule === 'invalid-config');
    if (bad) return { error: bad.message } satisfies ImportResult;
    const configPath = path.join(folder, 'wxperm.json');
    const snapshot = host.configSnapshot(configPath);
    const existing = snapshot.text;
    let newText: string;
    let edits: TextEdit[] = [];
    if (existing === undefined || !existing.trim()) {
      newText = JSON.stringify({ $schema: 'https://unpkg.com/wxperm/catalog/wxperm.schema.json', authorization: relPosix }, null, 2) + '\n';
    } else {
      const errors: ParseError[] = [];
      const root = parseTree(existing, errors, { allowTrailingComma: true });
      if (errors.length || root?.type !== 'object') return { error: t(host.locale(), 'wxperm.json does not parse; fix it before importing.') } satisfies ImportResult;
      const fmt = detectFormat(existing);
      const formattingOptions = { insertSpaces: fmt.indent !== '\t', tabSize: fmt.indent === '\t' ? 1 : fmt.indent.length, eol: fmt.eol };
      newText = importInto(existing, root, relPosix, probeAppid(probe.grants), formattingOptions);
      edits = [{ range: fullRange(existing), newText }];
    }
    const sets = [...new Set(probe.grants.authorizers.flatMap((a) => [...a.sets]))].sort((a, b) => a - b)
      .map((id) => ({ id, name: catalog.set(id)?.name.en }));
    return {
      edit: workspaceEdit(configPath, existing, edits, newText, snapshot.version), configUri: fileUri(configPath), sets,
      appid: probe.grants.authorizers[0]?.label.startsWith('#') ? undefined : probe.grants.authorizers[0]?.label,
    } satisfies ImportResult;
  };

  const checkWorkspace: Handler = async (_args, isCancelled) => {
    const summary: CheckSummary = { files: 0, findings: 0, errors: 0, warnings: 0, skipped: 0 };
    for (const folder of host.folders()) {
      const resolved = await host.resolve(folder);
      if (!resolved) continue;
      const { files, scanned, skipped } = await placedRefs(resolved, isCancelled);
      summary.files += scanned;
      summary.skipped += skipped;
      for (const f of files) {
        if (isCancelled()) return summary;
        const findings = judge(f.refs, catalog, resolved.grants, { locale: host.locale(), rules: resolved.config.rules, suppressions: f.suppressions });
        summary.findings += findings.length;
        summary.errors += findings.filter((x) => x.severity === 'error').length;
        summary.warnings += findings.filter((x) => x.severity === 'warning').length;
        if (host.openText(f.file) === undefined) host.publish(f.file, findings);
      }
    }
    return summary;
  };

  return {
    'wxperm.catalogItems': catalogItems,
    'wxperm.details': details,
    'wxperm.inventory': inventoryCmd,
    'wxperm.status': status,
    'wxperm.grantEdit': grantEdit,
    'wxperm.importEdit': importEdit,
    'wxperm.checkWorkspace': checkWorkspace,
  };
}

function probeAppid(grants: Grants): string | undefined {
  const label = grants.authorizers[0]?.label;
  return label && !label.startsWith('#') ? label : undefined;
}

/**
 * Where an imported response goes: beside the other authorizers when `authorization` is a per-appid
 * map or a list; otherwise it becomes the authorization, replacing `grants` (both together would be
 * ambiguous, and grants.ts reports it).
 */
function importInto(text: string, root: JsonNode, rel: string, appid: string | undefined, formattingOptions: FormattingOptions): string {
  const auth = findNodeAtLocation(root, ['authorization']);
  const isResponse = (n: JsonNode) => ['authorization_info', 'func_info', 'authorizer_info'].some((k) => findNodeAtLocation(n, [k]));
  if (auth?.type === 'object' && !isResponse(auth)) {
    const taken = new Set((auth.children ?? []).map((p) => p.children?.[0]?.value as string));
    let key = appid ?? path.posix.basename(rel, '.json');
    for (let n = 2; !appid && taken.has(key); n++) key = `${path.posix.basename(rel, '.json')}-${n}`;
    return applyEdits(text, modify(text, ['authorization', key], rel, { formattingOptions }));
  }
  if (auth?.type === 'array') return applyEdits(text, modify(text, ['authorization', auth.children?.length ?? 0], rel, { formattingOptions, isArrayInsertion: true }));
  let next = applyEdits(text, modify(text, ['authorization'], rel, { formattingOptions }));
  if (findNodeAtLocation(parseTree(next)!, ['grants'])) next = applyEdits(next, modify(next, ['grants'], undefined, { formattingOptions }));
  return next;
}

function fullRange(text: string) {
  const lines = text.split(/\r\n|\r|\n/);
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

/** `version`: the open document's version the edits were computed from (null: the file on disk). */
function workspaceEdit(configPath: string, existing: string | undefined, edits: TextEdit[], newText: string, version: number | null): WorkspaceEdit {
  const uri = fileUri(configPath);
  if (existing === undefined) {
    return { documentChanges: [{ kind: 'create', uri, options: { ignoreIfExists: true } }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText }] }] };
  }
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}
