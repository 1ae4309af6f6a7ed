// extensionTestsPath entry: runs the wxperm extension-host suite with mocha inside the real
// VS Code extension host (code-server here, desktop VS Code under @vscode/test-electron elsewhere).
import * as fs from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runMocha } = require(process.env.WXPERM_RUN_MOCHA ?? path.join(__dirname, '..', 'runMocha.js')) as { runMocha: (files: string[], o?: { timeout?: number }) => Promise<void> };

/** In this order: recovery kills the language server, so it runs last. */
const FILES = ['extension.test.js', 'recovery.test.js'];

export function run(): Promise<void> {
  const files = FILES.map((f) => path.join(__dirname, f));
  const missing = files.filter((f) => !fs.existsSync(f));
  // Each file is its own esbuild entry point (test/editor/run.mjs): one that was not built is said loudly.
  for (const f of missing) console.log(`NOT RUN: ${path.basename(f)} was not built next to index.js (add suite/${path.basename(f, '.js')}.ts to the esbuild entryPoints of test/editor/run.mjs)`);
  return runMocha(files.filter((f) => !missing.includes(f)), { timeout: 60000 });
}
