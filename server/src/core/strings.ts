// The UI strings of hover, completion and code actions, keyed by their English text (the l10n
// convention), with the Simplified Chinese beside each so a translator sees both at once.
// Registered with messages.ts, so they land in the zh-cn l10n bundle beside the rules' messages.
import { defineStrings } from './messages';

/** Localise one of the strings below; `{0}`, `{1}` … take the arguments, as in @vscode/l10n. */
export const tr = defineStrings({
  // hover: interfaces and families
  'Any one of these permission sets covers it:': '以下任一权限集即可调用：',
  'All of these permission sets are needed:': '需要同时拥有以下全部权限集：',
  'Needs permission set:': '所需权限集：',
  'Needs no permission set (called with `component_access_token`).': '无需权限集（使用 `component_access_token` 调用）。',
  'outside the seed': '种子表之外',
  'mutex': '互斥',
  'needs agreement {0}': '需先签署{0}',
  'needs a service agreement': '需先签署服务协议',
  'Not granted: calls fail at run time with `errcode 61007` (api is unauthorized to component).':
    '未授权：运行时调用将失败，返回 `errcode 61007`（api is unauthorized to component）。',
  'Not granted by {0}: calls fail at run time with `errcode 61007` (api is unauthorized to component).':
    '{0} 未授权：运行时调用将失败，返回 `errcode 61007`（api is unauthorized to component）。',
  'No grants configured: add `wxperm.json` to check them.': '未配置授权：添加 `wxperm.json` 以检查授权。',
  '**Withdrawn**': '**已下线**',
  '**Frozen**': '**已冻结**',
  '**Renamed** to {0}': '**已更名**为 {0}',
  'Catalog confidence: {0}': '目录可信度：{0}',
  'medium': '中',
  'low': '低',
  'Documentation': '文档',
  'family {0}': '接口族 {0}',
  'Interfaces under {0} are not listed one by one; these sets cover the whole prefix.':
    '{0} 下的接口未逐一列出；以下权限集覆盖整个前缀。',
  // hover: set ids
  'Permission set {0}': '权限集 {0}',
  'unknown': '未知',
  'The catalog has no permission set with this id: a typo, or a set WeChat added after this catalog was built.':
    '目录中没有此 ID 的权限集：可能是笔误，或是微信在目录生成后新增的权限集。',
  'Mutex: only one third-party platform per authorizer can hold it.': '互斥：每个授权方只能授予一个第三方平台。',
  'Needs the service agreement {0} accepted first.': '需先签署服务协议{0}。',
  'Needs a service agreement accepted first.': '需先签署服务协议。',
  'Covers {0} interfaces.': '覆盖 {0} 个接口。',
  'Covers {0} interfaces and the families {1}.': '覆盖 {0} 个接口及接口族 {1}。',
  'Listed by {0} interfaces.': '{0} 个接口列出此 ID。',
  'Granted': '已授权',
  'awaiting confirmation': '待管理员确认',
  'Not granted': '未授权',
  // completion
  'no set': '无需权限集',
  // code actions
  'Grant set {0} ({1}) in {2}': '在 {2} 中记为已授权：权限集 {0}（{1}）',
  'Grant set {0} ({1}) to {3} in {2}': '在 {2} 中为 {3} 记为已授权：权限集 {0}（{1}）',
  'Grant sets {0} in {1}': '在 {1} 中记为已授权：权限集 {0}',
  'Grant sets {0} to {2} in {1}': '在 {1} 中为 {2} 记为已授权：权限集 {0}',
  'Ignore {0} on this line': '在此行忽略 {0}',
  'Open documentation': '打开文档',
  // config edits
  '{0} does not parse; fix it before adding grants.': '{0} 无法解析；请先修正再添加授权。',
  '`{0}` in {1} is not a list of set ids.': '{1} 中的 `{0}` 不是权限集 ID 列表。',
  'Authorizer {0} takes its grants from a saved authorization response; grant set {1} in WeChat (re-authorize), then save the new response.':
    '授权方 {0} 的授权来自保存的授权响应；请在微信中授予权限集 {1}（重新授权），再保存新的响应。',
  'The grants in {0} come from a saved authorization response; grant set {1} in WeChat (re-authorize), then save the new response.':
    '{0} 中的授权来自保存的授权响应；请在微信中授予权限集 {1}（重新授权），再保存新的响应。',
  '{0} lists grants per authorizer; name the authorizer to add set {1} to.': '{0} 按授权方列出授权；请指明要为哪个授权方添加权限集 {1}。',
  'Authorizer {0} is not in {1}.': '{1} 中没有授权方 {0}。',
});
