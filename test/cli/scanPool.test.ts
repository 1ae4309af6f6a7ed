// A scan worker that cannot start or dies mid-run must end the run with a clear error, never hang it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { catalog } from '../helpers/catalog';
import { ScanPool } from '../../server/src/cli/scanPool';
import { WORKER_MARK } from '../../server/src/cli/scanWorker';
import type { ScanTask } from '../../server/src/cli/treeScan';

const SETUP = { mark: WORKER_MARK as typeof WORKER_MARK, locale: 'en' as const, judge: true, keepReferences: false, maxFileSize: 1 << 20 };
const TASKS: ScanTask[] = [{ kind: 'dir', root: 0, config: 0, dir: os.tmpdir(), ignores: [] }];

async function runWith(script: string): Promise<Error> {
  const pool = new ScanPool(script, 2, SETUP, catalog());
  try {
    // The main thread gets nowhere with the tasks here (it hands them all back), so only a worker can end the run.
    await pool.runAll(TASKS, () => undefined, (queue) => ({ files: [], left: queue, skipped: [] }));
    assert.fail('the run should have failed');
  } catch (e) {
    return e as Error;
  } finally {
    await pool.close();
  }
}

test('a worker script that cannot be loaded fails the run with its error', { timeout: 30_000 }, async () => {
  const e = await runWith(path.join(os.tmpdir(), 'wxperm-no-such-worker.js'));
  assert.match(e.message, /Cannot find module|no-such-worker/);
});

test('a worker that exits fails the run, naming the exit code', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-pool-'));
  const script = path.join(dir, 'dies.js');
  fs.writeFileSync(script, 'process.exit(3);\n');
  try {
    const e = await runWith(script);
    assert.match(e.message, /a scan worker stopped unexpectedly \(exit code 3\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
