// The wxperm command line: the same core the language server runs.
import { parseArgs } from 'node:util';
import { loadCatalog } from './catalogFile';
import { formatLookup, lookup } from './cli/lookup';
import { ConfigError, runProject } from './cli/project';
import { checkJson, checkText, scanJson, scanText, summary } from './cli/format';
import type { Locale } from './core/types';

export const USAGE = `usage: wxperm <command> [options]
  scan [paths…] [--json]      every reference to a WeChat interface or a set id
  check [paths…] [--config FILE] [--format text|json] [--max-warnings N] [--locale en|zh-cn] [--stats]
                              findings: interfaces whose sets are not granted, mutex sets, agreements, …
  lookup <query> [--json]     what the catalog knows about a path, API name, SDK alias, title or set id
config: the nearest wxperm.json at or above each path (or --config), exactly as the editor resolves it
exit codes: 0 found/clean, 1 nothing found/findings, 2 bad usage or config`;

export class UsageError extends Error {}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n'), err: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lookup': return runLookup(rest, out, err);
      case 'scan': return await runScan(rest, out, err);
      case 'check': return await runCheck(rest, out, err);
      case undefined: case '-h': case '--help': case 'help':
        out(USAGE);
        return command ? 0 : 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`wxperm: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    err(`wxperm: internal error: ${(e as Error).message}`);
    return 2;
  }
}

function runLookup(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError('lookup needs a query: a path, an API name, an SDK method, a title or a set id');
  const result = lookup(loadCatalog(), query);
  if (values.json) out(JSON.stringify(result, null, 2));
  else if (result.matches.length) out(formatLookup(result));
  if (!result.matches.length && !values.json) err(`wxperm: nothing in the catalog matches '${query}'`);
  return result.matches.length ? 0 : 1;
}

function localeOf(v: string | undefined): Locale {
  const l = v ?? process.env.WXPERM_LOCALE ?? Intl.DateTimeFormat().resolvedOptions().locale;
  return /^zh/i.test(l ?? '') ? 'zh-cn' : 'en';
}

function skippedLines(skipped: { file: string; reason: string; detail?: string }[], err: (s: string) => void): void {
  for (const s of skipped) err(`wxperm: skipped ${s.file} (${s.reason}${s.detail ? `: ${s.detail}` : ''})`);
}

async function runScan(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, stats: { type: 'boolean' } }, allowPositionals: true });
  const r = await runProject({ paths: positionals.length ? positionals : ['.'], locale: 'en', judge: false }, loadCatalog());
  if (values.json) out(JSON.stringify(scanJson(r.references, process.cwd()), null, 2));
  else if (r.references.length) out(scanText(r.references, process.cwd()));
  if (values.stats) statsLine(r.stats, r.skipped.length, err);
  return 0;
}

function statsLine(s: { files: number; bytes: number; seconds: number }, skipped: number, err: (s: string) => void): void {
  const mb = s.bytes / 1e6;
  err(`wxperm: ${s.files} files, ${s.bytes} bytes, ${skipped} skipped, ${s.seconds.toFixed(3)} s, ${(mb / Math.max(s.seconds, 1e-9)).toFixed(1)} MB/s`);
}

async function runCheck(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      config: { type: 'string' }, format: { type: 'string', default: 'text' }, 'max-warnings': { type: 'string' },
      locale: { type: 'string' }, stats: { type: 'boolean' }, json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const format = values.json ? 'json' : values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  const maxWarnings = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
  if (values.locale && !/^(en|zh-cn)$/i.test(values.locale)) throw new UsageError(`--locale must be en or zh-cn, not '${values.locale}'`);
  let r;
  try {
    r = await runProject({ paths: positionals.length ? positionals : ['.'], configFile: values.config, locale: localeOf(values.locale), judge: true }, loadCatalog());
  } catch (e) {
    if (e instanceof ConfigError) {
      if (format === 'json') out(JSON.stringify(checkJson(e.findings, process.cwd()), null, 2));
      else out(checkText(e.findings, process.cwd()));
      err('wxperm: the configuration cannot be used; fix the errors above');
      return 2;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || /no such file/.test((e as Error).message)) throw new UsageError((e as Error).message);
    throw e;
  }
  const visible = r.findings;
  if (format === 'json') out(JSON.stringify(checkJson(visible, process.cwd()), null, 2));
  else {
    if (visible.length) out(checkText(visible, process.cwd()));
    err(summary(visible));
  }
  skippedLines(r.skipped.filter((s) => s.reason !== 'binary'), err);
  if (values.stats) statsLine(r.stats, r.skipped.length, err);
  const errors = visible.filter((f) => f.finding.severity === 'error').length;
  const warnings = visible.filter((f) => f.finding.severity === 'warning').length;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
