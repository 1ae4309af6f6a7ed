import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog } from '../helpers/catalog';

// [what code writes, expected covering sets (any-of unless allOf), how it resolves]
const CASES: [string, number[] | null, 'interface' | 'family' | 'none', boolean?][] = [
  ['/wxa/getwxacodeunlimit', [17, 58], 'interface'],
  ['wxa/getwxacodeunlimit', [17, 58], 'interface'],
  ['https://api.weixin.qq.com/wxa/getwxacodeunlimit?access_token=%s', [17, 58], 'interface'],
  ['http://api.weixin.qq.com/wxa/getwxacode', [17], 'interface'],
  ['/cgi-bin/wxaapp/createwxaqrcode', [17, 58], 'interface'],
  ['/cgi-bin/express/business/order/add', [45, 71], 'interface'],
  ['/cgi-bin/express/business/some/new/call', [45, 71], 'family'],
  ['/cgi-bin/express/local/business/order/add', [51, 71], 'interface'],
  ['/product/spu/add', [70], 'interface'],
  ['/product/spu/brand_new_call', [70], 'family'],
  ['/product/order/get', [71], 'interface'],
  ['/product/register/register_shop', [73], 'interface'],
  ['/product/register/apply', [73], 'family'],
  ['/product/coupon/anything', [84], 'family'],
  ['/product/funds/anything', [104], 'family'],
  ['/wxa/getillegalrecords', [18, 76], 'interface', true],
  ['/wxa/getappealrecords', [18, 76], 'interface', true],
  ['/cgi-bin/component/api_query_auth', [], 'interface'],
  ['/cgi-bin/component/api_component_token', [], 'interface'],
  ['/cgi-bin/component/unknown_thing', null, 'none'],
  ['/wxa/unknown_thing', null, 'none'],
  ['/cgi-bin/wxopen/unknown', null, 'none'],
  ['/wxa/commit', [18], 'interface'],
  ['/wxa/submit_audit', [18], 'interface'],
  ['/wedata/anything/new', [18], 'family'],
  ['/wxaapi/newtmpl/addtemplate', [18, 89], 'interface'],
  ['/wxaapi/newtmpl/some_new', [18], 'family'],
  ['/datacube/getweanalysisappidnewthing', [18], 'family'],
  ['/wxa/plugin', [40], 'interface'],
  ['/wxa/devplugin', [40], 'interface'],
  ['/wxa/addnearbypoi', [37], 'interface'],
  ['/wxa/somethingnearbypoinew', [37], 'family'],
  ['/wxaapi/broadcast/room/create', [52], 'interface'],
  ['/wxaapi/broadcast/brand/new', [52], 'family'],
  ['/tcb/sendsmsv2', [49, 99], 'interface'],
  ['/tcb/wxpaylist', [49, 102], 'interface'],
  ['/tcb/wxpaynewcall', [49, 102], 'family'],
  ['/tcb/databasequery', [49], 'interface'],
  ['/shop/spu/add', [85], 'interface'],
  ['/shop/order/get_list', [85, 116], 'interface'],
  ['/shop/thing/get_new', [85, 116], 'family'],
  ['/shop/thing/update_new', [85], 'family'],
  ['/shop/pay/createorder', [119], 'interface'],
  ['/shop/pay/newthing', [119], 'family'],
  ['/channels/ec/product/add', [129], 'interface'],
  ['/channels/ec/order/get', [131], 'interface'],
  ['/channels/ec/coupon/brandnew', [132], 'family'],
  ['/wxa/operationams?action=agency_create_adunit', [135], 'interface'],
  ['/wxa/operationams?action=agency_future_call', [135], 'family'],
  ['/wxa/operationams?action=get_agency_future', [135], 'family'],
  ['/wxa/operationams?action=something_else', null, 'none'],
  ['/wxa/operationams', null, 'none'],
  ['/wxa/sec/order/upload_shipping_info', [142], 'interface'],
  ['/wxa/sec/vod/newcall', [153], 'family'],
  ['/xpay/query_order', [157], 'interface'],
  ['/wxadrama/anything', [157], 'family'],
  ['/union/promoter/product/select', [93], 'interface'],
  ['/cgi-bin/open/bind', [25, 24, 60], 'interface'],
  ['/wxa/generate_urllink', [88, 115], 'interface'],
  ['/cgi-bin/message/custom/send', [19], 'interface'],
  ['/wxa/getwxacodeunlimit/', [17, 58], 'interface'],
  ['/WXA/GETWXACODEUNLIMIT', [17, 58], 'interface'],
];

