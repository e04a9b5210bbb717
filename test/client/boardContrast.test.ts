/**
 * Text on party colours reads: every default party colour carries its short name (on pieces'
 * tags, the areas' badges, the counts beside the board) at a contrast of at least 4.5:1 (WCAG AA),
 * which for the fifth colour, #d55e00, takes pure black rather than the board's near-black ink.
 */
import { describe, expect, it } from 'vitest';
import { PARTY_PALETTE, textColorOn } from '../../shared/palette.ts';

/** WCAG 2.x contrast ratio, computed here independently of palette.ts. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const ch = (i: number) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

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
