/** Ids, join codes and facilitator keys: the only randomness and hashing on the server. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../shared/joinCode.ts';

/** A random id for workshops, parties, pieces and members (96 bits, URL-safe). */
export function newId(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, (c) => (c === '-' ? 'a' : 'b'));
}

/** A random join code from the look-alike-free alphabet. */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** A facilitator key: 192 bits of randomness, URL-safe. */
export function newFacilitatorKey(): string {
  return randomBytes(24).toString('base64url');
}

/** The stored form of a facilitator key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compare a presented key with a stored hash in constant time. */
export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
