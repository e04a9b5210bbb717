/**
 * Per-connection speed limits (actions and drags), in memory, synchronous and O(1): they sit on
 * the drag path. A connection over its limit is told (at most once a second) and, after too many
 * refusals in a row, disconnected.
 */
import { TokenBucket, type Limits } from '../limits.ts';

/** What to do with a message after the rate check. */
export type RateVerdict = 'ok' | 'refuse' | 'refuse-and-warn' | 'disconnect';

interface Rate {
  actions: TokenBucket;
  drags: TokenBucket;
  strikes: number;
  lastWarned: number;
}

/** The rate state of every connection of one room. */
export class ClientRates<K extends object> {
  private readonly limits: Limits;
  private readonly rates = new WeakMap<K, Rate>();

  constructor(limits: Limits) {
    this.limits = limits;
  }

  /** Count one message of `connection`; says whether it may pass. */
  check(connection: K, isDrag: boolean, now = Date.now()): RateVerdict {
    let rate = this.rates.get(connection);
    if (!rate) {
      const { actionsPerSecond, actionBurst, dragsPerSecond, dragBurst } = this.limits;
      rate = { actions: new TokenBucket(actionsPerSecond, actionBurst), drags: new TokenBucket(dragsPerSecond, dragBurst), strikes: 0, lastWarned: 0 };
      this.rates.set(connection, rate);
    }
    if ((isDrag ? rate.drags : rate.actions).take()) {
      rate.strikes = 0;
      return 'ok';
    }
    rate.strikes++;
    if (rate.strikes >= this.limits.abuseStrikes) return 'disconnect';
    if (now - rate.lastWarned <= 1000) return 'refuse';
    rate.lastWarned = now;
    return 'refuse-and-warn';
  }
}
