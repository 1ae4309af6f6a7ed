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
