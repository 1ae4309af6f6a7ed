// The wxperm command line: the same core the language server runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from './catalogFile';
import { formatLookup, lookup } from './cli/lookup';
import { ConfigError, defaultJobs, runProject } from './cli/project';
import { isWorkerSetup, serveScans } from './cli/scanWorker';
import { checkJson, checkText, scanJson, scanText, summary } from './cli/format';
import { applyBaseline, BaselineError, createBaseline, readBaseline, writeBaseline } from './cli/baseline';
import { buildInventory, hasMissing, inventoryText } from './cli/inventory';
import { toSarif } from './cli/sarif';
import type { Locale } from './core/types';
import { toLocale } from './core/messages';

export const USAGE = `usage: wxperm <command> [options]
  scan [paths…] [--json] [--stats] [--jobs N]
                              every reference to a WeChat interface or a set id
  check [paths…] [--config FILE] [--format text|json|sarif] [--max-warnings N] [--locale en|zh-cn] [--stats]
        [--baseline FILE] [--write-baseline FILE] [--jobs N]
                              findings: interfaces whose sets are not granted, mutex sets, agreements, …
                              --baseline FILE drops the findings FILE records (rule + file + interface, with counts);
                              --write-baseline FILE records today's findings there and exits 0
  inventory [paths…] [--config FILE] [--json] [--locale en|zh-cn] [--fail-on-missing] [--stats] [--jobs N]
                              the sets the code needs, granted, missing per authorizer, unused grants,
                              and a ready category_id_list= value for the authorization link
  lookup <query> [--json]     what the catalog knows about a path, API name, SDK alias, title or set id
--stats: files, bytes, seconds and MB/s on stderr; --jobs N: threads that read and judge files on big trees
         (default: one per core but one, at most 4; 1 keeps everything in one thread)
config: the nearest wxperm.json at or above each path (or --config), exactly as the editor resolves it
exit codes: 0 clean (check), found (lookup), done (scan, inventory)
            1 check: errors, or more warnings than --max-warnings; lookup: nothing found;
              inventory --fail-on-missing: a needed set is missing
            2 bad usage, a configuration or baseline that cannot be used, a path that cannot be read,
              an internal error (one line; WXPERM_DEBUG=1 prints the stack)`;

/** Bad flags or arguments: the message and a pointer to --help, exit 2. */
export class UsageError extends Error {}
/** A path, config or baseline that cannot be used: the message alone, exit 2. */
export class InputError extends Error {}

type Print = (s: string) => void;

export async function main(argv: string[], out: Print = (s) => process.stdout.write(s + '\n'), err: Print = (s) => process.stderr.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lookup': return runLookup(rest, out, err);
      case 'scan': return await runScan(rest, out, err);
      case 'check': return await runCheck(rest, out, err);
      case 'inventory': return await runInventory(rest, out, err);
      case '-h': case '--help': case 'help':
        out(USAGE);
        return 0;
      case undefined:
        err(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    return reportError(e, err);
  }
}

/** Exit 2 for every failure, with one clear line (and a pointer to --help for bad flags). */
export function reportError(e: unknown, err: Print): number {
  const error = e instanceof Error ? e : new Error(String(e));
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    err(`wxperm: ${error.message.trim().replace(/\s*\n\s*/g, ' ')}\n(wxperm --help lists the commands and their options)`);
    return 2;
  }
  if (error instanceof InputError || error instanceof BaselineError) {
    err(`wxperm: ${error.message}`);
    return 2;
  }
  const io = ioMessage(error as NodeJS.ErrnoException);
  if (io) {
    err(`wxperm: ${io}`);
    return 2;
  }
  if (process.env.WXPERM_DEBUG === '1') err(`wxperm: internal error: ${error.stack ?? error.message}`);
  else err(`wxperm: internal error: ${firstLine(error.message)} (WXPERM_DEBUG=1 shows the stack)`);
  return 2;
}

function firstLine(s: string): string {
  return s.split(/\r?\n/).find((l) => l.trim())?.trim() ?? 'unknown error';
}

const IO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder', EACCES: 'permission denied', EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file', ENOTDIR: 'not a folder', ELOOP: 'too many symbolic links', EMFILE: 'too many open files',
};

function ioMessage(e: NodeJS.ErrnoException): string | undefined {
  const word = e.code ? IO_WORDS[e.code] : undefined;
  return word ? `cannot read ${e.path ?? 'a file'}: ${word}` : undefined;
}

