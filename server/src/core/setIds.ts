// Permission-set ids where the text means a set: the id lists of wxperm.json, `funcscope_category.id`
// in saved authorization responses (JSON, or the same shape written in code), and the
// `category_id_list=17|18` auth link parameter. A bare number means nothing on its own, so each
// finder starts at a key only WeChat uses.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isIdentChar } from './chars';
import { tooDeep } from './jsonDepth';
import type { Hit } from './hits';
import type { SetIdContext } from './model';

const CONFIG_ID_KEYS = new Set(['grants', 'authorization']);

/** wxperm.json: numbers in the `grants` / `authorization` id lists, and embedded saved responses. */
export function configSetIds(text: string, hits: Hit[]): void {
  const root = parseJson(text);
  if (root?.type !== 'object') return;
  for (const prop of root.children ?? []) {
    const value = prop.children?.[1];
    if (value && CONFIG_ID_KEYS.has(prop.children?.[0]?.value)) listedIds(text, value, hits);
  }
  funcscopeNodes(text, root, hits);
}

/** Any document but wxperm.json; `json` when it is JSON, so saved responses are read as a tree. */
export function findSetIds(text: string, json: boolean, hits: Hit[]): void {
  // A JSON document too deep to parse falls back to the text finder for funcscope ids.
  const parsedJson = json && jsonFuncscope(text, hits);
  textSetIds(text, parsedJson, hits);
}

// ---------------------------------------------------------------------------------------------
// JSON trees

/** Numbers in arrays, at any depth: per-authorizer grants nest their lists. */
function listedIds(text: string, value: JsonNode, hits: Hit[]): void {
  walk(value, (n, parent) => { if (parent?.type === 'array' && n.type === 'number') pushSetId(text, n, 'grants', hits); });
}

/** False when the text cannot be parsed as a tree (too deep), so the caller can fall back. */
function jsonFuncscope(text: string, hits: Hit[]): boolean {
  if (!text.includes('funcscope_category')) return true;
  const root = parseJson(text);
  if (root) funcscopeNodes(text, root, hits);
  return !!root;
}

/** `"funcscope_category": { "id": 17 }` anywhere in a JSON tree. */
function funcscopeNodes(text: string, root: JsonNode, hits: Hit[]): void {
  walk(root, (n) => {
    if (n.type !== 'property' || n.children?.[0]?.value !== 'funcscope_category' || n.children[1]?.type !== 'object') return;
    for (const p of n.children[1].children ?? []) {
      const v = p.children?.[1];
      if (p.children?.[0]?.value === 'id' && v?.type === 'number') pushSetId(text, v, 'funcscope', hits);
    }
  });
}

/**
 * jsonc-parser recurses, so deeply nested input could overflow the stack — and whether it does depends
 * on the stack left and on JIT state. A depth check first keeps the answer the same on every run.
 */
function parseJson(text: string): JsonNode | undefined {
  if (tooDeep(text) !== undefined) return undefined;
  try {
    return parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return undefined;
  }
}

/** Depth-first, iteratively: a tree as deep or as wide as the text must not overflow anything. */
function walk(root: JsonNode, visit: (node: JsonNode, parent: JsonNode | undefined) => void): void {
  const stack: [JsonNode, JsonNode | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], node]);
  }
}

const DIGITS = /^\d{1,9}$/;

function pushSetId(text: string, node: JsonNode, context: SetIdContext, hits: Hit[]): void {
  // jsonc-parser gives `1e`, `17.` or `5E` a value although they are not JSON numbers: only plain digits name a set.
  if (!Number.isInteger(node.value) || node.value < 0 || !DIGITS.test(text.substr(node.offset, node.length))) return;
  hits.push({ kind: 'set-id', offset: node.offset, length: node.length, setId: node.value, context });
}

// ---------------------------------------------------------------------------------------------
// Code and prose

const CATEGORY = 'category';
const FUNCSCOPE_HEAD = 'funcscope_';
const ID_LIST_TAIL = '_id_list';

/**
 * `funcscope_category` and `category_id_list` share `category`, so one indexOf pass finds both.
 * In code and text: `'funcscope_category' => ['id' => 17]`, `{'id': 17}`, `category_id_list=17|18|30`,
 * `"category_id_list": "17|18"`, `Set("category_id_list", "17")`.
 * `funcscopeDone`: a JSON tree already gave the funcscope ids.
 */
function textSetIds(text: string, funcscopeDone: boolean, hits: Hit[]): void {
  for (let i = text.indexOf(CATEGORY); i >= 0; i = text.indexOf(CATEGORY, i + 1)) {
    if (!funcscopeDone && text.startsWith(FUNCSCOPE_HEAD, i - FUNCSCOPE_HEAD.length)) funcscopeAt(text, i - FUNCSCOPE_HEAD.length, hits);
    else if (text.startsWith(ID_LIST_TAIL, i + CATEGORY.length)) categoryIdListAt(text, i, hits);
  }
}

/**
 * Blank space between the parts of a key and its value, with up to three whole comment lines in it:
 * an "ignore" quick fix puts its comment on a line of its own right above the id, and that must not
 * stop the id from being found (each comment runs to its newline, so this never backtracks far).
 */
const GAP = String.raw`\s{0,20}(?:(?:#|//|--|;|<!--)[^\n]*\n\s{0,20}){0,3}`;

const FUNCSCOPE_ID = new RegExp(String.raw`funcscope_category["']?${GAP}(?:=>|[:=])${GAP}[{[(]${GAP}["']?id["']?${GAP}(?:=>|[:=])${GAP}(\d{1,9})(?!\d)`, 'y');

function funcscopeAt(text: string, at: number, hits: Hit[]): void {
  if (isIdentChar(text.charCodeAt(at - 1))) return;
  FUNCSCOPE_ID.lastIndex = at;
  const id = FUNCSCOPE_ID.exec(text);
  if (!id) return;
  const offset = FUNCSCOPE_ID.lastIndex - id[1].length;
  hits.push({ kind: 'set-id', offset, length: id[1].length, setId: Number(id[1]), context: 'funcscope' });
}

const CATEGORY_LIST_VALUE = new RegExp(String.raw`category_id_list["']?\s{0,20}(?:=>|[:=,])${GAP}["']?`, 'y');
const ID = /\d{1,9}(?!\d)/y;
/** `|`, or `%7C` in a URL-encoded auth link. */
const ID_SEPARATOR = /\||%7[cC]/y;

function categoryIdListAt(text: string, at: number, hits: Hit[]): void {
  CATEGORY_LIST_VALUE.lastIndex = at;
  if (isIdentChar(text.charCodeAt(at - 1)) || !CATEGORY_LIST_VALUE.exec(text)) return;
  for (let from = CATEGORY_LIST_VALUE.lastIndex; ;) {
    ID.lastIndex = from;
    const id = ID.exec(text);
    if (!id) return;
    hits.push({ kind: 'set-id', offset: from, length: id[0].length, setId: Number(id[0]), context: 'category_id_list' });
    ID_SEPARATOR.lastIndex = ID.lastIndex;
    if (!ID_SEPARATOR.exec(text)) return;
    from = ID_SEPARATOR.lastIndex;
  }
}
