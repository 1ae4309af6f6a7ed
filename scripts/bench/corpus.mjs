// A deterministic corpus of ordinary application code in TS, JS, Python, Go, Java and PHP, written as
// files, with about one WeChat interface reference per 200 lines. References use real catalog paths in
// the forms the scanner recognises: full URLs (with `%s`, `${x}`, `{$this->x}`, `{x}` token
// placeholders), host placeholders before a path (`${WX_API}/wxa/…`, `"%s/wxa/…"`, `"{$this->host}/wxa/…"`)
// and quoted paths with and without the leading slash. Everything else is the kind of code any
// backend has: imports, classes, loops, logging, other hosts' URLs, comments.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: the same seed gives the same corpus on every machine. */
export function prng(seed) {
  let s = seed | 0;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (a) => a[int(a.length)];
  return { next, int, pick };
}

export const NOUNS = ['user', 'order', 'item', 'product', 'cart', 'payment', 'invoice', 'account', 'session', 'config', 'report',
  'message', 'event', 'task', 'job', 'file', 'image', 'address', 'coupon', 'shop', 'store', 'member', 'refund', 'stock',
  'price', 'tenant', 'profile', 'record', 'batch', 'queue', 'cache', 'token', 'request', 'response', 'result', 'page'];
export const VERBS = ['get', 'find', 'load', 'save', 'update', 'create', 'delete', 'list', 'fetch', 'build', 'parse', 'validate',
  'sync', 'send', 'apply', 'resolve', 'compute', 'check', 'handle', 'process', 'render', 'merge', 'export', 'import'];
const FIELDS = ['id', 'name', 'status', 'createdAt', 'updatedAt', 'amount', 'count', 'total', 'items', 'owner', 'type',
  'price', 'quantity', 'email', 'phone', 'title', 'description', 'enabled', 'version', 'tags', 'parentId', 'remark'];
const SUFFIX = ['', 'Id', 'List', 'Info', 'Map', 'Count', 'Ids', 'Data', 'Result', 'Options'];
const WORDS = ['the', 'a', 'we', 'this', 'when', 'if', 'not', 'before', 'after', 'only', 'keep', 'cache', 'retry', 'later',
  'because', 'upstream', 'returns', 'empty', 'otherwise', 'should', 'never', 'value', 'call', 'once', 'per', 'request'];
const HOSTS = ['https://example.com', 'https://api.example.org', 'http://localhost:8080', 'https://internal.corp.local',
  'https://pay.example.net', 'https://cdn.example.com'];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const snakeOf = (s) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

function vocab(r) {
  const noun = () => r.pick(NOUNS);
  const verb = () => r.pick(VERBS);
  const v = () => noun() + r.pick(SUFFIX);
  const Type = () => cap(noun()) + r.pick(['', 'Service', 'Repository', 'Dto', 'Client', 'Handler', 'Model', 'Request']);
  const method = () => verb() + cap(noun()) + r.pick(['', 'ById', 'Async', 'List', 'ForUser', 'Batch']);
  const snake = () => snakeOf(v());
  const field = () => r.pick(FIELDS);
  const comment = () => {
    const n = 4 + r.int(10);
    const w = [];
    for (let i = 0; i < n; i++) w.push(r.int(4) === 0 ? r.pick(NOUNS) : r.pick(WORDS));
    return cap(w.join(' ')) + r.pick(['.', '', '', ' (see #' + (100 + r.int(9900)) + ')']);
  };
  const url = () => `${r.pick(HOSTS)}/api/v${1 + r.int(3)}/${noun()}s/${noun()}`;
  const num = () => r.pick([0, 1, 2, 10, 30, 60, 100, 500, 1000, 3600, r.int(100)]);
  const upper = () => (noun() + '_' + r.pick(FIELDS)).replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
  return { noun, verb, v, Type, method, snake, field, comment, url, num, upper };
}

// ---------------------------------------------------------------------------------------------
// Languages: a file header, one "unit" (function/method) at a time, and the reference forms.
// A unit returns lines; `ref()` is called for a line slot that should hold a WeChat reference.

