// Character codes and identifier shapes shared by the scanner's finders. They compare char codes
// rather than slicing strings because they run on every `(`, `.` and quote of every keystroke.

export const SLASH = 47, DOT = 46, LPAREN = 40, QUESTION = 63, DOLLAR = 36, LBRACE = 123, PERCENT = 37, LT = 60,
  STAR = 42, AT = 64, BACKSLASH = 92, LBRACKET = 91, COLON = 58;

/** `$` counts: PHP variables and JavaScript identifiers use it. */
export function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
export const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
