// Which grants, rules and include/exclude globs govern a file — resolved the same way by the language
// server and the CLI (so no LSP import here).
//
// Precedence:
//   grants:  `wxperm.json` at the workspace folder's root wins; only when there is none do the
//            settings `wxperm.grants` / `wxperm.authorization` apply; with neither, there are no grants
//            (and `not-granted` stays silent).
//   rules:   per rule id, wxperm.json's `rules` over the settings' `wxperm.rules` over the defaults
//            (rules.ts). A rule the file does not mention keeps the setting's severity.
//   include/exclude: from wxperm.json only, globs relative to the workspace folder; `node_modules` and
//            `.git` are always excluded.
// Multi-root: a file belongs to the nearest enclosing workspace folder (the deepest one containing it).
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { Catalog } from './core/catalog';
import type { Finding, Grants, RuleId, SeveritySetting, WxpermConfig } from './core/model';
import { grantsFromSettings, NO_GRANTS, readConfig } from './core/grants';
import type { FileReader } from './core/grants';
import type { Locale } from './core/types';
import { confinedReader, recordingReader } from './nodeReader';
import type { WxpermSettings } from './settings';

export const CONFIG_FILE = 'wxperm.json';

/** Always left out, whatever wxperm.json says. */
export const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

export interface ResolvedConfig {
  /** The workspace folder (file system path) the config belongs to. */
  folder: string;
  /** `<folder>/wxperm.json` when it exists (or is open in the editor). */
  configPath?: string;
  configText?: string;
  /** wxperm.json's content; `config.rules` is already merged over the settings' rules (precedence above). */
  config: WxpermConfig;
  grants: Grants;
  /**
   * Findings about the config and the files it references (invalid-config, unknown-set); `file` says
   * where. Findings about the settings have no `file` (they are about `wxperm.*` settings).
   */
  findings: Finding[];
  /** wxperm.json (whether it exists or not) and every authorization file read: watch these for changes. */
  watchedFiles: string[];
}

export function configPathOf(folder: string): string {
  return path.join(folder, CONFIG_FILE);
}

export interface ResolveOptions {
  /** Language of the findings' messages. */
  locale?: Locale;
  /** false: ignore wxperm.json (a document outside every folder, with settings only). */
  useConfigFile?: boolean;
}

export function resolveConfig(folder: string, settings: WxpermSettings, catalog: Catalog, reader: FileReader, options: ResolveOptions = {}): ResolvedConfig {
  const configPath = configPathOf(folder);
  const rec = recordingReader(confinedReader(reader, folder));
  const configText = options.useConfigFile === false ? undefined : rec.readFile(configPath);
  const readOptions = { locale: options.locale ?? 'en' };
  let config: WxpermConfig = { rules: {} };
  let grants: Grants = NO_GRANTS;
  let findings: Finding[] = [];
  if (configText !== undefined) {
    const r = readConfig({ text: configText, file: configPath }, catalog, rec, readOptions);
    config = r.config ?? { rules: {} };
    grants = r.grants;
    findings = r.findings.map((f) => (f.file ? f : { ...f, file: configPath }));
  } else if (settings.grants !== undefined || settings.authorization !== undefined) {
    const r = grantsFromSettings({ grants: settings.grants, authorization: settings.authorization }, folder, catalog, rec, readOptions);
    grants = r.grants;
    findings = r.findings;
  }
  // Rule severities: the file's rules over the settings' rules; the judge falls back to the defaults.
  const rules: Partial<Record<RuleId, SeveritySetting>> = { ...(settings.rules ?? {}), ...(config.rules ?? {}) };
  const watchedFiles = options.useConfigFile === false ? rec.paths : [configPath, ...rec.paths.filter((p) => p !== configPath)];
  return {
    folder,
    ...(configText !== undefined ? { configPath, configText } : {}),
    config: { ...config, rules },
    grants,
    findings,
    watchedFiles,
  };
}

function norm(p: string): string {
  const r = path.resolve(p);
  return process.platform === 'win32' ? r.toLowerCase() : r;
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(norm(folder), norm(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The nearest enclosing workspace folder of `filePath` (the deepest containing it), if any. */
export function findConfigFor(filePath: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of folders) {
    if (isInside(f, filePath) && (!best || norm(f).length > norm(best).length)) best = f;
  }
  return best;
}

const matcherCache = new Map<string, (p: string) => boolean>();

/** A glob, where a plain directory name or path (`src`, `vendor/`) also means everything below it. */
function matcher(globs: readonly string[]): (p: string) => boolean {
  const key = JSON.stringify(globs);
  let m = matcherCache.get(key);
  if (!m) {
    const patterns = globs.flatMap((g) => {
      let p = g.trim().replace(/\\/g, '/').replace(/^\.\//, '');
      if (!p) return [];
      if (p.endsWith('/')) p = p.slice(0, -1) + '/**';
      return p.endsWith('/**') ? [p] : [p, p + '/**'];
    });
    const pm = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
    m = (rel: string) => pm(rel);
    if (matcherCache.size > 100) matcherCache.clear();
    matcherCache.set(key, m);
  }
  return m;
}

/**
 * Whether wxperm should check `filePath` under `resolved`: not under node_modules/.git, not matching
 * wxperm.json's `exclude`, and matching its `include` when there is one. Globs are relative to the
 * workspace folder; files outside the folder are checked (no glob can speak about them).
 */
export function isIncluded(resolved: Pick<ResolvedConfig, 'folder' | 'config'>, filePath: string): boolean {
  if (!isInside(resolved.folder, filePath)) return true;
  const rel = path.relative(norm(resolved.folder), norm(filePath)).split(path.sep).join('/');
  if (!rel) return true;
  if (matcher(ALWAYS_EXCLUDED)(rel)) return false;
  const { include, exclude } = resolved.config;
  if (exclude?.length && matcher(exclude)(rel)) return false;
  if (include?.length && !matcher(include)(rel)) return false;
  return true;
}

/**
 * The folder that governs a file outside every workspace folder: the nearest ancestor directory holding
 * a wxperm.json, else the file's own directory (settings only).
 */
export function folderForLooseFile(filePath: string, exists: (p: string) => boolean, maxDepth = 32): string {
  let dir = path.dirname(path.resolve(filePath));
  for (let i = 0; i < maxDepth; i++) {
    if (exists(configPathOf(dir))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.dirname(path.resolve(filePath));
}
