// Finds Emacs with eglot, installing Debian's `emacs-nox elpa-eglot` (28.2 / 1.9) when either is
// missing and we are root. An Emacs without a loadable eglot counts as missing: the packages are
// installed then, even though `emacs` is on PATH.
import { spawnSync } from 'node:child_process';
import { ensureDebianTool } from '../debianTool';

export type EmacsStatus =
  | { ok: true; emacs: string; version: string; eglot: string; installed: boolean; seconds: number }
  | { ok: false; reason: string };

// `-q` keeps site-start, which is what puts Debian's elpa-* packages on the load path. The eglot
// version comes from its file header (also right for the eglot built into Emacs 29+), else from
// Debian's versioned package directory.
const PROBE_VERSIONS = `(progn
  (require 'eglot)
  (require 'lisp-mnt)
  (let* ((lib (locate-library "eglot"))
         (src (concat (file-name-sans-extension lib) ".el"))
         (v (or (and (file-exists-p src)
                     (with-temp-buffer (insert-file-contents src) (lm-header "Version")))
                (and (string-match "eglot-\\\\([0-9.]+\\\\)/" lib) (match-string 1 lib))
                "unknown")))
    (princ (format "wxperm-versions %s %s\\n" emacs-version v))))`;

function versions(emacs: string): { emacs: string; eglot: string } | undefined {
  const r = spawnSync(emacs, ['--batch', '-q', '--eval', PROBE_VERSIONS], { encoding: 'utf8', timeout: 30_000 });
  const m = r.status === 0 ? /wxperm-versions (\S+) (\S+)/.exec(r.stdout) : null;
  return m ? { emacs: m[1], eglot: m[2] } : undefined;
}

export function ensureEmacs(log: (s: string) => void = () => undefined): EmacsStatus {
  const s = ensureDebianTool(
    {
      command: 'emacs',
      packages: ['emacs-nox', 'elpa-eglot'],
      version: (p) => {
        const v = versions(p);
        return v && `${v.emacs} ${v.eglot}`;
      },
    },
    log,
  );
  if (!s.ok) return s;
  const [version, eglot] = s.version.split(' ');
  return { ok: true, emacs: s.path, version, eglot, installed: s.installed, seconds: s.seconds };
}