/** Paths given on the command line must exist and be readable: a typo is exit 2, not a clean run. */
function checkPaths(paths: readonly string[]): void {
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      throw new InputError((e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file or folder: ${p}` : `cannot read ${p}: ${IO_WORDS[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message}`);
    }
    try {
      fs.accessSync(p, stat.isDirectory() ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
    } catch {
      throw new InputError(`cannot read ${p}: permission denied`);
    }
  }
}

function checkConfigFile(file: string | undefined): void {
  if (file === undefined) return;
  if (!file) throw new UsageError('--config needs a file');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputError(`cannot read --config ${file}: no such file`);
  }
  if (stat.isDirectory()) throw new InputError(`--config ${file} is a folder; name the wxperm.json file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new InputError(`cannot read --config ${file}: permission denied`);
  }
}

function runLookup(args: string[], out: Print, err: Print): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError('lookup needs a query: a path, an API name, an SDK method, a title or a set id');
  const result = lookup(loadCatalog(), query);
  if (values.json) out(JSON.stringify(result, null, 2));
  else if (result.matches.length) out(formatLookup(result));
  if (!result.matches.length && !values.json) err(`wxperm: nothing in the catalog matches '${query}'`);
  return result.matches.length ? 0 : 1;
}

/**
 * --locale, else WXPERM_LOCALE, else the POSIX locale variables (LC_ALL, LC_MESSAGES, LANG), else the
 * system's; mapped by the same rule as the editor's (core/messages.ts: Simplified Chinese or English).
 */
export function localeOf(v: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  if (v && !/^(en|zh-cn)$/i.test(v)) throw new UsageError(`--locale must be en or zh-cn, not '${v}'`);
  const posix = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((x) => x && x !== 'C' && x !== 'POSIX' && !x.startsWith('C.'));
  // Intl only when nothing else says: it loads the ICU data (30 ms, measured).
  const raw = v ?? env.WXPERM_LOCALE ?? posix ?? Intl.DateTimeFormat().resolvedOptions().locale;
  return toLocale(raw.split(/[.@]/)[0]);
}

function skippedLines(skipped: { file: string; reason: string; detail?: string }[], err: Print): void {
  for (const s of skipped) err(`wxperm: skipped ${s.file} (${s.reason}${s.detail ? `: ${s.detail}` : ''})`);
}

async function runScan(args: string[], out: Print, err: Print): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, stats: { type: 'boolean' }, jobs: { type: 'string' } }, allowPositionals: true });
  const paths = positionals.length ? positionals : ['.'];
  const jobs = jobsOf(values.jobs);
  checkPaths(paths);
  const r = await runProject({ paths, locale: 'en', judge: false, ...jobs }, loadCatalog());
  if (values.json) out(JSON.stringify(scanJson(r.references, process.cwd()), null, 2));
  else if (r.references.length) out(scanText(r.references, process.cwd()));
  if (values.stats) statsLine(r.stats, r.skipped.length, err);
  return 0;
}

function statsLine(s: { files: number; bytes: number; seconds: number; jobs: number }, skipped: number, err: Print): void {
  const mb = s.bytes / 1e6;
  err(`wxperm: ${s.files} files, ${s.bytes} bytes, ${skipped} skipped, ${s.seconds.toFixed(3)} s, ${(mb / Math.max(s.seconds, 1e-9)).toFixed(1)} MB/s, ${s.jobs} ${s.jobs === 1 ? 'thread' : 'threads'}`);
}

/**
 * --jobs: how many scan workers a big run may use. Workers run this same bundle; from TypeScript
 * sources (tests under tsx) there is no bundle to start, so everything stays in the main thread.
 */
function jobsOf(v: string | undefined): { jobs: number; workerScript?: string } {
  if (v !== undefined && !/^[1-9]\d{0,2}$/.test(v)) throw new UsageError(`--jobs takes a whole number from 1 to 999, not '${v}'`);
  const jobs = v === undefined ? defaultJobs() : Number(v);
  return __filename.endsWith('.js') ? { jobs, workerScript: __filename } : { jobs: 1 };
}

