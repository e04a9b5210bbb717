/**
 * Join codes: what people type to find a workshop. New workshops get 8 characters from a
 * 25-letter alphabet (25⁸ ≈ 1.5·10¹¹), long enough that the failed-look-up limit makes guessing
 * any live code hopeless (README, "Security"); workshops created before keep their 6-character
 * code, which goes on working. Codes are shown in groups (ACDE FGHJ) and typed in any case, with
 * or without spaces and dashes.
 */

/** Letters and digits used in join codes: no look-alikes (0/O, 1/I/L, 5/S, 2/Z, 8/B). */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
/** Length of a new workshop's join code. */
export const JOIN_CODE_LENGTH = 8;
/** Length of the codes workshops were given before: still accepted. */
export const LEGACY_JOIN_CODE_LENGTH = 6;

/** A code as people type it (any case, spaces or dashes) in its canonical form. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** True when `code` (already normalised) could be a join code, new or old. */
export function isJoinCode(code: string): boolean {
  if (code.length !== JOIN_CODE_LENGTH && code.length !== LEGACY_JOIN_CODE_LENGTH) return false;
  for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return false;
  return true;
}

/** A code as it is shown, in groups that are easy to read out and type: ACDE FGHJ (new), ACD EFG (old). */
export function formatJoinCode(code: string): string {
  const normal = normalizeJoinCode(code);
  const group = normal.length === LEGACY_JOIN_CODE_LENGTH ? 3 : 4;
  return normal.replace(new RegExp(`(.{${group}})(?=.)`, 'g'), '$1 ');
}
