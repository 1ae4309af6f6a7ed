'use strict';
// Runs mocha programmatically inside the extension host. mocha lives in test/editor/node_modules;
// the harness also passes that folder as WXPERM_EDITOR_NODE_MODULES (and NODE_PATH) so a suite
// living anywhere else can find it the same way.
const path = require('path');

function loadMocha() {
  const dirs = [process.env.WXPERM_EDITOR_NODE_MODULES, path.join(__dirname, 'node_modules')].filter(Boolean);
  for (const dir of dirs) {
    try {
      return require(require.resolve('mocha', { paths: [dir] }));
    } catch { /* try the next */ }
  }
  return require('mocha');
}

function runMocha(files, { timeout = 30000 } = {}) {
  const Mocha = loadMocha();
  // The 'spec' reporter writes with process.stdout.write, which the remote extension host does
  // not forward; console.log is forwarded to the workbench (and so to the harness): use it.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout, reporter: ConsoleReporter });
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}

/** A spec-like reporter that prints through console.log and ends with 'N passed, N failed'. */
function ConsoleReporter(runner) {
  const Mocha = loadMocha();
  const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
  let passed = 0;
  let failed = 0;
  let pending = 0;
  let depth = 0;
  const indent = () => '  '.repeat(depth);
  runner.on(EVENT_SUITE_BEGIN, (suite) => {
    if (suite.title) console.log(`${indent()}${suite.title}`);
    depth++;
  });
  runner.on('suite end', () => { depth--; });
  runner.on(EVENT_TEST_PASS, (test) => { passed++; console.log(`${indent()}ok ${test.title} (${test.duration} ms)`); });
  runner.on(EVENT_TEST_PENDING, (test) => { pending++; console.log(`${indent()}skip ${test.title}`); });
  runner.on(EVENT_TEST_FAIL, (test, err) => {
    failed++;
    console.log(`${indent()}FAIL ${test.fullTitle()}\n${err && err.stack ? err.stack : err}`);
  });
  runner.once(EVENT_RUN_END, () => {
    console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  });
}

module.exports = { runMocha, loadMocha };
