/**
 * The capacity search's comparison (test/load/report.ts): a measured ratio only when the bare
 * room's search ended on the server; where the generator ended it, only the CPU-based estimates,
 * labelled so — never a ratio of the generator's limit (a run once claimed "4.55×" that way).
 */
import { describe, expect, it } from 'vitest';
import { capacityComparison } from '../load/report.ts';

describe('the capacity comparison', () => {
  it('gives the measured ratio when both searches ended on their servers', () => {
    expect(capacityComparison({ capacity: 93 }, { capacity: 62 })).toBe(" — the game carries 1.50× the bare room's measured capacity");
  });

  it('calls the ratio a lower bound when the generator ended only the game\'s search', () => {
    expect(capacityComparison({ capacity: 62, estimate: 75 }, { capacity: 62 })).toBe(" — the game carries 1.00× the bare room's measured capacity (a lower bound: the generator, not the game, ended its search)");
  });

  it('draws no measured ratio when the generator ended the bare room\'s search, and labels the estimates', () => {
    const both = capacityComparison({ capacity: 50, estimate: 124 }, { capacity: 11, estimate: 58 });
    expect(both).not.toContain('carries');
    expect(both).toContain('no measured ratio');
    expect(both).toContain('~124 and ~58 workshops (2.14×, estimated)');
    const bareOnly = capacityComparison({ capacity: 50 }, { capacity: 11, estimate: 58 });
    expect(bareOnly).not.toContain('×');
    expect(bareOnly).toContain('ended the bare room\'s search');
  });

  it('says nothing when the bare room carried none', () => {
    expect(capacityComparison({ capacity: 10 }, { capacity: 0 })).toBe('');
  });
});
