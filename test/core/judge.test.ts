import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalog } from '../helpers/catalog';
import { judge, unusedGrants, unusedGrantMessage, isCovered, missingByAuthorizer, type JudgeOptions } from '../../server/src/core/judge';
import { NO_GRANTS, readConfig } from '../../server/src/core/grants';
import { parseSuppressions } from '../../server/src/core/suppressions';
import type { ConfirmInfo, Finding, Grants, Reference, RuleId } from '../../server/src/core/model';

/** A path reference the way the scanner makes one: resolved through the catalog, on its own line. */
function ref(raw: string, line = 0): Reference {
  const r = catalog().resolve(raw);
  assert.ok(r, `${raw} does not resolve`);
  return {
    kind: 'path',
    range: { start: { line, character: 5 }, end: { line, character: 5 + raw.length } },
    offset: 5,
    length: raw.length,
    text: raw,
    path: r.path,
    name: r.kind === 'interface' ? r.iface.name : undefined,
    sets: r.coverage.sets,
    allOf: r.coverage.allOf,
    resolution: r,
  };
}

function setRef(id: number, line = 0): Reference {
  const text = String(id);
  return {
    kind: 'set-id',
    range: { start: { line, character: 0 }, end: { line, character: text.length } },
    offset: 0,
    length: text.length,
    text,
    sets: [id],
    allOf: false,
    setId: id,
    context: 'grants',
  };
}

type Pending = Record<number, Partial<ConfirmInfo>>;

function grants(byAuthorizer: Record<string, number[]>, pending: Record<string, Pending> = {}): Grants {
  return {
    source: 'file',
    file: '/ws/wxperm.json',
    authorizers: Object.entries(byAuthorizer).map(([label, ids]) => ({
      label,
      sets: new Set(ids),
      confirm: new Map(Object.entries(pending[label] ?? {}).map(([id, c]) => [Number(id), { needConfirm: false, alreadyConfirm: false, canConfirm: false, ...c }])),
    })),
  };
}

const one = (ids: number[]) => grants({ '#1': ids });

function run(refs: Reference[], g: Grants, options: JudgeOptions = {}): Finding[] {
  return judge(refs, catalog(), g, options);
}

function rules(findings: Finding[]): [RuleId, string][] {
  return findings.map((f) => [f.rule, f.severity]);
}

function only(findings: Finding[], rule: RuleId): Finding {
  const hits = findings.filter((f) => f.rule === rule);
  assert.equal(hits.length, 1, JSON.stringify(findings.map((f) => f.message), null, 1));
  return hits[0];
}

const ERR = ' the call will fail with errcode 61007 (api is unauthorized to component).';

