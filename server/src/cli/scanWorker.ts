// A scan worker: a thread of the CLI that runs the tasks the main thread sends it (walk folders, read,
// scan and judge their files; see treeScan.ts) and answers with plain results. It loads its own catalog
// and resolves each config itself (projectConfig.ts), so nothing but names and results cross threads.
import type { MessagePort } from 'node:worker_threads';
import { loadCatalog } from '../catalogFile';
import type { ResolvedConfig } from '../workspaceConfig';
import { resolveKey, type ConfigKey } from './projectConfig';
import { packOutcome } from './wire';
import { TreeScanner, type ScannerOptions, type ScanTask, type TaskResult } from './treeScan';

export const WORKER_MARK = 'wxperm-scan-worker';

export interface WorkerSetup extends ScannerOptions {
  mark: typeof WORKER_MARK;
}

export type WorkerRequest =
  | { type: 'config'; id: number; key: ConfigKey }
  | { type: 'run'; id: number; tasks: ScanTask[]; budget: number };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: TaskResult }
  | { type: 'failed'; message: string };

export function isWorkerSetup(data: unknown): data is WorkerSetup {
  return typeof data === 'object' && data !== null && (data as { mark?: unknown }).mark === WORKER_MARK;
}

export function serveScans(port: MessagePort, setup: WorkerSetup): void {
  const catalog = loadCatalog();
  const configs = new Map<number, ResolvedConfig>();
  const scanner = new TreeScanner(catalog, setup, (id) => {
    const c = configs.get(id);
    if (!c) throw new Error(`scan worker: no config ${id}`);
    return c;
  });
  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.type === 'config') configs.set(request.id, resolveKey(request.key, catalog));
      else {
        const result = scanner.run(request.tasks, request.budget);
        for (const f of result.files) packOutcome(f.outcome, catalog);
        port.postMessage({ type: 'done', id: request.id, result } satisfies WorkerReply);
      }
    } catch (e) {
      port.postMessage({ type: 'failed', message: (e as Error).stack ?? String(e) } satisfies WorkerReply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}
