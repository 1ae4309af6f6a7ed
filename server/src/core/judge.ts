// References + grants → findings. Every rule in rules.ts that looks at code is decided here and only
// here; the server, the CLI and the tests all call `judge`, so a call is never judged two ways.
import type { Catalog } from './catalog';
import type { AuthorizerGrants, Finding, FindingData, Grants, Reference, RuleId, Severity, SeveritySetting } from './model';
import { defineStrings, t, type Arg } from './messages';
import { rankSets } from './ranking';
import { RULES, capSeverity, severityFor } from './rules';
import { isSuppressed, type Suppressions } from './suppressions';
import { splitPath } from './paths';
import type { Coverage, Locale } from './types';

export interface JudgeOptions {
  locale?: Locale;
  /** Severities from wxperm.json / settings; a missing rule keeps its default. */
  rules?: Partial<Record<RuleId, SeveritySetting>>;
  /** `wxperm-ignore` comments of the document the references come from. */
  suppressions?: Suppressions;
}

const say = defineStrings({
  'set {0} ({1})': '权限集 {0}（{1}）',
  'set {0}': '权限集 {0}',
  '{0} or {1}': '{0}或{1}',
  '{0} and {1}': '{0}和{1}',
  '{0}, {1}': '{0}、{1}',
  ' by {0}': '授权方 {0} ',
  ' for {0}': '（授权方 {0}）',
  '{0} ({1})': '{0}（{1}）',
  '{0} (under {1})': '{0}（属于 {1}）',
  'the service agreement “{0}”': '服务协议{0}',
  'its service agreement': '其服务协议',
});

interface Ctx {
  catalog: Catalog;
  grants: Grants;
  /** Grants that can judge: configured and naming at least one authorizer. */
  authorizers: readonly AuthorizerGrants[];
  locale: Locale;
  rules: Partial<Record<RuleId, SeveritySetting>>;
}

export function judge(refs: readonly Reference[], catalog: Catalog, grants: Grants, options: JudgeOptions = {}): Finding[] {
  const ctx: Ctx = {
    catalog,
    grants,
    authorizers: grants.source === 'none' ? [] : grants.authorizers,
    locale: options.locale ?? 'en',
    rules: options.rules ?? {},
  };
  const out: Finding[] = [];
  for (const ref of refs) {
    for (const finding of judgeOne(ref, ctx)) {
      if (!options.suppressions || !isSuppressed(options.suppressions, ref.range.start.line, finding.rule)) out.push(finding);
    }
  }
  return out;
}

function judgeOne(ref: Reference, ctx: Ctx): Finding[] {
  if (ref.kind === 'set-id') return present([unknownSet(ref, ctx)]);
  // Component-token interfaces (`sets: []`) need no set: nothing to judge.
  if (!ref.sets.length) return [];
  return present([notGranted(ref, ctx), needsConfirmation(ref, ctx), mutexSet(ref, ctx), agreementRequired(ref, ctx)]);
}

function present(list: (Finding | undefined)[]): Finding[] {
  return list.filter((f): f is Finding => !!f);
}

// ---------------------------------------------------------------------------------------------------
// Coverage against grants (exported: hover, completion and actions must agree with the judge)

export function coverageOf(ref: Pick<Reference, 'sets' | 'allOf'>): Coverage {
  return { sets: ref.sets, allOf: ref.allOf };
}

/** Whether these granted sets make the call work. */
export function isCovered(granted: ReadonlySet<number>, coverage: Coverage): boolean {
  return coverage.allOf ? coverage.sets.every((id) => granted.has(id)) : coverage.sets.some((id) => granted.has(id));
}

/** Per authorizer that lacks coverage, the sets it would need: the missing ones (all-of) or any (any-of), ranked. */
export function missingByAuthorizer(catalog: Catalog, grants: Grants, coverage: Coverage): { authorizer: string; sets: number[] }[] {
  if (grants.source === 'none' || !coverage.sets.length) return [];
  return grants.authorizers
    .filter((a) => !isCovered(a.sets, coverage))
    .map((a) => ({ authorizer: a.label, sets: rankSets(catalog, coverage.allOf ? coverage.sets.filter((id) => !a.sets.has(id)) : coverage.sets) }));
}

/** Messages name authorizers when there are several, or when the one there is has a real appid. */
export function namesAuthorizers(grants: Grants): boolean {
  return grants.authorizers.length > 1 || grants.authorizers.some((a) => !a.label.startsWith('#'));
}

// ---------------------------------------------------------------------------------------------------
// Rules

