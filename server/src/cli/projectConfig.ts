// Which wxperm.json governs a path given to the CLI: the nearest one at or above it, or --config.
// Resolved the same way by the main thread and by each scan worker (workers resolve for themselves
// rather than receive grants by message: the resolution is cheap and its result holds Sets and Maps).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../core/catalog';
import { readConfig } from '../core/grants';
import { resolveConfig, type ResolvedConfig } from '../workspaceConfig';
import { confinedReader, nodeReader } from '../nodeReader';

/** Enough to resolve a config again in another thread. */
export interface ConfigKey {
  folder: string;
  configFile?: string;
}

/** The folder whose wxperm.json governs `p`: the nearest ancestor (or itself) holding one. */
export function configFolderFor(p: string): string | undefined {
  let dir = path.resolve(p);
  try { if (fs.statSync(dir).isFile()) dir = path.dirname(dir); } catch { return undefined; }
  for (;;) {
    if (fs.existsSync(path.join(dir, 'wxperm.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The key for a path given on the command line. */
export function configKeyFor(p: string, configFile: string | undefined): ConfigKey {
  if (configFile) return { folder: path.dirname(path.resolve(configFile)), configFile: path.resolve(configFile) };
  const folder = configFolderFor(p) ?? (fs.statSync(p).isDirectory() ? path.resolve(p) : path.dirname(path.resolve(p)));
  return { folder };
}

export function resolveKey(key: ConfigKey, catalog: Catalog): ResolvedConfig {
  if (key.configFile) {
    const file = key.configFile;
    const text = fs.readFileSync(file, 'utf8');
    const r = readConfig({ text, file }, catalog, confinedReader(nodeReader(), path.dirname(file)));
    return { folder: path.dirname(file), configPath: file, configText: text, ...r, watchedFiles: [file] };
  }
  return resolveConfig(key.folder, {}, catalog, nodeReader(key.folder));
}
