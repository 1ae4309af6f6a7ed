'use strict';
// Extension-host test entry (extensionTestsPath): runs mocha programmatically. The harness
// (runExtensionTests.mjs, or electron.mjs) loads this file inside the real extension host.
// Set WXPERM_FIXTURE_FAIL=1 in the environment, or use index-failing.js, to add a failing test.
const path = require('path');
const { runMocha } = require('../../runMocha');

exports.run = function run() {
  const files = [path.join(__dirname, 'fixture.test.js')];
  if (process.env.WXPERM_FIXTURE_FAIL === '1') files.push(path.join(__dirname, 'failing.test.js'));
  return runMocha(files);
};
