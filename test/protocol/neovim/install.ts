// Finds Neovim, installing Debian's `neovim` (0.7) when it is missing and we are root:
// `apt-get install -y neovim`, and when that fails `apt-get update` then the install again.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export type NeovimStatus =
  | { ok: true; nvim: string; version: string; installed: boolean; seconds: number }
  | { ok: false; reason: string };

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const p = r.stdout?.trim();
  return r.status === 0 && p ? p : undefined;
}

function versionOf(nvim: string): string | undefined {
  const r = spawnSync(nvim, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? /NVIM v?([\d.]+\S*)/.exec(r.stdout)?.[1] : undefined;
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

/** At most two installs and one update: bounded by ~15 minutes on a slow mirror, usually ~30 s. */
export function ensureNeovim(log: (s: string) => void = () => undefined): NeovimStatus {
  const started = Date.now();
  const found = which('nvim');
  if (found) {
    const version = versionOf(found);
    return version ? { ok: true, nvim: found, version, installed: false, seconds: 0 } : { ok: false, reason: `${found} --version failed` };
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'nvim is not installed and this is not root' };
  if (!fs.existsSync('/usr/bin/apt-get')) return { ok: false, reason: 'nvim is not installed and there is no apt-get' };
  let r = apt(['install', '-y', '--no-install-recommends', 'neovim'], 300_000, log);
  if (!r.ok) {
    const first = r.tail;
    const u = apt(['update'], 300_000, log);
    if (!u.ok) return { ok: false, reason: `apt-get install neovim failed (${first}), then apt-get update failed (${u.tail})` };
    r = apt(['install', '-y', '--no-install-recommends', 'neovim'], 300_000, log);
  }
  const nvim = which('nvim');
  if (!r.ok || !nvim) return { ok: false, reason: `apt-get install neovim failed (${r.tail})` };
  const version = versionOf(nvim);
  if (!version) return { ok: false, reason: `${nvim} --version failed after install` };
  return { ok: true, nvim, version, installed: true, seconds: Math.round((Date.now() - started) / 1000) };
}
