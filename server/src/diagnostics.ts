// Finding (core) → LSP Diagnostic, and back. A diagnostic carries what a quick fix needs in `data`
// (rule, the reference without its catalog objects, the finding's data), so `textDocument/codeAction`
// can rebuild the finding from the diagnostic the client sends back without re-scanning.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { Catalog } from './core/catalog';
import type { Finding, FindingData, Reference, RuleId, Severity } from './core/model';

export const SOURCE = 'wxperm';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const FROM_SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** A diagnostic as any protocol version types it (3.18 allows a MarkupContent message). */
export type ClientDiagnostic = Omit<Diagnostic, 'message'> & { message: string | { kind: string; value: string } };

/**
 * The reference as stored in Diagnostic.data: plain values only (no Interface/Family objects), and no
 * range when it is the diagnostic's own (the usual case: a 1 MB file can carry 10,000 diagnostics).
 */
export type StoredReference = Omit<Reference, 'resolution' | 'range'> & { range?: Reference['range']; resolved?: { kind: 'interface' | 'family'; path: string; query?: Record<string, string> } };

export interface DiagnosticPayload {
  wxperm: 1;
  rule: RuleId;
  file?: string;
  reference?: StoredReference;
  /** The finding's data; `docInCode`: its `doc` is the diagnostic's codeDescription.href. */
  data?: FindingData & { docInCode?: true };
}

export interface MappingOptions {
  /** The client shows `codeDescription` links (LSP 3.16); the doc link of the interface or set. */
  codeDescription?: boolean;
}

export function toDiagnostic(f: Finding, options: MappingOptions = {}): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    source: SOURCE,
    code: f.rule,
    message: f.message,
  };
  const href = f.data?.doc;
  if (options.codeDescription !== false && href && /^https?:\/\//.test(href)) d.codeDescription = { href };
  const payload: DiagnosticPayload = { wxperm: 1, rule: f.rule };
  if (f.file) payload.file = f.file;
  if (f.reference) {
    const stored = storeReference(f.reference);
    if (stored.range && sameRange(stored.range, f.range)) delete stored.range;
    payload.reference = stored;
  }
  if (f.data) {
    // The doc link travels once, as codeDescription, when the client shows it.
    const { doc, ...rest } = f.data;
    payload.data = doc && d.codeDescription?.href === doc ? { ...rest, docInCode: true } : f.data;
  }
  d.data = payload;
  return d;
}

export function storeReference(r: Reference): StoredReference {
  const { resolution, ...plain } = r;
  const stored: StoredReference = { ...plain };
  if (resolution) {
    const query = resolution.kind === 'interface' ? resolution.iface.query : resolution.family.query;
    stored.resolved = { kind: resolution.kind, path: resolution.path, ...(query ? { query } : {}) };
  }
  return stored;
}

function isPayload(v: unknown): v is DiagnosticPayload {
  return typeof v === 'object' && v !== null && (v as DiagnosticPayload).wxperm === 1 && typeof (v as DiagnosticPayload).rule === 'string';
}

/**
 * The finding a wxperm diagnostic came from, rebuilt from its data (undefined for other sources or
 * when the client dropped `data`). The reference's catalog resolution is looked up again by path.
 */
export function fromDiagnostic(d: ClientDiagnostic, catalog?: Catalog): Finding | undefined {
  if (d.source !== undefined && d.source !== SOURCE) return undefined;
  if (!isPayload(d.data)) return undefined;
  const p = d.data;
  const f: Finding = {
    rule: p.rule,
    severity: FROM_SEVERITY[d.severity ?? 2] ?? 'warning',
    range: d.range,
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
  if (p.file) f.file = p.file;
  if (p.data) {
    const { docInCode, ...rest } = p.data;
    f.data = docInCode && d.codeDescription?.href ? { ...rest, doc: d.codeDescription.href } : rest;
  }
  if (p.reference) {
    const { resolved, range, ...plain } = p.reference;
    const ref: Reference = { ...plain, range: range ?? d.range };
    if (resolved && catalog) {
      const res = catalog.resolvePath(resolved.path, resolved.query ?? {}) ?? (plain.path ? catalog.resolve(plain.path) : undefined);
      if (res) ref.resolution = res;
    }
    f.reference = ref;
  }
  return f;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Drop findings that say the same thing at the same place (config file findings met twice). */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.rule}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
