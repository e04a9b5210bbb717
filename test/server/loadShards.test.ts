/**
 * The load generator's shards (test/load/shards.ts): workshops are split whole and evenly, and the
 * merged result is what one process holding every sample would have reported — counts added,
 * percentiles taken over all samples (never averaged), the slowest join and window, the busiest loop.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/stats.ts';
import { mergeResults, splitWorkshops } from '../load/shards.ts';
import type { LoadResult, LoadWorkshop } from '../load/ipc.ts';
import { mulberry32 } from '../seeded.ts';

const workshop = (i: number): LoadWorkshop => ({ id: `w${i}`, code: `C${i}`, partyIds: ['a', 'b'], kinds: [] });

function shard(random: () => number, n: number, workshops: number, elu: number): LoadResult {
  const draw = (count: number, scale: number) => Float64Array.from({ length: count }, () => random() * scale * (random() < 0.02 ? 20 : 1));
  const latency = draw(n, 10);
  const lastArrival = draw(Math.ceil(n / 9), 12);
  const sendLag = draw(Math.ceil(n / 9), 1);
  return {
    workshops,
    clients: workshops * 10,
    joinMs: 1000 + workshops,
    drags: { sent: n / 9, expected: n, received: n - 3, superseded: 3, lost: 0, duplicates: 0, reordered: 0, invalid: 0, frames: n / 4 },
    actions: { sent: 30, acked: 29, refused: 1, unanswered: 0 },
    errors: { count: 1, codes: { 'rate-limited': 1 }, samples: [`from ${workshops}`] },
    disconnects: 0,
    latency: summarize(latency),
    lastArrival: summarize(lastArrival),
    sendLag: summarize(sendLag),
    windowMs: 20_000 + workshops,
    generator: { cpuMs: 5000, elu: elu },
    generators: 1,
    samples: { latency, lastArrival, sendLag },
  };
}

describe('the load generator\'s shards', () => {
  it('split the workshops whole, in order, into near-equal non-empty parts', () => {
    for (const [count, shards] of [[100, 2], [101, 2], [7, 3], [1, 2], [3, 8], [0, 2]] as const) {
      const workshops = Array.from({ length: count }, (_, i) => workshop(i));
      const parts = splitWorkshops(workshops, shards);
      expect(parts.flat()).toEqual(workshops);
      expect(parts.length).toBe(Math.max(1, Math.min(shards, count)));
      const sizes = parts.map((p) => p.length);
      if (count > 0) expect(Math.min(...sizes)).toBeGreaterThan(0);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('merge into what one process with every sample would report', () => {
    const random = mulberry32(7);
    const parts = [shard(random, 9000, 50, 0.4), shard(random, 18_000, 51, 0.7)];
    const merged = mergeResults(parts);
    const all = (pick: (r: LoadResult) => Float64Array) => summarize(Float64Array.from(parts.flatMap((p) => [...pick(p)])));
    expect(merged.latency).toEqual(all((p) => p.samples!.latency));
    expect(merged.lastArrival).toEqual(all((p) => p.samples!.lastArrival));
    expect(merged.sendLag).toEqual(all((p) => p.samples!.sendLag));
    // not the mean of the shards' p99s
    expect(merged.latency.p99).not.toBeCloseTo((parts[0]!.latency.p99 + parts[1]!.latency.p99) / 2, 6);
    expect(merged.workshops).toBe(101);
    expect(merged.clients).toBe(1010);
    expect(merged.drags).toEqual({ sent: 3000, expected: 27_000, received: 26_994, superseded: 6, lost: 0, duplicates: 0, reordered: 0, invalid: 0, frames: 6750 });
    expect(merged.actions).toEqual({ sent: 60, acked: 58, refused: 2, unanswered: 0 });
    expect(merged.errors).toEqual({ count: 2, codes: { 'rate-limited': 2 }, samples: ['from 50', 'from 51'] });
    expect(merged.joinMs).toBe(1051);
    expect(merged.windowMs).toBe(20_051);
    expect(merged.generator).toEqual({ cpuMs: 10_000, elu: 0.7 });
    expect(merged.generators).toBe(2);
    expect(merged.samples).toBeUndefined();
  });

  it('pass a lone shard through without its samples, and refuse a shard without them', () => {
    const random = mulberry32(8);
    const one = shard(random, 900, 5, 0.2);
    const { samples: _samples, ...expected } = one;
    expect(mergeResults([one])).toEqual(expected);
    const { samples: _dropped, ...bare } = shard(random, 900, 5, 0.2);
    expect(() => mergeResults([one, bare])).toThrow(/samples/);
    expect(() => mergeResults([])).toThrow(/no shard/);
  });
});
