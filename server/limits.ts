/**
 * Rate limits, and the addresses they count against. Two kinds, kept apart on purpose:
 *
 * - Per connection (actions, drags): in this process's memory, synchronous and O(1), because they
 *   sit on the drag path. rate-limiter-flexible answers only through promises (an allocation and a
 *   microtask per message, and a timer per key), so these two keep a tiny synchronous token bucket.
 * - Per address (failed look-ups, workshops created, seat reservations, new members): counted by
 *   rate-limiter-flexible in a CounterStore — this process's memory by default; a deployment of
 *   several processes passes `redisCounters`, so that the counts hold across its processes.
 *
 * Defaults never hinder a real workshop: a whole meeting room may share one address behind a NAT,
 * so the per-address limits sit above a full room (MAX_PARTICIPANTS people and their screens), and
 * only *failed* look-ups count towards the guessing limit (README, "Security").
 */
import { isIP } from 'node:net';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { log } from './log.ts';

/** The limits in force. */
export interface Limits {
  /** Actions (place, move, edit, …) per second per connection, and the burst allowed above that. */
  actionsPerSecond: number;
  actionBurst: number;
  /** Live drag updates per second per connection (display rate is ~30), and their burst. */
  dragsPerSecond: number;
  dragBurst: number;
  /** A connection whose messages are refused for speed this many times in a row is disconnected. */
  abuseStrikes: number;
  /**
   * Failed look-ups per address in one window — a wrong join code, facilitator key or seat token,
   * an unknown workshop — after which that address's guesses are refused until the window ends.
   */
  failedLookups: number;
  /** The length of that window, in seconds. */
  failedLookupWindowSeconds: number;
  /** Workshops created or imported per address per hour. */
  workshopsPerHour: number;
  /** Seats reserved per address per minute: joins that passed the check and hold a place until they connect. */
  joinsPerMinute: number;
  /** New members (participants, screens and facilitators joining anew) per address per minute. */
  newMembersPerMinute: number;
}

/** Defaults: a person cannot click faster than this, a meeting room behind one address stays below the rest; a script does not. */
export const DEFAULT_LIMITS: Limits = {
  actionsPerSecond: 10,
  actionBurst: 30,
  dragsPerSecond: 60,
  dragBurst: 120,
  abuseStrikes: 200,
  // 1,500 failures an hour at most: with 8-character codes, ≥ 1 year on average to hit any of 10,000 live workshops
  failedLookups: 250,
  failedLookupWindowSeconds: 600,
  workshopsPerHour: 100,
  joinsPerMinute: 600,
  newMembersPerMinute: 300,
};

/** No limits at all: for tests and load runs that measure the room, not the limiter. */
export const UNLIMITED: Limits = {
  actionsPerSecond: Number.POSITIVE_INFINITY,
  actionBurst: Number.POSITIVE_INFINITY,
  dragsPerSecond: Number.POSITIVE_INFINITY,
  dragBurst: Number.POSITIVE_INFINITY,
  abuseStrikes: Number.POSITIVE_INFINITY,
  failedLookups: Number.POSITIVE_INFINITY,
  failedLookupWindowSeconds: DEFAULT_LIMITS.failedLookupWindowSeconds,
  workshopsPerHour: Number.POSITIVE_INFINITY,
  joinsPerMinute: Number.POSITIVE_INFINITY,
  newMembersPerMinute: Number.POSITIVE_INFINITY,
};

/** Variables that were renamed: an operator who still sets one is told, instead of being silently ignored. */
const RENAMED: Record<string, string> = {
  RATE_FAILED_LOOKUPS_PER_MINUTE: 'RATE_FAILED_LOOKUPS_PER_10_MINUTES',
};

