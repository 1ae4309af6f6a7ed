// How the WeChat API host shows up in text: spelled out in a URL, or as a placeholder at the start of
// a path string (`${HOST}/wxa/commit`). A path on another host is a web app's own route, not a call.

/** The API host (`api.`, backup `api2.`, regional `sh.api.` …) is found from this, by indexOf. */
export const HOST_TAIL = '.weixin.qq.com';
const HOST_HEAD = /(?:^|[^\w.-])(?:(?:sh|sz|hk)\.)?api2?$/;
const API_ORIGIN = /^(?:https?:)?\/\/(?:(?:sh|sz|hk)\.)?api2?\.weixin\.qq\.com$/i;

/** Whether the `HOST_TAIL` at `tail` ends the API host: never `myapi…` or `x.api…`. */
export function isApiHostTail(text: string, tail: number): boolean {
  return HOST_HEAD.test(text.slice(Math.max(0, tail - 8), tail));
}

/**
 * What stands for the API host at the start of a string: `${HOST}`, `{API}`, `{$this->host}`, `#{host}`,
 * `%s`, `%1$s`, `$host`, `\(host)`, `{0}`. Bounded, so a stray `${` cannot make matching quadratic.
 */
export const HOST_PLACEHOLDER = [
  '\\$\\{[^}\\n]{1,80}\\}',
  '#\\{[^}\\n]{1,80}\\}',
  '\\{[^}\\n"\'`]{1,80}\\}',
  '%(?:\\d\\$)?[sv]',
  '\\$[A-Za-z_]\\w{0,40}(?:->[A-Za-z_]\\w{0,40})?',
  '\\\\\\([^)\\n]{1,80}\\)',
].join('|');

/**
 * `${BASE}/wxa/commit` where the same file says `BASE = 'https://shop.example.com'`: another host,
 * like a literal URL on another host. Undefined or non-literal placeholders are taken for the API host.
 * `cache` is per text: the first lookup reads every host definition of the text in one pass, so a file
 * with thousands of distinct placeholders still costs one pass, not one per name.
 */
export function placeholderIsOtherHost(text: string, placeholder: string, cache: Map<string, boolean>): boolean {
  const name = placeholderName(placeholder);
  if (!name) return false;
  if (!cache.has(BUILT)) readHostDefinitions(text, cache);
  return cache.get(name) ?? false;
}

const BUILT = '\0built';

/** `%s`, `%1$s` and `{0}` name nothing to look up. */
const POSITIONAL = /^[%{]\d*\W*$|^%/;
const LAST_NAME = /([A-Za-z_]\w*)\W*$/;

/** `${this.base}` → `base`, `{$this->host}` → `host`: the name its definition would use. */
function placeholderName(placeholder: string): string | undefined {
  return POSITIONAL.test(placeholder) ? undefined : LAST_NAME.exec(placeholder)?.[1];
}

/** A URL's start: the `//` right after a quote (and an optional scheme). */
const URL_START = /["'`](?:https?:)?$/;
/** What stands before it in a definition: `name = `, `name: `, `name => `, `name := `, `"name": `, `name: Type = `. */
const DEFINED_NAME = /(?<![A-Za-z0-9_])([A-Za-z_]\w*)["']?\s{0,20}(?::[^=\n]{0,40})?(?:=>|:=|[:=])\s{0,20}[fr@$]?["'`](?:https?:)?$/;
const URL_HOST = /^\/\/[^\s"'`/?#]{1,255}/;

/**
 * Every `name = 'https://host…'` of the text, in one pass over its `//`s: name → "is it another host".
 * The first definition of a name wins, as a reader of the file would take it.
 */
function readHostDefinitions(text: string, out: Map<string, boolean>): void {
  out.set(BUILT, false);
  for (let i = text.indexOf('//'); i >= 0; i = text.indexOf('//', i + 2)) {
    const before = text.slice(Math.max(0, i - 160), i);
    if (!URL_START.test(before)) continue;
    const def = DEFINED_NAME.exec(before);
    if (!def || out.has(def[1])) continue;
    const host = URL_HOST.exec(text.slice(i, i + 260));
    if (!host) continue;
    const scheme = /(?:https?:)?$/.exec(before)![0];
    out.set(def[1], !API_ORIGIN.test(scheme + host[0]));
  }
}
