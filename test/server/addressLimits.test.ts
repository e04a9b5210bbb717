/**
 * The per-address limits on their own, with an injected clock (vitest's fake Date; the limiter's
 * windows are read from Date.now): what counts as one address, that a meeting room's typos never
 * reach the failed-look-up limit, and the arithmetic that makes guessing a live code hopeless.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { Redis } from 'ioredis';
import { AddressCounter, DEFAULT_LIMITS, UNLIMITED, addressKey, addressLimits, clientAddress, limitsFromEnv, memoryCounters, redisCounters } from '../../server/limits.ts';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, LEGACY_JOIN_CODE_LENGTH, formatJoinCode, isJoinCode } from '../../shared/joinCode.ts';
import { MAX_PARTICIPANTS, WORKSHOP_CAPS } from '../../shared/limits.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const YEAR_HOURS = 365.25 * 24;

afterEach(() => {
  vi.useRealTimers();
});

/** Move the injected clock on by `ms`. */
function later(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

describe('an address', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['[2001:db8:1:2::9]', '2001:db8:1:2::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
    ['not an address', 'unknown'],
  ])('%s counts as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  it('is read from exactly the configured number of proxy hops, as express reads it', async () => {
    const cases: [string | undefined, number][] = [
      [undefined, 0],
      [undefined, 1],
      ['6.6.6.6', 0],
      ['6.6.6.6', 1],
      ['6.6.6.6, 10.0.0.7', 1],
      ['6.6.6.6, 10.0.0.7', 2],
      ['6.6.6.6,7.7.7.7, 10.0.0.7, 10.0.0.2', 2],
      ['6.6.6.6, 10.0.0.7', 5],
    ];
    for (const [forwarded, hops] of cases) {
      const app = express();
      app.set('trust proxy', hops > 0 ? hops : false);
      app.get('/', (req, res) => res.json({ ip: req.ip }));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const seen = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve((JSON.parse(body) as { ip: string }).ip));
        })
          .on('error', reject)
          .end();
      });
      server.close();
      expect(clientAddress('127.0.0.1', forwarded, hops), `${forwarded} with ${hops} hops`).toBe(seen);
    }
    // a client's own X-Forwarded-For is never believed without a trusted proxy
    expect(clientAddress('198.51.100.4', '6.6.6.6', 0)).toBe('198.51.100.4');
  });
});

describe('the failed-look-up limit', () => {
  it('never refuses a meeting room that makes 200 typos in ten minutes, again and again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { failedLookups } = addressLimits(DEFAULT_LIMITS);
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 200; i++) {
        expect(await failedLookups.wait('10.1.1.1'), `round ${round}, typo ${i}`).toBe(0);
        await failedLookups.count('10.1.1.1');
        later((10 * MINUTE) / 200);
      }
    }
  });

  it('lets an address guessing at its fastest make at most 1,500 guesses an hour, and forgets it after the window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { failedLookups } = addressLimits(DEFAULT_LIMITS);
    let guesses = 0;
    const start = Date.now();
    while (Date.now() - start < 24 * HOUR) {
      // the attacker tries every second; when refused it learns nothing and tries again
      if ((await failedLookups.wait('10.6.6.6')) === 0) {
        await failedLookups.count('10.6.6.6');
        guesses++;
      }
      later(1000);
    }
    const perHour = guesses / 24;
    expect(perHour).toBeLessThanOrEqual((DEFAULT_LIMITS.failedLookups * HOUR) / (DEFAULT_LIMITS.failedLookupWindowSeconds * 1000));
    expect(perHour).toBeGreaterThan(1000);
    // another address was never affected
    expect(await failedLookups.wait('10.1.1.1')).toBe(0);
  });

  it('with 8-character codes, one address needs more than a year on average to hit any of 10,000 live workshops', () => {
    const codes = JOIN_CODE_ALPHABET.length ** JOIN_CODE_LENGTH;
    const live = 10_000;
    const perHour = (DEFAULT_LIMITS.failedLookups * HOUR) / (DEFAULT_LIMITS.failedLookupWindowSeconds * 1000);
    // each guess hits one of `live` codes out of `codes`: on average codes / live guesses until the first hit
    const years = codes / live / perHour / YEAR_HOURS;
    expect(codes).toBeGreaterThan(1.5e11);
    expect(years).toBeGreaterThanOrEqual(1);
    // the six letters of old workshops would not be enough: that is why new workshops get eight
    expect(JOIN_CODE_ALPHABET.length ** LEGACY_JOIN_CODE_LENGTH / live / perHour / YEAR_HOURS).toBeLessThan(0.01);
  });

  it('shows codes in readable groups, and takes old six-letter codes still', () => {
    expect(formatJoinCode('ACDEFGHJ')).toBe('ACDE FGHJ');
    expect(formatJoinCode('acd-efg')).toBe('ACD EFG');
    expect(isJoinCode('ACDEFGHJ')).toBe(true);
    expect(isJoinCode('ACDEFG')).toBe(true);
    expect(isJoinCode('ACDEFGH')).toBe(false);
  });
});

