import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/core/hover';
import type { ConfirmInfo, Grants, Reference } from '../../server/src/core/model';
import { scan } from '../../server/src/core/scanner';
import type { Locale } from '../../server/src/core/types';
import { catalog } from '../helpers/catalog';

const NONE: Grants = { source: 'none', authorizers: [] };
const TABLE = 'https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/miniprogram_authority.html';

function grants(...authorizers: [string, number[], Map<number, ConfirmInfo>?][]): Grants {
  return { source: 'file', authorizers: authorizers.map(([label, sets, confirm]) => ({ label, sets: new Set(sets), confirm: confirm ?? new Map() })) };
}

/** Hover over the first occurrence of `at` in `text`; the markdown, or undefined. */
function hoverText(text: string, at: string, g: Grants, locale: Locale = 'en', fileName = 'src/api.ts', refs?: readonly Reference[]): string | undefined {
  const offset = text.indexOf(at) + 1;
  const languageId = fileName.endsWith('.json') ? 'jsonc' : 'typescript';
  const result = hover({ text, fileName, languageId }, offset, { catalog: catalog(), grants: g, locale, refs });
  if (result) assert.equal(result.contents.kind, 'markdown');
  return result?.contents.value;
}

test('an interface that is not granted: sets, the run-time symptom and the doc link', () => {
  assert.equal(hoverText('post("/wxa/getwxacodeunlimit")', 'wxa', grants(['#1', [18]])), [
    '**getUnlimitedQRCode** · `POST /wxa/getwxacodeunlimit`',
    '',
    'Get unlimited Mini Program code · 获取不限制的小程序码',
    '',
    'Any one of these permission sets covers it:',
    '- ✗ **17** Get Mini Program code',
    '- ✗ **58** _outside the seed_ — Older copy of the QR-code pages lists 17、58',
    '',
    '⚠ Not granted: calls fail at run time with `errcode 61007` (api is unauthorized to component).',
    '',
    '[Documentation](https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode.html)',
  ].join('\n'));
});

test('zh-cn: a granted interface, Chinese first, no symptom', () => {
  assert.equal(hoverText('post("/wxa/getwxacodeunlimit")', 'wxa', grants(['#1', [17]]), 'zh-cn'), [
    '**getUnlimitedQRCode** · `POST /wxa/getwxacodeunlimit`',
    '',
    '获取不限制的小程序码 · Get unlimited Mini Program code',
    '',
    '以下任一权限集即可调用：',
    '- ✓ **17** 获取小程序码',
    '- ✗ **58** _种子表之外_ — Older copy of the QR-code pages lists 17、58',
    '',
    '[文档](https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode.html)',
  ].join('\n'));
});

test('several authorizers: a mark per authorizer, the symptom names who lacks it; confidence shown', () => {
  const result = hover({ text: 'post("/wxa/getwxacode")' }, 8, { catalog: catalog(), grants: grants(['wxA', [17]], ['wxB', [18]]), locale: 'en' });
  assert.deepEqual(result?.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 21 } });
  assert.equal(result?.contents.value, [
    '**getQRCode** · `POST /wxa/getwxacode`',
    '',
    'Get Mini Program code (few codes) · 获取小程序码',
    '',
    'Needs permission set:',
    '- **17** Get Mini Program code — ✓ wxA · ✗ wxB',
    '',
    '⚠ Not granted by wxB: calls fail at run time with `errcode 61007` (api is unauthorized to component).',
    '',
    '[Documentation](https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getqrcode.html) · _Catalog confidence: medium_',
  ].join('\n'));
});

test('all-of: half granted is not granted', () => {
  assert.equal(hoverText('post("/wxa/getillegalrecords")', 'wxa', grants(['#1', [18]])), [
    '**getIllegalRecords** · `POST /wxa/getillegalrecords`',
    '',
    'Get illegal records · 获取小程序违规处罚记录',
    '',
    'All of these permission sets are needed:',
    '- ✓ **18** Mini Program Development and Data Analysis · mutex',
    '- ✗ **76** Mini Program Violation and Transaction Complaint Management · mutex',
    '',
    '⚠ Not granted: calls fail at run time with `errcode 61007` (api is unauthorized to component).',
    '',
    '[Documentation](https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/miniprogram-management/record-management/getIllegalRecords.html)',
  ].join('\n'));
});

test('a family member: the prefix, its sets, the agreement; no grants configured', () => {
  assert.equal(hoverText('post("/wxaapi/broadcast/brand/new")', 'wxaapi', NONE), [
    '**`/wxaapi/broadcast/brand/new`** · family `/wxaapi/broadcast/`',
    '',
    'Interfaces under `/wxaapi/broadcast/` are not listed one by one; these sets cover the whole prefix.',
    '',
    'Needs permission set:',
    '- **52** Mini Program live broadcast management · needs agreement “WeChat Mini Program Live Function Terms of Service”',
    '',
    '_No grants configured: add `wxperm.json` to check them._',
    '',
    `[Documentation](${TABLE})`,
  ].join('\n'));
  const zh = hoverText('post("/wxaapi/broadcast/brand/new")', 'wxaapi', grants(['#1', [52]]), 'zh-cn')!;
  assert.match(zh, /^\*\*`\/wxaapi\/broadcast\/brand\/new`\*\* · 接口族 `\/wxaapi\/broadcast\/`\n\n`\/wxaapi\/broadcast\/` 下的接口未逐一列出/);
  assert.match(zh, /- ✓ \*\*52\*\* 小程序直播管理 · 需先签署《微信小程序直播功能服务条款》/);
});