function tsLike(r, w, typed) {
  const T = (t) => (typed ? t : '');
  const body = (d) => {
    const i = '  '.repeat(d);
    const x = w.v();
    return r.pick([
      () => [`${i}const ${w.v()} = await this.${w.method()}(${w.v()}, { limit: ${w.num()}, offset: ${w.v()}.length });`],
      () => [`${i}if (!${x} || ${x}.${w.field()} === undefined) {`, `${i}  throw new Error(\`${w.noun()} \${${x}} not found\`);`, `${i}}`],
      () => [`${i}// ${w.comment()}`],
      () => [`${i}for (const ${w.noun()} of ${x}) {`, `${i}  ${w.v()}.push(${w.noun()}.${w.field()});`, `${i}}`],
      () => [`${i}const res = await fetch(\`${w.url()}?id=\${${w.v()}}\`, { method: '${r.pick(['GET', 'POST'])}' });`],
      () => [`${i}logger.${r.pick(['info', 'debug', 'warn'])}('${w.verb()} ${w.noun()} took %d ms', Date.now() - started);`],
      () => [`${i}return ${x}.map((it) => it.${w.field()}).filter(Boolean);`],
      () => [`${i}const { ${w.field()}, ${w.field()} } = ${x};`],
      () => [`${i}${x}.${w.field()} = ${x}.${w.field()} ?? ${w.num()};`],
      () => [`${i}try {`, `${i}  await this.${w.v()}.${w.method()}(${w.v()});`, `${i}} catch (err) {`, `${i}  logger.error('${w.verb()} failed', err);`, `${i}}`],
      () => [`${i}const ${w.v()}${T(': ' + w.Type())} = { ${w.field()}: ${w.v()}, ${w.field()}: '${w.noun()}-${w.num()}' };`],
      () => [`${i}if (${x}.length > ${w.num()}) return ${r.pick(['null', 'undefined', '[]', x])};`],
      () => [`${i}await this.cache.set(\`${w.noun()}:\${${w.v()}}\`, ${x}, ${w.num()});`],
    ])();
  };
  const header = () => {
    const out = [];
    for (let n = 2 + r.int(6); n > 0; n--) out.push(`import { ${w.Type()}, ${w.method()} } from '${r.pick(['.', '..', '../..'])}/${w.noun()}/${w.noun()}';`);
    out.push('');
    if (typed) out.push(`export interface ${w.Type()} {`, ...Array.from({ length: 2 + r.int(6) }, () => `  ${w.field()}${r.pick(['', '?'])}: ${r.pick(['string', 'number', 'boolean', 'string[]', w.Type()])};`), '}', '');
    out.push(`export class ${w.Type()} {`);
    const dep = w.v();
    if (typed) out.push(`  constructor(private readonly ${dep}: ${w.Type()}, private readonly cache: Cache) {}`, '');
    else out.push(`  constructor(${dep}, cache) {`, `    this.${dep} = ${dep};`, '    this.cache = cache;', '  }', '');
    return out;
  };
  const unit = (emit) => {
    emit(`  /** ${w.comment()} */`);
    emit(`  async ${w.method()}(${w.v()}${T(': string')}, ${w.v()}${T('?: number')})${T(': Promise<' + w.Type() + '>')} {`);
    emit(`    const started = Date.now();`);
    return { depth: 2, close: ['  }', ''] };
  };
  const ref = (p, q) => {
    const query = q ? `?action=${q}&access_token=\${accessToken}` : `?access_token=\${accessToken}`;
    return r.pick([
      () => `    const res = await this.http.post(\`https://api.weixin.qq.com${p}${query}\`, body);`,
      () => `    const { data } = await axios.post(\`\${WX_API}${p}${query}\`, payload);`,
      () => `    const ${w.upper()}_PATH = '${p}${q ? '?action=' + q : ''}';`,
      () => `    return this.request('${p.slice(1)}${q ? '?action=' + q : ''}', params);`,
      () => `    const url = "https://api.weixin.qq.com${p}?${q ? 'action=' + q + '&' : ''}access_token=" + token;`,
    ])();
  };
  return { header, unit, body, ref, footer: () => ['}', ''] };
}