describe('not-granted', () => {
  test('exact message, one unnamed authorizer: no authorizer named', () => {
    const f = only(run([ref('/wxa/getwxacodeunlimit')], one([18])), 'not-granted');
    assert.equal(f.message, `getUnlimitedQRCode (/wxa/getwxacodeunlimit) needs set 17 (Get Mini Program code) or set 58, not granted;${ERR}`);
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, ref('/wxa/getwxacodeunlimit').range);
    assert.deepEqual(f.data, {
      sets: [17, 58],
      missing: [{ authorizer: '#1', sets: [17, 58] }],
      doc: 'https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode.html',
    });
    assert.equal(f.reference?.text, '/wxa/getwxacodeunlimit');
  });

  test('any-of: 45 or 71, either one is enough', () => {
    const r = ref('/cgi-bin/express/business/order/add');
    assert.deepEqual(run([r], one([45])).filter((f) => f.rule === 'not-granted'), []);
    assert.deepEqual(run([r], one([71])), []);
    const f = only(run([r], one([17])), 'not-granted');
    assert.equal(f.message, `addOrder (/cgi-bin/express/business/order/add) needs set 71 (Standard Edition Trading Module Order Logistics and After Sales Management) or set 45 (WeChat Logistics Services), not granted;${ERR}`);
  });

  test('all-of: 18 and 76, one of two granted is not enough; missing names the one lacking', () => {
    const r = ref('/wxa/getillegalrecords');
    const f = only(run([r], one([18])), 'not-granted');
    assert.equal(f.message, `getIllegalRecords (/wxa/getillegalrecords) needs set 76 (Mini Program Violation and Transaction Complaint Management) and set 18 (Mini Program Development and Data Analysis), not granted;${ERR}`);
    assert.deepEqual(f.data?.missing, [{ authorizer: '#1', sets: [76] }]);
    assert.deepEqual(run([r], one([18, 76])), []);
  });

  test('several authorizers: only the one lacking is named, once per reference', () => {
    const g = grants({ wxA: [17], wxB: [18], wxC: [58] });
    const f = only(run([ref('/wxa/getwxacodeunlimit')], g), 'not-granted');
    assert.equal(f.message, `getUnlimitedQRCode (/wxa/getwxacodeunlimit) needs set 17 (Get Mini Program code) or set 58, not granted by wxB;${ERR}`);
    assert.deepEqual(f.data?.missing, [{ authorizer: 'wxB', sets: [17, 58] }]);
    const two = only(run([ref('/wxa/getwxacodeunlimit')], grants({ wxA: [], '#2': [18], wxC: [17] })), 'not-granted');
    assert.match(two.message, /not granted by wxA, #2;/);
  });

  test('a single authorizer labelled by appid is named', () => {
    const f = only(run([ref('/wxa/commit')], grants({ wxf8b4f85f3a794e77: [17] })), 'not-granted');
    assert.match(f.message, /^commit \(\/wxa\/commit\) needs set 18 \(Mini Program Development and Data Analysis\), not granted by wxf8b4f85f3a794e77;/);
  });

  test('no grants configured: not-granted is silent, the other rules still speak', () => {
    const refs = [ref('/wxa/getwxacodeunlimit', 0), ref('/wxa/commit', 1), ref('/componenttcb/createenv', 2), setRef(999, 3)];
    assert.deepEqual(rules(run(refs, NO_GRANTS)), [['mutex-set', 'information'], ['mutex-set', 'information'], ['agreement-required', 'information'], ['unknown-set', 'warning']]);
  });

  test('configured but every authorizer unreadable: silent too', () => {
    assert.deepEqual(run([ref('/wxa/getwxacodeunlimit')], grants({})), []);
  });

  test('component-token interfaces (sets: []) are never judged', () => {
    const r = ref('/cgi-bin/component/api_query_auth');
    assert.deepEqual(r.sets, []);
    assert.deepEqual(run([r], one([])), []);
    assert.deepEqual(run([r], NO_GRANTS), []);
  });

  test('severity overrides, and off', () => {
    const r = ref('/wxa/getwxacodeunlimit');
    assert.deepEqual(rules(run([r], one([]), { rules: { 'not-granted': 'warning' } })), [['not-granted', 'warning']]);
    assert.deepEqual(run([r], one([]), { rules: { 'not-granted': 'off' } }), []);
    assert.deepEqual(rules(run([ref('/wxa/commit')], one([]), { rules: { 'mutex-set': 'off', 'not-granted': 'hint' } })), [['not-granted', 'hint']]);
  });

  test('a low-confidence family is at most a warning, even when configured as error', () => {
    const run = (refs: Reference[], g: Grants, options: JudgeOptions = {}) => judge(refs, catalog(), g, { ...options, rules: { 'mutex-set': 'off', ...options.rules } });
    const fam = ref('/mall/foo');
    assert.equal(fam.resolution?.kind, 'family');
    assert.deepEqual(rules(run([fam], one([17]))), [['not-granted', 'warning']]);
    assert.deepEqual(rules(run([fam], one([17]), { rules: { 'not-granted': 'error' } })), [['not-granted', 'warning']]);
    assert.deepEqual(rules(run([fam], one([17]), { rules: { 'not-granted': 'hint' } })), [['not-granted', 'hint']]);
    // A low-confidence listed interface is as much a guess.
    assert.deepEqual(rules(run([ref('/mall/addshoppinglist')], one([17]))), [['not-granted', 'warning']]);
    // A high-confidence family keeps its error.
    assert.deepEqual(rules(run([ref('/wxaapi/broadcast/brand/new')], one([17]))).slice(0, 1), [['not-granted', 'error']]);
  });

  test('family members are named by the path called and the family', () => {
    const f = only(run([ref('/wxaapi/broadcast/brand/new')], one([17])), 'not-granted');
    assert.match(f.message, /^\/wxaapi\/broadcast\/brand\/new \(under \/wxaapi\/broadcast\/\) needs set 52 \(Mini Program live broadcast management\), not granted;/);
    assert.equal(f.data?.doc, catalog().set(52)?.doc);
  });

  test('zh-cn', () => {
    const f = only(run([ref('/wxa/getwxacodeunlimit')], grants({ wxA: [17], wxB: [18] }), { locale: 'zh-cn' }), 'not-granted');
    assert.equal(f.message, 'getUnlimitedQRCode（/wxa/getwxacodeunlimit） 需要权限集 17（获取小程序码）或权限集 58，但授权方 wxB 未授予；调用将失败，返回 errcode 61007（api is unauthorized to component）。');
    const plain = only(run([ref('/wxa/getillegalrecords')], one([]), { locale: 'zh-cn' }), 'not-granted');
    assert.equal(plain.message, 'getIllegalRecords（/wxa/getillegalrecords） 需要权限集 76（小程序违规与交易投诉管理）和权限集 18（小程序开发与数据分析），但未授予；调用将失败，返回 errcode 61007（api is unauthorized to component）。');
  });

  test('coverage helpers agree with the judge', () => {
    const cov = { sets: [18, 76], allOf: true };
    assert.equal(isCovered(new Set([18]), cov), false);
    assert.equal(isCovered(new Set([18, 76, 17]), cov), true);
    assert.deepEqual(missingByAuthorizer(catalog(), grants({ a: [18], b: [18, 76], c: [] }), cov), [{ authorizer: 'a', sets: [76] }, { authorizer: 'c', sets: [76, 18] }]);
    assert.deepEqual(missingByAuthorizer(catalog(), NO_GRANTS, cov), []);
  });
});

