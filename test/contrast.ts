/** The WCAG 2.x contrast ratio of two #rrggbb colours, computed here independently of shared/palette.ts, for the tests that hold the palette to it. */
export function contrast(a: string, b: string): number {
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
