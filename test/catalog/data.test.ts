import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, index } from '../helpers/catalog';
import { normalisePath } from '../../server/src/core/paths';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compile = require('../../scripts/catalog-compile.mjs') as typeof import('../../scripts/catalog-compile.mjs');

const dir = path.join(ROOT, 'catalog');

test('every catalog file fits its schema', () => {
  assert.deepEqual(compile.validateCatalog(dir), []);
});

test('a broken catalog file is reported, not accepted', () => {
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'wxperm-cat-'));
  fs.cpSync(dir, tmp, { recursive: true });
  const f = path.join(tmp, 'interfaces', '017.json');
  const data = JSON.parse(fs.readFileSync(f, 'utf8'));
  delete data.interfaces[0].source;
  data.interfaces[1].methods = ['FETCH'];
  fs.writeFileSync(f, JSON.stringify(data));
  const problems = compile.validateCatalog(tmp);
  assert.ok(problems.some((p: string) => p.includes('017.json') && p.includes('source')), problems.join('\n'));
  assert.ok(problems.some((p: string) => p.includes('methods')), problems.join('\n'));
  assert.throws(() => compile.compileCatalog(tmp), /does not fit its schema/);
});

test('sets equal the seed table: ids, names, mutex and agreement flags', () => {
  const seed = JSON.parse(fs.readFileSync(path.join(dir, 'seed-table.json'), 'utf8')).rows as { id: number; name: string; mutex: boolean; agreement: string }[];
  const sets = index().sets;
  assert.equal(seed.length, 47);
  assert.deepEqual(sets.map((s) => s.id), seed.map((r) => r.id));
  for (const r of seed) {
    const s = sets.find((x) => x.id === r.id)!;
    assert.equal(s.name.en, r.name, `name of ${r.id}`);
    assert.equal(s.mutex, r.mutex, `mutex of ${r.id}`);
    assert.equal(s.agreement.required, r.agreement !== '', `agreement of ${r.id}`);
  }
  assert.deepEqual(sets.filter((s) => s.agreement.required).map((s) => s.id), [49, 52, 135, 157]);
});

test('set 40 keeps the table value and records the conflict', () => {
  const s40 = index().sets.find((s) => s.id === 40)!;
  assert.equal(s40.mutex, true);
  assert.match(s40.conflicts?.[0] ?? '', /several/);
});

test('every set has a Chinese name, a doc link and sources', () => {
  for (const s of index().sets) {
    assert.ok(s.name.zh, `zh name of ${s.id}`);
    assert.match(s.doc, /^https:\/\//);
    assert.ok(s.sources.length > 0);
  }
});

test('at least 850 interfaces, each normalised, unique, sourced, with known set ids', () => {
  const idx = index();
  const known = new Set([...idx.sets.map((s) => s.id), ...idx.outside.map((o) => o.id)]);
  assert.ok(idx.interfaces.length >= 850, `only ${idx.interfaces.length}`);
  const seen = new Set<string>();
  for (const i of idx.interfaces) {
    const key = i.path + JSON.stringify(i.query ?? {});
    assert.ok(!seen.has(key), `listed twice: ${key}`);
    seen.add(key);
    assert.equal(normalisePath(i.path), i.path, `not normalised: ${i.path}`);
    assert.ok(!/[?#\s]|api\.weixin/.test(i.path), i.path);
    assert.ok(i.source.length > 3, `no source: ${i.path}`);
    for (const id of [...i.sets, ...(i.otherSets ?? [])]) assert.ok(known.has(id), `${i.path} names unknown set ${id}`);
  }
  // 863 distinct paths in the reference tables (query-told ones included) plus the component-token interfaces
  assert.ok(idx.interfaces.filter((i) => i.sets.length > 0).length >= 863);
});

test('families: 44 owned prefixes from the tables at least, none on a mixed prefix', () => {
  const idx = index();
  assert.ok(idx.families.length >= 44);
  for (const f of idx.families) {
    assert.ok(!idx.mixedPrefixes.includes(f.match), `family on mixed prefix ${f.match}`);
    assert.ok(f.source.length > 3);
  }
  assert.ok(idx.mixedPrefixes.includes('/wxa/') && idx.mixedPrefixes.includes('/cgi-bin/component/'));
});

test('all-of interfaces are exactly the two that need 18 and 76', () => {
  const allOf = index().interfaces.filter((i) => i.allOf).map((i) => [i.path, i.sets]);
  assert.deepEqual(allOf.sort(), [['/wxa/getappealrecords', [18, 76]], ['/wxa/getillegalrecords', [18, 76]]]);
});

test('withdrawn and renamed interfaces stay, marked', () => {
  const idx = index();
  assert.equal(idx.interfaces.find((i) => i.path === '/cgi-bin/message/wxopen/template/uniform_send')?.status, 'withdrawn');
  assert.equal(idx.interfaces.find((i) => i.path === '/cgi-bin/component/api_get_authorizer_option')?.status, 'renamed');
});

test('CATALOG.md is generated from the data and is fresh', () => {
  const onDisk = fs.readFileSync(path.join(dir, 'CATALOG.md'), 'utf8');
  const fresh = compile.renderCatalogMd(compile.compileCatalog(dir));
  assert.ok(onDisk === fresh, 'catalog/CATALOG.md is stale: run npm run build and commit it');
  assert.match(onDisk, /## 17 · Get Mini Program code/);
});

test('the shipped index is the compiled catalog', () => {
  assert.deepEqual(index(), JSON.parse(JSON.stringify(compile.compileCatalog(dir))));
});

test('the TextMate injection grammar is generated from the catalog, fresh, and matches paths in strings', () => {
  const onDisk = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes', 'wxperm-paths.injection.json'), 'utf8'));
  const fresh = compile.renderGrammar(compile.compileCatalog(dir));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(fresh)), 'syntaxes/wxperm-paths.injection.json is stale: run npm run build');
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.ok(manifest.contributes.grammars.some((g: { path: string; scopeName: string }) => g.scopeName === onDisk.scopeName && g.path.endsWith('wxperm-paths.injection.json')));
  const re = new RegExp(fresh.patterns[0].match, 'g');
  const found = (s: string) => [...s.matchAll(re)].map((m) => m[0]);
  assert.deepEqual(found('post("/wxa/getwxacodeunlimit", body)'), ['/wxa/getwxacodeunlimit']);
  assert.deepEqual(found("'https://api.weixin.qq.com/cgi-bin/express/business/order/add?access_token=x'"), ['/cgi-bin/express/business/order/add']);
  assert.deepEqual(found('"/api/wxa/commit"'), []);
  assert.deepEqual(found('"/static/images/logo.png"'), []);
});
