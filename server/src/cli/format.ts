// How `wxperm scan` and `wxperm check` print: text for people, versioned JSON for tools.
import * as path from 'node:path';
import type { Finding, Reference } from '../core/model';

export interface FileReference {
  file: string;
  ref: Reference;
}

export interface FileFinding {
  file: string;
  finding: Finding;
}

function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return (r && !r.startsWith('..') ? r : file).split(path.sep).join('/');
}

function referenceJson(ref: Reference) {
  return {
    kind: ref.kind,
    text: ref.text,
    ...(ref.path !== undefined ? { path: ref.path } : {}),
    ...(ref.name !== undefined ? { name: ref.name } : {}),
    sets: ref.sets,
    ...(ref.allOf ? { allOf: true } : {}),
  };
}

export function scanJson(refs: FileReference[], cwd: string) {
  return {
    version: 1,
    references: refs.map(({ file, ref }) => ({ file: rel(file, cwd), range: ref.range, ...referenceJson(ref) })),
  };
}

export function scanText(refs: FileReference[], cwd: string): string {
  return refs.map(({ file, ref }) => {
    const where = `${rel(file, cwd)}:${ref.range.start.line + 1}:${ref.range.start.character + 1}`;
    const what = ref.kind === 'set-id' ? `set ${ref.setId ?? ref.text}` : `${ref.path}${ref.name ? ` ${ref.name}` : ''} → ${ref.sets.length ? ref.sets.join(ref.allOf ? ' + ' : ' | ') : 'no set'}`;
    return `${where}\t${ref.kind}\t${what}`;
  }).join('\n');
}

export function checkJson(findings: FileFinding[], cwd: string) {
  return {
    version: 1,
    findings: findings.map(({ file, finding }) => ({
      file: rel(finding.file ?? file, cwd),
      range: finding.range,
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      ...(finding.reference ? { reference: referenceJson(finding.reference) } : {}),
    })),
  };
}

export function checkText(findings: FileFinding[], cwd: string): string {
  return findings.map(({ file, finding }) =>
    `${rel(finding.file ?? file, cwd)}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.severity} ${finding.rule} ${finding.message}`).join('\n');
}

export function summary(findings: FileFinding[]): string {
  const count = (s: string) => findings.filter((f) => f.finding.severity === s).length;
  const parts = [`${count('error')} errors`, `${count('warning')} warnings`, `${count('information')} infos`, `${count('hint')} hints`];
  return `wxperm: ${parts.join(', ')}`;
}
