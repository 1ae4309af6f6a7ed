// The wxperm command line: the same core the language server runs.
import { parseArgs } from 'node:util';
import { loadCatalog } from './catalogFile';
import { formatLookup, lookup } from './cli/lookup';

export const USAGE = `usage: wxperm <command> [options]
  lookup <query> [--json]     what the catalog knows about a path, API name, SDK alias, title or set id
exit codes: 0 found/clean, 1 nothing found/findings, 2 bad usage or config`;

export class UsageError extends Error {}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n'), err: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lookup': return runLookup(rest, out, err);
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

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
