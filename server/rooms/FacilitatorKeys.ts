/**
 * The facilitator keys of one workshop, kept only as hashes: the main key, co-facilitator keys
 * added beside it, and rotation, which replaces them all.
 */
import { hashKey, matchingKeyHash, newFacilitatorKey } from '../secrets.ts';

/** A new key, its hash, and the stored list of hashes it leads to. */
export interface KeyChange {
  key: string;
  hash: string;
  /** Space-separated hashes, as the store keeps them. */
  hashes: string;
}

/** The facilitator key hashes in force for one workshop. */
export class FacilitatorKeys {
  private hashes: string;

  constructor(storedHashes: string) {
    this.hashes = storedHashes;
  }

  /** The hash of the key in force that `key` matches, or '' when none does. */
  match(key: string): string {
    return matchingKeyHash(key, this.hashes);
  }

  /** True when `hash` is one of the keys in force. */
  inForce(hash: string): boolean {
    return hash !== '' && this.hashes.split(' ').includes(hash);
  }

  /** A new key: beside the others (co-facilitator) or instead of all of them (rotation). Not in force until `adopt`. */
  propose(kind: 'co-key' | 'rotate'): KeyChange {
    const key = newFacilitatorKey();
    const hash = hashKey(key);
    return { key, hash, hashes: kind === 'co-key' ? `${this.hashes} ${hash}`.trim() : hash };
  }

  /** Put a stored change in force. */
  adopt(change: KeyChange): void {
    this.hashes = change.hashes;
  }
}
