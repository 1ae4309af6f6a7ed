import { scan } from '../../server/src/core/scanner';
import { catalog } from './catalog';
const MB = 1 << 20;
const cases: [string, string][] = [
    ['minified', 'var a=function(b){return b.c("x",{d:1})};'],
    ['quotes', '"'], ['template starts', '`${'], ['placeholders', '"${a}'], ['open braces', '"{'], ['percent', '"%s'],
    ['parens', '('], ['identifier + paren', 'abcdefghijklmnop('], ['dots', '.'], ['long member', '.abcdefghijklmnopqrstuvwxyz'],
    ['segments', '"wxa", '], ['paths', '"/wxa/'], ['slashes', '"/wxa/a/b/c/d/e/f/g'], ['query', '"/wxa/commit?'],
    ['id list', 'category_id_list=1|'], ['funcscope', '"funcscope_category": { "id": '], ['host', 'api.weixin.qq.com/'],
    ['one identifier', 'a'], ['known paths', '"/wxa/commit",'], ['shop family', '"/shop/x",'], ['host paths', 'https://api.weixin.qq.com/wxa/x/y '],
    ['placeholder defs', '"${BASE}/wxa/commit" '], ['names', 'x.getUnlimitedQRCode('],
];
catalog(); scan('x', catalog());
for (const [label, unit] of cases) {
  const text = unit.repeat(Math.ceil(MB / unit.length));
  const t = performance.now();
  const refs = scan(text, catalog(), { languageId: 'javascript' });
  console.log(label.padEnd(22), (performance.now() - t).toFixed(1).padStart(8), 'ms', refs.length);
}
