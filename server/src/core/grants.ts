// wxperm.json (or the VS Code settings fallback) plus the saved authorization responses it points to
// → the sets each authorizer granted. Whatever the input, this never throws: every problem becomes an
// `invalid-config` finding placed on the offending value, and whatever could be read is still used.
import { getNodePath, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from './catalog';
import type { AuthorizerGrants, ConfirmInfo, Finding, Grants, Range, RuleId, SeveritySetting, WxpermConfig } from './model';
import { MAX_DEPTH, tooDeep } from './jsonDepth';
import { defineStrings, t } from './messages';
import { RULES, RULE_IDS, isRuleId, isSeveritySetting, severityFor } from './rules';
import type { Locale } from './types';

/** How the core reads files: the server reads open documents first, the CLI the disk; tests a map. */
export interface FileReader {
  /** The text, or undefined when the file cannot be read. */
  readFile(path: string): string | undefined;
  /** Size in bytes, if cheaply known, so an oversized file is refused before it is read. */
  size?(path: string): number | undefined;
}

export interface ConfigResult {
  config: WxpermConfig;
  grants: Grants;
  findings: Finding[];
}

export interface ReadOptions {
  locale?: Locale;
}

export const NO_GRANTS: Grants = Object.freeze({ source: 'none', authorizers: Object.freeze([]) as unknown as AuthorizerGrants[] }) as Grants;

/** Saved responses are a few KB; anything this big is a mistake or an attack. */
export const MAX_AUTHORIZATION_BYTES = 5 * 1024 * 1024;

const TOP_KEYS = ['$schema', 'grants', 'authorization', 'rules', 'include', 'exclude'];
/** Keys that make an object a saved response rather than a map appid → entry. */
const RESPONSE_KEYS = ['authorization_info', 'authorizer_info', 'func_info', 'errcode', 'errmsg', 'authorizer_appid'];

const say = defineStrings({
  'JSON syntax error: {0}': 'JSON 语法错误：{0}',
  'invalid symbol': '无效符号',
  'invalid number format': '无效的数字格式',
  'property name expected': '缺少属性名',
  'value expected': '缺少值',
  'colon expected': '缺少冒号',
  'comma expected': '缺少逗号',
  'closing brace expected': '缺少右花括号',
  'closing bracket expected': '缺少右方括号',
  'end of file expected': '此处应为文件结尾',
  'invalid comment': '无效的注释',
  'unterminated comment': '注释未结束',
  'unterminated string': '字符串未结束',
  'unterminated number': '数字未结束',
  'invalid unicode escape': '无效的 Unicode 转义',
  'invalid escape character': '无效的转义字符',
  'invalid character': '无效字符',
  'nested more than {0} levels deep': '嵌套超过 {0} 层',
  'the configuration must be an object with "grants", "authorization" or "rules"': '配置必须是包含 "grants"、"authorization" 或 "rules" 的对象',
  'unknown property "{0}"; expected one of {1}': '未知属性 "{0}"；可用的属性：{1}',
  'duplicate property "{0}"; the last one wins': '属性 "{0}" 重复；以最后一个为准',
  '{0} must be {1}': '{0} 必须是{1}',
  'a string': '字符串',
  'an object': '对象',
  'an array': '数组',
  'an array of set ids': '权限集 ID 数组',
  'a non-negative integer set id': '非负整数权限集 ID',
  'an array of glob patterns': 'glob 模式数组',
  'a non-empty glob pattern': '非空 glob 模式',
  'a severity: error, warning, information, hint or off': '严重级别：error、warning、information、hint 或 off',
  '0, 1, true or false': '0、1、true 或 false',
  'a saved response, a list of set ids or a path to a saved response': '已保存的授权响应、权限集 ID 列表或授权响应文件路径',
  'a saved api_query_auth / api_get_authorizer_info response, a path to one, or a list or map of those': '已保存的 api_query_auth / api_get_authorizer_info 响应、其文件路径，或它们的列表或映射',
  'both "grants" and "authorization" are set; "grants" is ignored': '同时设置了 "grants" 和 "authorization"；"grants" 将被忽略',
  'unknown rule "{0}"; rules are {1}': '未知规则 "{0}"；可用的规则：{1}',
  '{0} lists no authorizers': '{0} 未列出任何授权方',
  'an authorizer appid must not be empty': '授权方 appid 不能为空',
  '"{0}" points outside the folder of the configuration; authorization files must be inside it': '"{0}" 指向配置所在文件夹之外；授权文件必须位于该文件夹内',
  'cannot read "{0}"': '无法读取 "{0}"',
  '"{0}" is larger than {1} MB': '"{0}" 大于 {1} MB',
  '{0} is not a saved api_query_auth / api_get_authorizer_info response: {1}': '{0} 不是已保存的 api_query_auth / api_get_authorizer_info 响应：{1}',
  'it has no func_info': '缺少 func_info',
  'it is not valid JSON': '不是有效的 JSON',
  'it is not an object': '不是对象',
  'it is an error response (errcode {0}: {1})': '这是错误响应（errcode {0}：{1}）',
  'this response is for {0} but is listed under {1}': '该响应属于 {0}，却列在 {1} 之下',
  'the configuration could not be read ({0})': '无法读取配置（{0}）',
});

type Say = Parameters<typeof say>[1];

const SYNTAX: Record<string, Say> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number format',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace expected',
  CloseBracketExpected: 'closing bracket expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character',
};

