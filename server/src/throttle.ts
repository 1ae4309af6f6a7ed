// Per-key debounce for validation: one timer per document, the latest request wins, at most one run
// in flight per key, and a result computed for an older request is never published.
//
// schedule(key, task) replaces whatever was pending for the key (no queue grows under fast typing).
// When the timer fires the task runs with a token; before publishing, the task asks `token.stale()`:
// it is true as soon as a newer schedule() or a cancel() happened for that key. If a timer fires while
// the previous run is still in flight, the newer task runs right after it finishes (never in parallel).

export interface RunToken {
  readonly key: string;
  /** Increases with every schedule() of the key. */
  readonly generation: number;
  /** True once a newer schedule() or a cancel() superseded this run: do not publish. */
  stale(): boolean;
}

export type Task = (token: RunToken) => void | Promise<void>;

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface Slot {
  generation: number;
  task: Task;
  timer?: unknown;
  running: boolean;
  /** A timer fired while running: run the latest task when the current run ends. */
  rerun: boolean;
}

const realTimers: TimerApi = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Throttle {
  private readonly slots = new Map<string, Slot>();
  private generations = 0;

  constructor(
    private readonly delayMs = 150,
    private readonly onError: (key: string, e: unknown) => void = () => undefined,
    private readonly timers: TimerApi = realTimers,
  ) {}

  /** Run `task` for `key` after the debounce delay, superseding anything pending for the key. */
  schedule(key: string, task: Task, delayMs = this.delayMs): RunToken {
    const generation = ++this.generations;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { generation, task, running: false, rerun: false };
      this.slots.set(key, slot);
    } else {
      slot.generation = generation;
      slot.task = task;
      if (slot.timer !== undefined) this.timers.clearTimeout(slot.timer);
    }
    const s = slot;
    s.timer = this.timers.setTimeout(() => {
      s.timer = undefined;
      if (s.running) s.rerun = true;
      else void this.run(key, s);
    }, delayMs);
    return this.token(key, generation);
  }

  /** Forget the key: a pending timer is cleared and a run in flight becomes stale. */
  cancel(key: string): void {
    const s = this.slots.get(key);
    if (!s) return;
    if (s.timer !== undefined) this.timers.clearTimeout(s.timer);
    this.slots.delete(key);
  }

  /** Cancel every key that starts with `prefix` (or all keys). */
  cancelAll(prefix = ''): void {
    for (const key of [...this.slots.keys()]) if (key.startsWith(prefix)) this.cancel(key);
  }

  /** Keys with a timer pending or a run in flight. */
  get size(): number {
    return this.slots.size;
  }

  isPending(key: string): boolean {
    return this.slots.has(key);
  }

  private token(key: string, generation: number): RunToken {
    return { key, generation, stale: () => this.slots.get(key)?.generation !== generation };
  }

  private async run(key: string, s: Slot): Promise<void> {
    s.running = true;
    const generation = s.generation;
    try {
      await s.task(this.token(key, generation));
    } catch (e) {
      this.onError(key, e);
    } finally {
      s.running = false;
    }
    if (this.slots.get(key) !== s) return; // cancelled meanwhile
    if (s.rerun) {
      s.rerun = false;
      void this.run(key, s);
    } else if (s.timer === undefined && s.generation === generation) {
      this.slots.delete(key); // done and nothing newer: no state left behind
    }
  }
}