describe('suppressions', () => {
  test('wxperm-ignore-next-line drops the named rule on that line only; the file form drops everywhere', () => {
    const text = ['// wxperm-ignore-next-line not-granted', 'call("/wxa/commit")', 'call("/wxa/commit")'].join('\n');
    const refs = [ref('/wxa/commit', 1), ref('/wxa/commit', 2)];
    const out = run(refs, one([]), { suppressions: parseSuppressions(text) });
    assert.deepEqual(out.map((f) => [f.rule, f.range.start.line]), [['mutex-set', 1], ['not-granted', 2], ['mutex-set', 2]]);
    const all = run(refs, one([]), { suppressions: parseSuppressions('# wxperm-ignore-file\n' + text) });
    assert.deepEqual(all, []);
  });
});

describe('mutex-set', () => {
  test('every covering set is mutex: information, exact message', () => {
    const f = only(run([ref('/wxa/commit')], NO_GRANTS), 'mutex-set');
    assert.equal(f.severity, 'information');
    assert.equal(f.message, 'commit (/wxa/commit) is covered only by mutex set 18 (Mini Program Development and Data Analysis): an authorizer can grant it to one platform only, so calls fail if it was given to another.');
    assert.deepEqual(f.data?.sets, [18]);
  });

  test('a non-mutex alternative (45 or 71) means no mutex finding', () => {
    assert.deepEqual(run([ref('/cgi-bin/express/business/order/add')], NO_GRANTS), []);
  });

  test('all-of with a mutex member speaks', () => {
    assert.deepEqual(only(run([ref('/wxa/getillegalrecords')], NO_GRANTS), 'mutex-set').data?.sets, [76, 18]);
  });

  test('silent once every authorizer granted it; speaks while one lacks it', () => {
    assert.deepEqual(run([ref('/wxa/commit')], grants({ wxA: [18], wxB: [18] })), []);
    assert.deepEqual(rules(run([ref('/wxa/commit')], grants({ wxA: [18], wxB: [17] }))), [['not-granted', 'error'], ['mutex-set', 'information']]);
  });

  test('zh-cn', () => {
    assert.equal(only(run([ref('/wxa/commit')], NO_GRANTS, { locale: 'zh-cn' }), 'mutex-set').message,
      'commit（/wxa/commit） 只能由互斥的权限集 18（小程序开发与数据分析）覆盖：每个授权方只能将其授予一个第三方平台，若已授予其他平台，调用将失败。');
  });
});