/** A text the problems point into: the config file, an authorization file, or the settings (no ranges). */
interface Source {
  file?: string;
  text: string;
  /** Prefix for locations in messages when there is no range to show them (`wxperm.`). */
  settingsPrefix?: string;
  doc?: TextDocument;
}

interface Problem {
  src: Source;
  offset: number;
  length: number;
  message: string;
}

interface Ctx {
  locale: Locale;
  reader: FileReader;
  baseDir: string;
  problems: Problem[];
}

interface Granted {
  appid?: string;
  /** Where the appid was written, to point at it when a map lists the response under another appid. */
  appidAt?: { src: Source; node: Node };
  sets: Set<number>;
  confirm: Map<number, ConfirmInfo>;
}

type Entry = { ok: true; granted: Granted } | { ok: false; reason?: string };

// ---------------------------------------------------------------------------------------------------
// Entry points

/** Read a `wxperm.json` (JSON with comments) and the authorization files it names. */
export function readConfig(input: { text: string; file: string }, _catalog: Catalog, reader: FileReader, options: ReadOptions = {}): ConfigResult {
  const ctx: Ctx = { locale: options.locale ?? 'en', reader, baseDir: dirname(input.file), problems: [] };
  const src: Source = { file: input.file, text: String(input.text ?? '') };
  return guarded(ctx, src, 'file', () => parseJsonc(ctx, src));
}

/** The same reading for the VS Code settings `wxperm.grants`, `wxperm.authorization`, `wxperm.rules`. */
export function grantsFromSettings(settings: { grants?: unknown; authorization?: unknown; rules?: unknown }, baseDir: string, _catalog: Catalog, reader: FileReader, options: ReadOptions = {}): ConfigResult {
  const ctx: Ctx = { locale: options.locale ?? 'en', reader, baseDir, problems: [] };
  const src: Source = { text: '', settingsPrefix: 'wxperm.' };
  return guarded(ctx, src, 'settings', () => settingsTree(settings, src));
}

function guarded(ctx: Ctx, src: Source, source: 'file' | 'settings', root: () => Node | undefined): ConfigResult {
  try {
    return interpret(ctx, src, source, root());
  } catch (e) {
    // Last line of defence: a config problem must never take the server or the CLI down.
    report(ctx, src, undefined, say(ctx.locale, 'the configuration could not be read ({0})', String((e as Error)?.message ?? e)));
    return { config: { rules: {} }, grants: NO_GRANTS, findings: findings(ctx, {}) };
  }
}

/** Settings are plain values: give them a tree so they go through exactly the same checks. */
function settingsTree(settings: { grants?: unknown; authorization?: unknown; rules?: unknown }, src: Source): Node | undefined {
  const picked: Record<string, unknown> = {};
  for (const key of ['grants', 'authorization', 'rules'] as const) if (!isUnset(settings?.[key])) picked[key] = settings[key];
  src.text = JSON.stringify(picked);
  return parseTree(src.text);
}

