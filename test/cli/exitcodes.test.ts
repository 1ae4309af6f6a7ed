// Every exit code `wxperm --help` documents, one case each, and the message that goes with it:
// 0 clean / found / done, 1 findings (errors, warnings over --max-warnings) / nothing found /
// missing sets with --fail-on-missing, 2 bad usage, bad config or baseline, unreadable path,
// internal error (one line, the stack only with WXPERM_DEBUG=1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers/catalog';

const EXAMPLE = path.join(ROOT, 'examples', 'platform-backend');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = ROOT, extra: SpawnSyncOptions = {}, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, WXPERM_LOCALE: 'en', WXPERM_DEBUG: '', ...env }, ...extra });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function project(grants?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-exit-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  if (grants !== undefined) fs.writeFileSync(path.join(dir, 'wxperm.json'), grants);
  return dir;
}

const ALL_GRANTED = '{ "grants": [17, 18, 19, 30, 45, 52, 71, 76] }';

/** No JavaScript stack frames in what a user sees. */
function noStack(s: string): void {
  assert.doesNotMatch(s, /\n\s+at .+:\d+:\d+/);
}

test('exit 0: check on a clean project, help, lookup found, scan, inventory', () => {
  const clean = project(ALL_GRANTED);
  const r = run(['check'], clean);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stderr, /wxperm: 0 errors, 0 warnings, 1 infos, 0 hints/);
  assert.equal(run(['--help']).status, 0);
  assert.equal(run(['help']).status, 0);
  assert.equal(run(['lookup', 'getwxacodeunlimit']).status, 0);
  assert.equal(run(['scan', 'examples/platform-backend']).status, 0);
  assert.equal(run(['inventory', 'examples/platform-backend']).status, 0, 'missing sets without --fail-on-missing are information');
});

test('exit 0: information and hints never fail; warnings do not fail without --max-warnings', () => {
  const dir = project(ALL_GRANTED.replace(']', ', 9999]'));
  const r = run(['check'], dir);
  assert.match(r.stdout, /warning unknown-set/);
  assert.equal(r.status, 0);
  assert.equal(run(['check', '--max-warnings', '1'], dir).status, 0, 'as many warnings as allowed');
});

test('exit 1: errors; warnings over --max-warnings; lookup finds nothing; inventory --fail-on-missing', () => {
  const errors = run(['check', 'examples/platform-backend']);
  assert.equal(errors.status, 1);
  assert.match(errors.stderr, /3 errors/);
  const dir = project(ALL_GRANTED.replace(']', ', 9999]'));
  const over = run(['check', '--max-warnings', '0'], dir);
  assert.equal(over.status, 1);
  assert.match(over.stderr, /0 errors, 1 warnings/);
  const none = run(['lookup', 'definitely-not-an-interface-xyz']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /nothing in the catalog matches/);
  assert.equal(run(['inventory', 'examples/platform-backend', '--fail-on-missing']).status, 1);
});

test('exit 2: bad usage, with one clear message and a pointer to --help', () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['check', '--bogus'], /Unknown option '--bogus'/],
    [['check', '--format', 'xml'], /--format must be text or json, or sarif for code scanning; not 'xml'/],
    [['check', '--max-warnings', 'many'], /--max-warnings takes a whole number, not 'many'/],
    [['check', '--max-warnings', '1.5'], /--max-warnings takes a whole number/],
    [['check', '--max-warnings', '-1'], /--max-warnings.*ambiguous|--max-warnings takes/],
    [['check', '--locale', 'fr'], /--locale must be en or zh-cn, not 'fr'/],
    [['check', '--baseline'], /--baseline <value>' argument missing/],
    [['inventory', '--locale', 'de'], /--locale must be en or zh-cn/],
    [['inventory', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['lookup'], /lookup needs a query/],
  ];
  for (const [args, msg] of cases) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg, args.join(' '));
    assert.match(r.stderr, /wxperm --help/, args.join(' '));
    noStack(r.stderr);
    assert.equal(r.stdout, '', args.join(' '));
  }
  const bare = run([]);
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /^usage: wxperm <command>/);
});

