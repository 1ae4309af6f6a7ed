// Finds Neovim, installing Debian's `neovim` (0.7) when it is missing and we are root.
import { ensureDebianTool, versionFrom } from '../debianTool';

export type NeovimStatus =
  | { ok: true; nvim: string; version: string; installed: boolean; seconds: number }
  | { ok: false; reason: string };

export function ensureNeovim(log: (s: string) => void = () => undefined): NeovimStatus {
  const s = ensureDebianTool(
    { command: 'nvim', packages: ['neovim'], version: (p) => versionFrom(p, ['--version'], /NVIM v?([\d.]+\S*)/) },
    log,
  );
  if (!s.ok) return s;
  return { ok: true, nvim: s.path, version: s.version, installed: s.installed, seconds: s.seconds };
}
