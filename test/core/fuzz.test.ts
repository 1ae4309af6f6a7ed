// The seeded slice of the fuzz run (`npm run fuzz` runs 100,000+ cases with a fresh seed): every
// property of test/fuzz/properties.ts for a few hundred fixed cases, then every saved regression.
//
// A regression fixture with `todo` records a core bug that is not fixed yet: its replay is marked
// todo (reported, not failing), and a slice that meets the same failure (same signature) is marked
// todo too and goes on checking the other cases, so a new bug still fails the suite.
// See test/fuzz/README.md.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEnv } from '../fuzz/env';
import { properties } from '../fuzz/properties';
import { describeFailure, fuzzProperty, loadRegressions, signature, SLICE_SEED, timed } from '../fuzz/runner';
import { catalog, ROOT } from '../helpers/catalog';

const env = loadEnv(ROOT, catalog());
const props = properties(env);
const regressions = loadRegressions(ROOT);
/** Generous: the slice is about correctness; speed is the long run's business. */
const SLOW_MS = 10_000;
/**
 * Saved slow or hanging cases are replayed for correctness and with the same generous bound: tests
 * assert no timings (a loaded CI machine is slow); `npm run fuzz` reports the slowest case instead.
 */
const SLOW_REPLAY_MS = SLOW_MS;

/** Known, unfixed failures of one property: signature → the fixture's todo text. */
function knownFor(property: string): Map<string, string> {
  return new Map(regressions.filter(({ regression: r }) => r.property === property && r.todo)
    .map(({ file, regression: r }) => [r.signature ?? signature(r.error), `${r.todo} (${file})`]));
}

describe(`fuzz slice (seed ${SLICE_SEED})`, () => {
  for (const p of props) {
    test(`${p.name}: ${p.slice} cases`, (t) => {
      const known = knownFor(p.name);
      const r = fuzzProperty(p, { seed: SLICE_SEED, numRuns: p.slice, slowMs: SLOW_MS, known, maxFailures: 3, shrinkBudgetMs: 10_000 });
      if (r.failures.length) assert.fail(r.failures.map((f) => describeFailure(f)).join('\n\n'));
      if (r.known.size) t.todo(`known bugs met: ${[...r.known].map(([sig, n]) => `${known.get(sig)} — ${n} case${n > 1 ? 's' : ''}`).join('; ')}`);
      assert.equal(r.cases, p.slice);
    });
  }
});

describe('fuzz regressions (test/fuzz/regressions)', () => {
  for (const { file, regression: r } of regressions) {
    test(`${file}${r.todo ? ` — ${r.todo}` : ''}`, { todo: r.todo }, () => {
      const p = props.find((x) => x.name === r.property);
      assert.ok(p, `${file}: no property named ${r.property}`);
      timed(p, r.input, r.kind === 'slow' || r.kind === 'hang' ? SLOW_REPLAY_MS : SLOW_MS);
    });
  }
});
