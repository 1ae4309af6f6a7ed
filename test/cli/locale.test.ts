// The CLI's language: the flag, then WXPERM_LOCALE, then the POSIX variables — mapped by the same
// rule the editor uses (Simplified Chinese variants → zh-cn, everything else English).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localeOf } from '../../server/src/cli';

test('localeOf: flag over WXPERM_LOCALE over LC_ALL over LC_MESSAGES over LANG', () => {
  assert.equal(localeOf('zh-cn', { WXPERM_LOCALE: 'en', LANG: 'en_US.UTF-8' }), 'zh-cn');
  assert.equal(localeOf(undefined, { WXPERM_LOCALE: 'zh-CN', LANG: 'en_US.UTF-8' }), 'zh-cn');
  assert.equal(localeOf(undefined, { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), 'zh-cn');
  assert.equal(localeOf(undefined, { LC_MESSAGES: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(localeOf(undefined, { LANG: 'zh_CN.GB18030' }), 'zh-cn');
  assert.equal(localeOf(undefined, { LANG: 'zh_SG.UTF-8@euro' }), 'zh-cn');
  // C / POSIX say nothing about the language: the next variable decides
  assert.equal(localeOf(undefined, { LC_ALL: 'C.UTF-8', LANG: 'zh_CN.UTF-8' }), 'zh-cn');
});

test('localeOf: Traditional Chinese and other languages get English, as in the editor', () => {
  for (const lang of ['zh_TW.UTF-8', 'zh_HK.UTF-8', 'ja_JP.UTF-8', 'de_DE']) assert.equal(localeOf(undefined, { LANG: lang }), 'en', lang);
  assert.throws(() => localeOf('fr', {}), /--locale must be en or zh-cn/);
});
