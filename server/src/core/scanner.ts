// Text → references: the places a document names a WeChat interface (by URL, path, path segments or
// API/SDK name) or a permission-set id where it means a set. Language-agnostic on purpose: it looks
// for the few shapes real code uses instead of parsing each language.
//
// Precision over recall: a false squiggle teaches users to turn the tool off, so every finder first
// looks for a cheap, rare anchor (a quote before a known first segment, the API host, a `(`, a long
// member name, `funcscope_category`, `category_id_list`) and then verifies against the catalog.
// Everything is regex/indexOf driven and linear in the text, so it can run on every keystroke.
//
// This file puts the finders together; each lives in its own module:
//   pathFinder.ts  URLs, quoted paths, segment arguments (apiHost.ts: what the API host looks like)
//   nameFinder.ts  API and SDK names (nameTable.ts: the names per catalog; vocabulary.ts: which are distinctive)
//   setIds.ts      set ids in wxperm.json, funcscope_category, category_id_list
//   hits.ts        what finders report, and how hits become references
//
// Suppression comments are not applied here: `scan` reports every reference and the judge filters
// findings with `isSuppressed` (suppressions.ts), so there is one place that decides what is ignored.
import type { Catalog } from './catalog';
import { type Hit, settle, toReferences } from './hits';
import type { LineIndex } from './lineIndex';
import type { Reference } from './model';
import { findNames } from './nameFinder';
import { nameTableFor } from './nameTable';
import { findPaths } from './pathFinder';
import { configSetIds, findSetIds } from './setIds';

export { isDistinctiveName } from './vocabulary';

export interface ScanOptions {
  languageId?: string;
  fileName?: string;
  lineIndex?: LineIndex;
}

export function scan(text: string, catalog: Catalog, options: ScanOptions = {}): Reference[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const hits: Hit[] = [];
  if (isConfigFile(options.fileName)) {
    configSetIds(text, hits);
  } else {
    // Order matters: where two hits are equal, settle keeps the one found first.
    findPaths(text, catalog, isProse(options), hits);
    findNames(text, nameTableFor(catalog), hits);
    findSetIds(text, isJson(options), hits);
  }
  return toReferences(text, settle(hits), options.lineIndex);
}

/** The reference whose range holds `offset` (its end included); the later one where two touch. */
export function referenceAt(refs: readonly Reference[], offset: number): Reference | undefined {
  let lo = 0;
  let hi = refs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (refs[mid].offset <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const r = refs[found];
  return offset <= r.offset + r.length ? r : undefined;
}

export function isConfigFile(fileName?: string): boolean {
  if (!fileName) return false;
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1) === 'wxperm.json';
}

// ---------------------------------------------------------------------------------------------
// Document kinds

const PROSE_LANGUAGES = new Set(['markdown', 'plaintext', 'yaml', 'restructuredtext', 'asciidoc', 'log', 'text']);
const PROSE_EXTENSIONS = /\.(?:md|markdown|txt|ya?ml|rst|adoc|log)$/i;

/** In prose a bare `wxa/…` after an apostrophe is too weak; paths there need a leading slash. */
function isProse(o: ScanOptions): boolean {
  if (o.languageId) return PROSE_LANGUAGES.has(o.languageId);
  return !!o.fileName && PROSE_EXTENSIONS.test(o.fileName);
}

/** Saved authorization responses are JSON: there the tree, not the text, says where an id is. */
function isJson(o: ScanOptions): boolean {
  if (o.languageId) return o.languageId === 'json' || o.languageId === 'jsonc';
  return !!o.fileName && /\.jsonc?$/i.test(o.fileName);
}
