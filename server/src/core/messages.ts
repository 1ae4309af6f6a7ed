// Localisation for everything the core says. Translations are keyed by the English text (the VS Code
// l10n convention), so English needs no table and a missing Chinese string falls back to English.
// Each module declares its own strings with `defineStrings` beside the code that uses them; this file
// only owns the registry, so nobody has to edit it to add a string.
import * as l10n from '@vscode/l10n';
import { RULES } from './rules';
import type { Locale } from './types';

export type Arg = string | number | boolean;

/** Formats one of the strings a module declared, in the locale asked for. */
export type Localiser<K extends string> = (locale: Locale, en: K, ...args: Arg[]) => string;

const zhByEn = new Map<string, string>();
const conflicts: string[] = [];
const EN_BUNDLE: Record<string, string> = Object.freeze({}) as Record<string, string>;
let zhCache: Record<string, string> | undefined;

function register(en: string, zh: string): void {
  const known = zhByEn.get(en);
  if (known === undefined) {
    zhByEn.set(en, zh);
    zhCache = undefined;
  } else if (known !== zh) {
    // First one wins: throwing here would take the language server down at import time.
    conflicts.push(en);
  }
}

/**
 * Declare English → Simplified Chinese strings and get a localiser typed to exactly those keys.
 * Call it at module level in the module that owns the strings.
 */
export function defineStrings<K extends string>(table: Record<K, string>): Localiser<K> {
  for (const en of Object.keys(table) as K[]) register(en, table[en]);
  return (locale, en, ...args) => t(locale, en, ...args);
}

/** The text in the given locale; `{0}`, `{1}` … are replaced by `args`. */
export function t(locale: Locale | undefined, en: string, ...args: Arg[]): string {
  // @vscode/l10n keeps one global bundle, so set it on every call: two locales may be served at once.
  l10n.config({ contents: locale === 'zh-cn' ? zhContents() : EN_BUNDLE });
  return l10n.t(en, ...args);
}

function zhContents(): Record<string, string> {
  return (zhCache ??= Object.fromEntries(zhByEn));
}

/** Every registered translation, keys sorted: the content of `l10n/bundle.l10n.zh-cn.json`. */
export function zhBundle(): Record<string, string> {
  return Object.fromEntries([...zhByEn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** English keys registered twice with different translations (a test keeps this empty). */
export function stringConflicts(): readonly string[] {
  return conflicts;
}

/** The core's locale for a VS Code / LSP locale string: Simplified Chinese variants → `zh-cn`, all else English. */
export function toLocale(raw: string | undefined): Locale {
  return raw && /^zh(?:[-_](?:cn|sg|hans(?:[-_](?:cn|sg))?))?$/i.test(raw.trim()) ? 'zh-cn' : 'en';
}

for (const rule of Object.values(RULES)) {
  register(rule.title.en, rule.title.zh);
  register(rule.message.en, rule.message.zh);
}
