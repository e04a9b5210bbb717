import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBucket, limitsFromEnv, DEFAULT_LIMITS } from '../../server/limits.ts';
import { startServer, type RunningServer } from '../../server/app.ts';
import { createWorkshop, eventually, join } from './harness.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

describe('TokenBucket', () => {
  it('allows the burst, then the rate', () => {
    const bucket = new TokenBucket(10, 5, 0);
    const taken = Array.from({ length: 8 }, () => bucket.take(0)).filter(Boolean).length;
    expect(taken).toBe(5);
    expect(bucket.take(50)).toBe(false); // half a token after 50 ms
    expect(bucket.take(100)).toBe(true); // one token after 100 ms
  });
});

describe('limitsFromEnv', () => {
  it('keeps defaults, reads numbers, treats 0 as no limit and refuses nonsense', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(limitsFromEnv({ RATE_ACTIONS_PER_SECOND: '0' }).actionsPerSecond).toBe(Number.POSITIVE_INFINITY);
    expect(limitsFromEnv({ RATE_DRAGS_PER_SECOND: '90' }).dragsPerSecond).toBe(90);
    expect(() => limitsFromEnv({ RATE_FAILED_LOOKUPS_PER_10_MINUTES: 'many' })).toThrow(/RATE_FAILED_LOOKUPS_PER_10_MINUTES/);
    expect(limitsFromEnv({ RATE_WORKSHOPS_PER_HOUR: '5', RATE_JOINS_PER_MINUTE: '0' })).toMatchObject({ workshopsPerHour: 5, joinsPerMinute: Number.POSITIVE_INFINITY });
    // an old name is not silently ignored
    expect(() => limitsFromEnv({ RATE_FAILED_LOOKUPS_PER_MINUTE: '10' })).toThrow(/RATE_FAILED_LOOKUPS_PER_10_MINUTES/);
  });
});

describe('the limits in a running server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, serveClient: false, limits: { ...DEFAULT_LIMITS, actionsPerSecond: 5, actionBurst: 10, abuseStrikes: 1000, failedLookups: 5 } });
  });
  afterAll(() => server?.close());

  it('answers a flood of actions with rate-limited errors and keeps the client connected', async () => {
    const w = await createWorkshop(server, 2);
    const alice = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Alice', partyId: w.partyIds[0] });
    for (let i = 0; i < 40; i++) alice.room.send('release', { v: PROTOCOL_VERSION, aid: `f${i}`, pieceId: 'nope' });
    await eventually(() => expect(alice.inbox.some((m) => m.type === 'error' && (m.payload as { code: string }).code === 'rate-limited')).toBe(true));
    // the refused ones were never applied: only the burst got an answer of its own
    const answered = alice.inbox.filter((m) => m.type === 'error' && (m.payload as { aid?: string }).aid?.startsWith('f')).length;
    expect(answered).toBeLessThanOrEqual(12);
    await new Promise((r) => setTimeout(r, 400));
    expect((await alice.act('release', { pieceId: 'nope' })).payload.code).toBe('unknown-piece');
  });

  it('refuses code look-ups from an address that keeps guessing wrong, until its window ends', async () => {
    const w = await createWorkshop(server, 2);
    for (let i = 0; i < 5; i++) expect((await fetch(`${server.url}/api/workshops/ACDEF${'GHJKM'[i]}`)).status).toBe(404);
    const blocked = await fetch(`${server.url}/api/workshops/${w.code}`);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DEFAULT_LIMITS.failedLookupWindowSeconds);
    await expect(join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Bo', partyId: w.partyIds[0] })).rejects.toThrow(/too-many-attempts/);
    // a secret nobody can guess still gets in from that address: the facilitator's key
    const facilitator = await join(server, { role: 'facilitator', workshopId: w.id, key: w.key });
    expect(facilitator.welcome.role).toBe('facilitator');
    await facilitator.room.leave();
  });

  it('serves a health check and security headers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await res.json()).ok).toBe(true);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
