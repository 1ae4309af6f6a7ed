import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULE_IDS, capSeverity, severityFor } from '../../server/src/core/rules';
import { defineStrings, stringConflicts, t, toLocale, zhBundle } from '../../server/src/core/messages';
import { ROOT } from '../helpers/catalog';

describe('rules: one rule, one place', () => {
  test('the seven rule ids and their defaults (DESIGN.md)', () => {
    assert.deepEqual(Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].defaultSeverity])), {
      'not-granted': 'error',
      'mutex-set': 'information',
      'agreement-required': 'information',
      'unknown-set': 'warning',
      'needs-confirmation': 'warning',
      'unused-grant': 'hint',
      'invalid-config': 'error',
    });
    for (const id of RULE_IDS) assert.equal(RULES[id].id, id);
  });

  test('en and zh messages take the same placeholders', () => {
    const holes = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
    for (const id of RULE_IDS) {
      assert.deepEqual(holes(RULES[id].message.zh), holes(RULES[id].message.en), id);
      assert.ok(RULES[id].title.en && RULES[id].title.zh, id);
    }
  });

  test('severityFor: override, default, off, and junk falls back to the default', () => {
    assert.equal(severityFor('not-granted', {}), 'error');
    assert.equal(severityFor('not-granted', undefined), 'error');
    assert.equal(severityFor('not-granted', { 'not-granted': 'warning' }), 'warning');
    assert.equal(severityFor('mutex-set', { 'mutex-set': 'off' }), 'off');
    assert.equal(severityFor('unused-grant', { 'unused-grant': 'loud' as never }), 'hint');
  });

  test('capSeverity keeps the milder', () => {
    assert.equal(capSeverity('error', 'warning'), 'warning');
    assert.equal(capSeverity('warning', 'warning'), 'warning');
    assert.equal(capSeverity('hint', 'warning'), 'hint');
    assert.equal(capSeverity('information', 'warning'), 'information');
  });

  test('the schema lists exactly the rule ids', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'catalog', 'wxperm.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties.rules.properties), RULE_IDS);
    assert.deepEqual(schema.definitions.severity.enum, ['error', 'warning', 'information', 'hint', 'off']);
  });
});

describe('messages: localisation', () => {
  test('t: English by default, Chinese for zh-cn, placeholders filled in both', () => {
    const en = RULES['unknown-set'].message.en;
    assert.equal(t('en', en, 999), "Unknown permission set 999: neither the catalog nor WeChat's pages list it.");
    assert.equal(t('zh-cn', en, 999), '未知的权限集 999：目录和微信文档均未列出。');
    assert.equal(t(undefined, en, 999), t('en', en, 999));
  });

  test('switching locale on every call is correct (the l10n bundle is global)', () => {
    const en = RULES['invalid-config'].title.en;
    const seen = [t('zh-cn', en), t('en', en), t('zh-cn', en), t('en', en)];
    assert.deepEqual(seen, ['wxperm 配置无效', 'Invalid wxperm configuration', 'wxperm 配置无效', 'Invalid wxperm configuration']);
  });

  test('unknown strings fall back to English, arguments are not re-interpreted', () => {
    assert.equal(t('zh-cn', 'Nobody translated {0}', '{0}{1}'), 'Nobody translated {0}{1}');
  });

  test('defineStrings: another module adds strings without editing messages.ts', () => {
    const say = defineStrings({ 'Test only: {0} apples': '测试：{0} 个苹果' });
    assert.equal(say('en', 'Test only: {0} apples', 3), 'Test only: 3 apples');
    assert.equal(say('zh-cn', 'Test only: {0} apples', 3), '测试：3 个苹果');
    assert.equal(zhBundle()['Test only: {0} apples'], '测试：3 个苹果'.replace('3', '{0}'));
  });

  test('toLocale', () => {
    for (const zh of ['zh-cn', 'zh-CN', 'zh', 'zh-Hans', 'zh_CN', 'zh-hans-cn']) assert.equal(toLocale(zh), 'zh-cn', zh);
    for (const en of ['en', 'en-US', 'zh-TW', 'zh-Hant', 'ja', '', undefined]) assert.equal(toLocale(en), 'en', String(en));
  });
});

describe('l10n/bundle.l10n.zh-cn.json', () => {
  test('every string the extension localises has a Chinese translation', () => {
    const client = JSON.parse(fs.readFileSync(path.join(ROOT, 'client', 'l10n', 'zh-cn.json'), 'utf8')) as Record<string, string>;
    const dir = path.join(ROOT, 'client', 'src');
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/l10n\.t\('((?:[^'\\]|\\.)*)'/g)) used.add(m[1]);
    }
    assert.ok(used.size > 20, `only ${used.size} strings found`);
    assert.deepEqual([...used].filter((s) => !client[s]).sort(), []);
    assert.deepEqual(Object.keys(client).filter((s) => !used.has(s)).sort(), [], 'translations nothing uses');
  });

  // Every core module registers its strings at load time: load them all, then the file must equal zhBundle().
  // Regenerate with: WXPERM_WRITE_L10N=1 node --import tsx --test test/core/rules.test.ts
  test('equals zhBundle() over every core module, and no English key has two translations', () => {
    const coreDir = path.join(ROOT, 'server', 'src', 'core');
    for (const f of fs.readdirSync(coreDir).filter((n) => n.endsWith('.ts')).sort()) {
      try {
        require(path.join(coreDir, f));
      } catch (e) {
        assert.fail(`core module ${f} does not load: ${(e as Error).message}`);
      }
    }
    // The same file is VS Code's bundle for the extension's own vscode.l10n.t strings (client/l10n/zh-cn.json).
    const client = JSON.parse(fs.readFileSync(path.join(ROOT, 'client', 'l10n', 'zh-cn.json'), 'utf8')) as Record<string, string>;
    const core = Object.fromEntries(Object.entries(zhBundle()).filter(([k]) => !k.startsWith('Test only:')));
    for (const [k, v] of Object.entries(client)) if (k in core) assert.equal(core[k], v, `two translations of ${k}`);
    const expected = Object.fromEntries(Object.entries({ ...core, ...client }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const file = path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json');
    const text = JSON.stringify(expected, null, 2) + '\n';
    if (process.env.WXPERM_WRITE_L10N) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    assert.deepEqual(stringConflicts(), []);
    assert.ok(fs.existsSync(file), `${file} is missing; regenerate it (see the comment above this test)`);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), expected, 'l10n bundle is stale; regenerate it (see the comment above this test)');
    for (const id of RULE_IDS) assert.equal(expected[RULES[id].message.en], RULES[id].message.zh);
  });
});
