/** Percentiles of latency samples. */
import type { Summary } from './ipc.ts';

/**
 * Summarise samples (ms). Nearest-rank percentiles: p99 is a latency that was actually observed,
 * the smallest one that at least 99 % of the samples do not exceed. NaN entries (never arrived) are skipped.
 */
export function summarize(samples: Float64Array): Summary {
  const values = taken(samples).sort();
  const n = values.length;
  if (n === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const rank = (p: number): number => values[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] ?? NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return { count: n, p50: rank(50), p95: rank(95), p99: rank(99), max: values[n - 1] ?? NaN, mean: sum / n };
}

/** The samples that were taken: NaN marks one never taken (a drag that never arrived, or was never sent). */
export function taken(samples: Float64Array): Float64Array {
  return samples.filter((v) => !Number.isNaN(v));
}
