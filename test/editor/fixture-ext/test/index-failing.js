'use strict';
// Same suite plus one test that must fail: proves a failing suite makes the harness exit 1.
const path = require('path');
const { runMocha } = require('../../runMocha');

exports.run = function run() {
  return runMocha([path.join(__dirname, 'fixture.test.js'), path.join(__dirname, 'failing.test.js')]);
};
