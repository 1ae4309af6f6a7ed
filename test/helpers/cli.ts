// Running the bundled CLI the way a user does, and a scratch copy of the example project.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './catalog';

export const EXAMPLE = path.join(ROOT, 'examples', 'platform-backend');

export function cli(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd, env: { ...process.env, WXPERM_LOCALE: 'en' }, maxBuffer: 256 * 1024 * 1024 });
}

export function copyExample(prefix = 'wxperm-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}