function python(r, w) {
  const body = (d) => {
    const i = '    '.repeat(d);
    const x = w.snake();
    return r.pick([
      () => [`${i}${w.snake()} = self.${w.snake()}.get(${w.snake()}, ${w.num()})`],
      () => [`${i}if not ${x}:`, `${i}    raise ValueError("${w.noun()} is required")`],
      () => [`${i}# ${w.comment()}`],
      () => [`${i}for item in ${x}:`, `${i}    ${w.snake()}.append(item["${w.field()}"])`],
      () => [`${i}resp = requests.${r.pick(['get', 'post'])}(self.base_url + "/api/${w.noun()}", json=payload, timeout=${w.num()})`],
      () => [`${i}logger.${r.pick(['info', 'debug', 'warning'])}("${w.verb()} %s took %.2f s", ${x}, time.time() - started)`],
      () => [`${i}return {"${w.field()}": ${x}, "${w.field()}": ${w.num()}}`],
      () => [`${i}${x} = [x for x in ${w.snake()} if x.${snakeOf(w.field())} is not None]`],
      () => [`${i}try:`, `${i}    ${x} = self._${w.verb()}_${w.noun()}(${w.snake()})`, `${i}except KeyError as exc:`, `${i}    logger.exception("${w.verb()} failed: %s", exc)`],
      () => [`${i}url = f"${w.url()}/{${x}}"`],
      () => [`${i}${x}.update(${snakeOf(w.field())}=${w.snake()}, ${snakeOf(w.field())}=${w.num()})`],
    ])();
  };
  const header = () => [
    '# -*- coding: utf-8 -*-', `"""${w.comment()}"""`, 'import json', 'import logging', 'import time',
    'from typing import Any, Dict, List, Optional', '', 'import requests', '', `from .${w.noun()} import ${w.Type()}`, '',
    'logger = logging.getLogger(__name__)', '', '', `class ${w.Type()}(object):`,
    `    def __init__(self, base_url, ${w.snake()}=None):`, '        self.base_url = base_url', '',
  ];
  const unit = (emit) => {
    emit(`    def ${snakeOf(w.method())}(self, ${w.snake()}, ${w.snake()}=None, **kwargs):`);
    emit(`        """${w.comment()}"""`);
    emit('        started = time.time()');
    return { depth: 2, close: [''] };
  };
  const ref = (p, q) => {
    const qa = q ? `action=${q}&` : '';
    return r.pick([
      () => `        url = f"https://api.weixin.qq.com${p}?${qa}access_token={self.access_token}"`,
      () => `        return self._post("${p}${q ? '?action=' + q : ''}", data=data)`,
      () => `        ${w.upper()}_URL = "https://api.weixin.qq.com${p}?${qa}access_token=%s"`,
      // The telling query stays in the URL: the scanner does not read `params={"action": …}`.
      () => `        res = self.session.post("https://api.weixin.qq.com${p}${q ? '?action=' + q : ''}", params={"access_token": token}, json=body)`,
    ])();
  };
  return { header, unit, body, ref, footer: () => [''] };
}

