// Hover: what the reference under the cursor needs, and whether the authorizers granted it.
// Markdown kept to a few short paragraphs: VS Code's hover widget is narrow and people read it mid-typing.
import type { MarkupContent, Range } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import type { Grants, Reference } from './model';
import { missingByAuthorizer } from './judge';
import { referenceAt, scan } from './scanner';
import { displayPath, splitPath } from './paths';
import { tr } from './strings';
import type { Coverage, Family, Interface, Locale, PermissionSet } from './types';

export interface HoverDocument {
  text: string;
  languageId?: string;
  fileName?: string;
}

export interface HoverContext {
  catalog: Catalog;
  grants: Grants;
  locale: Locale;
  /** The document's references when the caller already has them (the server caches them per version). */
  refs?: readonly Reference[];
}

export interface HoverResult {
  contents: MarkupContent;
  range: Range;
}

export function hover(doc: HoverDocument, offset: number, ctx: HoverContext): HoverResult | undefined {
  const refs = ctx.refs ?? scan(doc.text, ctx.catalog, { languageId: doc.languageId, fileName: doc.fileName });
  const ref = referenceAt(refs, offset);
  if (!ref) return undefined;
  const value = describeReference(ref, ctx);
  return value ? { contents: { kind: 'markdown', value }, range: ref.range } : undefined;
}

export function describeReference(ref: Reference, ctx: HoverContext): string | undefined {
  if (ref.kind === 'set-id' && ref.setId !== undefined) return describeSetId(ref.setId, ctx);
  const resolution = ref.resolution ?? (ref.path ? ctx.catalog.resolve(ref.path) : undefined);
  if (!resolution) return undefined;
  const coverage: Coverage = { sets: ref.sets, allOf: ref.allOf };
  return resolution.kind === 'interface'
    ? describeInterface(resolution.iface, coverage, ctx)
    : describeFamily(resolution.family, splitPath(ref.text).path, coverage, ctx);
}

// ---- interfaces and families ----

function describeInterface(iface: Interface, coverage: Coverage, ctx: HoverContext): string {
  const { locale } = ctx;
  const head = `**${md(iface.name)}** · \`${iface.methods.join('/')} ${displayPath(iface)}\``;
  const footer = [iface.doc ? `[${tr(locale, 'Documentation')}](${iface.doc})` : '', confidenceNote(iface.confidence, locale)];
  return paragraphs([
    head,
    md(bilingual(iface.title, locale)),
    statusNote(iface, locale),
    ...coverageBlock(coverage, ctx),
    iface.note && !iface.status ? md(iface.note) : '',
    footer.filter(Boolean).join(' · '),
  ]);
}

function describeFamily(family: Family, member: string, coverage: Coverage, ctx: HoverContext): string {
  const { locale } = ctx;
  const prefix = `\`${displayPath({ path: family.match, query: family.query })}\``;
  const doc = coverage.sets.map((id) => ctx.catalog.set(id)?.doc).find(Boolean);
  const footer = [doc ? `[${tr(locale, 'Documentation')}](${doc})` : '', confidenceNote(family.confidence, locale)];
  return paragraphs([
    // What the code wrote, when it is a plain path (segment lists and placeholders are not worth echoing).
    /^\/[\w\-./]*$/.test(member) ? `**\`${member}\`** · ${tr(locale, 'family {0}', prefix)}` : `**${tr(locale, 'family {0}', prefix)}**`,
    tr(locale, 'Interfaces under {0} are not listed one by one; these sets cover the whole prefix.', prefix),
    ...coverageBlock(coverage, ctx),
    family.note ? md(family.note) : '',
    footer.filter(Boolean).join(' · '),
  ]);
}

/** The covering sets as a list, then the run-time symptom when some authorizer lacks them. */
function coverageBlock(coverage: Coverage, ctx: HoverContext): string[] {
  return [coverageList(coverage, ctx), coverage.sets.length ? grantVerdict(coverage, ctx) : ''];
}