describe('agreement-required', () => {
  const AGREEMENT = 'the service agreement “WeChat Mini Program Cloud Development Features Terms of Service”';

  test('the only cover needs an agreement: named in the message', () => {
    const f = only(run([ref('/componenttcb/createenv')], NO_GRANTS), 'agreement-required');
    assert.equal(f.severity, 'information');
    assert.equal(f.message, `createTcbEnv (/componenttcb/createenv) relies on set 49 (Mini Program Cloud Development Management), which needs ${AGREEMENT} accepted first.`);
  });

  test('49 or 99: silent without grants (99 needs none), speaks when 49 is the way it is covered', () => {
    const r = ref('/tcb/sendsmsv2');
    assert.deepEqual(run([r], NO_GRANTS).filter((f) => f.rule === 'agreement-required'), []);
    assert.deepEqual(run([r], one([99])), []);
    assert.deepEqual(run([r], one([49, 99])), []);
    assert.match(only(run([r], one([49])), 'agreement-required').message, /relies on set 49 .*Cloud Development Features Terms of Service/);
    assert.deepEqual(rules(run([r], grants({ wxA: [99], wxB: [49] }))), [['agreement-required', 'information']]);
  });

  test('a set without a named agreement', () => {
    const f = only(run([ref('/wxadrama/developersetrecmddrama')], NO_GRANTS), 'agreement-required');
    assert.match(f.message, /relies on set 157 \(Mini Program Virtual Payment Management Authority\), which needs its service agreement accepted first\.$/);
  });

  test('zh-cn names the agreement in Chinese', () => {
    assert.equal(only(run([ref('/componenttcb/createenv')], NO_GRANTS, { locale: 'zh-cn' }), 'agreement-required').message,
      'createTcbEnv（/componenttcb/createenv） 依赖权限集 49（小程序云开发管理），需先同意服务协议《微信小程序·云开发功能服务条款》。');
  });
});

describe('unknown-set', () => {
  test('an id the catalog lacks: warning, exact message', () => {
    const f = only(run([setRef(999)], NO_GRANTS), 'unknown-set');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, "Unknown permission set 999: neither the catalog nor WeChat's pages list it.");
    assert.deepEqual(f.data, { setId: 999 });
    assert.equal(only(run([setRef(999)], NO_GRANTS, { locale: 'zh-cn' }), 'unknown-set').message, '未知的权限集 999：目录和微信文档均未列出。');
  });

  test('seed sets and outside ids are known', () => {
    assert.deepEqual(run([setRef(17), setRef(58), setRef(185)], one([])), []);
  });
});

