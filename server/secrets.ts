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

/** Compare a presented key with the stored hashes (space-separated) in constant time; returns the matching hash or ''. */
export function matchingKeyHash(key: string, storedHashes: string): string {
  const presented = Buffer.from(hashKey(key), 'hex');
  let found = '';
  for (const hash of storedHashes.split(' ').filter(Boolean)) {
    const stored = Buffer.from(hash, 'hex');
    if (stored.length === presented.length && timingSafeEqual(stored, presented)) found = hash;
  }
  return found;
}

/** True when `key` is one of the stored facilitator keys. */
export function keyMatches(key: string, storedHashes: string): boolean {
  return matchingKeyHash(key, storedHashes) !== '';
}
