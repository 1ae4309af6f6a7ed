// Runs a real editor headless (Neovim, Emacs) with a probe script, collecting everything it prints,
// and kills it when it overruns: a hung editor must fail the test, not hang the suite.
import { spawn } from 'node:child_process';

export interface HeadlessRun {
  code: number | null;
  output: string;
  ms: number;
}

export function runHeadless(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<HeadlessRun> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - t0 });
    });
  });
}