/** "Any one of these permission sets covers it:" and one line per set. */
export function coverageList(coverage: Coverage, ctx: Omit<HoverContext, 'refs'>): string {
  const { locale } = ctx;
  if (!coverage.sets.length) return tr(locale, 'Needs no permission set (called with `component_access_token`).');
  const lead = coverage.allOf ? 'All of these permission sets are needed:'
    : coverage.sets.length > 1 ? 'Any one of these permission sets covers it:' : 'Needs permission set:';
  return `${tr(locale, lead)}\n${coverage.sets.map((id) => `- ${setLine(id, ctx)}`).join('\n')}`;
}

function grantVerdict(coverage: Coverage, ctx: HoverContext): string {
  const { grants, locale } = ctx;
  if (grants.source === 'none') return `_${tr(locale, 'No grants configured: add `wxperm.json` to check them.')}_`;
  const lacking = missingByAuthorizer(ctx.catalog, grants, coverage).map((m) => m.authorizer);
  if (!lacking.length) return '';
  const symptom = grants.authorizers.length > 1
    ? tr(locale, 'Not granted by {0}: calls fail at run time with `errcode 61007` (api is unauthorized to component).', lacking.join(', '))
    : tr(locale, 'Not granted: calls fail at run time with `errcode 61007` (api is unauthorized to component).');
  return `⚠ ${symptom}`;
}

/** `✓ **17** Get Mini Program code · mutex` — the marks per authorizer when there are several. */
export function setLine(id: number, ctx: Omit<HoverContext, 'refs'>): string {
  const { catalog, locale, grants } = ctx;
  const states = grantStates(grants, id);
  const single = states.length === 1 ? `${mark(states[0].granted)} ` : '';
  const tail = states.length === 1 ? awaiting(states[0], locale) : '';
  const several = states.length > 1 ? ` — ${authorizerMarks(states, locale)}` : '';
  return `${single}**${id}** ${setSummary(catalog, id, locale)}${tail}${several}`;
}

/** Name and flags of a set, or what the catalog knows of an id outside the seed. */
export function setSummary(catalog: Catalog, id: number, locale: Locale): string {
  const set = catalog.set(id);
  if (set) return [md(localText(set.name, locale)), ...setFlags(set, locale)].join(' · ');
  const outside = catalog.outside(id);
  if (outside) return `_${tr(locale, 'outside the seed')}_ — ${md(outside.note)}`;
  return `_${tr(locale, 'unknown')}_`;
}

export function setFlags(set: PermissionSet, locale: Locale): string[] {
  const flags: string[] = [];
  if (set.mutex) flags.push(tr(locale, 'mutex'));
  if (set.agreement.required) {
    const name = agreementName(set, locale);
    flags.push(name ? tr(locale, 'needs agreement {0}', name) : tr(locale, 'needs a service agreement'));
  }
  return flags;
}

export function statusNote(iface: Interface, locale: Locale): string {
  if (!iface.status) return '';
  const label = iface.status === 'renamed'
    ? tr(locale, '**Renamed** to {0}', iface.renamedTo ? `\`${iface.renamedTo}\`` : '?')
    : tr(locale, iface.status === 'withdrawn' ? '**Withdrawn**' : '**Frozen**');
  return `⚠ ${label}${iface.note ? ` — ${md(iface.note)}` : ''}`;
}

function confidenceNote(confidence: Interface['confidence'], locale: Locale): string {
  if (confidence === 'high') return '';
  return `_${tr(locale, 'Catalog confidence: {0}', tr(locale, confidence === 'medium' ? 'medium' : 'low'))}_`;
}

// ---- set ids ----

