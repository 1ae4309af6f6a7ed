// The main thread's side of the scan workers. It keeps one queue of tasks (folders and files), hands
// a few to each worker with a budget of files, and queues again the folders a worker did not reach,
// so work spreads over all workers however the tree is shaped. Each worker holds at most IN_FLIGHT
// messages, so a huge tree never piles up in memory; results come back in any order (the caller sorts).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../core/catalog';
import type { ConfigKey } from './projectConfig';
import { unpackOutcome } from './wire';
import type { ScanTask, TaskResult } from './treeScan';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './scanWorker';

/** Files a worker reads per message: a few milliseconds of work, so the queue is shared evenly. */
const BUDGET_FILES = 48;
/** Tasks per message: folders are often small, so one message carries several. */
const TASKS_PER_MESSAGE = 8;
/** Messages a worker may hold at once: one being run, one waiting so it never idles on a round trip. */
const IN_FLIGHT = 2;

interface Slot {
  worker: Worker;
  ready: boolean;
  inFlight: number;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private queue: ScanTask[] = [];
  private nextId = 0;
  private inFlight = 0;
  private failure: Error | undefined;
  private closing = false;
  private wake: (() => void) | undefined;
  private onResult: (r: TaskResult) => void = () => undefined;

  constructor(script: string, size: number, setup: WorkerSetup, private readonly catalog: Catalog) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: setup });
      const slot: Slot = { worker, ready: false, inFlight: 0 };
      worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => { if (!this.closing) this.fail(new Error(`a scan worker stopped unexpectedly (exit code ${code})`)); });
      this.slots.push(slot);
    }
  }

  config(id: number, key: ConfigKey): void {
    for (const { worker } of this.slots) worker.postMessage({ type: 'config', id, key } satisfies WorkerRequest);
  }

  /**
   * Runs the tasks and every folder they lead to. `local` runs a few tasks in this thread whenever the
   * workers have their fill (it gets the next tasks and returns what it did and what is left): the
   * main thread is one of the scanning threads, and answers the workers in between.
   */
  async runAll(tasks: ScanTask[], onResult: (r: TaskResult) => void, local?: (queue: ScanTask[]) => TaskResult): Promise<void> {
    this.onResult = onResult;
    this.enqueue(tasks);
    for (;;) {
      this.throwIfFailed();
      this.dispatch();
      if (!this.queue.length && !this.inFlight) return;
      if (local && this.queue.length) {
        const done = local(this.take());
        this.enqueue(done.left);
        onResult(done);
        await nextTurn(); // let worker messages ('ready', results) in before the next few files
        continue;
      }
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map(({ worker }) => worker.terminate()));
  }

  private dispatch(): void {
    for (;;) {
      const slot = this.leastLoaded();
      if (!slot || !this.queue.length) return;
      const tasks = this.take();
      slot.inFlight++;
      this.inFlight++;
      slot.worker.postMessage({ type: 'run', id: this.nextId++, tasks, budget: BUDGET_FILES } satisfies WorkerRequest);
    }
  }

  /** The queue is a stack (deepest folder last), so tasks go in reversed: the next one on top. */
  private enqueue(tasks: ScanTask[]): void {
    for (let i = tasks.length - 1; i >= 0; i--) this.queue.push(tasks[i]);
  }

  /** The next few tasks off the top of the queue, next first. */
  private take(): ScanTask[] {
    return this.queue.splice(Math.max(0, this.queue.length - TASKS_PER_MESSAGE)).reverse();
  }

  private leastLoaded(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.ready && s.inFlight < IN_FLIGHT && (!best || s.inFlight < best.inFlight)) best = s;
    return best;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'failed') return this.fail(new Error(reply.message));
    if (reply.type === 'ready') slot.ready = true;
    else {
      slot.inFlight--;
      this.inFlight--;
      for (const f of reply.result.files) unpackOutcome(f.outcome, this.catalog);
      this.enqueue(reply.result.left);
      this.onResult(reply.result);
    }
    this.wakeUp();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
