/** Letters and digits used in join codes: no look-alikes (0/O, 1/I/L, 5/S, 2/Z, 8/B). */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
/** Length of a join code. */
export const JOIN_CODE_LENGTH = 6;

/** A code as people type it (any case, spaces or dashes) in its canonical form. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** True when `code` (already normalised) could be a join code. */
export function isJoinCode(code: string): boolean {
  if (code.length !== JOIN_CODE_LENGTH) return false;
  for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return false;
  return true;
}
