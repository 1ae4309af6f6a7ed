// A `wxperm` task type: `wxperm check` (or `inventory`) over a workspace folder, its output read by the
// `$wxperm` problem matcher — the same judgement as the editor, as a VS Code task.
import * as vscode from 'vscode';

export const TASK_TYPE = 'wxperm';

interface WxpermTaskDefinition extends vscode.TaskDefinition {
  command: 'check' | 'inventory';
  paths?: string[];
  config?: string;
  baseline?: string;
  maxWarnings?: number;
  args?: string[];
}

/** The definition's typed options as CLI flags; `args` go last, verbatim. */
export function cliArgs(def: WxpermTaskDefinition): string[] {
  const out = [def.command, ...(def.paths?.length ? def.paths : ['.'])];
  if (def.config) out.push('--config', def.config);
  if (def.command === 'check' && def.baseline) out.push('--baseline', def.baseline);
  if (def.command === 'check' && Number.isInteger(def.maxWarnings)) out.push('--max-warnings', String(def.maxWarnings));
  return [...out, ...(def.args ?? [])];
}

function execution(context: vscode.ExtensionContext, def: WxpermTaskDefinition, folder: vscode.WorkspaceFolder): vscode.ProcessExecution {
  // The extension host's own executable runs the bundled CLI (as node, under Electron too).
  return new vscode.ProcessExecution(process.execPath, [context.asAbsolutePath('dist/cli.js'), ...cliArgs(def)], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1', WXPERM_LOCALE: vscode.env.language },
  });
}

function task(context: vscode.ExtensionContext, def: WxpermTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
  const t = new vscode.Task(def, folder, def.command, TASK_TYPE, execution(context, def, folder), def.command === 'check' ? ['$wxperm'] : []);
  if (def.command === 'check') t.group = vscode.TaskGroup.Test;
  t.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return t;
}

export function registerTasks(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => [
      task(context, { type: TASK_TYPE, command: 'check' }, folder),
      task(context, { type: TASK_TYPE, command: 'inventory' }, folder),
    ]),
    resolveTask: (t) => {
      const def = t.definition as WxpermTaskDefinition;
      const folder = typeof t.scope === 'object' ? (t.scope as vscode.WorkspaceFolder) : vscode.workspace.workspaceFolders?.[0];
      return folder && (def.command === 'check' || def.command === 'inventory') ? task(context, def, folder) : undefined;
    },
  });
}