function notGranted(ref: Reference, ctx: Ctx): Finding | undefined {
  const missing = missingByAuthorizer(ctx.catalog, ctx.grants, coverageOf(ref));
  if (!missing.length) return undefined;
  const ranked = rankSets(ctx.catalog, ref.sets);
  const who = namesAuthorizers(ctx.grants) ? say(ctx.locale, ' by {0}', joinAll(ctx.locale, '{0}, {1}', missing.map((m) => m.authorizer))) : '';
  const message = ruleText(ctx, 'not-granted', label(ref, ctx), setsPhrase(ctx, ranked, ref.allOf), who);
  // A low-confidence mapping is a guess: worth a warning, never a red CI.
  const ceiling: Severity | undefined = confidence(ref) === 'low' ? 'warning' : undefined;
  return finding(ctx, 'not-granted', ref, message, { sets: ranked, missing, doc: docOf(ref, ctx, ranked) }, ceiling);
}

function needsConfirmation(ref: Reference, ctx: Ctx): Finding | undefined {
  const awaiting = ctx.authorizers
    .map((a) => ({ authorizer: a.label, sets: awaitingCover(a, coverageOf(ref)) }))
    .filter((m) => m.sets.length);
  if (!awaiting.length) return undefined;
  const sets = rankSets(ctx.catalog, awaiting.flatMap((m) => m.sets));
  const who = namesAuthorizers(ctx.grants) ? say(ctx.locale, ' for {0}', joinAll(ctx.locale, '{0}, {1}', awaiting.map((m) => m.authorizer))) : '';
  const message = ruleText(ctx, 'needs-confirmation', label(ref, ctx), setsPhrase(ctx, sets, ref.allOf), who);
  return finding(ctx, 'needs-confirmation', ref, message, { sets, missing: awaiting, doc: docOf(ref, ctx, sets) });
}

/** The granted covering sets still awaiting confirmation, when the call depends on them. */
function awaitingCover(a: AuthorizerGrants, coverage: Coverage): number[] {
  if (!isCovered(a.sets, coverage)) return [];
  const granted = coverage.sets.filter((id) => a.sets.has(id));
  const pending = granted.filter((id) => {
    const c = a.confirm.get(id);
    return !!c?.needConfirm && !c.alreadyConfirm;
  });
  // any-of: a confirmed cover makes the pending ones irrelevant; all-of: each one is needed.
  return coverage.allOf || pending.length === granted.length ? pending : [];
}

function mutexSet(ref: Reference, ctx: Ctx): Finding | undefined {
  const isMutex = (id: number) => !!ctx.catalog.set(id)?.mutex;
  const mutex = ref.allOf ? ref.sets.filter(isMutex) : ref.sets.every(isMutex) ? ref.sets : [];
  if (!mutex.length) return undefined;
  // Already granted to this platform by every authorizer: no other platform can take it any more.
  if (ctx.authorizers.length && ctx.authorizers.every((a) => isCovered(a.sets, coverageOf(ref)))) return undefined;
  const sets = rankSets(ctx.catalog, mutex);
  const message = ruleText(ctx, 'mutex-set', label(ref, ctx), setsPhrase(ctx, sets, ref.allOf));
  return finding(ctx, 'mutex-set', ref, message, { sets, doc: docOf(ref, ctx, sets) });
}

function agreementRequired(ref: Reference, ctx: Ctx): Finding | undefined {
  const routes = ctx.authorizers.length ? ctx.authorizers.map((a) => agreementRoute(ctx, coverageOf(ref), a.sets)) : [agreementRoute(ctx, coverageOf(ref))];
  const sets = rankSets(ctx.catalog, routes.flat());
  if (!sets.length) return undefined;
  const message = ruleText(ctx, 'agreement-required', label(ref, ctx), setPhrase(ctx, sets[0]), agreementName(ctx, sets[0]));
  return finding(ctx, 'agreement-required', ref, message, { sets, doc: docOf(ref, ctx, sets) });
}

/**
 * The agreement sets the call goes through: with grants, the way this authorizer covers it (its granted
 * covers, else every cover); the call goes through an agreement when every such cover needs one, or
 * for all-of when any required set does.
 */
function agreementRoute(ctx: Ctx, coverage: Coverage, granted?: ReadonlySet<number>): number[] {
  const needs = (id: number) => !!ctx.catalog.set(id)?.agreement.required;
  if (coverage.allOf) return coverage.sets.filter(needs);
  const held = granted ? coverage.sets.filter((id) => granted.has(id)) : [];
  const route = held.length ? held : coverage.sets;
  return route.every(needs) ? route : [];
}

function unknownSet(ref: Reference, ctx: Ctx): Finding | undefined {
  const id = ref.setId ?? ref.sets[0];
  if (id === undefined || ctx.catalog.isKnownSetId(id)) return undefined;
  return finding(ctx, 'unknown-set', ref, ruleText(ctx, 'unknown-set', id), { setId: id });
}

