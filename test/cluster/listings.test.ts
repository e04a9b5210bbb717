/**
 * The deployment's facts in Redis, without server processes: the room listings (one room per
 * workshop; a process touches only its own listings; a dead process's listings go atomically),
 * the once-per-deployment claim, and the retention sweep that runs on one process of several.
 * Skipped with the reason without a Redis, failed in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { IRoomCache } from '@colyseus/core';
import { ClusterDriver } from '../../server/clusterDriver.ts';
import { connectCluster, type ClusterLink } from '../../server/cluster.ts';
import { MONTH_MS, scheduleSweeps } from '../../server/retention.ts';
import { MemoryStore } from '../../server/storage/MemoryStore.ts';
import { makeWorkshop } from '../shared/fixtures.ts';
import { probeRedis, TEST_REDIS_URL } from './deployment.ts';

// keys of their own (prefixed) in the test Redis's database 0, removed afterwards
const unreachable = await probeRedis();
const probe = unreachable ? { ok: false as const, reason: unreachable } : { ok: true as const };
const skip = !probe.ok && !process.env.CI;
if (!probe.ok && skip) console.warn(`Skipping the Redis listing tests: ${probe.reason}`);

const listing = (roomId: string, processId: string, clients = 0): IRoomCache =>
  ({ roomId, processId, name: 'workshop', clients, locked: false, private: false, maxClients: 500, publicAddress: `${processId}:1`, metadata: { workshopId: roomId } }) as IRoomCache;

describe.skipIf(skip)('room listings, claims and the sweep in Redis', () => {
  let redis: Redis;
  let a: ClusterDriver;
  let b: ClusterDriver;
  const prefix = `test-${process.pid}-${Date.now()}`;
  const id = (name: string) => `${prefix}-${name}`;

  beforeAll(async () => {
    if (!probe.ok) throw new Error(`${probe.reason} (the Redis tests must run on CI)`);
    redis = new Redis(TEST_REDIS_URL);
    a = new ClusterDriver(new Redis(TEST_REDIS_URL), () => `${prefix}-A`);
    b = new ClusterDriver(new Redis(TEST_REDIS_URL), () => `${prefix}-B`);
  });

  afterAll(async () => {
    const ours = Object.keys((await redis?.hgetall('roomcaches')) ?? {}).filter((key) => key.startsWith(prefix));
    if (ours.length) await redis.hdel('roomcaches', ...ours);
    await Promise.allSettled([a?.shutdown(), b?.shutdown()]);
    redis?.disconnect();
  });

  it('lists one room per workshop: of two processes inserting it at once, exactly one wins', async () => {
    for (let round = 0; round < 20; round++) {
      const workshop = id(`race-${round}`);
      const won = await Promise.all([a.insert(listing(workshop, `${prefix}-A`)), b.insert(listing(workshop, `${prefix}-B`))]);
      expect(won.filter(Boolean)).toHaveLength(1);
      const owner = JSON.parse((await redis.hget('roomcaches', workshop))!).processId;
      expect(owner).toBe(won[0] ? `${prefix}-A` : `${prefix}-B`);
    }
  });

  it('lets a process update and remove only its own listings', async () => {
    const workshop = id('owned');
    expect(await a.insert(listing(workshop, `${prefix}-A`))).toBe(true);
    // B, stalled and catching up, restores or updates its old listing of the same workshop: refused
    expect(await b.persist(listing(workshop, `${prefix}-B`), true)).toBe(false);
    expect(await b.update(listing(workshop, `${prefix}-B`), { $inc: { clients: 1 } })).toBe(false);
    expect(await b.remove(workshop)).toBe(false);
    expect(JSON.parse((await redis.hget('roomcaches', workshop))!).processId).toBe(`${prefix}-A`);
    // A's own changes go through
    const own = listing(workshop, `${prefix}-A`);
    expect(await a.update(own, { $inc: { clients: 2 }, $set: { locked: true } })).toBe(true);
    expect(JSON.parse((await redis.hget('roomcaches', workshop))!)).toMatchObject({ clients: 2, locked: true });
    expect(await a.remove(workshop)).toBe(true);
    expect(await redis.hget('roomcaches', workshop)).toBeNull();
  });

  it('removes a dead process\'s listings and nobody else\'s', async () => {
    const dead = `${prefix}-dead`;
    await a.insert(listing(id('dead-1'), dead));
    await a.insert(listing(id('dead-2'), dead));
    await a.insert(listing(id('alive'), `${prefix}-A`));
    await b.cleanup(dead);
    expect(await redis.hget('roomcaches', id('dead-1'))).toBeNull();
    expect(await redis.hget('roomcaches', id('dead-2'))).toBeNull();
    expect(await redis.hget('roomcaches', id('alive'))).not.toBeNull();
  });

  describe('once per deployment', () => {
    let links: ClusterLink[] = [];
    beforeAll(async () => {
      links = await Promise.all([connectCluster(TEST_REDIS_URL), connectCluster(TEST_REDIS_URL), connectCluster(TEST_REDIS_URL)]);
    });
    afterAll(async () => {
      await Promise.allSettled(links.map((link) => link.close()));
    });

    it('gives a claim to one process at a time, and again once it runs out', async () => {
      const name = id('claim');
      const first = await Promise.all(links.map((link) => link.claim(name, 300)));
      expect(first.filter(Boolean)).toHaveLength(1);
      expect((await Promise.all(links.map((link) => link.claim(name, 300)))).filter(Boolean)).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await Promise.all(links.map((link) => link.claim(name, 300)))).filter(Boolean)).toHaveLength(1);
    });

    it('runs the retention sweep on one process of three, which deletes the expired workshop', async () => {
      const store = new MemoryStore();
      const expired = { ...makeWorkshop(), id: id('expired'), code: 'ACDEFGHJ', retentionMonths: 1 };
      await store.create({ state: expired, facilitatorKeyHash: '', updatedAt: Date.now() - 2 * MONTH_MS });
      const swept: string[][] = [];
      const claimName = id('sweep');
      const stops = links.map((link) => scheduleSweeps(store, { everyMs: 60_000, claim: (ttlMs) => link.claim(claimName, ttlMs), onSwept: (ids) => swept.push(ids) }));
      try {
        await expect.poll(() => swept.length, { timeout: 5000 }).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(swept).toEqual([[expired.id]]);
        expect(await store.get(expired.id)).toBeUndefined();
      } finally {
        for (const stop of stops) stop();
      }
    });
  });
});