function go(r, w) {
  const body = (d) => {
    const i = '\t'.repeat(d);
    const x = w.v();
    return r.pick([
      () => [`${i}${x}, err := s.${w.method()}(ctx, ${w.v()})`, `${i}if err != nil {`, `${i}\treturn nil, fmt.Errorf("${w.verb()} ${w.noun()}: %w", err)`, `${i}}`],
      () => [`${i}// ${w.comment()}`],
      () => [`${i}for _, it := range ${x} {`, `${i}\t${w.v()} = append(${w.v()}, it.${cap(w.field())})`, `${i}}`],
      () => [`${i}req, _ := http.NewRequestWithContext(ctx, http.Method${r.pick(['Get', 'Post'])}, "${w.url()}", nil)`],
      () => [`${i}log.Printf("${w.verb()} ${w.noun()} took %s", time.Since(started))`],
      () => [`${i}if len(${x}) > ${w.num()} {`, `${i}\treturn ${x}[:${w.num()}], nil`, `${i}}`],
      () => [`${i}${x} := make(map[string]interface{}, ${w.num()})`],
      () => [`${i}${x}.${cap(w.field())} = ${w.v()}.${cap(w.field())}`],
      () => [`${i}defer ${w.v()}.Close()`],
      () => [`${i}if err := json.NewDecoder(resp.Body).Decode(&${x}); err != nil {`, `${i}\treturn nil, err`, `${i}}`],
    ])();
  };
  const header = () => {
    const out = [`package ${w.noun()}`, '', 'import (', '\t"context"', '\t"encoding/json"', '\t"fmt"', '\t"log"', '\t"net/http"', '\t"time"', ')', ''];
    const T = w.Type();
    out.push(`// ${T} ${w.comment()}`, `type ${T} struct {`);
    for (let n = 2 + r.int(6); n > 0; n--) { const f = w.field(); out.push(`\t${cap(f)} ${r.pick(['string', 'int64', 'bool', '[]string', 'time.Time'])} \`json:"${snakeOf(f)}"\``); }
    out.push('}', '');
    return out;
  };
  const unit = (emit) => {
    const m = cap(w.method());
    emit(`// ${m} ${w.comment()}`);
    emit(`func (s *${w.Type()}) ${m}(ctx context.Context, ${w.v()} string) (*${w.Type()}, error) {`);
    emit('\tstarted := time.Now()');
    return { depth: 1, close: ['\treturn nil, nil', '}', ''] };
  };
  const ref = (p, q) => {
    const qa = q ? `action=${q}&` : '';
    return r.pick([
      () => `\turl := fmt.Sprintf("https://api.weixin.qq.com${p}?${qa}access_token=%s", token)`,
      () => `\turl := fmt.Sprintf("%s${p}?${qa}access_token=%s", c.baseURL, token)`,
      () => `\tconst ${w.method()}URL = "https://api.weixin.qq.com${p}${q ? '?action=' + q : ''}"`,
      () => `\tresp, err := c.post(ctx, "${p}${q ? '?action=' + q : ''}", body)`,
    ])();
  };
  return { header, unit, body, ref, footer: () => [] };
}

function java(r, w) {
  const body = (d) => {
    const i = '    '.repeat(d);
    const x = w.v();
    const T = w.Type();
    return r.pick([
      () => [`${i}${T} ${x} = ${w.v()}Repository.findById(${w.v()}).orElseThrow(() -> new NotFoundException("${w.noun()}"));`],
      () => [`${i}// ${w.comment()}`],
      () => [`${i}if (${x} == null || ${x}.isEmpty()) {`, `${i}    return Collections.emptyList();`, `${i}}`],
      () => [`${i}for (${T} it : ${x}) {`, `${i}    ${w.v()}.add(it.get${cap(w.field())}());`, `${i}}`],
      () => [`${i}log.${r.pick(['info', 'debug', 'warn'])}("${w.verb()} ${w.noun()} {} took {} ms", ${x}, System.currentTimeMillis() - started);`],
      () => [`${i}${x}.set${cap(w.field())}(${w.v()}.get${cap(w.field())}());`],
      () => [`${i}String url = "${w.url()}?id=" + ${x};`],
      () => [`${i}List<${T}> ${x} = ${w.v()}.stream().filter(Objects::nonNull).collect(Collectors.toList());`],
      () => [`${i}try {`, `${i}    ${w.v()}.${w.method()}(${x});`, `${i}} catch (IOException e) {`, `${i}    throw new IllegalStateException("${w.verb()} failed", e);`, `${i}}`],
      () => [`${i}Map<String, Object> ${x} = new HashMap<>(${w.num()});`],
    ])();
  };
  const header = () => {
    const out = [`package com.example.${w.noun()}.${w.noun()};`, ''];
    for (const imp of ['java.io.IOException', 'java.util.Collections', 'java.util.HashMap', 'java.util.List', 'java.util.Map', 'java.util.Objects', 'java.util.stream.Collectors']) out.push(`import ${imp};`);
    out.push('', '/**', ` * ${w.comment()}`, ' */', '@Service', `public class ${w.Type()} {`);
    out.push(`    private static final Logger log = LoggerFactory.getLogger(${w.Type()}.class);`, '');
    return out;
  };
  const unit = (emit) => {
    emit('    /**', `     * ${w.comment()}`, '     */');
    if (r.int(3) === 0) emit(r.pick(['    @Override', '    @Transactional', '    @Transactional(readOnly = true)']));
    emit(`    public ${r.pick(['void', 'String', `List<${w.Type()}>`, w.Type()])} ${w.method()}(${r.pick(['String', 'long', 'Long'])} ${w.v()}) throws IOException {`);
    emit('        long started = System.currentTimeMillis();');
    return { depth: 2, close: ['    }', ''] };
  };
  const ref = (p, q) => {
    const qa = q ? `action=${q}&` : '';
    return r.pick([
      () => `        String url = "https://api.weixin.qq.com${p}?${qa}access_token=" + accessToken;`,
      () => `        final String ${w.upper()}_URL = "https://api.weixin.qq.com${p}${q ? '?action=' + q : ''}";`,
      () => `        return post("${p}${q ? '?action=' + q : ''}", body);`,
      () => `        String url = String.format("https://api.weixin.qq.com${p}?${qa}access_token=%s", token);`,
    ])();
  };
  return { header, unit, body, ref, footer: () => ['}', ''] };
}

