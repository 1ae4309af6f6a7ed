// One file's part of a CLI run: read it, scan it, judge it. The same function runs in the main thread
// for small runs and in each scan worker for big ones, so both give identical results.
import type { Catalog } from '../core/catalog';
import type { Finding, Reference } from '../core/model';
import type { Locale } from '../core/types';
import { scan } from '../core/scanner';
import { judge } from '../core/judge';
import { parseSuppressions } from '../core/suppressions';
import type { ResolvedConfig } from '../workspaceConfig';
import type { TextFileReader } from './fileReader';
import type { SkippedFile } from './walk';
import { languageIdFor } from './languages';

export interface CheckOptions {
  locale: Locale;
  judge: boolean;
  /** Return the references too (scan, inventory); check needs only the findings. */
  keepReferences: boolean;
}

/** What one file gave: plain data, so it can cross from a worker by structured clone. */
export interface FileOutcome {
  bytes: number;
  skip?: SkippedFile['reason'];
  detail?: string;
  refs?: Reference[];
  findings?: Finding[];
  /** An internal error while scanning this file (a bug): the run reports it and exits 2. */
  error?: string;
}

export function checkFile(file: string, reader: TextFileReader, resolved: ResolvedConfig, options: CheckOptions, catalog: Catalog): FileOutcome {
  const read = reader.read(file);
  if ('skip' in read) return { bytes: 0, skip: read.skip, ...(read.detail ? { detail: read.detail } : {}) };
  try {
    return { bytes: read.bytes, ...judgeText(file, read.text, resolved, options, catalog) };
  } catch (e) {
    return { bytes: read.bytes, error: `${file}: ${(e as Error).stack ?? String(e)}` };
  }
}

function judgeText(file: string, text: string, resolved: ResolvedConfig, options: CheckOptions, catalog: Catalog): Pick<FileOutcome, 'refs' | 'findings'> {
  const refs = scan(text, catalog, { fileName: file, languageId: languageIdFor(file) });
  if (!refs.length) return {};
  const out: Pick<FileOutcome, 'refs' | 'findings'> = options.keepReferences ? { refs } : {};
  if (!options.judge) return out;
  const findings = judge(refs, catalog, resolved.grants, {
    locale: options.locale,
    rules: resolved.config.rules,
    suppressions: parseSuppressions(text),
  });
  if (findings.length) out.findings = findings;
  return out;
}
