// One-time importer: turns ../shared/reference/*.tsv and the seed table into the reviewed data files
// under catalog/. It is kept for provenance and for re-imports when the reference tables grow; the
// catalog files it writes are the source of truth afterwards (reviewed, schema-checked, committed).
// Usage: node scripts/import-reference.mjs [path/to/shared]
import fs from 'node:fs';
import path from 'node:path';

const shared = path.resolve(process.argv[2] ?? '../shared');
const out = path.resolve('catalog');
const OFFICIAL_TABLE = 'https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/miniprogram_authority.html';

function tsv(file) {
  const [head, ...lines] = fs.readFileSync(path.join(shared, file), 'utf8').split('\n').filter((l) => l.trim());
  const cols = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], (v ?? '').trim()])));
}

// --- seed table -----------------------------------------------------------------------------
const seedText = fs.readFileSync(path.join(shared, 'seed/permission-sets.md'), 'utf8');
const seedRows = [];
for (const line of seedText.split('\n')) {
  const m = /^(\d+)\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*(yes|no)\s*\|\s*(.*?)\s*\|$/.exec(line.trim());
  if (m) seedRows.push({ id: +m[1], name: m[2].trim(), description: m[3].trim(), mutex: m[4] === 'yes', agreement: m[5].trim() });
}
fs.writeFileSync(path.join(out, 'seed-table.json'), JSON.stringify({
  $comment: 'The permission-set table of the seed document (permission-sets.md), verbatim. Tests compare sets.json against it.',
  source: 'seed: permission-sets.md, table "Mini Program permission set"',
  rows: seedRows,
}, null, 2) + '\n');

const zh = new Map(tsv('reference/set-names-zh.tsv').map((r) => [+r.set_id, r]));
const sets = seedRows.map((r) => {
  const z = zh.get(r.id);
  const set = {
    id: r.id,
    name: { en: r.name, ...(z?.name_zh ? { zh: z.name_zh } : {}) },
    description: { en: r.description, ...(z?.description_zh && !z.description_zh.endsWith('…') ? { zh: z.description_zh } : {}) },
    mutex: r.mutex,
    agreement: r.agreement
      ? { required: true, ...(r.agreement !== 'Yes' ? { name: { en: r.agreement.replace('ProgramCloud', 'Program Cloud'), ...(z?.agreement_zh ? { zh: z.agreement_zh } : {}) } } : {}) }
      : { required: false },
    doc: OFFICIAL_TABLE,
    sources: ['seed: permission-sets.md table', ...(z ? [`zh: ${z.source} (${z.confidence})`] : [])],
  };
  if (r.id === 40) set.conflicts = ["The seed's table marks set 40 mutex, while its detail text says it can be granted to several third-party platforms. The table's value is kept."];
  if (r.id === 36) set.notes = ['No public interface was found for this set; the current Chinese table no longer lists it (reference README).'];
  if (r.id === 157) set.notes = ['The seed says a service agreement is needed without naming it.'];
  return set;
});
fs.writeFileSync(path.join(out, 'sets.json'), JSON.stringify({ $schema: './schema/sets.schema.json', sets }, null, 2) + '\n');

// --- interfaces and families -----------------------------------------------------------------
const rows = [...tsv('reference/interfaces-core.tsv').map((r) => ({ ...r, file: 'interfaces-core.tsv' })),
  ...tsv('reference/interfaces-commerce.tsv').map((r) => ({ ...r, file: 'interfaces-commerce.tsv' }))];

// Ids outside the seed that official pages (current or older copies) also list for an interface;
// read off the evidence column by hand, see reference/README.md "What the sources say about sets".
const OTHER_SETS = {
  '/wxa/getwxacodeunlimit': [58], '/cgi-bin/wxaapp/createwxaqrcode': [58],
  '/datacube/getweanalysisappiddailysummarytrend': [21],
  '/cgi-bin/wxopen/qrcodejumpget': [3], '/cgi-bin/wxopen/qrcodejumpdelete': [3], '/cgi-bin/wxopen/qrcodejumpadd': [3],
  '/wxaapi/newtmpl/addtemplate': [89], '/wxaapi/newtmpl/getcategory': [89],
  '/cgi-bin/open/create': [24, 60], '/cgi-bin/open/bind': [24, 60], '/cgi-bin/open/unbind': [24, 60], '/cgi-bin/open/get': [24, 60],
  '/cgi-bin/account/getaccountbasicinfo': [3, 61], '/wxa/setnickname': [61], '/cgi-bin/account/modifyheadimage': [3, 61],
  '/cgi-bin/account/modifysignature': [3], '/cgi-bin/open/have': [3], '/cgi-bin/wxopen/getcategory': [61],
  '/cgi-bin/wxopen/addcategory': [61], '/cgi-bin/wxverify/checkwxverifynickname': [3, 62], '/wxa/generate_urllink': [115],
};
const STATUS = {
  '/cgi-bin/message/wxopen/template/uniform_send': { status: 'withdrawn', note: 'Withdrawn 2023-09-20; calls now fail with errcode 45109.' },
  '/wxa/img_sec_check': { status: 'frozen', note: 'Content security 1.0: frozen since 2021-09-01; use /wxa/media_check_async or msg_sec_check 2.0.' },
  '/cgi-bin/message/custom/typing': { note: 'Legacy path used by all SDKs; current docs list /cgi-bin/message/custom/business/typing.' },
};

