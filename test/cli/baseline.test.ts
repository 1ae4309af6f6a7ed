import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/catalog';
import { cli, copyExample as copyExampleAs } from '../helpers/cli';
import { applyBaseline, createBaseline, findingKey } from '../../server/src/cli/baseline';
import type { Finding, RuleId } from '../../server/src/core/model';


const copyExample = () => copyExampleAs('wxperm-base-');

/** `file:line rule` for each finding `check` prints. */
function findings(stdout: string): string[] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => {
    const [where, , rule] = l.split(' ');
    return `${where.split(':').slice(0, 2).join(':')} ${rule}`;
  });
}

function edit(dir: string, rel: string, f: (text: string) => string): void {
  const file = path.join(dir, rel);
  fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
}

const NEW_CALL = '\n\ndef again(token):\n    return requests.post(API + "/cgi-bin/express/business/order/add", params={"access_token": token})\n';

test('baseline round trip: write, re-run clean, add one new finding, see exactly one', () => {
  const dir = copyExample();
  const before = cli(['check'], dir);
  assert.equal(before.status, 1);
  assert.equal(findings(before.stdout).length, 6);

  const w = cli(['check', '--write-baseline', 'wxperm-baseline.json'], dir);
  assert.equal(w.status, 0, w.stderr);
  assert.equal(w.stdout, '');
  assert.match(w.stderr, /wrote wxperm-baseline\.json: 6 findings in 3 files are now baselined/);
  const written = JSON.parse(fs.readFileSync(path.join(dir, 'wxperm-baseline.json'), 'utf8'));
  assert.equal(written.version, 1);
  assert.equal(written.tool, 'wxperm');
  assert.deepEqual(written.entries[0], { rule: 'not-granted', file: 'app/express.py', key: 'path:/cgi-bin/express/business/order/add', count: 1 });
  assert.ok(!JSON.stringify(written).match(/"line"|"character"|"range"/), 'no positions in a baseline');

  const clean = cli(['check', '--baseline', 'wxperm-baseline.json'], dir);
  assert.equal(clean.status, 0, clean.stdout);
  assert.equal(clean.stdout, '');
  assert.match(clean.stderr, /0 errors, 0 warnings, 0 infos, 0 hints, 6 baselined/);

  // unrelated edits above the findings move them, and they stay baselined
  edit(dir, 'app/express.py', (t) => '# moved down\n\n' + t);
  edit(dir, 'internal/wxa/code.go', (t) => t.replace('package wxa\n', 'package wxa\n\nimport "fmt"\n'));
  assert.equal(cli(['check', '--baseline', 'wxperm-baseline.json'], dir).status, 0);

  // one more call to the same interface in the same file is new: exactly one finding
  edit(dir, 'app/express.py', (t) => t + NEW_CALL);
  const one = cli(['check', '--baseline', 'wxperm-baseline.json'], dir);
  assert.equal(one.status, 1);
  assert.deepEqual(findings(one.stdout), ['app/express.py:24 not-granted']);
  assert.match(one.stderr, /1 errors, 0 warnings, 0 infos, 0 hints, 6 baselined/);

  // the same in JSON and SARIF
  const json = JSON.parse(cli(['check', '--baseline', 'wxperm-baseline.json', '--format', 'json'], dir).stdout);
  assert.equal(json.findings.length, 1);
  assert.equal(json.baselined, 6);
  const sarif = JSON.parse(cli(['check', '--baseline', 'wxperm-baseline.json', '--format', 'sarif'], dir).stdout);
  assert.equal(sarif.runs[0].results.length, 1);
  assert.equal(sarif.runs[0].properties.baselined, 6);
});