// ---------------------------------------------------------------------------------------------------
// Whole workspace: grants nobody needs

export interface UnusedGrant {
  authorizer: string;
  setId: number;
}

/**
 * Granted sets that no reference needs. Every granted set among a reference's covers counts as used,
 * even when another granted one would do: which one WeChat checks is not ours to guess.
 */
export function unusedGrants(allRefs: readonly Reference[], grants: Grants, _catalog: Catalog): UnusedGrant[] {
  if (grants.source === 'none') return [];
  const used = new Set<number>();
  for (const ref of allRefs) if (ref.kind !== 'set-id') for (const id of ref.sets) used.add(id);
  return grants.authorizers.flatMap((a) => [...a.sets].filter((id) => !used.has(id)).sort((x, y) => x - y).map((setId) => ({ authorizer: a.label, setId })));
}

/** The `unused-grant` message for one entry of `unusedGrants` (the CLI and inventory views show it). */
export function unusedGrantMessage(entry: UnusedGrant, grants: Grants, catalog: Catalog, locale: Locale = 'en'): string {
  const ctx: Ctx = { catalog, grants, authorizers: grants.authorizers, locale, rules: {} };
  const who = namesAuthorizers(grants) ? say(locale, ' by {0}', entry.authorizer) : '';
  return ruleText(ctx, 'unused-grant', setPhrase(ctx, entry.setId), who);
}

// ---------------------------------------------------------------------------------------------------
// Findings and their words

function finding(ctx: Ctx, rule: RuleId, ref: Reference, message: string, data: FindingData, ceiling?: Severity): Finding | undefined {
  const setting = severityFor(rule, ctx.rules);
  if (setting === 'off') return undefined;
  const severity = ceiling ? capSeverity(setting, ceiling) : setting;
  return { rule, severity, range: ref.range, message, reference: ref, data: stripUndefined(data) };
}

function stripUndefined(data: FindingData): FindingData {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as FindingData;
}

function ruleText(ctx: Ctx, rule: RuleId, ...args: Arg[]): string {
  return t(ctx.locale, RULES[rule].message.en, ...args);
}

function confidence(ref: Reference): string | undefined {
  const r = ref.resolution;
  return r?.kind === 'family' ? r.family.confidence : r?.iface.confidence;
}

/** `getUnlimitedQRCode (/wxa/getwxacodeunlimit)`, or for a family member `/wxaapi/broadcast/x (under /wxaapi/broadcast/)`. */
function label(ref: Reference, ctx: Ctx): string {
  const r = ref.resolution;
  if (r?.kind === 'interface') return say(ctx.locale, '{0} ({1})', r.iface.name, r.iface.path);
  if (r?.kind === 'family') {
    const called = ref.kind === 'path' && /^[^\s"',]*\/[^\s"',]*$/.test(ref.text) ? splitPath(ref.text).path : undefined;
    return called && called !== r.family.match ? say(ctx.locale, '{0} (under {1})', called, r.family.match) : r.family.match;
  }
  return ref.name && ref.path ? say(ctx.locale, '{0} ({1})', ref.name, ref.path) : ref.name ?? ref.path ?? ref.text;
}

function setPhrase(ctx: Ctx, id: number): string {
  const set = ctx.catalog.set(id);
  if (!set) return say(ctx.locale, 'set {0}', id);
  const name = ctx.locale === 'zh-cn' ? set.name.zh ?? set.name.en : set.name.en;
  return say(ctx.locale, 'set {0} ({1})', id, name);
}

function setsPhrase(ctx: Ctx, ranked: readonly number[], allOf: boolean): string {
  return joinAll(ctx.locale, allOf ? '{0} and {1}' : '{0} or {1}', ranked.map((id) => setPhrase(ctx, id)));
}

function joinAll(locale: Locale, how: '{0} or {1}' | '{0} and {1}' | '{0}, {1}', parts: readonly string[]): string {
  return parts.length ? parts.reduce((acc, p) => say(locale, how, acc, p)) : '';
}

function agreementName(ctx: Ctx, id: number): string {
  const name = ctx.catalog.set(id)?.agreement.name;
  if (!name) return say(ctx.locale, 'its service agreement');
  return ctx.locale === 'zh-cn' && name.zh ? say(ctx.locale, 'the service agreement “{0}”', name.zh) : say(ctx.locale, 'the service agreement “{0}”', name.en);
}

function docOf(ref: Reference, ctx: Ctx, ranked: readonly number[]): string | undefined {
  const r = ref.resolution;
  if (r?.kind === 'interface' && r.iface.doc) return r.iface.doc;
  return ranked.map((id) => ctx.catalog.set(id)?.doc).find((d) => !!d);
}