describe('the other per-address limits', () => {
  it('lets a full meeting room behind one address in, with its screens, within a minute', () => {
    expect(DEFAULT_LIMITS.newMembersPerMinute).toBeGreaterThanOrEqual(MAX_PARTICIPANTS + WORKSHOP_CAPS.screens);
    expect(DEFAULT_LIMITS.joinsPerMinute).toBeGreaterThanOrEqual(MAX_PARTICIPANTS + WORKSHOP_CAPS.screens);
  });

  it('counts in a window that ends, and answers how long to wait', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const counter = new AddressCounter(memoryCounters, 'test', 3, 60);
    for (let i = 0; i < 3; i++) expect(await counter.take('10.0.0.1')).toEqual({ ok: true });
    const refused = await counter.take('10.0.0.1');
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThan(55);
    expect(await counter.take('10.0.0.2')).toEqual({ ok: true });
    later(61_000);
    expect(await counter.take('10.0.0.1')).toEqual({ ok: true });
  });

  it('counts nothing and keeps nothing when unlimited', async () => {
    const counters = addressLimits(UNLIMITED);
    for (let i = 0; i < 1000; i++) await counters.failedLookups.count('10.0.0.1');
    expect(await counters.failedLookups.wait('10.0.0.1')).toBe(0);
    expect(await counters.workshops.take('10.0.0.1')).toEqual({ ok: true });
  });

  it('reads its settings from the environment', () => {
    expect(limitsFromEnv({ RATE_NEW_MEMBERS_PER_MINUTE: '400', RATE_FAILED_LOOKUPS_PER_10_MINUTES: '100' })).toMatchObject({ newMembersPerMinute: 400, failedLookups: 100 });
  });
});

/** The Redis of a deployment's tests (TEST_REDIS_URL, else the local one), or undefined when none answers. */
async function testRedis(): Promise<Redis | undefined> {
  const redis = new Redis(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch {
    redis.disconnect();
    return undefined;
  }
}

const redis = await testRedis();
if (!redis) console.log('per-address limits in Redis: skipped, no Redis at TEST_REDIS_URL or 127.0.0.1:6379');
afterAll(() => redis?.disconnect());

describe.skipIf(!redis)('the per-address limits in Redis (a deployment of several processes)', () => {
  it('count one address across processes: two processes together get no more than one would', async () => {
    const name = `test-${process.pid}-${Date.now()}`;
    const first = new AddressCounter(redisCounters(redis), name, 3, 60);
    const second = new AddressCounter(redisCounters(redis), name, 3, 60);
    expect(await first.take('10.0.0.1')).toEqual({ ok: true });
    expect(await second.take('10.0.0.1')).toEqual({ ok: true });
    expect(await first.take('10.0.0.1')).toEqual({ ok: true });
    expect((await second.take('10.0.0.1')).ok).toBe(false);
    await first.count('10.0.0.2');
    await second.count('10.0.0.2');
    await first.count('10.0.0.2');
    expect(await second.wait('10.0.0.2')).toBeGreaterThan(50);
    expect(await first.wait('10.0.0.3')).toBe(0);
  });
});