test('the baseline is matched relative to its own folder, from any working folder', () => {
  const dir = copyExample();
  fs.mkdirSync(path.join(dir, '.wxperm'));
  assert.equal(cli(['check', dir, '--write-baseline', path.join(dir, '.wxperm', 'baseline.json')], ROOT).status, 0);
  const entries = JSON.parse(fs.readFileSync(path.join(dir, '.wxperm', 'baseline.json'), 'utf8')).entries;
  assert.ok(entries.every((e: { file: string }) => e.file.startsWith('../') && !path.isAbsolute(e.file)), JSON.stringify(entries));
  assert.equal(cli(['check', '--baseline', '.wxperm/baseline.json'], dir).status, 0);
  const sub = cli(['check', '.', '--baseline', '../.wxperm/baseline.json'], path.join(dir, 'app'));
  assert.equal(sub.status, 0);
  assert.match(sub.stderr, /2 baselined/);
  assert.doesNotMatch(sub.stderr, /no longer occur/, 'entries for files outside the checked paths are not stale');
  // the baseline itself names no interface the scanner would report (it sits in the checked tree)
  const scan = JSON.parse(cli(['scan', path.join(dir, '.wxperm', 'baseline.json'), '--json']).stdout);
  assert.deepEqual(scan.references, []);
});

test('fixed findings are reported as stale baseline entries; a new file is not baselined', () => {
  const dir = copyExample();
  cli(['check', '--write-baseline', 'b.json'], dir);
  edit(dir, 'app/express.py', (t) => t.replace('/cgi-bin/express/business/path/get', '/our/own/path'));
  const r = cli(['check', '--baseline', 'b.json'], dir);
  assert.equal(r.status, 0);
  assert.match(r.stderr, /1 baselined findings no longer occur; run with --write-baseline b\.json to drop them/);
  fs.copyFileSync(path.join(dir, 'app', 'express.py'), path.join(dir, 'app', 'copy.py'));
  const copy = cli(['check', '--baseline', 'b.json'], dir);
  assert.deepEqual(findings(copy.stdout), ['app/copy.py:8 not-granted']);
});

test('a missing or malformed baseline exits 2 with a clear message', () => {
  const dir = copyExample();
  const missing = cli(['check', '--baseline', 'nope.json'], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read the baseline nope\.json: no such file/);
  fs.writeFileSync(path.join(dir, 'bad.json'), '{ "version": 1, ');
  assert.match(cli(['check', '--baseline', 'bad.json'], dir).stderr, /baseline bad\.json is not JSON/);
  fs.writeFileSync(path.join(dir, 'bad.json'), '{ "findings": [] }');
  assert.match(cli(['check', '--baseline', 'bad.json'], dir).stderr, /not a wxperm baseline/);
  fs.writeFileSync(path.join(dir, 'bad.json'), '{ "version": 1, "entries": [{ "rule": "not-granted" }] }');
  const entry = cli(['check', '--baseline', 'bad.json'], dir);
  assert.equal(entry.status, 2);
  assert.match(entry.stderr, /malformed entry/);
  assert.doesNotMatch(entry.stderr, /usage:|at .*\.js:\d+/);
});

test('applyBaseline counts identical findings per file and ignores positions', () => {
  const f = (rule: RuleId, p: string, line: number): Finding => {
    const range = { start: { line, character: 0 }, end: { line, character: 5 } };
    return { rule, severity: 'error', range, message: 'm', reference: { kind: 'path', range, offset: 0, length: 5, text: p, path: p, sets: [18], allOf: false } };
  };
  const base = createBaseline([
    { file: '/w/a.ts', finding: f('not-granted', '/wxa/commit', 1) },
    { file: '/w/a.ts', finding: f('not-granted', '/wxa/commit', 9) },
  ], '/w');
  assert.deepEqual(base.entries, [{ rule: 'not-granted', file: 'a.ts', key: 'path:/wxa/commit', count: 2 }]);
  const now = [
    { file: '/w/a.ts', finding: f('not-granted', '/wxa/commit', 40) },
    { file: '/w/a.ts', finding: f('not-granted', '/wxa/commit', 50) },
    { file: '/w/a.ts', finding: f('not-granted', '/wxa/commit', 60) },
    { file: '/w/a.ts', finding: f('mutex-set', '/wxa/commit', 40) },
    { file: '/w/b.ts', finding: f('not-granted', '/wxa/commit', 1) },
  ];
  const r = applyBaseline(now, base, '/w');
  assert.equal(r.baselined, 2);
  assert.equal(r.stale, 0);
  assert.deepEqual(r.findings.map((x) => `${x.file}:${x.finding.range.start.line} ${x.finding.rule}`), ['/w/a.ts:60 not-granted', '/w/a.ts:40 mutex-set', '/w/b.ts:1 not-granted']);
  assert.equal(findingKey({ ...f('unknown-set', '', 0), reference: { ...f('unknown-set', '', 0).reference!, kind: 'set-id', setId: 9999, sets: [9999] } }), 'set:9999');
  assert.equal(findingKey({ rule: 'invalid-config', severity: 'error', range: f('not-granted', '', 0).range, message: 'bad' }), 'message:bad');
});