async function runCheck(args: string[], out: Print, err: Print): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      config: { type: 'string' }, format: { type: 'string', default: 'text' }, 'max-warnings': { type: 'string' },
      locale: { type: 'string' }, stats: { type: 'boolean' }, json: { type: 'boolean' },
      baseline: { type: 'string' }, 'write-baseline': { type: 'string' }, jobs: { type: 'string' },
    },
    allowPositionals: true,
  });
  const format = values.json ? 'json' : values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text or json, or sarif for code scanning; not '${format}'`);
  const maxWarnings = values['max-warnings'] === undefined ? Infinity : /^\d+$/.test(values['max-warnings']) ? Number(values['max-warnings']) : NaN;
  if (Number.isNaN(maxWarnings)) throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
  const locale = localeOf(values.locale);
  if (values.baseline === '') throw new UsageError('--baseline needs a file');
  if (values['write-baseline'] === '') throw new UsageError('--write-baseline needs a file');
  const jobs = jobsOf(values.jobs);
  const paths = positionals.length ? positionals : ['.'];
  checkPaths(paths);
  checkConfigFile(values.config);
  // Read the baseline first: a broken one fails fast, before the walk.
  const baseline = values.baseline ? readBaseline(values.baseline) : undefined;
  const cwd = process.cwd();
  let r;
  try {
    r = await runProject({ paths, configFile: values.config, locale, judge: true, keepReferences: false, ...jobs }, loadCatalog());
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    if (format === 'json') out(JSON.stringify(checkJson(e.findings, cwd), null, 2));
    else if (format === 'sarif') out(JSON.stringify(toSarif(e.findings, { cwd, executionSuccessful: false }), null, 2));
    else out(checkText(e.findings, cwd));
    err('wxperm: the configuration cannot be used; fix the errors above');
    return 2;
  }
  if (values['write-baseline']) {
    const file = values['write-baseline'];
    const written = createBaseline(r.findings, path.dirname(path.resolve(file)));
    writeBaseline(file, written);
    const files = new Set(written.entries.map((e) => e.file)).size;
    err(`wxperm: wrote ${file}: ${r.findings.length} findings in ${files} files are now baselined`);
    skippedLines(r.skipped.filter((s) => s.reason !== 'binary'), err);
    return 0;
  }
  let visible = r.findings;
  let baselined = 0;
  let stale = 0;
  if (baseline && values.baseline) {
    const roots = paths.map((p) => path.resolve(p));
    const inScope = (file: string) => roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
    const applied = applyBaseline(visible, baseline, path.dirname(path.resolve(values.baseline)), inScope);
    visible = applied.findings;
    baselined = applied.baselined;
    stale = applied.stale;
  }
  if (format === 'json') out(JSON.stringify({ ...checkJson(visible, cwd), ...(baseline ? { baselined } : {}) }, null, 2));
  else if (format === 'sarif') out(JSON.stringify(toSarif(visible, { cwd, skipped: r.skipped, baselined }), null, 2));
  else {
    if (visible.length) out(checkText(visible, cwd));
    err(summary(visible) + (baseline ? `, ${baselined} baselined` : ''));
  }
  if (stale) err(`wxperm: ${stale} baselined findings no longer occur; run with --write-baseline ${values.baseline} to drop them`);
  skippedLines(r.skipped.filter((s) => s.reason !== 'binary'), err);
  if (values.stats) statsLine(r.stats, r.skipped.length, err);
  const errors = visible.filter((f) => f.finding.severity === 'error').length;
  const warnings = visible.filter((f) => f.finding.severity === 'warning').length;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

async function runInventory(args: string[], out: Print, err: Print): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: 'string' }, json: { type: 'boolean' }, locale: { type: 'string' }, 'fail-on-missing': { type: 'boolean' }, stats: { type: 'boolean' }, jobs: { type: 'string' } },
    allowPositionals: true,
  });
  const locale = localeOf(values.locale);
  const jobs = jobsOf(values.jobs);
  const paths = positionals.length ? positionals : ['.'];
  checkPaths(paths);
  checkConfigFile(values.config);
  const catalog = loadCatalog();
  const r = await runProject({ paths, configFile: values.config, locale, judge: false, ...jobs }, catalog);
  const cwd = process.cwd();
  const bad = r.configs.flatMap((c) => c.findings.filter((f) => f.rule === 'invalid-config').map((finding) => ({ file: finding.file ?? c.configPath ?? c.folder, finding })));
  if (bad.length) {
    err(checkText(bad, cwd));
    err('wxperm: the configuration cannot be used; fix the errors above');
    return 2;
  }
  const report = buildInventory(r.references, r.configs, catalog, cwd, locale);
  out(values.json ? JSON.stringify(report, null, 2) : inventoryText(report));
  skippedLines(r.skipped.filter((s) => s.reason !== 'binary'), err);
  if (values.stats) statsLine(r.stats, r.skipped.length, err);
  return values['fail-on-missing'] && hasMissing(report) ? 1 : 0;
}

if (!isMainThread && parentPort && isWorkerSetup(workerData)) {
  serveScans(parentPort, workerData);
} else if (require.main === module) {
  const fail = (e: unknown) => { process.exitCode = reportError(e, (s) => process.stderr.write(s + '\n')); };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, fail);
}
