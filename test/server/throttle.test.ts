import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Throttle, type RunToken, type TimerApi } from '../../server/src/throttle';

/** Deterministic timers: `tick(ms)` fires what is due, in order. */
class FakeTimers implements TimerApi {
  now = 0;
  private seq = 0;
  readonly live = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.live.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.live.delete(h as number);
  }
  async tick(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.live.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.live.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      await flush();
    }
    this.now = until;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('throttle: under fast typing only the latest version runs, once, after the delay', async () => {
  const timers = new FakeTimers();
  const t = new Throttle(150, undefined, timers);
  const ran: number[] = [];
  for (let v = 1; v <= 50; v++) {
    t.schedule('doc', () => {
      ran.push(v);
    });
    await timers.tick(10); // typing faster than the debounce
    assert.equal(timers.live.size, 1, 'one timer per document, whatever the number of edits');
  }
  assert.deepEqual(ran, []);
  await timers.tick(150);
  assert.deepEqual(ran, [50]);
  assert.equal(t.size, 0, 'no state is left once the run is done');
});

test('throttle: a result computed for an older version is stale and the newer run follows, never in parallel', async () => {
  const timers = new FakeTimers();
  const t = new Throttle(100, undefined, timers);
  const published: number[] = [];
  const gate = deferred();
  let running = 0;
  let maxRunning = 0;
  const task = (v: number, wait?: Promise<void>) => async (token: RunToken) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    if (wait) await wait;
    running--;
    if (!token.stale()) published.push(v);
  };
  t.schedule('doc', task(1, gate.promise));
  await timers.tick(100); // v1 starts and blocks
  t.schedule('doc', task(2));
  await timers.tick(100); // v2's timer fires while v1 still runs: queued, not started
  assert.equal(running, 1);
  t.schedule('doc', task(3));
  await timers.tick(100);
  gate.resolve();
  await flush();
  await timers.tick(0);
  assert.deepEqual(published, [3], 'v1 was superseded, v2 never ran separately, v3 published');
  assert.equal(maxRunning, 1);
  assert.equal(t.size, 0);
});

test('throttle: cancel clears the timer and makes a run in flight stale', async () => {
  const timers = new FakeTimers();
  const t = new Throttle(100, undefined, timers);
  const published: string[] = [];
  t.schedule('a', () => {
    published.push('a');
  });
  t.cancel('a');
  assert.equal(timers.live.size, 0);
  await timers.tick(500);
  assert.equal(published.length, 0);

  const gate = deferred();
  t.schedule('b', async (token) => {
    await gate.promise;
    if (!token.stale()) published.push('b');
  });
  await timers.tick(100);
  t.cancel('b'); // didClose while validating
  gate.resolve();
  await flush();
  assert.deepEqual(published, []);
  assert.equal(t.size, 0);
});

test('throttle: keys are independent; an error is reported and does not stop later runs', async () => {
  const timers = new FakeTimers();
  const errors: string[] = [];
  const t = new Throttle(100, (key, e) => errors.push(`${key}: ${(e as Error).message}`), timers);
  const ran: string[] = [];
  t.schedule('x', () => {
    throw new Error('boom');
  });
  t.schedule('y', () => {
    ran.push('y');
  });
  await timers.tick(100);
  assert.deepEqual(errors, ['x: boom']);
  assert.deepEqual(ran, ['y']);
  t.schedule('x', () => {
    ran.push('x');
  });
  await timers.tick(100);
  assert.deepEqual(ran, ['y', 'x']);
});

test('throttle: a per-call delay of 0 runs on the next tick (didOpen)', async () => {
  const timers = new FakeTimers();
  const t = new Throttle(150, undefined, timers);
  const ran: string[] = [];
  t.schedule('doc', () => {
    ran.push('open');
  }, 0);
  await timers.tick(0);
  assert.deepEqual(ran, ['open']);
});

test('throttle: real timers — latest wins and nothing stale is published', async () => {
  const t = new Throttle(20);
  const published: number[] = [];
  for (let v = 1; v <= 20; v++) {
    t.schedule('doc', async (token) => {
      await new Promise((r) => setTimeout(r, 5));
      if (!token.stale()) published.push(v);
    });
    await new Promise((r) => setTimeout(r, 2));
  }
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(published, [20]);
});