describe('needs-confirmation', () => {
  const order = () => ref('/cgi-bin/express/business/order/add');

  test('the only granted cover awaits confirmation: warning', () => {
    const f = only(run([order()], grants({ '#1': [45] }, { '#1': { 45: { needConfirm: true } } })), 'needs-confirmation');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, "addOrder (/cgi-bin/express/business/order/add) relies on set 45 (WeChat Logistics Services), which still awaits the administrator's confirmation (need_confirm=1, already_confirm=0); the call fails until it is confirmed.");
  });

  test('silent when confirmed, when no confirmation is needed, or when another granted cover is fine', () => {
    assert.deepEqual(run([order()], grants({ '#1': [45] }, { '#1': { 45: { needConfirm: true, alreadyConfirm: true } } })), []);
    assert.deepEqual(run([order()], grants({ '#1': [45] }, { '#1': { 45: { needConfirm: false } } })), []);
    assert.deepEqual(run([order()], grants({ '#1': [45, 71] }, { '#1': { 45: { needConfirm: true } } })), []);
  });

  test('all-of: any required set awaiting confirmation; names the authorizer when there are several', () => {
    const g = grants({ wxA: [18, 76], wxB: [18, 76] }, { wxB: { 76: { needConfirm: true } } });
    const f = only(run([ref('/wxa/getillegalrecords')], g), 'needs-confirmation');
    assert.match(f.message, /relies on set 76 \(Mini Program Violation and Transaction Complaint Management\), which still awaits the administrator's confirmation for wxB \(need_confirm=1/);
    assert.deepEqual(f.data?.missing, [{ authorizer: 'wxB', sets: [76] }]);
  });

  test('severity from config; zh-cn', () => {
    const g = grants({ wxA: [45] }, { wxA: { 45: { needConfirm: true } } });
    const f = only(run([order()], g, { rules: { 'needs-confirmation': 'error' }, locale: 'zh-cn' }), 'needs-confirmation');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'addOrder（/cgi-bin/express/business/order/add） 依赖的权限集 45（微信物流服务）（授权方 wxA）尚待管理员确认（need_confirm=1，already_confirm=0）；确认前调用将失败。');
  });
});

describe('unused-grant', () => {
  test('granted sets no reference needs; every granted cover of an any-of counts as used', () => {
    const refs = [ref('/cgi-bin/express/business/order/add'), ref('/wxa/getwxacodeunlimit'), setRef(30)];
    const g = grants({ wxA: [17, 45, 71, 30], wxB: [18, 17] });
    assert.deepEqual(unusedGrants(refs, g, catalog()), [{ authorizer: 'wxA', setId: 30 }, { authorizer: 'wxB', setId: 18 }]);
    assert.deepEqual(unusedGrants(refs, NO_GRANTS, catalog()), []);
  });

  test('all-of sets count as used', () => {
    assert.deepEqual(unusedGrants([ref('/wxa/getillegalrecords')], one([18, 76]), catalog()), []);
  });

  test('message, en and zh-cn', () => {
    const g = grants({ wxA: [30], wxB: [] });
    assert.equal(unusedGrantMessage({ authorizer: 'wxA', setId: 30 }, g, catalog()), 'set 30 (Basic Information Management of Mini Program) is granted by wxA but no reference in the workspace needs it.');
    assert.equal(unusedGrantMessage({ authorizer: '#1', setId: 30 }, one([30]), catalog(), 'zh-cn'), '已授予权限集 30（小程序基本信息管理），但工作区中没有代码需要它。');
  });
});

describe('grants file → judge, end to end', () => {
  test('the map fixture: one authorizer lacks 76 for getIllegalRecords', () => {
    const file = path.join(__dirname, 'fixtures', 'grants', 'map', 'wxperm.json');
    const reader = { readFile: (p: string) => { try { return fs.readFileSync(p, 'utf8'); } catch { return undefined; } } };
    const { grants: g, config, findings } = readConfig({ text: fs.readFileSync(file, 'utf8'), file }, catalog(), reader);
    assert.deepEqual(findings, []);
    const out = run([ref('/wxa/getillegalrecords'), ref('/wxa/getwxacodeunlimit', 1)], g, { rules: config.rules });
    const f = only(out, 'not-granted');
    assert.match(f.message, /not granted by wx2222222222222222, wx3333333333333333;/);
    assert.deepEqual(f.data?.missing, [{ authorizer: 'wx2222222222222222', sets: [76] }, { authorizer: 'wx3333333333333333', sets: [76, 18] }]);
  });

  test('the response-path fixture: 45 awaits confirmation', () => {
    const file = path.join(__dirname, 'fixtures', 'grants', 'response-path', 'wxperm.json');
    const reader = { readFile: (p: string) => fs.readFileSync(p, 'utf8') };
    const { grants: g } = readConfig({ text: fs.readFileSync(file, 'utf8'), file }, catalog(), reader);
    assert.deepEqual(rules(run([ref('/cgi-bin/express/business/order/add')], g)), [['needs-confirmation', 'warning']]);
  });
});
