/**
 * Party colours: the Okabe–Ito palette, distinguishable with the common colour-vision
 * deficiencies. Parties are also always labelled by their short name, never by colour alone.
 */
export const PARTY_PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#f0e442', '#000000'] as const;

/** The first palette colour not in `taken` (compared case-insensitively), or a grey when all are used. */
export function nextFreeColor(taken: readonly string[]): string {
  const used = new Set(taken.map((c) => c.toLowerCase()));
  return PARTY_PALETTE.find((c) => !used.has(c)) ?? '#777777';
}

/**
 * Text colour that reads best on `background` (#rrggbb): near-black or white, and pure black where
 * near-black would fall under the 4.5:1 contrast of WCAG AA and black still beats white (#d55e00).
 */
export function textColorOn(background: string): '#1b1b1b' | '#000000' | '#ffffff' {
  const n = Number.parseInt(background.slice(1), 16);
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  // contrast against white, #1b1b1b (luminance ≈ 0.0109) and black
  const white = 1.05 / (lum + 0.05);
  if ((lum + 0.05) / 0.0609 >= 4.5) return white > (lum + 0.05) / 0.0609 ? '#ffffff' : '#1b1b1b';
  return white >= (lum + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** Initials for a party name, used as its short name when none is given ("Boligsocial Helhedsplan" → "BH"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 1) return words[0]!.slice(0, 3).toUpperCase();
  return words
    .slice(0, 4)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}
