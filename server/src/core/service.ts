// The language service: one facade over the pure core (the shape of vscode-json-languageservice).
// The LSP glue, the CLI and the tests call only this; each function is text + context in, plain results out.
// Owners: scan → scanner.ts, judge → judge.ts, hover → hover.ts, complete → completion.ts, actions → actions.ts.
import type { Catalog } from './catalog';
import type { Finding, Grants, RuleId, SeveritySetting } from './model';
import type { Locale } from './types';

export interface DocumentInput {
  uri: string;
  text: string;
  languageId?: string;
  /** File system path when the document is a file (used to tell config files apart). */
  fileName?: string;
}

export interface ServiceContext {
  catalog: Catalog;
  grants: Grants;
  rules: Partial<Record<RuleId, SeveritySetting>>;
  locale: Locale;
  /** The wxperm.json that governs this document (for quick fixes), existing or to be created. */
  configUri?: string;
  configText?: string;
}

export type { Finding };