/** Read RATE_* variables; a missing one keeps its default, `0` means no limit. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  for (const [old, now] of Object.entries(RENAMED)) {
    if (env[old] !== undefined && env[old] !== '') throw new Error(`${old} is no longer read; set ${now} instead (see the README's security section)`);
  }
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got ${raw}`);
    return value === 0 ? Number.POSITIVE_INFINITY : value;
  };
  const actionsPerSecond = number('RATE_ACTIONS_PER_SECOND', DEFAULT_LIMITS.actionsPerSecond);
  const dragsPerSecond = number('RATE_DRAGS_PER_SECOND', DEFAULT_LIMITS.dragsPerSecond);
  return {
    actionsPerSecond,
    actionBurst: Math.max(DEFAULT_LIMITS.actionBurst, actionsPerSecond * 3),
    dragsPerSecond,
    dragBurst: Math.max(DEFAULT_LIMITS.dragBurst, dragsPerSecond * 2),
    abuseStrikes: number('RATE_ABUSE_STRIKES', DEFAULT_LIMITS.abuseStrikes),
    failedLookups: number('RATE_FAILED_LOOKUPS_PER_10_MINUTES', DEFAULT_LIMITS.failedLookups),
    failedLookupWindowSeconds: DEFAULT_LIMITS.failedLookupWindowSeconds,
    workshopsPerHour: number('RATE_WORKSHOPS_PER_HOUR', DEFAULT_LIMITS.workshopsPerHour),
    joinsPerMinute: number('RATE_JOINS_PER_MINUTE', DEFAULT_LIMITS.joinsPerMinute),
    newMembersPerMinute: number('RATE_NEW_MEMBERS_PER_MINUTE', DEFAULT_LIMITS.newMembersPerMinute),
  };
}

// ---- per connection ------------------------------------------------------------------------

/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. Synchronous and O(1) on
 * purpose — it runs for every drag frame, where rate-limiter-flexible's promise per call would
 * cost more than the drag itself.
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private tokens: number;
  private last: number;

  constructor(rate: number, burst: number, now = performance.now()) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  /** Take one token if there is one. */
  take(now = performance.now()): boolean {
    if (this.rate === Number.POSITIVE_INFINITY) return true;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

// ---- per address -----------------------------------------------------------------------------

/** Where per-address counts live: one process's memory, or a store every process of a deployment shares. */
export interface CounterStore {
  /** A fixed-window limiter: at most `points` in `duration` seconds per key, keys prefixed with `keyPrefix`. */
  limiter(options: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract;
}

/** Counts in this process's memory: right for one process. */
export const memoryCounters: CounterStore = {
  limiter: (options) => new RateLimiterMemory(options),
};

/**
 * Counts in Redis (an ioredis or node-redis client), shared by every process of a deployment, so an
 * address cannot multiply its allowance by the number of processes. While Redis cannot be reached,
 * each process goes on counting in its own memory instead of letting everything through.
 */
export function redisCounters(storeClient: unknown): CounterStore {
  return {
    limiter: (options) => new RateLimiterRedis({ ...options, keyPrefix: `vaerdispil:${options.keyPrefix}`, storeClient, insuranceLimiter: new RateLimiterMemory(options) }),
  };
}

/** What a counter said: go ahead, or wait this many seconds. */
export type CountVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

const GO: CountVerdict = { ok: true };

/** Whole seconds until a counter's window ends (at least 1). */
function secondsLeft(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** One limit per address in a fixed window, counted by rate-limiter-flexible in a CounterStore. */
export class AddressCounter {
  /** How many may be counted in one window. */
  readonly points: number;
  private readonly name: string;
  private readonly limiter: RateLimiterAbstract | undefined;

  constructor(store: CounterStore, name: string, points: number, windowSeconds: number) {
    this.name = name;
    this.points = points;
    // an unlimited counter counts nothing and keeps no keys
    this.limiter = Number.isFinite(points) ? store.limiter({ keyPrefix: name, points, duration: windowSeconds }) : undefined;
  }

  /** Count one for `address`; refused, with the wait, once its window already holds `points`. */
  async take(address: string): Promise<CountVerdict> {
    if (!this.limiter) return GO;
    try {
      await this.limiter.consume(address);
      return GO;
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: secondsLeft(error) };
      // a store that fails must not lock a meeting room out: log it, and let this one through
      log('error', 'limiter-failed', { limit: this.name, error: String(error) });
      return GO;
    }
  }

  /** Count one for `address` without asking (a failed look-up is counted whether or not it was allowed). */
  async count(address: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.penalty(address);
    } catch (error) {
      log('error', 'limiter-failed', { limit: this.name, error: String(error) });
    }
  }

  /** The seconds `address` must wait because its window already holds `points`; 0 when it need not. Counts nothing. */
  async wait(address: string): Promise<number> {
    if (!this.limiter) return 0;
    try {
      const res = await this.limiter.get(address);
      // a window that has ended counts for nothing, even before its key is swept away
      return res && res.msBeforeNext > 0 && res.consumedPoints >= this.points ? secondsLeft(res) : 0;
    } catch (error) {
      log('error', 'limiter-failed', { limit: this.name, error: String(error) });
      return 0;
    }
  }
}

/** The per-address limits of one server, or of a whole deployment when their store is shared. */
export interface AddressLimits {
  /** Failed look-ups (wrong code, key or seat; unknown workshop): past the limit, guesses are refused unchecked. */
  failedLookups: AddressCounter;
  /** Workshops created or imported. */
  workshops: AddressCounter;
  /** Seat reservations: joins that hold a place until they connect. */
  joins: AddressCounter;
  /** Joins that add a member. */
  newMembers: AddressCounter;
}

/** The per-address counters for `limits`, kept in `store`. */
export function addressLimits(limits: Limits, store: CounterStore = memoryCounters): AddressLimits {
  return {
    failedLookups: new AddressCounter(store, 'failed-lookups', limits.failedLookups, limits.failedLookupWindowSeconds),
    workshops: new AddressCounter(store, 'workshops', limits.workshopsPerHour, 3600),
    joins: new AddressCounter(store, 'joins', limits.joinsPerMinute, 60),
    newMembers: new AddressCounter(store, 'new-members', limits.newMembersPerMinute, 60),
  };
}

// ---- addresses -------------------------------------------------------------------------------

/**
 * The key an address is counted under: an IPv4 address itself (/32), an IPv6 address's /64
 * network — one household, office or phone gets a whole /64, so counting single IPv6 addresses
 * would let one attacker count as billions of people. IPv4 written as IPv6 (::ffff:a.b.c.d) is IPv4.
 */
export function addressKey(ip: string | undefined): string {
  let address = (ip ?? '').trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1]!;
  const family = isIP(address);
  if (family === 4) return address;
  if (family === 6) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  // every request has a socket address; this only happens when something upstream is broken
  return 'unknown';
}

/** The eight 16-bit groups of a valid IPv6 address, lower case, without leading zeros. */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase();
  // a trailing dotted IPv4 part (::1.2.3.4, 64:ff9b::1.2.3.4) is two groups
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}

/**
 * The client's address: the socket's peer or — behind `trustedHops` reverse proxies of our own —
 * the address the outermost of them saw, read from the right of X-Forwarded-For. Exactly what
 * express computes with `trust proxy` set to the same number: whatever a client wrote into the
 * header itself stands further left and is never believed.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string | undefined {
  if (trustedHops <= 0 || forwardedFor === undefined) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const chain = [peer, ...header.split(',').map((entry) => entry.trim()).filter(Boolean).reverse()];
  return chain[Math.min(trustedHops, chain.length - 1)];
}
