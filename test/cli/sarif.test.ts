import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { ROOT } from '../helpers/catalog';
import { cli, copyExample as copyExampleAs } from '../helpers/cli';
import { RULES, RULE_IDS } from '../../server/src/core/rules';
import { artifactUri, fingerprints, FINGERPRINT_KEY, sarifLevel } from '../../server/src/cli/sarif';
import type { Finding } from '../../server/src/core/model';

const SCHEMA = path.join(__dirname, 'data', 'sarif-schema-2.1.0.json');

const copyExample = () => copyExampleAs('wxperm-sarif-');

// RFC 3986 characters (unreserved, reserved, percent-escapes); RFC 3339 date-time.
const URI_CHARS = "(?:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*";
const FORMATS = {
  uri: new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${URI_CHARS}$`),
  'uri-reference': new RegExp(`^${URI_CHARS}$`),
  'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i,
};

/** A validator for the shipped draft-04 schema: ajv-draft-04 when installed, else the schema read as draft-07. */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  let ajv: Ajv;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Draft04 = require('ajv-draft-04');
    ajv = new (Draft04.default ?? Draft04)({ allErrors: true, strict: false, logger: false, unicodeRegExp: false });
  } catch {
    // draft-04 → draft-07: `id` becomes `$id`; nothing else this schema uses changed meaning.
    assert.ok(!JSON.stringify(schema).includes('"exclusiveMinimum":true'), 'the schema uses draft-04 boolean exclusiveMinimum');
    schema.$id = schema.id;
    delete schema.id;
    schema.$schema = 'http://json-schema.org/draft-07/schema#';
    ajv = new Ajv({ allErrors: true, strict: false, logger: false, unicodeRegExp: false });
  }
  for (const [name, re] of Object.entries(FORMATS)) ajv.addFormat(name, re);
  // `any`: a type guard to `unknown` would hide the log from the assertions that follow
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return ajv.compile<any>(schema);
}

function sarifOf(args: string[], cwd: string) {
  const r = cli(['check', ...args, '--format', 'sarif'], cwd);
  return { status: r.status, stderr: r.stderr, log: JSON.parse(r.stdout) };
}

test('SARIF from the example validates against the SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  const { status, log } = sarifOf(['examples/platform-backend'], ROOT);
  assert.equal(status, 1);
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  // the validator does reject what GitHub would reject
  const broken = structuredClone(log);
  broken.runs[0].results[0].level = 'fatal';
  broken.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'has space.py';
  assert.equal(validate(broken), false);
  assert.ok(validate.errors!.length >= 2);
});

test('SARIF has what GitHub code scanning reads: driver, 7 rules, relative locations, regions', () => {
  const { log } = sarifOf(['examples/platform-backend'], ROOT);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'wxperm');
  assert.match(driver.informationUri, /^https:\/\//);
  assert.equal(driver.semanticVersion, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  assert.deepEqual(driver.rules.map((r: { id: string }) => r.id), RULE_IDS);
  assert.equal(driver.rules.length, 7);
  for (const rule of driver.rules) {
    const def = RULES[rule.id as keyof typeof RULES];
    assert.match(rule.name, /^[A-Z][A-Za-z]+$/);
    assert.equal(rule.shortDescription.text, def.title.en);
    assert.ok(rule.fullDescription.text.length > rule.shortDescription.text.length);
    assert.match(rule.help.text, /https:\/\//);
    assert.match(rule.help.markdown, /\[Documentation\]\(https:\/\/[^)]+\)/);
    assert.equal(rule.defaultConfiguration.level, sarifLevel(def.defaultSeverity));
  }
  assert.deepEqual(Object.fromEntries(driver.rules.map((r: { id: string; defaultConfiguration: { level: string } }) => [r.id, r.defaultConfiguration.level])), {
    'not-granted': 'error', 'mutex-set': 'note', 'agreement-required': 'note', 'unknown-set': 'warning',
    'needs-confirmation': 'warning', 'unused-grant': 'note', 'invalid-config': 'error',
  });
  assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/.*\/$/);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  const summary = run.results.map((r: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }) => {
    const loc = r.locations[0].physicalLocation;
    return `${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn} ${r.level} ${r.ruleId}`;
  });
  // the same findings `wxperm check` prints, information and hint as note
  assert.deepEqual(summary, [
    'examples/platform-backend/app/express.py:8:18 error not-granted',
    'examples/platform-backend/app/express.py:14:16 error not-granted',
    'examples/platform-backend/internal/wxa/code.go:9:48 error not-granted',
    'examples/platform-backend/internal/wxa/code.go:9:48 note mutex-set',
    'examples/platform-backend/src/qrcode.ts:20:63 warning needs-confirmation',
    'examples/platform-backend/src/qrcode.ts:20:63 note agreement-required',
  ]);
  for (const r of run.results) {
    assert.equal(driver.rules[r.ruleIndex].id, r.ruleId);
    const loc = r.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.includes('..'));
    assert.ok(loc.region.endLine >= loc.region.startLine && loc.region.endColumn > loc.region.startColumn);
    assert.ok(r.message.text.length > 0);
    assert.match(r.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{32}:\d+$/);
  }
  // the region is the reference: /cgi-bin/express/business/order/add, 1-based, end exclusive
  assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 8, startColumn: 18, endLine: 8, endColumn: 53 });
});

test('paths are relative to the working folder', () => {
  const dir = copyExample();
  const { log } = sarifOf([], dir);
  const uris = log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri);
  assert.ok(uris.includes('app/express.py'), uris.join());
  assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(fs.realpathSync(dir)).href + '/');
  assert.deepEqual(artifactUri(path.join(dir, 'a b', 'c#.ts'), dir), { uri: 'a%20b/c%23.ts', uriBaseId: '%SRCROOT%' });
  assert.equal(artifactUri('/elsewhere/x.ts', dir).uri, 'file:///elsewhere/x.ts');
});

test('fingerprints survive unrelated edits above a finding; a new identical call gets its own', () => {
  const dir = copyExample();
  const byKey = (log: { runs: { results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }) =>
    log.runs[0].results.map((r) => ({ fp: r.partialFingerprints[FINGERPRINT_KEY], rule: r.ruleId, uri: r.locations[0].physicalLocation.artifactLocation.uri, line: r.locations[0].physicalLocation.region.startLine }));
  const before = byKey(sarifOf([], dir).log);
  assert.equal(new Set(before.map((b) => b.fp)).size, before.length, 'fingerprints are unique');
  // unrelated lines inserted above every finding, and a blank line inside a function
  for (const [rel, comment] of [['app/express.py', '# a comment\n# another\n\n'], ['internal/wxa/code.go', '// Package wxa.\n\n'], ['src/qrcode.ts', '// header\n']]) {
    const f = path.join(dir, rel);
    fs.writeFileSync(f, comment + fs.readFileSync(f, 'utf8').replace('def track(', '\ndef track('));
  }
  const after = byKey(sarifOf([], dir).log);
  assert.deepEqual(after.map((a) => a.fp), before.map((b) => b.fp));
  assert.notDeepEqual(after.map((a) => a.line), before.map((b) => b.line));
  // a second call to the same interface in the same file: the first keeps its fingerprint
  const py = path.join(dir, 'app', 'express.py');
  fs.appendFileSync(py, '\n\ndef again(token):\n    return requests.post(API + "/cgi-bin/express/business/order/add", params={"access_token": token})\n');
  const more = byKey(sarifOf([], dir).log);
  assert.equal(more.length, before.length + 1);
  for (const b of before) assert.ok(more.some((m) => m.fp === b.fp), `${b.rule} ${b.uri} kept its fingerprint`);
  const added = more.filter((m) => !before.some((b) => b.fp === m.fp));
  assert.equal(added.length, 1);
  assert.match(added[0].fp, /:2$/);
});

test('fingerprints do not depend on position but on rule, file and interface', () => {
  const ref = (p: string, line: number) => ({ kind: 'path' as const, range: { start: { line, character: 4 }, end: { line, character: 20 } }, offset: 0, length: 16, text: p, path: p, sets: [18], allOf: false });
  const f = (rule: Finding['rule'], p: string, line: number): Finding => ({ rule, severity: 'error', range: ref(p, line).range, message: 'm', reference: ref(p, line) });
  const a = fingerprints([{ file: '/w/a.ts', finding: f('not-granted', '/wxa/commit', 3) }], '/w');
  const b = fingerprints([{ file: '/w/a.ts', finding: f('not-granted', '/wxa/commit', 300) }], '/w');
  assert.deepEqual(a, b);
  const other = fingerprints([
    { file: '/w/b.ts', finding: f('not-granted', '/wxa/commit', 3) },
    { file: '/w/a.ts', finding: f('mutex-set', '/wxa/commit', 3) },
    { file: '/w/a.ts', finding: f('not-granted', '/wxa/release', 3) },
  ], '/w');
  for (const o of other) assert.notEqual(o, a[0]);
});

test('a configuration that cannot be used: SARIF still written, executionSuccessful false, exit 2', () => {
  const dir = copyExample();
  fs.writeFileSync(path.join(dir, 'wxperm.json'), '{ "grants": [17, 18,, ] ');
  const validate = sarifValidator();
  const { status, log } = sarifOf([], dir);
  assert.equal(status, 2);
  assert.ok(validate(log), JSON.stringify(validate.errors));
  assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
  assert.equal(log.runs[0].results[0].ruleId, 'invalid-config');
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'wxperm.json');
});

test('a clean project gives an empty, valid results array', () => {
  const dir = copyExample();
  fs.writeFileSync(path.join(dir, 'wxperm.json'), '{ "grants": [17, 18, 19, 30, 45, 52, 71, 76], "rules": { "agreement-required": "off" } }');
  const validate = sarifValidator();
  const { status, log } = sarifOf([], dir);
  assert.equal(status, 0);
  assert.ok(validate(log), JSON.stringify(validate.errors));
  assert.deepEqual(log.runs[0].results, []);
});
