// One rule, one place: every rule's stable id, default severity, title and message live here and
// nowhere else, so the judge, the config schema, the CLI and the zh bundle cannot drift apart.
import type { RuleId, Severity, SeveritySetting } from './model';

export interface RuleText {
  en: string;
  zh: string;
}

export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  title: RuleText;
  /** `{0}`, `{1}` … are filled in by the judge (l10n style); see the comment on each rule for what goes where. */
  message: RuleText;
}

export const RULES: Record<RuleId, Rule> = {
  // {0} interface, {1} covering sets, {2} " by <authorizers>" or "".
  'not-granted': {
    id: 'not-granted',
    defaultSeverity: 'error',
    title: { en: 'Permission set not granted', zh: '权限集未授权' },
    message: {
      en: '{0} needs {1}, not granted{2}; the call will fail with errcode 61007 (api is unauthorized to component).',
      zh: '{0} 需要{1}，但{2}未授予；调用将失败，返回 errcode 61007（api is unauthorized to component）。',
    },
  },
  // {0} interface, {1} the mutex sets.
  'mutex-set': {
    id: 'mutex-set',
    defaultSeverity: 'information',
    title: { en: 'Mutex permission set', zh: '互斥权限集' },
    message: {
      en: '{0} is covered only by mutex {1}: an authorizer can grant it to one platform only, so calls fail if it was given to another.',
      zh: '{0} 只能由互斥的{1}覆盖：每个授权方只能将其授予一个第三方平台，若已授予其他平台，调用将失败。',
    },
  },
  // {0} interface, {1} the set, {2} the agreement.
  'agreement-required': {
    id: 'agreement-required',
    defaultSeverity: 'information',
    title: { en: 'Service agreement required', zh: '需同意服务协议' },
    message: {
      en: '{0} relies on {1}, which needs {2} accepted first.',
      zh: '{0} 依赖{1}，需先同意{2}。',
    },
  },
  // {0} the set id.
  'unknown-set': {
    id: 'unknown-set',
    defaultSeverity: 'warning',
    title: { en: 'Unknown permission set', zh: '未知权限集' },
    message: {
      en: 'Unknown permission set {0}: neither the catalog nor WeChat\'s pages list it.',
      zh: '未知的权限集 {0}：目录和微信文档均未列出。',
    },
  },
  // {0} interface, {1} the unconfirmed sets, {2} " for <authorizers>" or "".
  'needs-confirmation': {
    id: 'needs-confirmation',
    defaultSeverity: 'warning',
    title: { en: 'Permission set awaits confirmation', zh: '权限集待确认' },
    message: {
      en: '{0} relies on {1}, which still awaits the administrator\'s confirmation{2} (need_confirm=1, already_confirm=0); the call fails until it is confirmed.',
      zh: '{0} 依赖的{1}{2}尚待管理员确认（need_confirm=1，already_confirm=0）；确认前调用将失败。',
    },
  },
  // {0} the set, {1} " by <authorizer>" or "".
  'unused-grant': {
    id: 'unused-grant',
    defaultSeverity: 'hint',
    title: { en: 'Unused grant', zh: '未使用的授权' },
    message: {
      en: '{0} is granted{1} but no reference in the workspace needs it.',
      zh: '{1}已授予{0}，但工作区中没有代码需要它。',
    },
  },
  // {0} what is wrong.
  'invalid-config': {
    id: 'invalid-config',
    defaultSeverity: 'error',
    title: { en: 'Invalid wxperm configuration', zh: 'wxperm 配置无效' },
    message: {
      en: 'Invalid wxperm configuration: {0}',
      zh: 'wxperm 配置无效：{0}',
    },
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RULES, value);
}

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value);
}

/** The configured severity, or the rule's default when the override is missing or not a severity. */
export function severityFor(rule: RuleId, overrides?: Partial<Record<RuleId, SeveritySetting>>): SeveritySetting {
  const set = overrides?.[rule];
  return isSeveritySetting(set) ? set : RULES[rule].defaultSeverity;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** The milder of a severity and a ceiling: `error` capped at `warning` is `warning`, `hint` stays `hint`. */
export function capSeverity(severity: Severity, ceiling: Severity): Severity {
  return RANK[severity] >= RANK[ceiling] ? severity : ceiling;
}

const WECHAT_SETS_DOC = 'https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/miniprogram_authority.html';

/** What each rule means at length, and how to fix it (SARIF help, docs); English only. */
export const RULE_HELP: Record<RuleId, { name: string; full: string; help: string; doc?: string }> = {
  'not-granted': {
    name: 'PermissionSetNotGranted',
    full: 'The code calls a WeChat Mini Program interface whose permission sets (权限集) were not granted to the third-party platform by at least one authorizer listed in wxperm.json.',
    help: 'WeChat refuses the call at run time with errcode 61007 ("api is unauthorized to component"). Ask the authorizer to grant one of the covering sets (add it to `category_id_list` in the authorization link; `wxperm inventory` prints a ready value), record the new grant in `wxperm.json`, or stop calling the interface.',
    doc: WECHAT_SETS_DOC,
  },
  'mutex-set': {
    name: 'MutexPermissionSet',
    full: 'Only mutex permission sets cover this interface: an authorizer can grant a mutex set to one third-party platform only.',
    help: 'If the authorizer already gave the set to another platform, the call fails. Check with the authorizer before relying on it; once every authorizer in wxperm.json grants it to you, this note goes away.',
    doc: WECHAT_SETS_DOC,
  },
  'agreement-required': {
    name: 'ServiceAgreementRequired',
    full: 'A permission set this interface relies on needs a service agreement accepted before its interfaces work.',
    help: 'Make sure the authorizer (or your platform) has accepted the named service agreement; until then the calls fail even though the set is granted.',
    doc: WECHAT_SETS_DOC,
  },
  'unknown-set': {
    name: 'UnknownPermissionSet',
    full: 'A permission set id (in wxperm.json, a saved authorization response or a `category_id_list=` value) that neither the catalog nor WeChat\'s pages list.',
    help: 'Check the id for a typo. WeChat adds sets over time; if the id is real, the catalog needs an update.',
    doc: WECHAT_SETS_DOC,
  },
  'needs-confirmation': {
    name: 'PermissionSetAwaitsConfirmation',
    full: 'The saved authorization response says a covering set still awaits the administrator\'s confirmation (need_confirm=1, already_confirm=0).',
    help: 'The call fails until the Mini Program\'s administrator confirms the set. Ask them to confirm it, then save the new `api_get_authorizer_info` response.',
    doc: WECHAT_SETS_DOC,
  },
  'unused-grant': {
    name: 'UnusedGrant',
    full: 'A granted permission set that no reference in the workspace needs.',
    help: 'Least privilege: leave the set out of `category_id_list` for new authorizers (`wxperm inventory` prints the sets the code needs).',
    doc: WECHAT_SETS_DOC,
  },
  'invalid-config': {
    name: 'InvalidConfiguration',
    full: 'wxperm.json, or an authorization file it names, cannot be read or does not fit the schema.',
    help: 'Fix the file at the reported place; until then wxperm cannot judge the grants. The schema ships as catalog/wxperm.schema.json.',
  },
};
