// Timing helpers: medians, in-process timing, and child processes timed by wall clock and by CPU time
// (the CPU its children used, from /proc/self/stat cutime + cstime — the figure that stays honest when
// the machine is busy with something else).
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` `warmup` times untimed, then `runs` times; wall and CPU ms of each run, and the last result. */
export function timeInProcess(fn, { runs = 5, warmup = 1 } = {}) {
  let result;
  for (let i = 0; i < warmup; i++) result = fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    result = fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall, cpu, ms: median(wall), cpuMs: median(cpu), result };
}

let ticks;
/** Clock ticks per second for /proc times (USER_HZ). */
export function clockTicks() {
  if (ticks === undefined) {
    try { ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { ticks = 100; }
  }
  return ticks;
}

/** utime + stime (own) or cutime + cstime (waited-for children) of a process, in ms; NaN off Linux. */
export function procCpuMs(pid = 'self', children = false) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [u, s] = children ? [f[13], f[14]] : [f[11], f[12]];
    return ((Number(u) + Number(s)) / clockTicks()) * 1000;
  } catch {
    return NaN;
  }
}

/**
 * Runs a command to completion: wall ms, the CPU ms it and its children used, exit status, stderr,
 * stdout (or stdout sent to /dev/null with `devNull`). Throws when it cannot start or is killed.
 */
export function runTimed(cmd, args, { cwd, devNull = false, okStatus = [0], env } = {}) {
  const nullFd = devNull ? fs.openSync('/dev/null', 'w') : undefined;
  try {
    const cpu0 = procCpuMs('self', true);
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', nullFd ?? 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
    const wall = performance.now() - t;
    const cpu = procCpuMs('self', true) - cpu0;
    if (r.error) throw new Error(`${path.basename(cmd)} ${args.join(' ')}: ${r.error.message}`);
    if (r.signal || !okStatus.includes(r.status)) {
      throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${r.signal ?? r.status}: ${(r.stderr ?? '').slice(-800)}`);
    }
    return { wall, cpu, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  } finally {
    if (nullFd !== undefined) fs.closeSync(nullFd);
  }
}

/** `warmup` untimed runs, then `runs` timed ones: medians of wall and CPU ms, and the last run. */
export function timeCommand(cmd, args, { runs = 3, warmup = 1, ...options } = {}) {
  for (let i = 0; i < warmup; i++) runTimed(cmd, args, options);
  const all = [];
  for (let i = 0; i < runs; i++) all.push(runTimed(cmd, args, options));
  return { ms: median(all.map((r) => r.wall)), cpuMs: median(all.map((r) => r.cpu)), wall: all.map((r) => r.wall), last: all[all.length - 1] };
}

/** ripgrep on PATH (or /usr/bin/rg): its path and version line, or undefined. */
export function findRipgrep() {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const d of [...dirs, '/usr/bin', '/usr/local/bin']) {
    const p = path.join(d, 'rg');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      const version = execFileSync(p, ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
      return { path: p, version };
    } catch { /* next */ }
  }
  return undefined;
}