function describeSetId(id: number, ctx: HoverContext): string {
  const { catalog, locale } = ctx;
  const set = catalog.set(id);
  const title = `**${tr(locale, 'Permission set {0}', id)}**`;
  if (set) return describeSet(set, title, ctx);
  const outside = catalog.outside(id);
  if (!outside) {
    return paragraphs([`${title} · _${tr(locale, 'unknown')}_`,
      tr(locale, 'The catalog has no permission set with this id: a typo, or a set WeChat added after this catalog was built.')]);
  }
  return paragraphs([
    `${title} · _${tr(locale, 'outside the seed')}_`,
    md(outside.note),
    tr(locale, 'Listed by {0} interfaces.', catalog.interfacesOfSet(id).length),
    setGrantLine(id, ctx.grants, locale),
  ]);
}

function describeSet(set: PermissionSet, title: string, ctx: HoverContext): string {
  const { catalog, locale } = ctx;
  const families = catalog.familiesOfSet(set.id).map((f) => `\`${f.match}\``);
  const count = catalog.interfacesOfSet(set.id).length;
  const agreement = agreementName(set, locale);
  return paragraphs([
    `${title} · ${md(bilingual(set.name, locale))}`,
    md(localText(set.description, locale)),
    set.mutex ? tr(locale, 'Mutex: only one third-party platform per authorizer can hold it.') : '',
    set.agreement.required
      ? agreement ? tr(locale, 'Needs the service agreement {0} accepted first.', agreement) : tr(locale, 'Needs a service agreement accepted first.')
      : '',
    families.length ? tr(locale, 'Covers {0} interfaces and the families {1}.', count, families.join(locale === 'zh-cn' ? '、' : ', ')) : tr(locale, 'Covers {0} interfaces.', count),
    setGrantLine(set.id, ctx.grants, locale),
    `[${tr(locale, 'Documentation')}](${set.doc})`,
  ]);
}

function setGrantLine(id: number, grants: Grants, locale: Locale): string {
  const states = grantStates(grants, id);
  if (states.length === 1) return `${mark(states[0].granted)} ${tr(locale, states[0].granted ? 'Granted' : 'Not granted')}${awaiting(states[0], locale)}`;
  return authorizerMarks(states, locale);
}

function authorizerMarks(states: GrantState[], locale: Locale): string {
  return states.map((s) => `${mark(s.granted)} ${md(s.label)}${awaiting(s, locale)}`).join(' · ');
}

// ---- grants ----

export interface GrantState {
  label: string;
  granted: boolean;
  /** Granted, but the administrator has not confirmed it yet (need_confirm=1, already_confirm=0). */
  awaiting: boolean;
}

/** Per authorizer, whether it granted `id`; empty when no grants are configured. */
export function grantStates(grants: Grants, id: number): GrantState[] {
  if (grants.source === 'none') return [];
  return grants.authorizers.map((a) => {
    const confirm = a.confirm.get(id);
    return { label: a.label, granted: a.sets.has(id), awaiting: a.sets.has(id) && !!confirm?.needConfirm && !confirm.alreadyConfirm };
  });
}

// ---- text helpers ----

const mark = (granted: boolean) => (granted ? '✓' : '✗');

function awaiting(state: GrantState, locale: Locale): string {
  return state.awaiting ? ` _(${tr(locale, 'awaiting confirmation')})_` : '';
}


export function localText(text: { en: string; zh?: string }, locale: Locale): string {
  return locale === 'zh-cn' && text.zh ? text.zh : text.en;
}

/** Both languages, the reader's first: titles are how people search WeChat's docs in either. */
export function bilingual(text: { en: string; zh?: string }, locale: Locale): string {
  if (!text.zh || text.zh === text.en) return text.en;
  return locale === 'zh-cn' ? `${text.zh} · ${text.en}` : `${text.en} · ${text.zh}`;
}

function agreementName(set: PermissionSet, locale: Locale): string | undefined {
  const name = set.agreement.name;
  if (!name) return undefined;
  return locale === 'zh-cn' && name.zh ? name.zh : `“${name.en}”`;
}

/** Catalog text is prose, not markdown: keep `*`, `_` and brackets literal. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function paragraphs(parts: string[]): string {
  return parts.filter(Boolean).join('\n\n');
}
