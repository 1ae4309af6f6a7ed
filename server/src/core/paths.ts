// Normalising what code writes into the catalog's path form: leading slash, no host, no query,
// no trailing slash, placeholders cut off.

const HOST = /^(?:https?:)?\/\/api\.weixin\.qq\.com(?=\/|$)/i;

export interface SplitPath {
  path: string;
  query: Record<string, string>;
}

export function splitPath(raw: string): SplitPath {
  let s = raw.trim().replace(HOST, '');
  const q = s.search(/[?#]/);
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const kv of s.slice(q + 1).split(/[&#]/)) {
      const eq = kv.indexOf('=');
      if (eq > 0) query[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    s = s.slice(0, q);
  }
  if (!s.startsWith('/')) s = '/' + s;
  s = s.replace(/\/{2,}/g, '/');
  if (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return { path: s, query };
}

export function normalisePath(raw: string): string {
  return splitPath(raw).path;
}

/** The last segment, e.g. `get_list` of `/shop/order/get_list`. */
export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** How people write an interface: its path, with the query that tells it apart (`?action=…`). */
export function displayPath(i: { path: string; query?: Record<string, string> }): string {
  return i.path + (i.query ? '?' + Object.entries(i.query).map(([k, v]) => `${k}=${v}`).join('&') : '');
}
