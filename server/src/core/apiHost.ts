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
 * `cache` is per text: one file repeats the same placeholder, and each lookup scans the whole text.
 */
export function placeholderIsOtherHost(text: string, placeholder: string, cache: Map<string, boolean>): boolean {
  const name = placeholderName(placeholder);
  if (!name) return false;
  let other = cache.get(name);
  if (other === undefined) {
    other = definesOtherHost(text, name);
    cache.set(name, other);
  }
  return other;
}

/** `%s`, `%1$s` and `{0}` name nothing to look up. */
const POSITIONAL = /^[%{]\d*\W*$|^%/;
const LAST_NAME = /([A-Za-z_]\w*)\W*$/;

/** `${this.base}` → `base`, `{$this->host}` → `host`: the name its definition would use. */
function placeholderName(placeholder: string): string | undefined {
  return POSITIONAL.test(placeholder) ? undefined : LAST_NAME.exec(placeholder)?.[1];
}

/** `name = 'https://…'`, `name: "//…"`, `name => '…'`, `name := "…"`, with a host that is not the API's. */
function definesOtherHost(text: string, name: string): boolean {
  const definition = new RegExp(`(?<![A-Za-z0-9_])${name}["']?\\s{0,20}(?::[^=\\n]{0,40})?(?:=>|:=|[:=])\\s{0,20}[fr@$]?["'\`]((?:https?:)?//[^\\s"'\`/?#]{1,255})`).exec(text);
  return !!definition && !API_ORIGIN.test(definition[1]);
}
