import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog } from '../helpers/catalog';
import { scan } from '../../server/src/core/scanner';
import { categoryIds, inventory, type PlacedReference } from '../../server/src/core/inventory';
import { NO_GRANTS } from '../../server/src/core/grants';
import type { Grants, Reference } from '../../server/src/core/model';

const CODE = [
  "post('https://api.weixin.qq.com/wxa/getwxacodeunlimit?access_token=' + t)",
  "post('https://api.weixin.qq.com/cgi-bin/express/business/order/add?access_token=' + t)",
  "post('https://api.weixin.qq.com/wxa/getillegalrecords?access_token=' + t)",
  "post('https://api.weixin.qq.com/wxa/getwxacodeunlimit?access_token=' + t)",
  "post('https://api.weixin.qq.com/cgi-bin/component/api_query_auth?component_access_token=' + t)",
].join('\n');

function placed(): PlacedReference[] {
  return scan(CODE, catalog(), { languageId: 'javascript', fileName: '/ws/a.js' }).map((ref) => ({ file: '/ws/a.js', ref }));
}

function grants(by: Record<string, number[]>): Grants {
  return { source: 'file', authorizers: Object.entries(by).map(([label, ids]) => ({ label, sets: new Set(ids), confirm: new Map() })) };
}

const summary = (r: ReturnType<typeof inventory>) => r.needed.map((n) => `${n.id}:${n.state}:${n.missingFor.join('+')}:${n.interfaces.map((i) => `${i.path}×${i.locations.length}`).join(',')}`);

test('without grants: every needed set is listed under its least-privileged cover, state unknown', () => {
  const r = inventory(placed(), catalog(), NO_GRANTS);
  assert.deepEqual(summary(r), [
    '17:unknown::/wxa/getwxacodeunlimit×2',
    '18:unknown::/wxa/getillegalrecords×1',
    '71:unknown::/cgi-bin/express/business/order/add×1',
    '76:unknown::/wxa/getillegalrecords×1',
  ]);
  assert.deepEqual(r.needed.find((n) => n.id === 71)?.alternatives, [45]);
  assert.deepEqual(r.unused, []);
});

test('with two authorizers: granted, partial, missing, unused; a held alternative is where the call is filed', () => {
  const r = inventory(placed(), catalog(), grants({ wxA: [17, 18, 45, 30], wxB: [17, 18] }));
  assert.deepEqual(summary(r), [
    '76:missing:wxA+wxB:/wxa/getillegalrecords×1',
    '45:partial:wxB:/cgi-bin/express/business/order/add×1',
    '17:granted::/wxa/getwxacodeunlimit×2',
    '18:granted::/wxa/getillegalrecords×1',
  ]);
  assert.deepEqual(r.unused, [{ id: 30, authorizers: ['wxA'] }]);
  const loc = r.needed.find((n) => n.id === 17)!.interfaces[0].locations[1];
  assert.deepEqual(loc.range.start, { line: 3, character: 31 });
});

test('categoryIds: one set serving several calls wins over one per call; all-of sets all included', () => {
  const c = catalog();
  const ref = (sets: number[], allOf = false): Reference => ({ kind: 'path', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, offset: 0, length: 1, text: 'x', path: '/x', sets, allOf });
  // 71 is the only cover of one call, and also covers the call 45 or 71 would: 45 is not needed
  assert.deepEqual(categoryIds([ref([45, 71]), ref([71])], c), [71]);
  assert.deepEqual(categoryIds([ref([18, 76], true), ref([18])], c), [76, 18]);
  assert.deepEqual(categoryIds([ref([17, 58]), ref([]), { ...ref([9999]), kind: 'set-id' }], c), [17]);
  assert.deepEqual(categoryIds([], c), []);
});
