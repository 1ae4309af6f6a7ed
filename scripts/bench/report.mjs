// Formatting for the benchmark's tables: plain text, fixed columns, no colours (CI logs stay readable).

export const ms = (x) => (!Number.isFinite(x) ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
export const mbps = (bytes, millis) => bytes / 1e6 / (millis / 1000);
export const rate = (x) => (!Number.isFinite(x) ? '—' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} MB/s`);
export const mib = (bytes) => (!Number.isFinite(bytes) ? '—' : `${(bytes / 1048576).toFixed(1)} MiB`);
export const ratio = (x) => (!Number.isFinite(x) ? '—' : `${x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2)}×`);

/**
 * Rows of strings under headers (none when `headers` is null); the first `leftColumns` columns
 * left-aligned, the rest right-aligned.
 */
export function table(headers, rows, { leftColumns = 1 } = {}) {
  const body = rows.map((r) => r.map((c) => (c === undefined || c === null ? '' : String(c))));
  const cells = headers ? [headers, ...body] : body;
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (i < leftColumns ? (c ?? '').padEnd(widths[i]) : (c ?? '').padStart(widths[i]))).join('  ').trimEnd();
  if (!headers) return body.map(line).join('\n');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(cells[0]), rule, ...body.map(line)].join('\n');
}
