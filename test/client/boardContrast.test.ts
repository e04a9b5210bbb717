/**
 * Text on party colours reads: every default party colour carries its short name (on pieces'
 * tags, the areas' badges, the counts beside the board) at a contrast of at least 4.5:1 (WCAG AA),
 * which for the fifth colour, #d55e00, takes pure black rather than the board's near-black ink.
 */
import { describe, expect, it } from 'vitest';
import { PARTY_PALETTE, textColorOn } from '../../shared/palette.ts';
import { contrast } from '../contrast.ts';


describe('text on party colours', () => {
  it.each([...PARTY_PALETTE])('reads at 4.5:1 or more on %s', (color) => {
    expect(contrast(color, textColorOn(color))).toBeGreaterThanOrEqual(4.5);
  });

  it('is pure black on the fifth default colour #d55e00, where the near-black ink falls short', () => {
    expect(PARTY_PALETTE[4]).toBe('#d55e00');
    expect(contrast('#d55e00', '#1b1b1b')).toBeLessThan(4.5);
    expect(textColorOn('#d55e00')).toBe('#000000');
  });
});
