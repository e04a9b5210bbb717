/**
 * A load generator of several processes: each holds whole workshops (a drag's sender and its
 * receivers share a clock), and their results add up to the run's. Percentiles cannot be added,
 * so each shard sends back its raw samples and the run's summaries are taken over all of them.
 */
import { summarize } from '../../bench/stats.ts';
import type { LoadResult, LoadSamples, LoadWorkshop } from './ipc.ts';

/** `workshops` split into at most `shards` contiguous, near-equal parts (no empty part). */
export function splitWorkshops(workshops: readonly LoadWorkshop[], shards: number): LoadWorkshop[][] {
  const parts = Math.max(1, Math.min(shards, workshops.length));
  return Array.from({ length: parts }, (_, i) => {
    const from = Math.floor((i * workshops.length) / parts);
    const to = Math.floor(((i + 1) * workshops.length) / parts);
    return workshops.slice(from, to);
  });
}

/** The run's result from its shards' (each with its raw samples). */
export function mergeResults(parts: readonly LoadResult[]): LoadResult {
  const first = parts[0];
  if (!first) throw new Error('no shard reported a result');
  if (parts.length === 1) {
    const { samples: _samples, ...only } = first;
    return only;
  }
  /** A number added up over the shards. */
  const add = (pick: (r: LoadResult) => number): number => parts.reduce((n, r) => n + pick(r), 0);
  /** An object of counts added up key by key. */
  const addEach = <T extends Record<string, number>>(pick: (r: LoadResult) => T): T => {
    const total = { ...pick(first) };
    for (const part of parts.slice(1)) for (const key of Object.keys(total) as (keyof T)[]) (total[key] as number) += pick(part)[key] as number;
    return total;
  };
  const joined = (pick: (samples: LoadSamples) => Float64Array) => {
    const all = new Float64Array(parts.reduce((n, r) => n + samplesOf(r, pick).length, 0));
    let at = 0;
    for (const part of parts) {
      const values = samplesOf(part, pick);
      all.set(values, at);
      at += values.length;
    }
    return summarize(all);
  };
  const codes: Record<string, number> = {};
  for (const part of parts) for (const [code, n] of Object.entries(part.errors.codes)) codes[code] = (codes[code] ?? 0) + n;
  return {
    workshops: add((r) => r.workshops),
    clients: add((r) => r.clients),
    // the shards join side by side: the run took as long as the slowest
    joinMs: Math.max(...parts.map((r) => r.joinMs)),
    drags: addEach((r) => r.drags),
    actions: addEach((r) => r.actions),
    errors: { count: add((r) => r.errors.count), codes, samples: parts.flatMap((r) => r.errors.samples).slice(0, 5) },
    disconnects: add((r) => r.disconnects),
    latency: joined((s) => s.latency),
    lastArrival: joined((s) => s.lastArrival),
    sendLag: joined((s) => s.sendLag),
    windowMs: Math.max(...parts.map((r) => r.windowMs)),
    // CPU adds up; of the event loops the busiest is the one whose queue could show in a latency
    generator: { cpuMs: add((r) => r.generator.cpuMs), elu: Math.max(...parts.map((r) => r.generator.elu)) },
    generators: add((r) => r.generators),
  };
}

function samplesOf(result: LoadResult, pick: (samples: LoadSamples) => Float64Array): Float64Array {
  if (!result.samples) throw new Error('a shard of a generator must send back its samples');
  return pick(result.samples);
}