/** VS Code cannot tell an unset setting from its empty default, so empty counts as not configured. */
function isUnset(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

function interpret(ctx: Ctx, src: Source, source: 'file' | 'settings', root: Node | undefined): ConfigResult {
  const config: WxpermConfig = { rules: {} };
  if (!root) return { config, grants: NO_GRANTS, findings: findings(ctx, config.rules) };
  if (root.type !== 'object') {
    report(ctx, src, root, say(ctx.locale, 'the configuration must be an object with "grants", "authorization" or "rules"'));
    return { config, grants: NO_GRANTS, findings: findings(ctx, config.rules) };
  }
  const props = properties(ctx, src, root);
  checkTopKeys(ctx, src, props);
  readString(ctx, src, props.get('$schema'));
  config.rules = readRules(ctx, src, props.get('rules'));
  const include = readGlobs(ctx, src, props.get('include'));
  const exclude = readGlobs(ctx, src, props.get('exclude'));
  if (include) config.include = include;
  if (exclude) config.exclude = exclude;
  const authorizers = readGrantsOrAuthorization(ctx, src, props);
  // Nothing readable is nothing configured: hover and judge must not treat a broken file as "all granted".
  const grants: Grants = authorizers?.length ? { source, file: src.file, authorizers } : NO_GRANTS;
  return { config, grants, findings: findings(ctx, config.rules) };
}

function readGrantsOrAuthorization(ctx: Ctx, src: Source, props: Map<string, Prop>): AuthorizerGrants[] | undefined {
  const grants = props.get('grants');
  const authorization = props.get('authorization');
  if (authorization && grants) report(ctx, src, grants.key, say(ctx.locale, 'both "grants" and "authorization" are set; "grants" is ignored'));
  if (authorization) return readAuthorization(ctx, src, authorization.value);
  if (!grants) return undefined;
  const sets = readIdList(ctx, src, grants.value);
  return sets ? [{ label: '#1', sets, confirm: new Map() }] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Top-level values

function checkTopKeys(ctx: Ctx, src: Source, props: Map<string, Prop>): void {
  for (const [key, prop] of props) {
    if (!TOP_KEYS.includes(key)) report(ctx, src, prop.key, say(ctx.locale, 'unknown property "{0}"; expected one of {1}', key, TOP_KEYS.join(', ')));
  }
}

function readString(ctx: Ctx, src: Source, prop: Prop | undefined): string | undefined {
  if (!prop) return undefined;
  if (prop.value?.type === 'string') return prop.value.value as string;
  mustBe(ctx, src, prop.value ?? prop.key, 'a string');
  return undefined;
}

function readRules(ctx: Ctx, src: Source, prop: Prop | undefined): Partial<Record<RuleId, SeveritySetting>> {
  const rules: Partial<Record<RuleId, SeveritySetting>> = {};
  if (!prop) return rules;
  if (prop.value?.type !== 'object') {
    mustBe(ctx, src, prop.value ?? prop.key, 'an object');
    return rules;
  }
  for (const [name, rule] of properties(ctx, src, prop.value)) {
    if (!isRuleId(name)) report(ctx, src, rule.key, say(ctx.locale, 'unknown rule "{0}"; rules are {1}', name, RULE_IDS.join(', ')));
    else if (rule.value?.type === 'string' && isSeveritySetting(rule.value.value)) rules[name] = rule.value.value;
    else mustBe(ctx, src, rule.value ?? rule.key, 'a severity: error, warning, information, hint or off');
  }
  return rules;
}

function readGlobs(ctx: Ctx, src: Source, prop: Prop | undefined): string[] | undefined {
  if (!prop) return undefined;
  if (prop.value?.type !== 'array') {
    mustBe(ctx, src, prop.value ?? prop.key, 'an array of glob patterns');
    return undefined;
  }
  const globs: string[] = [];
  for (const item of prop.value.children ?? []) {
    if (item.type === 'string' && (item.value as string).trim()) globs.push(item.value as string);
    else mustBe(ctx, src, item, 'a non-empty glob pattern');
  }
  return globs;
}

/** A list of set ids; bad items are reported and skipped. Undefined when it is not a list at all. */
function readIdList(ctx: Ctx, src: Source, node: Node | undefined): Set<number> | undefined {
  if (node?.type !== 'array') {
    mustBe(ctx, src, node, 'an array of set ids');
    return undefined;
  }
  const sets = new Set<number>();
  for (const item of node.children ?? []) {
    const id = setId(item);
    if (id === undefined) mustBe(ctx, src, item, 'a non-negative integer set id');
    else sets.add(id);
  }
  return sets;
}

function setId(node: Node | undefined): number | undefined {
  const v = node?.type === 'number' ? (node.value as number) : undefined;
  return v !== undefined && Number.isSafeInteger(v) && v >= 0 ? Math.abs(v) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// "authorization": a response, a path, or a list / map of responses, id lists and paths

function readAuthorization(ctx: Ctx, src: Source, node: Node | undefined): AuthorizerGrants[] | undefined {
  if (node?.type === 'string') return single(loadResponseFile(ctx, src, node));
  if (node?.type === 'array') return readAuthorizerList(ctx, src, node);
  if (node?.type === 'object') {
    const props = properties(ctx, src, node);
    if ([...props.keys()].some((k) => RESPONSE_KEYS.includes(k))) return single(inlineResponse(ctx, src, node));
    return readAuthorizerMap(ctx, src, node, props);
  }
  mustBe(ctx, src, node, 'a saved api_query_auth / api_get_authorizer_info response, a path to one, or a list or map of those');
  return undefined;
}

function single(granted: Granted | undefined): AuthorizerGrants[] | undefined {
  return granted ? [toAuthorizer(granted, granted.appid || '#1')] : undefined;
}

function readAuthorizerList(ctx: Ctx, src: Source, node: Node): AuthorizerGrants[] {
  const items = node.children ?? [];
  if (!items.length) report(ctx, src, node, say(ctx.locale, '{0} lists no authorizers', location(src, node)));
  const out: AuthorizerGrants[] = [];
  items.forEach((item, i) => {
    const granted = readEntry(ctx, src, item);
    if (granted) out.push(toAuthorizer(granted, granted.appid || `#${i + 1}`));
  });
  return out;
}

function readAuthorizerMap(ctx: Ctx, src: Source, node: Node, props: Map<string, Prop>): AuthorizerGrants[] {
  if (!props.size) report(ctx, src, node, say(ctx.locale, '{0} lists no authorizers', location(src, node)));
  const out: AuthorizerGrants[] = [];
  for (const [appid, prop] of props) {
    if (!appid.trim()) report(ctx, src, prop.key, say(ctx.locale, 'an authorizer appid must not be empty'));
    const granted = readEntry(ctx, src, prop.value);
    if (!granted) continue;
    if (granted.appid && granted.appid !== appid && granted.appidAt) {
      report(ctx, granted.appidAt.src, granted.appidAt.node, say(ctx.locale, 'this response is for {0} but is listed under {1}', granted.appid, appid));
    }
    out.push(toAuthorizer(granted, appid.trim() || granted.appid || '#?'));
  }
  return out;
}

function readEntry(ctx: Ctx, src: Source, node: Node | undefined): Granted | undefined {
  if (node?.type === 'string') return loadResponseFile(ctx, src, node);
  if (node?.type === 'object') return inlineResponse(ctx, src, node);
  if (node?.type === 'array') {
    const sets = readIdList(ctx, src, node);
    return sets ? { sets, confirm: new Map() } : undefined;
  }
  mustBe(ctx, src, node, 'a saved response, a list of set ids or a path to a saved response');
  return undefined;
}

function toAuthorizer(granted: Granted, label: string): AuthorizerGrants {
  return { label, sets: granted.sets, confirm: granted.confirm };
}

function inlineResponse(ctx: Ctx, src: Source, node: Node): Granted | undefined {
  const entry = readResponse(ctx, src, node);
  if (entry.ok) return entry.granted;
  report(ctx, src, node, say(ctx.locale, '{0} is not a saved api_query_auth / api_get_authorizer_info response: {1}', location(src, node), entry.reason ?? ''));
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Authorization files: resolved inside the config's folder, size-limited, parsed as JSONC

function loadResponseFile(ctx: Ctx, src: Source, node: Node): Granted | undefined {
  const rel = node.value as string;
  const file = resolveInside(ctx.baseDir, rel);
  if (!file) return void report(ctx, src, node, say(ctx.locale, '"{0}" points outside the folder of the configuration; authorization files must be inside it', rel));
  const text = readLimited(ctx, src, node, file, rel);
  if (text === undefined) return undefined;
  const fileSrc: Source = { file, text };
  const root = parseJsonc(ctx, fileSrc);
  const entry: Entry = !root ? { ok: false, reason: say(ctx.locale, 'it is not valid JSON') } : readResponse(ctx, fileSrc, root);
  if (entry.ok) return entry.granted;
  report(ctx, src, node, say(ctx.locale, '{0} is not a saved api_query_auth / api_get_authorizer_info response: {1}', `"${rel}"`, entry.reason ?? ''));
  return undefined;
}

function readLimited(ctx: Ctx, src: Source, node: Node, file: string, rel: string): string | undefined {
  const tooBig = () => void report(ctx, src, node, say(ctx.locale, '"{0}" is larger than {1} MB', rel, MAX_AUTHORIZATION_BYTES / 1024 / 1024));
  let size: number | undefined;
  let text: string | undefined;
  try {
    size = ctx.reader.size?.(file);
    if (size !== undefined && size > MAX_AUTHORIZATION_BYTES) return tooBig();
    text = ctx.reader.readFile(file);
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') return void report(ctx, src, node, say(ctx.locale, 'cannot read "{0}"', rel));
  // Each UTF-16 unit is at least one UTF-8 byte, so this refuses every file over the limit.
  if (text.length > MAX_AUTHORIZATION_BYTES) return tooBig();
  return text;
}

/**
 * The file a relative path names, if it stays inside `baseDir`. Absolute paths, drive letters, URIs and
 * `..` that climbs out are refused: a shared wxperm.json must not make the editor read arbitrary files.
 */
export function resolveInside(baseDir: string, rel: string): string | undefined {
  if (!rel.trim() || rel.includes('\0') || /^(?:[\\/]|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(rel)) return undefined;
  const stack: string[] = [];
  for (const seg of rel.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') stack.push(seg);
    else if (!stack.pop()) return undefined;
  }
  if (!stack.length) return undefined;
  const sep = baseDir.includes('\\') && !baseDir.includes('/') ? '\\' : '/';
  return baseDir.replace(/[\\/]+$/, '') + sep + stack.join(sep);
}

function dirname(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut > 0 ? file.slice(0, cut) : cut === 0 ? file.slice(0, 1) : '.';
}

// ---------------------------------------------------------------------------------------------------
// A saved response: { authorization_info: { authorizer_appid, func_info: [ { funcscope_category: { id }, confirm_info } ] } }
// api_get_authorizer_info adds authorizer_info beside it; some saved copies keep func_info at the top.

function readResponse(ctx: Ctx, src: Source, node: Node): Entry {
  if (node.type !== 'object') return { ok: false, reason: say(ctx.locale, 'it is not an object') };
  const top = properties(ctx, src, node);
  const failure = errorResponse(ctx, top);
  if (failure) return failure;
  const info = top.get('authorization_info')?.value;
  const infoProps = info?.type === 'object' ? properties(ctx, src, info) : undefined;
  if (info && !infoProps) mustBe(ctx, src, info, 'an object');
  const funcInfo = infoProps?.get('func_info') ?? top.get('func_info');
  if (!funcInfo) return { ok: false, reason: say(ctx.locale, 'it has no func_info') };
  const appidProp = infoProps?.get('authorizer_appid') ?? top.get('authorizer_appid');
  const appid = appidProp?.value?.type === 'string' && (appidProp.value.value as string).trim() ? (appidProp.value.value as string).trim() : undefined;
  if (appidProp && !appid) mustBe(ctx, src, appidProp.value ?? appidProp.key, 'a string');
  const granted: Granted = { appid, appidAt: appid && appidProp?.value ? { src, node: appidProp.value } : undefined, sets: new Set(), confirm: new Map() };
  readFuncInfo(ctx, src, funcInfo.value, granted);
  return { ok: true, granted };
}

function errorResponse(ctx: Ctx, top: Map<string, Prop>): Entry | undefined {
  const code = top.get('errcode')?.value;
  if (!code || (code.type === 'number' && code.value === 0)) return undefined;
  const msg = top.get('errmsg')?.value;
  return { ok: false, reason: say(ctx.locale, 'it is an error response (errcode {0}: {1})', String(code.value), msg?.type === 'string' ? (msg.value as string) : '') };
}

function readFuncInfo(ctx: Ctx, src: Source, node: Node | undefined, granted: Granted): void {
  if (node?.type !== 'array') return void mustBe(ctx, src, node, 'an array');
  for (const item of node.children ?? []) {
    const props = item.type === 'object' ? properties(ctx, src, item) : undefined;
    const category = props?.get('funcscope_category')?.value;
    const idNode = category?.type === 'object' ? properties(ctx, src, category).get('id')?.value : undefined;
    const id = setId(idNode);
    if (id === undefined) {
      mustBe(ctx, src, idNode ?? category ?? item, 'a non-negative integer set id');
      continue;
    }
    granted.sets.add(id);
    const confirm = readConfirm(ctx, src, props?.get('confirm_info')?.value);
    if (confirm) granted.confirm.set(id, confirm);
  }
}

function readConfirm(ctx: Ctx, src: Source, node: Node | undefined): ConfirmInfo | undefined {
  if (!node) return undefined;
  if (node.type !== 'object') return void mustBe(ctx, src, node, 'an object');
  const props = properties(ctx, src, node);
  const flag = (key: string): boolean => {
    const v = props.get(key)?.value;
    if (!v) return false;
    if ((v.type === 'number' && (v.value === 0 || v.value === 1)) || v.type === 'boolean') return !!v.value;
    mustBe(ctx, src, v, '0, 1, true or false');
    return false;
  };
  return { needConfirm: flag('need_confirm'), alreadyConfirm: flag('already_confirm'), canConfirm: flag('can_confirm') };
}

// ---------------------------------------------------------------------------------------------------
// JSONC plumbing

interface Prop {
  key: Node;
  value: Node | undefined;
}

/** An object's properties; a repeated key is reported and, as in JSON.parse, the last one wins. */
function properties(ctx: Ctx, src: Source, node: Node): Map<string, Prop> {
  const props = new Map<string, Prop>();
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key?.type !== 'string') continue;
    const name = key.value as string;
    if (props.has(name)) report(ctx, src, key, say(ctx.locale, 'duplicate property "{0}"; the last one wins', name));
    props.set(name, { key, value });
  }
  return props;
}

function parseJsonc(ctx: Ctx, src: Source): Node | undefined {
  // A BOM is not JSON, but editors write it: blank it out so offsets still match the file.
  if (src.text.charCodeAt(0) === 0xfeff) src.text = ' ' + src.text.slice(1);
  const deep = tooDeep(src.text);
  if (deep !== undefined) {
    report(ctx, src, { offset: deep, length: 1 }, say(ctx.locale, 'nested more than {0} levels deep', MAX_DEPTH));
    return undefined;
  }
  const errors: ParseError[] = [];
  const root = parseTree(src.text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    const what = say(ctx.locale, SYNTAX[printParseErrorCode(e.error)] ?? 'invalid symbol');
    report(ctx, src, { offset: e.offset, length: e.length }, say(ctx.locale, 'JSON syntax error: {0}', what));
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------
// Problems → findings

type Span = { offset: number; length: number };

function mustBe(ctx: Ctx, src: Source, node: Node | undefined, what: Say): void {
  report(ctx, src, node, say(ctx.locale, '{0} must be {1}', location(src, node), say(ctx.locale, what)));
}

function report(ctx: Ctx, src: Source, at: Node | Span | undefined, detail: string): void {
  const where = src.settingsPrefix && at && 'type' in at ? `${location(src, at)}: ` : '';
  const message = where && !detail.startsWith(location(src, at as Node)) ? where + detail : detail;
  ctx.problems.push({ src, offset: at?.offset ?? 0, length: at?.length ?? 0, message });
}

/** `grants[2]`, `authorization.wx1.func_info[0]`; with the settings prefix for settings. */
function location(src: Source, node: Node | undefined): string {
  const path = node ? safePath(node) : [];
  const text = path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i ? `.${seg}` : seg)).join('');
  return (src.settingsPrefix ?? '') + (text || (src.settingsPrefix ? '' : 'the configuration'));
}

function safePath(node: Node): (string | number)[] {
  try {
    return node.parent ? getNodePath(node) : [];
  } catch {
    return [];
  }
}

function findings(ctx: Ctx, rules: Partial<Record<RuleId, SeveritySetting>>): Finding[] {
  const severity = severityFor('invalid-config', rules);
  if (severity === 'off') return [];
  return ctx.problems.map((p) => ({
    rule: 'invalid-config',
    severity,
    range: rangeOf(p),
    message: t(ctx.locale, RULES['invalid-config'].message.en, p.message),
    ...(p.src.file ? { file: p.src.file } : {}),
  }));
}

function rangeOf(p: Problem): Range {
  if (p.src.settingsPrefix) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const doc = (p.src.doc ??= TextDocument.create('wxperm:config', 'jsonc', 0, p.src.text));
  return { start: doc.positionAt(p.offset), end: doc.positionAt(p.offset + p.length) };
}