test('exit 2: a configuration that cannot be used (syntax, schema, missing authorization file)', () => {
  for (const text of ['{ "grants": [17, 18,, ] ', '{ "grants": "all" }', '{ "authorization": "auth/nope.json" }']) {
    const dir = project(text);
    const r = run(['check'], dir);
    assert.equal(r.status, 2, text);
    assert.match(r.stdout, /^wxperm\.json:1:\d+ error invalid-config /, text);
    assert.match(r.stderr, /the configuration cannot be used/);
    assert.equal(run(['check', '--format', 'json'], dir).status, 2);
    assert.equal(run(['inventory'], dir).status, 2);
  }
});

test('exit 2: --config that is missing, a folder, or broken', () => {
  const dir = project();
  const missing = run(['check', '--config', 'nope/wxperm.json'], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^wxperm: cannot read --config nope\/wxperm\.json: no such file$/m);
  const folder = run(['check', '--config', 'auth'], dir);
  assert.equal(folder.status, 2);
  assert.match(folder.stderr, /--config auth is a folder; name the wxperm\.json file/);
  fs.writeFileSync(path.join(dir, 'other.json'), '{ nope');
  const broken = run(['check', '--config', 'other.json'], dir);
  assert.equal(broken.status, 2);
  assert.match(broken.stdout, /other\.json:1:\d+ error invalid-config/);
});

test('exit 2: a path that does not exist or cannot be read', () => {
  for (const cmd of ['check', 'scan', 'inventory']) {
    const r = run([cmd, 'examples/no-such-folder']);
    assert.equal(r.status, 2, cmd);
    assert.match(r.stderr, /^wxperm: no such file or folder: examples\/no-such-folder$/m, cmd);
    noStack(r.stderr);
  }
  // permission denied: root reads everything, so run as nobody there
  const dir = project(ALL_GRANTED);
  fs.chmodSync(dir, 0o755);
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) fs.chmodSync(path.join(dir, f), fs.statSync(path.join(dir, f)).isDirectory() ? 0o755 : 0o644);
  const secret = path.join(dir, 'app', 'express.py');
  const locked = path.join(dir, 'internal');
  fs.chmodSync(secret, 0o000);
  fs.chmodSync(locked, 0o000);
  const asRoot = process.getuid?.() === 0;
  const asUser: SpawnSyncOptions = asRoot ? { uid: 65534, gid: 65534, cwd: dir } : {};
  // nobody may not be able to enter the checkout (a clone in a private temp dir): give it its own copy of
  // the bundle, in a folder it can read, and run that.
  const bundle = asRoot ? fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-bundle-')) : undefined;
  if (bundle) {
    fs.chmodSync(bundle, 0o755);
    for (const f of ['cli.js', 'catalog.json']) fs.copyFileSync(path.join(path.dirname(CLI), f), path.join(bundle, f));
    for (const f of fs.readdirSync(bundle)) fs.chmodSync(path.join(bundle, f), 0o644);
  }
  const runAs = (args: string[]) => {
    if (!bundle) return run(args, ROOT, asUser);
    const r = spawnSync(process.execPath, [path.join(bundle, 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, WXPERM_LOCALE: 'en', WXPERM_DEBUG: '' }, ...asUser });
    return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  try {
    const file = runAs(['check', secret]);
    assert.equal(file.status, 2, file.stderr);
    assert.match(file.stderr, /^wxperm: cannot read .*express\.py: permission denied$/m);
    const folder = runAs(['inventory', locked]);
    assert.equal(folder.status, 2, folder.stderr);
    assert.match(folder.stderr, /^wxperm: cannot read .*internal: permission denied$/m);
    // an unreadable file met while walking a readable folder is skipped with a notice, not fatal
    const walk = runAs(['check', path.join(dir, 'app'), path.join(dir, 'src')]);
    assert.equal(walk.status, 0, walk.stderr);
    assert.match(walk.stderr, /skipped .*express\.py \(unreadable: permission denied\)/);
  } finally {
    fs.chmodSync(secret, 0o644);
    fs.chmodSync(locked, 0o755);
    if (bundle) fs.rmSync(bundle, { recursive: true, force: true });
  }
});

