// The shapes that flow through the core: references found in text, grants, findings.
// Positions are LSP-style (0-based line, UTF-16 character), so the server can pass them straight on.
import type { Range } from 'vscode-languageserver-types';
import type { Locale, Resolution } from './types';

export type { Range, Position } from 'vscode-languageserver-types';

export type ReferenceKind = 'path' | 'name' | 'set-id';

/** Where a set id was seen, when it means a set. */
export type SetIdContext = 'grants' | 'funcscope' | 'category_id_list';

export interface Reference {
  kind: ReferenceKind;
  /** The path, name or id itself — not the whole string literal. */
  range: Range;
  /** UTF-16 offsets into the text, same span as `range`. */
  offset: number;
  length: number;
  /** The exact text at the range. */
  text: string;
  /** path/name: the catalog path (or family prefix) it resolved to. */
  path?: string;
  /** path/name: the official API name. */
  name?: string;
  /** Covering set ids (any-of unless allOf); for a set-id reference, just that id. */
  sets: number[];
  allOf: boolean;
  resolution?: Resolution;
  setId?: number;
  context?: SetIdContext;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export type RuleId =
  | 'not-granted'
  | 'mutex-set'
  | 'agreement-required'
  | 'unknown-set'
  | 'needs-confirmation'
  | 'unused-grant'
  | 'invalid-config';

export interface ConfirmInfo {
  needConfirm: boolean;
  alreadyConfirm: boolean;
  canConfirm: boolean;
}

export interface AuthorizerGrants {
  /** appid, or a label like `#1` for an unnamed entry of an array. */
  label: string;
  sets: ReadonlySet<number>;
  /** confirm_info per set id, where the saved response had one. */
  confirm: ReadonlyMap<number, ConfirmInfo>;
}

export interface Grants {
  /** Where the grants came from; `none` means nothing is configured and `not-granted` stays silent. */
  source: 'file' | 'settings' | 'none';
  /** The config file (or authorization file) the grants were read from. */
  file?: string;
  authorizers: AuthorizerGrants[];
}

export interface WxpermConfig {
  rules: Partial<Record<RuleId, SeveritySetting>>;
  include?: string[];
  exclude?: string[];
}

export interface FindingData {
  /** Sets that would cover the reference, best first (non-mutex, no agreement, fewer interfaces first). */
  sets?: number[];
  /** Authorizers that lack coverage, with the sets they lack. */
  missing?: { authorizer: string; sets: number[] }[];
  setId?: number;
  doc?: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  range: Range;
  message: string;
  /** The file the finding is in when it is not the scanned document (config / authorization file). */
  file?: string;
  reference?: Reference;
  data?: FindingData;
}

export interface ServiceOptions {
  locale?: Locale;
  /** Rule severities after config and settings are merged. */
  rules?: Partial<Record<RuleId, SeveritySetting>>;
}