// ---------------------------------------------------------------------------------------------------
// Suppression comments, from the command line (the judge honours them; these prove the CLI passes them on)

test('wxperm-ignore-next-line without rule ids silences every rule on the next line only', () => {
  const dir = copyExample();
  edit(dir, 'app/express.py', (t) => t.replace('    url = f"{API}', '    # wxperm-ignore-next-line\n    url = f"{API}'));
  edit(dir, 'internal/wxa/code.go', (t) => t.replace('\tillegalRecordsURL', '\t// wxperm-ignore-next-line -- reviewed, shop C only\n\tillegalRecordsURL'));
  const r = cli(['check'], dir);
  assert.deepEqual(findings(r.stdout), ['app/express.py:15 not-granted', 'src/qrcode.ts:20 needs-confirmation', 'src/qrcode.ts:20 agreement-required']);
});

test('wxperm-ignore-next-line with rule ids silences only those rules', () => {
  const dir = copyExample();
  edit(dir, 'internal/wxa/code.go', (t) => t.replace('\tillegalRecordsURL', '\t// wxperm-ignore-next-line mutex-set\n\tillegalRecordsURL'));
  edit(dir, 'src/qrcode.ts', (t) => t.replace('  const { data } = await axios.post(`https://api.weixin.qq.com/wxaapi', '  // wxperm-ignore-next-line needs-confirmation, agreement-required\n  const { data } = await axios.post(`https://api.weixin.qq.com/wxaapi'));
  edit(dir, 'app/express.py', (t) => t.replace('    url = f"{API}', '    # wxperm-ignore-next-line mutex-set\n    url = f"{API}'));
  const r = cli(['check'], dir);
  assert.deepEqual(findings(r.stdout), ['app/express.py:9 not-granted', 'app/express.py:15 not-granted', 'internal/wxa/code.go:10 not-granted']);
  assert.equal(r.status, 1);
});

test('wxperm-ignore-file with and without rule ids', () => {
  const dir = copyExample();
  edit(dir, 'internal/wxa/code.go', (t) => t.replace('package wxa\n', 'package wxa\n\n// wxperm-ignore-file\n'));
  edit(dir, 'src/qrcode.ts', (t) => `/* wxperm-ignore-file needs-confirmation */\n${t}`);
  const r = cli(['check'], dir);
  assert.deepEqual(findings(r.stdout), ['app/express.py:8 not-granted', 'app/express.py:14 not-granted', 'src/qrcode.ts:21 agreement-required']);
  // and the JSON and SARIF forms agree
  assert.equal(JSON.parse(cli(['check', '--format', 'json'], dir).stdout).findings.length, 3);
  assert.equal(JSON.parse(cli(['check', '--format', 'sarif'], dir).stdout).runs[0].results.length, 3);
});

test('a marker inside a string literal or a misspelt rule id silences nothing', () => {
  const dir = copyExample();
  edit(dir, 'app/express.py', (t) => t.replace('    url = f"{API}', '    note = "# wxperm-ignore-next-line"\n    url = f"{API}'));
  edit(dir, 'internal/wxa/code.go', (t) => t.replace('\tillegalRecordsURL', '\t// wxperm-ignore-next-line not-grantd\n\tillegalRecordsURL'));
  const r = cli(['check'], dir);
  assert.equal(findings(r.stdout).length, 6);
});