function splitName(api) {
  // "getUnlimitedQRCode (wxacode.getUnlimited)" -> name + other official names
  const m = /^([^()]+?)\s*(?:\((.*)\))?$/.exec(api);
  const name = m ? m[1].trim() : api;
  const extra = (m?.[2] ?? '').split(/[,;]/).map((s) => s.trim().replace(/^cloud call\s+/, '')).filter((s) => /^[A-Za-z_][\w.]*$/.test(s) && !/^v\d$/.test(s));
  return { name, extra };
}
const rank = { high: 3, medium: 2, low: 1 };
const byKey = new Map();
const familyRows = new Map();
for (const r of rows) {
  const id = +r.set_id;
  if (r.path.endsWith('*')) {
    const f = familyRows.get(r.path) ?? { rows: [] };
    f.rows.push(r);
    familyRows.set(r.path, f);
    continue;
  }
  let e = byKey.get(r.path);
  if (!e) byKey.set(r.path, (e = { rows: [] }));
  e.rows.push({ ...r, id });
}

const interfaces = [];
for (const [key, { rows: rs }] of byKey) {
  const [p, q] = key.split('?');
  const first = rs[0];
  const { name, extra } = splitName(first.api_name);
  const sets = [...new Set(rs.map((r) => r.id))];
  const evidence = [...new Set(rs.map((r) => r.evidence).filter(Boolean))];
  const aliases = [...new Set(rs.flatMap((r) => r.sdk_aliases.split(';').map((s) => s.trim()).filter(Boolean)))];
  const methods = [...new Set(rs.flatMap((r) => r.method.split('/').map((s) => s.trim().toUpperCase()).filter(Boolean)))];
  const allOf = evidence.some((e) => /requires 18 and 76/.test(e));
  const i = {
    path: p,
    ...(q ? { query: Object.fromEntries(q.split('&').map((kv) => kv.split('='))) } : {}),
    name,
    ...(extra.length ? { otherNames: extra } : {}),
    title: { en: first.title_en, ...(rs.find((r) => r.title_zh)?.title_zh ? { zh: rs.find((r) => r.title_zh).title_zh } : {}) },
    methods,
    sets: allOf ? [18, ...sets.filter((s) => s !== 18)] : sets,
    ...(allOf ? { allOf: true } : {}),
    ...(OTHER_SETS[key] ? { otherSets: OTHER_SETS[key] } : {}),
    ...(aliases.length ? { aliases } : {}),
    ...(rs.find((r) => r.doc_url)?.doc_url ? { doc: rs.find((r) => r.doc_url).doc_url } : {}),
    confidence: rs.map((r) => r.confidence).sort((a, b) => rank[b] - rank[a])[0],
    source: `reference/${first.file}: ${evidence.join(' | ')}`,
    ...(STATUS[key] ?? {}),
  };
  if (/derived from path/.test(i.source)) i.nameDerived = true;
  interfaces.push(i);
}

// group files by the first set that covers the interface
const groups = new Map();
for (const i of interfaces) {
  const g = i.sets[i.allOf ? 1 : 0];
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g).push(i);
}
for (const f of fs.readdirSync(path.join(out, 'interfaces')).filter((n) => /^\d{3}\.json$/.test(n))) fs.unlinkSync(path.join(out, 'interfaces', f));
for (const [g, list] of [...groups].sort((a, b) => a[0] - b[0])) {
  list.sort((a, b) => (a.path + JSON.stringify(a.query ?? '')).localeCompare(b.path + JSON.stringify(b.query ?? '')));
  fs.writeFileSync(path.join(out, 'interfaces', `${String(g).padStart(3, '0')}.json`),
    JSON.stringify({ $schema: '../schema/interfaces.schema.json', set: g, interfaces: list }, null, 2) + '\n');
}
console.log(`interfaces: ${interfaces.length} in ${groups.size} files`);

const families = [];
for (const [pat, { rows: rs }] of familyRows) {
  const [p, q] = pat.split('?');
  const sets = [...new Set(rs.map((r) => +r.set_id))];
  const fam = {
    match: q ? p : p.replace(/\*$/, ''),
    ...(q ? { query: { action: q.split('=')[1] } } : {}),
    sets: pat === '/shop/*' ? [85] : sets,
    confidence: rs[0].confidence,
    source: `reference/${rs[0].file}: ${[...new Set(rs.map((r) => r.evidence))].join(' | ')}`,
  };
  if (pat === '/shop/*') fam.readOnlyAlso = [116];
  families.push(fam);
}
console.log(`families from tables: ${families.length}`);
// Families need review before they join catalog/families.json (README-only families, notes): print them.
console.log(JSON.stringify(families, null, 2));
