/**
 * Rate limits, configurable so that tests can exercise the room rather than the limiter, with
 * defaults that never hinder a real workshop (a whole meeting room may share one IP behind NAT,
 * so only *failed* look-ups count per IP).
 */

/** The limits in force. */
export interface Limits {
  /** Actions (place, move, edit, …) per second per client, and the burst allowed above that. */
  actionsPerSecond: number;
  actionBurst: number;
  /** Live drag updates per second per client (display rate is ~30), and their burst. */
  dragsPerSecond: number;
  dragBurst: number;
  /** A client whose messages are refused for speed this many times in a row is disconnected. */
  abuseStrikes: number;
  /** Failed code look-ups and joins per IP per minute before that IP is refused for a while. */
  failedLookupsPerMinute: number;
}

/** Defaults: a person cannot click faster than this; a script can. */
export const DEFAULT_LIMITS: Limits = {
  actionsPerSecond: 10,
  actionBurst: 30,
  dragsPerSecond: 60,
  dragBurst: 120,
  abuseStrikes: 200,
  failedLookupsPerMinute: 10,
};

/** No limits at all: for tests and load runs that measure the room, not the limiter. */
export const UNLIMITED: Limits = {
  actionsPerSecond: Number.POSITIVE_INFINITY,
  actionBurst: Number.POSITIVE_INFINITY,
  dragsPerSecond: Number.POSITIVE_INFINITY,
  dragBurst: Number.POSITIVE_INFINITY,
  abuseStrikes: Number.POSITIVE_INFINITY,
  failedLookupsPerMinute: Number.POSITIVE_INFINITY,
};

/** Read RATE_* variables; a missing one keeps its default, `0` means no limit. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
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
    failedLookupsPerMinute: number('RATE_FAILED_LOOKUPS_PER_MINUTE', DEFAULT_LIMITS.failedLookupsPerMinute),
  };
}

/** A token bucket: `rate` tokens a second, holding at most `burst`. */
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

/** Counts failures per key (an IP) in a sliding minute; a key over the limit is refused until its failures age out. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly perMinute: number;

  constructor(perMinute: number) {
    this.perMinute = perMinute;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < 60_000);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** True when `key` has failed too often in the last minute. */
  blocked(key: string, now = Date.now()): boolean {
    return this.perMinute !== Number.POSITIVE_INFINITY && this.recent(key, now).length >= this.perMinute;
  }

  /** Record a failure of `key`. */
  fail(key: string, now = Date.now()): void {
    if (this.perMinute === Number.POSITIVE_INFINITY) return;
    this.failures.set(key, [...this.recent(key, now), now].slice(-this.perMinute * 2));
  }
}
