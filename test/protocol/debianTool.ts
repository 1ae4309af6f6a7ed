// Finds a command-line tool the protocol tier drives (an editor), installing its Debian packages when
// it is missing and we are root: `apt-get install`, and when that fails (usually stale package lists)
// `apt-get update` then the install again. Shared by the Neovim and Emacs tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export type DebianToolStatus =
  | { ok: true; path: string; version: string; installed: boolean; seconds: number }
  | { ok: false; reason: string };

export interface DebianTool {
  /** The executable looked up on PATH, e.g. 'nvim'. */
  command: string;
  /** Debian packages that provide it (and whatever else the test needs alongside, e.g. elpa-eglot). */
  packages: string[];
  /** The tool's version, or undefined when it does not run or lacks a part the test needs (then the
   *  packages are installed even though the command exists, e.g. emacs without elpa-eglot). */
  version: (path: string) => string | undefined;
  /** Per apt-get call; three calls at most. */
  timeoutMs?: number;
}

/** Group 1 of `re` on the stdout of `path ...args`, or undefined when it fails or does not match. */
export function versionFrom(path: string, args: string[], re: RegExp): string | undefined {
  const r = spawnSync(path, args, { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? re.exec(r.stdout)?.[1] : undefined;
}

export function which(cmd: string): string | undefined {
  // `command -v` rather than a PATH walk of our own: it is what a user's shell would run.
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  const p = r.stdout?.trim();
  return r.status === 0 && p ? p : undefined;
}

function apt(args: string[], timeoutMs: number, log: (s: string) => void): { ok: boolean; tail: string } {
  log(`$ apt-get ${args.join(' ')}`);
  const r = spawnSync('apt-get', args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
  if (r.error) return { ok: false, tail: `${r.error.message}${tail ? `: ${tail}` : ''}` };
  return { ok: r.status === 0, tail: r.status === 0 ? tail : `exit ${r.status}: ${tail}` };
}

/** Bounded by three apt-get calls of timeoutMs each (5 minutes by default); usually ~30 s. */
export function ensureDebianTool(tool: DebianTool, log: (s: string) => void = () => undefined): DebianToolStatus {
  const started = Date.now();
  const timeoutMs = tool.timeoutMs ?? 300_000;
  const pkgs = tool.packages.join(' ');
  const found = which(tool.command);
  if (found) {
    const version = tool.version(found);
    if (version) return { ok: true, path: found, version, installed: false, seconds: 0 };
  }
  const missing = found ? `${found} is incomplete (no version)` : `${tool.command} is not installed`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: `${missing} and this is not root` };
  if (!fs.existsSync('/usr/bin/apt-get')) return { ok: false, reason: `${missing} and there is no apt-get` };
  const install = ['install', '-y', '--no-install-recommends', ...tool.packages];
  let r = apt(install, timeoutMs, log);
  if (!r.ok) {
    const first = r.tail;
    const u = apt(['update'], timeoutMs, log);
    if (!u.ok) return { ok: false, reason: `apt-get install ${pkgs} failed (${first}), then apt-get update failed (${u.tail})` };
    r = apt(install, timeoutMs, log);
  }
  const installed = which(tool.command);
  if (!r.ok || !installed) return { ok: false, reason: `apt-get install ${pkgs} failed (${r.tail})` };
  const version = tool.version(installed);
  if (!version) return { ok: false, reason: `${installed} does not run after install (no version)` };
  return { ok: true, path: installed, version, installed: true, seconds: Math.round((Date.now() - started) / 1000) };
}