test('a set id: names, description, reach, grant and doc', () => {
  const config = '{ "grants": [17, 999, 58, 49] }';
  const g = grants(['#1', [17, 999, 58, 49]]);
  assert.equal(hoverText(config, '17', g, 'en', '/ws/wxperm.json'), [
    '**Permission set 17** · Get Mini Program code · 获取小程序码',
    '',
    'Based on this permission to obtain the Mini Program code and Mini Program two-dimensional code',
    '',
    'Covers 3 interfaces.',
    '',
    '✓ Granted',
    '',
    `[Documentation](${TABLE})`,
  ].join('\n'));
  assert.equal(hoverText(config, '49', grants(['wx1', [49]], ['wx2', []]), 'zh-cn', '/ws/wxperm.json'), [
    '**权限集 49** · 小程序云开发管理 · Mini Program Cloud Development Management',
    '',
    '基于该权限可为小程序管理云开发资源',
    '',
    '互斥：每个授权方只能授予一个第三方平台。',
    '',
    '需先签署服务协议《微信小程序·云开发功能服务条款》。',
    '',
    `覆盖 ${catalog().interfacesOfSet(49).length} 个接口及接口族 \`/componenttcb/\`、\`/tcb/\`、\`/tcb/wxpay\`。`,
    '',
    '✓ wx1 · ✗ wx2',
    '',
    `[文档](${TABLE})`,
  ].join('\n'));
});

test('an unknown set id says so; an id outside the seed shows its note', () => {
  const config = '{ "grants": [17, 999, 58] }';
  assert.equal(hoverText(config, '999', NONE, 'en', 'wxperm.json'), [
    '**Permission set 999** · _unknown_',
    '',
    'The catalog has no permission set with this id: a typo, or a set WeChat added after this catalog was built.',
  ].join('\n'));
  assert.equal(hoverText(config, '999', NONE, 'zh-cn', 'wxperm.json'), '**权限集 999** · _未知_\n\n目录中没有此 ID 的权限集：可能是笔误，或是微信在目录生成后新增的权限集。');
  assert.equal(hoverText(config, '58', grants(['#1', [17]]), 'en', 'wxperm.json'), [
    '**Permission set 58** · _outside the seed_',
    '',
    'Older copy of the QR-code pages lists 17、58',
    '',
    `Listed by ${catalog().interfacesOfSet(58).length} interfaces.`,
    '',
    '✗ Not granted',
  ].join('\n'));
});

test('status, component-token calls, awaiting confirmation', () => {
  const withdrawn = hoverText('post("/cgi-bin/message/wxopen/template/uniform_send")', 'cgi', NONE)!;
  assert.match(withdrawn, /\n\n⚠ \*\*Withdrawn\*\* — Withdrawn 2023-09-20; calls now fail with errcode 45109\.\n\n/);
  const frozen = hoverText('post("/wxa/img_sec_check")', 'wxa', NONE, 'zh-cn')!;
  assert.match(frozen, /⚠ \*\*已冻结\*\* — /);
  const component = hoverText('post("/cgi-bin/component/api_query_auth")', 'cgi', grants(['#1', []]))!;
  assert.match(component, /^\*\*api\\_query\\_auth\*\* · `POST \/cgi-bin\/component\/api_query_auth`\n\n/);
  assert.match(component, /\n\nNeeds no permission set \(called with `component_access_token`\)\.\n\n/);
  assert.doesNotMatch(component, /61007/);
  const pending = new Map<number, ConfirmInfo>([[52, { needConfirm: true, alreadyConfirm: false, canConfirm: true }]]);
  const live = hoverText('post("/wxaapi/broadcast/room/create")', 'wxaapi', grants(['#1', [52], pending]))!;
  assert.match(live, /- ✓ \*\*52\*\* Mini Program live broadcast management · needs agreement “[^”]+” _\(awaiting confirmation\)_\n/);
});

test('uses the references it is given, and says nothing away from a reference', () => {
  const text = 'a = "/wxa/getwxacode"; b = 1;';
  assert.equal(hoverText(text, 'b =', grants(['#1', [17]])), undefined);
  assert.equal(hoverText(text, 'wxa', grants(['#1', [17]]), 'en', 'a.ts', []), undefined, 'an empty refs list is taken as is');
  const refs = scan(text, catalog());
  assert.match(hoverText(text, 'wxa', grants(['#1', [17]]), 'en', 'a.ts', refs)!, /^\*\*getQRCode\*\*/);
  assert.match(hoverText('const r = await getUnlimitedQRCode(token, body);', 'UnlimitedQRCode', NONE)!, /^\*\*getUnlimitedQRCode\*\* · `POST \/wxa\/getwxacodeunlimit`/);
});
