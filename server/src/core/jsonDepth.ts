// How deep a JSON(C) text nests, measured without recursion. jsonc-parser's parseTree, visit and
// getLocation recurse once per level, so a hostile file nested a few thousand levels deep overflows the
// stack; everything that parses wxperm.json checks here first, with the same limit grants.ts reads by.
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** Real responses nest 5 levels; jsonc-parser recurses, so a hostile file must not reach it. */
export const MAX_DEPTH = 64;

/** The offset of the first bracket past MAX_DEPTH, found with jsonc-parser's scanner (no recursion). */
export function tooDeep(text: string): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_DEPTH) return scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