test('exit 2: a baseline that cannot be used', () => {
  const dir = project();
  assert.equal(run(['check', '--baseline', 'missing.json'], dir).status, 2);
  fs.writeFileSync(path.join(dir, 'b.json'), '[]');
  const r = run(['check', '--baseline', 'b.json'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a wxperm baseline/);
});

test('exit 2: an internal error is one line without a stack, unless WXPERM_DEBUG=1', () => {
  // a broken install: the CLI bundle beside a catalog index that is not JSON
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxperm-broken-'));
  fs.copyFileSync(CLI, path.join(dir, 'cli.js'));
  fs.writeFileSync(path.join(dir, 'catalog.json'), '{ "version": 1, "sets": [');
  const broken = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, WXPERM_DEBUG: '', ...env } });
    return { status: r.status, stderr: r.stderr, stdout: r.stdout };
  };
  for (const args of [['check', 'examples/platform-backend'], ['lookup', '17'], ['inventory', 'examples/platform-backend'], ['scan', 'examples/platform-backend']]) {
    const r = broken(args);
    assert.equal(r.status, 2, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^wxperm: internal error: .*JSON.* \(WXPERM_DEBUG=1 shows the stack\)$/);
    assert.equal(r.stdout, '');
  }
  const debug = broken(['lookup', '17'], { WXPERM_DEBUG: '1' });
  assert.equal(debug.status, 2);
  assert.match(debug.stderr, /^wxperm: internal error: SyntaxError: .*JSON/);
  assert.match(debug.stderr, /\n\s+at .+:\d+:\d+/);
});

// ---------------------------------------------------------------------------------------------------
// The text form is what VS Code's `$wxperm` problem matcher (package.json) reads

function matcher() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const m = pkg.contributes.problemMatchers.find((x: { name: string }) => x.name === 'wxperm');
  return { re: new RegExp(m.pattern.regexp), p: m.pattern as Record<string, number> };
}

/** VS Code's ProblemMatcher severity parsing (Severity.fromValue plus its E/W/I/hint/note fallbacks). */
function vscodeSeverity(value: string): 'Error' | 'Warning' | 'Info' {
  const v = value.toLowerCase();
  if (v === 'error' || value === 'E') return 'Error';
  if (v === 'warning' || v === 'warn' || value === 'W') return 'Warning';
  if (v === 'info' || value === 'I' || v === 'hint' || v === 'note') return 'Info';
  return 'Error'; // anything else falls back to the matcher's severity, Error by default
}

test('every line `check` prints is read by the $wxperm problem matcher: file, line, column, code, message', () => {
  const { re, p } = matcher();
  const text = run(['check', 'examples/platform-backend']).stdout.trim().split('\n');
  const json = JSON.parse(run(['check', 'examples/platform-backend', '--format', 'json']).stdout).findings;
  assert.equal(text.length, json.length);
  text.forEach((line, i) => {
    const m = re.exec(line);
    assert.ok(m, line);
    assert.equal(m[p.file], json[i].file);
    assert.equal(Number(m[p.line]), json[i].range.start.line + 1);
    assert.equal(Number(m[p.column]), json[i].range.start.character + 1);
    assert.equal(m[p.code], json[i].rule);
    assert.equal(m[p.message], json[i].message);
  });
  // the summary and notices on stderr are not problems
  assert.equal(re.exec('wxperm: 3 errors, 1 warnings, 1 infos, 1 hints'), null);
});

test('the $wxperm matcher gives information findings Info severity, not Error', () => {
  const { re, p } = matcher();
  const m = re.exec('src/qrcode.ts:20:63 information agreement-required relies on set 52')!;
  assert.equal(vscodeSeverity(m[p.severity]), 'Info');
});
