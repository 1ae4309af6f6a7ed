// The `wxperm.*` settings as the server and the CLI understand them, and how they arrive:
// `workspace/configuration` (section `wxperm`), `initializationOptions`, `didChangeConfiguration`.
// Pure: no LSP import, so the CLI and the tests can use it.
import type { RuleId, SeveritySetting } from './core/model';
import type { Locale } from './core/types';
import { toLocale as coreLocale } from './core/messages';

export interface WxpermSettings {
  /** `wxperm.grants`: a bare list of set ids, or a map appid → id list (like wxperm.json's). */
  grants?: unknown;
  /** `wxperm.authorization`: saved api_query_auth responses (paths) or a map appid → path / id list. */
  authorization?: unknown;
  /** `wxperm.rules`: rule id → severity or `off`. */
  rules?: Partial<Record<RuleId, SeveritySetting>>;
  /** `wxperm.maxFileSize`: bytes; larger documents are not checked. */
  maxFileSize?: number;
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

const RULE_IDS: readonly RuleId[] = ['not-granted', 'mutex-set', 'agreement-required', 'unknown-set', 'needs-confirmation', 'unused-grant', 'invalid-config'];
const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Accepts what clients send: the `wxperm` section itself, `{ wxperm: {...} }`, `{ settings: { wxperm } }`,
 * or flat dotted keys (`{ "wxperm.grants": [...] }`). Anything unusable is dropped, never thrown.
 */
export function normalizeSettings(raw: unknown): WxpermSettings {
  if (!isObject(raw)) return {};
  let section: Record<string, unknown> = raw;
  if (isObject(raw.settings)) return normalizeSettings(raw.settings);
  if (isObject(raw.wxperm)) section = raw.wxperm;
  else {
    const dotted = Object.keys(raw).filter((k) => k.startsWith('wxperm.'));
    if (dotted.length) section = Object.fromEntries(dotted.map((k) => [k.slice('wxperm.'.length), raw[k]]));
  }
  const out: WxpermSettings = {};
  if (section.grants !== undefined && section.grants !== null) out.grants = section.grants;
  if (section.authorization !== undefined && section.authorization !== null) out.authorization = section.authorization;
  if (isObject(section.rules)) {
    const rules: Partial<Record<RuleId, SeveritySetting>> = {};
    for (const [k, v] of Object.entries(section.rules)) {
      if ((RULE_IDS as string[]).includes(k) && typeof v === 'string' && (SEVERITIES as string[]).includes(v)) rules[k as RuleId] = v as SeveritySetting;
    }
    out.rules = rules;
  }
  if (typeof section.maxFileSize === 'number' && Number.isFinite(section.maxFileSize) && section.maxFileSize > 0) out.maxFileSize = section.maxFileSize;
  return out;
}

/** Settings that are empty (nothing configured) look the same however they were sent. */
export function isEmptyGrantSettings(s: WxpermSettings): boolean {
  return s.grants === undefined && s.authorization === undefined;
}

/** 'zh-cn' for any zh* locale, else 'en'. */
/** A locale a client sent; undefined when it sent none. The rule itself is the core's (messages.ts). */
export function toLocale(raw: unknown): Locale | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  return coreLocale(raw);
}

/** The locale from `initialize`: `initializationOptions.locale` (explicit) over `params.locale`, default en. */
export function localeFrom(paramsLocale: unknown, initializationOptions: unknown): Locale {
  const fromOptions = isObject(initializationOptions) ? toLocale(initializationOptions.locale) : undefined;
  return fromOptions ?? toLocale(paramsLocale) ?? 'en';
}

/** A stable key for caching what settings resolve to. */
export function settingsKey(s: WxpermSettings): string {
  return JSON.stringify([s.grants ?? null, s.authorization ?? null, s.rules ?? null]);
}

/** A line this long means generated or minified text. */
export const MAX_LINE_LENGTH = 20_000;
/** Lines averaging more than this (in a text of at least MIN_TEXT_FOR_AVERAGE characters) mean minified. */
export const MAX_AVERAGE_LINE_LENGTH = 1_000;
/** Short texts (a compact saved response on one line) are never called minified by their average. */
export const MIN_TEXT_FOR_AVERAGE = 50_000;

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * Why a document is not checked, or undefined: over `maxBytes` (UTF-8), or minified (a line over
 * 20,000 characters, or lines averaging over 1,000 characters in a text of 50,000 or more).
 */
export function skipReason(text: string, maxBytes: number = DEFAULT_MAX_FILE_SIZE): string | undefined {
  // A UTF-16 unit is at most 3 UTF-8 bytes: only count bytes when the limit can be reached.
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) return `it is ${formatBytes(bytes)}, over wxperm.maxFileSize (${formatBytes(maxBytes)})`;
  }
  if (text.length <= MAX_LINE_LENGTH) return undefined;
  let lines = 0;
  let start = 0;
  let longest = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    if (nl - start > longest) longest = nl - start;
    lines++;
    start = nl + 1;
  }
  if (longest > MAX_LINE_LENGTH) return `it looks minified (a line of ${longest.toLocaleString('en')} characters)`;
  if (text.length >= MIN_TEXT_FOR_AVERAGE && text.length / lines > MAX_AVERAGE_LINE_LENGTH) return `it looks minified (lines average ${Math.round(text.length / lines).toLocaleString('en')} characters)`;
  return undefined;
}