function php(r, w) {
  const body = (d) => {
    const i = '    '.repeat(d);
    const x = '$' + w.v();
    return r.pick([
      () => [`${i}${x} = $this->${w.v()}->get($${w.v()}, ${w.num()});`],
      () => [`${i}if (empty(${x})) {`, `${i}    throw new \\InvalidArgumentException('${w.noun()} is required');`, `${i}}`],
      () => [`${i}// ${w.comment()}`],
      () => [`${i}foreach (${x} as $item) {`, `${i}    $${w.v()}[] = $item['${snakeOf(w.field())}'];`, `${i}}`],
      () => [`${i}$response = $this->client->${r.pick(['get', 'post'])}('${w.url()}', ['json' => ${x}]);`],
      () => [`${i}Log::${r.pick(['info', 'debug', 'warning'])}('${w.verb()} ${w.noun()}', ['${w.field()}' => ${x}]);`],
      () => [`${i}return ['${snakeOf(w.field())}' => ${x}, '${snakeOf(w.field())}' => ${w.num()}];`],
      () => [`${i}${x} = array_filter(${x}, function ($v) { return $v !== null; });`],
      () => [`${i}${x}['${snakeOf(w.field())}'] = $${w.v()}['${snakeOf(w.field())}'] ?? ${w.num()};`],
      () => [`${i}$result = json_decode((string) $response->getBody(), true);`],
    ])();
  };
  const header = () => ['<?php', '', `namespace App\\Services\\${w.Type()};`, '', `use App\\Models\\${w.Type()};`, 'use Illuminate\\Support\\Facades\\Log;', '',
    '/**', ` * ${w.comment()}`, ' */', `class ${w.Type()}`, '{', `    protected $${w.v()};`, ''];
  const unit = (emit) => {
    emit('    /**', `     * ${w.comment()}`, '     */');
    emit(`    public function ${w.method()}($${w.v()}, array $${w.v()} = [])`, '    {');
    return { depth: 2, close: ['    }', ''] };
  };
  const ref = (p, q) => {
    const qa = q ? `action=${q}&` : '';
    return r.pick([
      () => `        $url = "https://api.weixin.qq.com${p}?${qa}access_token={$this->accessToken}";`,
      () => `        '${snakeOf(w.method())}' => '${p}${q ? '?action=' + q : ''}',`,
      () => `        return $this->httpPostJson("{$this->host}${p}${q ? '?action=' + q : ''}", $data);`,
      () => `        $url = sprintf('https://api.weixin.qq.com${p}?${qa}access_token=%s', $token);`,
    ])();
  };
  return { header, unit, body, ref, footer: () => ['}', ''] };
}

