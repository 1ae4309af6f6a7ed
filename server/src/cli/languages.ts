// A file's language id from its name, as VS Code would call it (the scanner and comment syntax use it).
import * as path from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact',
  py: 'python', go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin', php: 'php', cs: 'csharp', vb: 'vb',
  rb: 'ruby', rs: 'rust', swift: 'swift', dart: 'dart', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', hpp: 'cpp',
  lua: 'lua', json: 'json', jsonc: 'jsonc', yaml: 'yaml', yml: 'yaml', toml: 'toml', md: 'markdown', markdown: 'markdown',
  html: 'html', htm: 'html', xml: 'xml', vue: 'vue', sh: 'shellscript', bash: 'shellscript', sql: 'sql', ini: 'ini',
  properties: 'properties', txt: 'plaintext',
};

export function languageIdFor(file: string): string {
  if (path.basename(file) === 'wxperm.json') return 'jsonc';
  const ext = path.extname(file).slice(1).toLowerCase();
  return BY_EXTENSION[ext] ?? 'plaintext';
}
