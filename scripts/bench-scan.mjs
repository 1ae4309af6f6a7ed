// Scanner micro-benchmark: `node scripts/bench-scan.mjs [MB]` (needs `npm run build` for dist/catalog.json).
// Generates ordinary multi-language code (one WeChat reference per ~200 lines), then times scan() on the
// whole corpus, on 1 MB files, on TypeScript's own .d.ts files (no references) and on a 1 MB minified line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = Number(process.argv[2] ?? 20);

async function loadCore() {
  const out = path.join(os.tmpdir(), `wxperm-bench-${process.pid}.mjs`);
  await esbuild.build({
    stdin: {
      contents: `export { scan } from './server/src/core/scanner'; export { Catalog } from './server/src/core/catalog';`,
      resolveDir: root, loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  try { return await import(pathToFileURL(out).href); } finally { fs.rmSync(out, { force: true }); }
}

// mulberry32: deterministic, so every run scans the same corpus.
let seed = 42;
const rnd = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * n) | 0;
};
const pick = (a) => a[rnd(a.length)];

const WORDS = ['user', 'order', 'item', 'list', 'config', 'value', 'result', 'data', 'count', 'index', 'name', 'status', 'cache', 'token', 'page', 'query', 'commit', 'send', 'update'];
const ident = () => pick(WORDS) + pick(['', 'Id', 'List', 'Info', 'Map', 'Count', 'Name']);
const camel = () => pick(['get', 'set', 'load', 'save', 'update', 'send', 'commit', 'list', 'add']) + pick(['User', 'Order', 'Item', 'Config', 'Info', 'List', 'Page']) + pick(['', 'ById', 'Async', 'List']);

const ORDINARY = [
  () => `  const ${ident()} = await this.${camel()}(${ident()}, { limit: ${rnd(100)}, offset: ${ident()}.length });`,
  () => `  if (${ident()} === null || ${ident()}.${ident()} > ${rnd(1000)}) return ${ident()};`,
  () => `  // ${pick(['TODO', 'NOTE', 'FIXME'])}: ${pick(WORDS)} the ${pick(WORDS)} before we ${pick(WORDS)} it (see #${rnd(9999)})`,
  () => `  for (let i = 0; i < ${ident()}.length; i++) { ${ident()}.push(${ident()}[i] * ${rnd(10)}); }`,
  () => `  const url = \`https://example.com/api/${pick(WORDS)}/${pick(WORDS)}?id=\${${ident()}}\`;`,
  () => `  logger.info('${pick(WORDS)} ${pick(WORDS)} finished in %d ms', Date.now() - ${ident()});`,
  () => `    ${ident()}: '${pick(WORDS)}-${rnd(100)}', ${ident()}: ${rnd(2) ? 'true' : 'false'},`,
  () => `def ${pick(WORDS)}_${pick(WORDS)}(self, ${pick(WORDS)}, **kwargs):`,
  () => `        return self.session.post(self.base + "/api/${pick(WORDS)}", json=${pick(WORDS)}, timeout=${rnd(30)})`,
  () => `\tif err := s.${camel()}(ctx, ${ident()}); err != nil {\n\t\treturn fmt.Errorf("${pick(WORDS)}: %w", err)\n\t}`,
  () => `    public ${pick(['String', 'int', 'List<User>', 'void'])} ${camel()}(${pick(['String', 'long'])} ${ident()}) throws IOException {`,
  () => `  }`,
  () => ``,
  () => `export function ${camel()}(${ident()}: string, ${ident()}?: number): Promise<${pick(['void', 'string', 'User[]'])}> {`,
  () => `import { ${camel()}, ${camel()} } from './${pick(WORDS)}/${pick(WORDS)}';`,
];

const REFERENCES = [
  () => `  const res = await axios.post(\`\${WXA_HOST}/wxa/getwxacodeunlimit?access_token=\${token}\`, body);`,
  () => `    commitURL = "https://api.weixin.qq.com/wxa/commit?access_token=%s"`,
  () => `        url = API + "/cgi-bin/express/business/order/add"`,
  () => `    String GET_WXACODE_UNLIMIT_URL = "https://api.weixin.qq.com/wxa/getwxacodeunlimit";`,
  () => `  const { buffer } = await cloud.openapi.wxacode.getUnlimited({ scene, page });`,
  () => `    var request = client.CreateFlurlRequest(request, HttpMethod.Post, "wxa", "submit_audit");`,
  () => `    return this.service.getQrcodeService().createWxaCodeUnlimit(scene, page);`,
];

function corpus(bytes) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const line = rnd(200) === 0 ? pick(REFERENCES)() : pick(ORDINARY)();
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function time(fn, runs = 5) {
  fn();
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)], result };
}

const report = (label, bytes, ms, refs) =>
  console.log(`${label.padEnd(44)} ${(bytes / 1e6).toFixed(1).padStart(5)} MB ${ms.toFixed(1).padStart(8)} ms ${(bytes / 1e6 / (ms / 1000)).toFixed(0).padStart(6)} MB/s  refs=${refs}`);

const { scan, Catalog } = await loadCore();
const catalog = Catalog.fromIndex(JSON.parse(fs.readFileSync(path.join(root, 'dist', 'catalog.json'), 'utf8')));
scan('warm-up "/wxa/commit" getUnlimitedQRCode()', catalog, { languageId: 'typescript' });

const big = corpus(MB * 1e6);
const whole = time(() => scan(big, catalog, { languageId: 'typescript' }));
report(`generated code, one ${MB} MB text`, big.length, whole.ms, whole.result.length);

const files = [];
for (let i = 0; i < big.length; i += 1e6) files.push(big.slice(i, i + 1e6));
const chunked = time(() => files.reduce((n, f) => n + scan(f, catalog, { languageId: 'typescript' }).length, 0));
report(`generated code, ${files.length} × 1 MB files`, big.length, chunked.ms, chunked.result);
console.log(`  → ${(chunked.ms / files.length).toFixed(2)} ms per 1 MB file`);

const tsLib = path.join(root, 'node_modules', 'typescript', 'lib');
let dts = fs.readdirSync(tsLib).filter((f) => f.endsWith('.d.ts')).map((f) => fs.readFileSync(path.join(tsLib, f), 'utf8')).join('\n');
dts = dts.slice(0, 8e6);
const d = time(() => scan(dts, catalog, { languageId: 'typescript' }));
report('typescript/lib/*.d.ts (no WeChat code)', dts.length, d.ms, d.result.length);

// Real code nobody wrote for this benchmark: the JavaScript of the installed dependencies.
const real = [];
let realSize = 0;
for (const f of fs.readdirSync(path.join(root, 'node_modules'), { recursive: true })) {
  if (realSize >= MB * 1e6) break;
  if (!String(f).endsWith('.js')) continue;
  const file = path.join(root, 'node_modules', String(f));
  try { if (!fs.statSync(file).isFile()) continue; } catch { continue; }
  const text = fs.readFileSync(file, 'utf8');
  real.push(text);
  realSize += text.length;
}
const r = time(() => real.reduce((n, f) => n + scan(f, catalog, { languageId: 'javascript' }).length, 0));
report(`node_modules/**/*.js, ${real.length} files`, realSize, r.ms, r.result);

const minified = 'var a=function(b){return b.c("x",{d:1})};'.repeat(25_000) + 'f("/wxa/commit");';
const m = time(() => scan(minified, catalog, { languageId: 'javascript' }));
report('1 MB single minified line', minified.length, m.ms, m.result.length);
