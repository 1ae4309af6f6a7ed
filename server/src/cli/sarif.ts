// `wxperm check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. One run, the seven
// rules in `tool.driver.rules` (ids from rules.ts, so they never drift), results with paths relative
// to the working folder under %SRCROOT%, 1-based regions in UTF-16 columns (the ranges the core
// computes), and `partialFingerprints` that do not depend on line numbers: an unrelated edit above a
// finding keeps its fingerprint, so code scanning does not close and reopen the alert.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import pkg from '../../../package.json';
import { RULES, RULE_HELP, RULE_IDS } from '../core/rules';
import type { Severity } from '../core/model';
import { findingKey } from './baseline';
import type { FileFinding } from './format';
import type { SkippedFile } from './walk';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key under `partialFingerprints`; bump the version if the recipe ever changes. */
export const FINGERPRINT_KEY = 'wxpermFinding/v1';

const meta = pkg as { version: string; homepage?: string; repository?: string | { url?: string } };
/** Where people learn about wxperm: package.json's homepage when it has one, else the npm page. */
export const INFORMATION_URI = meta.homepage ?? 'https://www.npmjs.com/package/wxperm';
/** WeChat's page on the Mini Program permission sets of third-party platforms (the catalog's sets link to it). */

type Level = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/**
 * The long descriptions code scanning shows beside an alert. Keyed by RuleId, so a new rule in
 * rules.ts fails the typecheck here until it is described. (Titles and messages stay in rules.ts.)
 */

export interface SarifOptions {
  /** Paths are made relative to this folder (the working folder), under `%SRCROOT%`. */
  cwd: string;
  /** false when the run could not complete (a configuration that cannot be used). */
  executionSuccessful?: boolean;
  /** Files that were not scanned, reported as tool notifications. */
  skipped?: readonly SkippedFile[];
  /** Findings dropped because a baseline records them. */
  baselined?: number;
}

/** A relative, `/`-separated, percent-encoded URI for a file under `cwd`; a file: URI otherwise. */
export function artifactUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * The fingerprint: rule, file, what the finding is about (the interface's resolved path, the set id …)
 * and its occurrence among identical findings in that file — no line or column, so inserting lines
 * above leaves it unchanged; a second identical call in the same file gets its own.
 */
export function fingerprints(findings: readonly FileFinding[], cwd: string): string[] {
  const seen = new Map<string, number>();
  return findings.map(({ file, finding }) => {
    const identity = [finding.rule, artifactUri(finding.file ?? file, cwd).uri, findingKey(finding)].join('\0');
    const n = seen.get(identity) ?? 0;
    seen.set(identity, n + 1);
    return createHash('sha256').update(identity).digest('hex').slice(0, 32) + ':' + (n + 1);
  });
}

export function ruleDescriptors() {
  return RULE_IDS.map((id) => {
    const rule = RULES[id];
    const h = RULE_HELP[id];
    return {
      id,
      name: h.name,
      shortDescription: { text: rule.title.en },
      fullDescription: { text: h.full },
      help: {
        text: `${h.full}\n\n${h.help}\n\nDocumentation: ${h.doc ?? INFORMATION_URI}`,
        markdown: `**${rule.title.en}** (${rule.title.zh})\n\n${h.full}\n\n${h.help}\n\n[Documentation](${h.doc ?? INFORMATION_URI})`,
      },
      helpUri: h.doc ?? INFORMATION_URI,
      defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
      properties: { tags: ['wechat', 'permission-set'], 'zh-title': rule.title.zh },
    };
  });
}

export function toSarif(findings: readonly FileFinding[], options: SarifOptions) {
  const cwd = path.resolve(options.cwd);
  const prints = fingerprints(findings, cwd);
  const results = findings.map(({ file, finding }, i) => {
    const { start, end } = finding.range;
    const data = finding.data;
    const properties: Record<string, unknown> = { severity: finding.severity };
    if (data?.sets?.length) properties.sets = data.sets;
    if (data?.missing?.length) properties.missing = data.missing;
    if (data?.doc) properties.doc = data.doc;
    if (finding.reference?.path) properties.interface = finding.reference.path;
    return {
      ruleId: finding.rule,
      ruleIndex: RULE_IDS.indexOf(finding.rule),
      level: sarifLevel(finding.severity),
      message: { text: finding.message },
      locations: [{
        physicalLocation: {
          artifactLocation: artifactUri(finding.file ?? file, cwd),
          region: {
            startLine: start.line + 1,
            startColumn: start.character + 1,
            endLine: end.line + 1,
            // SARIF's endColumn is the column after the region's last character.
            endColumn: end.character + 1,
          },
        },
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i] },
      properties,
    };
  });
  const notifications = (options.skipped ?? []).filter((s) => s.reason !== 'binary').map((s) => ({
    level: 'note' as const,
    message: { text: `skipped ${artifactUri(s.file, cwd).uri} (${s.reason}${s.detail ? `: ${s.detail}` : ''})` },
    locations: [{ physicalLocation: { artifactLocation: artifactUri(s.file, cwd) } }],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [{
      tool: {
        driver: {
          name: 'wxperm',
          informationUri: INFORMATION_URI,
          semanticVersion: meta.version,
          version: meta.version,
          rules: ruleDescriptors(),
        },
      },
      invocations: [{
        executionSuccessful: options.executionSuccessful ?? true,
        ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
      }],
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
      columnKind: 'utf16CodeUnits' as const,
      results,
      ...(options.baselined ? { properties: { baselined: options.baselined } } : {}),
    }],
  };
}