/** Extension, language id (as the CLI and VS Code name it), share of the corpus, generator. */
export const LANGUAGES = [
  { ext: 'ts', languageId: 'typescript', weight: 30, make: (r, w) => tsLike(r, w, true) },
  { ext: 'js', languageId: 'javascript', weight: 15, make: (r, w) => tsLike(r, w, false) },
  { ext: 'py', languageId: 'python', weight: 15, make: python },
  { ext: 'go', languageId: 'go', weight: 15, make: go },
  { ext: 'java', languageId: 'java', weight: 15, make: java },
  { ext: 'php', languageId: 'php', weight: 10, make: php },
];

/** Catalog interfaces as (path, telling query value) pairs, the query only where the catalog tells by it. */
export function referenceTargets(index) {
  return index.interfaces.map((i) => ({ path: i.path, query: i.query ? Object.values(i.query)[0] : undefined }));
}

/**
 * One file's text of about `bytes` bytes (ASCII). `every`: one reference per that many lines, on average
 * (a file shorter than about half of that may hold none).
 * Returns the text and how many references it holds.
 */
export function fileText(r, lang, targets, bytes, every = 200) {
  const w = vocab(r);
  const g = lang.make(r, w);
  const lines = [];
  let size = 0;
  let planted = 0;
  const emit = (...ls) => { for (const l of ls) { lines.push(l); size += l.length + 1; } };
  // The next reference goes at or after this line: gaps are uniform in [every/2, 3·every/2], the first
  // one anywhere in [0, every), so short files hold their share too.
  const gap = () => Math.ceil(every / 2) + r.int(every + 1);
  let nextRef = r.int(every);
  emit(...g.header());
  while (size < bytes) {
    const u = g.unit(emit);
    const n = 3 + r.int(25);
    for (let k = 0; k < n && size < bytes; k++) {
      if (lines.length >= nextRef) {
        nextRef = lines.length + gap();
        const t = r.pick(targets);
        emit(g.ref(t.path, t.query));
        planted++;
      } else {
        emit(...g.body(u.depth + (r.int(6) === 0 ? 1 : 0)));
      }
    }
    emit(...u.close);
  }
  emit(...g.footer());
  return { text: lines.join('\n'), planted, lines: lines.length };
}

export function pickLanguage(r) {
  const total = LANGUAGES.reduce((s, l) => s + l.weight, 0);
  let x = r.int(total);
  for (const l of LANGUAGES) { if ((x -= l.weight) < 0) return l; }
  return LANGUAGES[0];
}

/**
 * Writes about `totalBytes` of code under `dir` as files of 1–100 KB (log-uniform) in a few projects'
 * folders. Returns the files (path, bytes, language id, references planted) and totals.
 */
export function writeCorpus(dir, index, { totalBytes, seed = 20240601 } = {}) {
  const r = prng(seed);
  const targets = referenceTargets(index);
  const files = [];
  let total = 0;
  let n = 0;
  while (total < totalBytes) {
    const lang = pickLanguage(r);
    const want = Math.min(Math.round(1000 * Math.pow(100, r.next())), totalBytes - total + 200);
    const { text, planted, lines } = fileText(r, lang, targets, want);
    // Seven projects of up to 16 modules: about eight files per folder, as in real repositories.
    const rel = path.join(`project-${n % 7}`, 'src', NOUNS[r.int(16)], `${r.pick(NOUNS)}_${r.pick(VERBS)}_${n}.${lang.ext}`);
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files.push({ file, rel, bytes: text.length, lines, languageId: lang.languageId, planted });
    total += text.length;
    n++;
  }
  return { files, bytes: total, planted: files.reduce((s, f) => s + f.planted, 0), lines: files.reduce((s, f) => s + f.lines, 0) };
}

/** One TypeScript file of `bytes` bytes, from its own seed. */
export function writeOneFile(file, index, bytes, seed = 7) {
  const r = prng(seed);
  const { text, planted, lines } = fileText(r, LANGUAGES[0], referenceTargets(index), bytes);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { file, bytes: text.length, lines, planted, text };
}
