// extensionTestsPath entry: runs the wxperm extension-host suite with mocha inside the real
// VS Code extension host (code-server here, desktop VS Code under @vscode/test-electron elsewhere).
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runMocha } = require(process.env.WXPERM_RUN_MOCHA ?? path.join(__dirname, '..', 'runMocha.js')) as { runMocha: (files: string[], o?: { timeout?: number }) => Promise<void> };

export function run(): Promise<void> {
  return runMocha([path.join(__dirname, 'extension.test.js')], { timeout: 60000 });
}