test(`path resolution: ${CASES.length} cases across sets, families and the query-told interfaces`, () => {
  const c = catalog();
  const wrong: string[] = [];
  for (const [raw, sets, kind, allOf] of CASES) {
    const r = c.resolve(raw);
    const got = r ? { kind: r.kind, sets: [...r.coverage.sets].sort((a, b) => a - b), allOf: r.coverage.allOf } : { kind: 'none', sets: null, allOf: false };
    const want = { kind, sets: sets ? [...sets].sort((a, b) => a - b) : null, allOf: !!allOf };
    try { assert.deepEqual(got, want); } catch { wrong.push(`${raw}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`); }
  }
  assert.deepEqual(wrong, []);
});

test('names: official names, older dotted names and SDK aliases find the interface', () => {
  const c = catalog();
  assert.equal(c.byName('getUnlimitedQRCode')[0]?.path, '/wxa/getwxacodeunlimit');
  assert.equal(c.byName('wxacode.getUnlimited')[0]?.path, '/wxa/getwxacodeunlimit');
  assert.ok(c.byAlias('createWxaCodeUnlimit').some((i) => i.path === '/wxa/getwxacodeunlimit'));
  assert.ok(c.byAlias('ExecuteWxaGetWxaCodeUnlimitAsync').some((i) => i.path === '/wxa/getwxacodeunlimit'));
  assert.ok(c.byAlias('get_wxa_code_unlimited').some((i) => i.path === '/wxa/getwxacodeunlimit'));
  assert.deepEqual(c.byName('nothingLikeThis'), []);
});

test('ids: seed sets, outside ids, unknown ids', () => {
  const c = catalog();
  assert.equal(c.set(17)?.name.zh, '获取小程序码');
  assert.equal(c.set(18)?.mutex, true);
  assert.ok(c.isKnownSetId(58) && !c.set(58));
  assert.ok(!c.isKnownSetId(9999));
  assert.ok(c.interfacesOfSet(17).length >= 3);
  assert.ok(c.interfacesOfSet(58).some((i) => i.path === '/wxa/getwxacodeunlimit'));
});

test('search ranks exact matches first', () => {
  const c = catalog();
  const top = (q: string) => c.search(q)[0];
  const h1 = top('getwxacodeunlimit');
  assert.ok(h1.kind === 'interface' && h1.iface.path === '/wxa/getwxacodeunlimit');
  const h2 = top('17');
  assert.ok(h2.kind === 'set' && h2.set.id === 17);
  const h3 = top('获取不限制的小程序码');
  assert.ok(h3.kind === 'interface' && h3.iface.path === '/wxa/getwxacodeunlimit');
  const h4 = top('getUnlimitedQRCode');
  assert.ok(h4.kind === 'interface' && h4.iface.name === 'getUnlimitedQRCode');
  const h5 = top('小程序直播管理');
  assert.ok(h5.kind === 'set' && h5.set.id === 52);
  const h6 = top('live broadcast');
  assert.ok(h6.kind === 'set' && h6.set.id === 52, JSON.stringify(h6).slice(0, 100));
  assert.deepEqual(c.search('   '), []);
  assert.deepEqual(c.search('qqqqzzzzxxxx'), []);
});
