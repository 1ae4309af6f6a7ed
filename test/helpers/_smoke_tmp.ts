import * as fs from 'node:fs';
import { scan } from '../../server/src/core/scanner';
import { catalog } from './catalog';
const c = catalog();
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, 'utf8');
  const lang = f.endsWith('.md') ? 'markdown' : f.endsWith('.yaml') ? 'yaml' : f.endsWith('.json') ? 'json' : undefined;
  console.log('==', f.split('/').slice(-2).join('/'));
  for (const r of scan(text, c, { fileName: f, languageId: lang })) console.log('  ', r.kind, JSON.stringify(r.text), `${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`, r.path ?? r.context, r.name ?? '', r.sets.join(','), r.allOf ? 'allOf' : '');
}
