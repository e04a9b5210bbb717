/**
 * The fonts every export uses (Noto Sans, shipped in assets/fonts), and text measurement
 * from the font's own advance widths, so the SVG board can wrap and fit text exactly as
 * resvg will draw it without depending on the system's fonts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The font family name inside the shipped font files. */
export const FONT_FAMILY = 'Noto Sans';
/** Paths of the regular and bold Noto Sans files. */
export const FONT_FILES = {
  regular: fileURLToPath(new URL('../../assets/fonts/NotoSans-Regular.ttf', import.meta.url)),
  bold: fileURLToPath(new URL('../../assets/fonts/NotoSans-Bold.ttf', import.meta.url)),
} as const;

/** Advance widths of one font, read from its cmap and hmtx tables. */
interface FontMetrics {
  unitsPerEm: number;
  advance: (codePoint: number) => number;
}

/** Read the few tables needed for advance widths from a TrueType file. */
function readMetrics(data: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const numTables = data.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    tables.set(data.toString('latin1', at, at + 4), data.readUInt32BE(at + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = data.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = data.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const widthOfGlyph = (glyph: number) => data.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // cmap: prefer the full-Unicode format 12 subtable, else the BMP format 4 one
  const cmap = table('cmap');
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < data.readUInt16BE(cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    subtables.push({ platform: data.readUInt16BE(at), encoding: data.readUInt16BE(at + 2), offset: cmap + data.readUInt32BE(at + 4) });
  }
  const glyphs = new Map<number, number>();
  const full = subtables.find((s) => s.platform === 3 && s.encoding === 10 && data.readUInt16BE(s.offset) === 12);
  const bmp = subtables.find((s) => s.platform === 3 && s.encoding === 1 && data.readUInt16BE(s.offset) === 4);
  if (full) {
    const groups = data.readUInt32BE(full.offset + 12);
    for (let g = 0; g < groups; g++) {
      const at = full.offset + 16 + g * 12;
      const start = data.readUInt32BE(at);
      const end = data.readUInt32BE(at + 4);
      const first = data.readUInt32BE(at + 8);
      for (let c = start; c <= end && c <= 0xffff * 2; c++) glyphs.set(c, first + (c - start));
    }
  } else if (bmp) {
    const o = bmp.offset;
    const segCount = data.readUInt16BE(o + 6) / 2;
    const ends = o + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = data.readUInt16BE(ends + s * 2);
      const start = data.readUInt16BE(starts + s * 2);
      const delta = data.readInt16BE(deltas + s * 2);
      const rangeOffset = data.readUInt16BE(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
          glyph = data.readUInt16BE(at);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        glyphs.set(c, glyph);
      }
    }
  } else {
    throw new Error('font has no Unicode cmap');
  }
  const missing = widthOfGlyph(0);
  return { unitsPerEm, advance: (c) => (glyphs.has(c) ? widthOfGlyph(glyphs.get(c)!) : missing) };
}

let metrics: { regular: FontMetrics; bold: FontMetrics } | undefined;
function fontMetrics(): { regular: FontMetrics; bold: FontMetrics } {
  metrics ??= { regular: readMetrics(readFileSync(FONT_FILES.regular)), bold: readMetrics(readFileSync(FONT_FILES.bold)) };
  return metrics;
}

/** Width of `text` set in Noto Sans at `size` (kerning ignored, so slightly generous). */
export function textWidth(text: string, size: number, bold = false): number {
  const m = bold ? fontMetrics().bold : fontMetrics().regular;
  let units = 0;
  for (const ch of text) units += m.advance(ch.codePointAt(0)!);
  return (units * size) / m.unitsPerEm;
}

/** Break `text` into lines no wider than `maxWidth`, at spaces, and inside words only when a word alone is too wide. */
export function wrapText(text: string, maxWidth: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(candidate, size, bold) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      // a word wider than the line is cut where it no longer fits
      while (textWidth(rest, size, bold) > maxWidth) {
        let cut = 1;
        const chars = [...rest];
        while (cut < chars.length && textWidth(chars.slice(0, cut + 1).join(''), size, bold) <= maxWidth) cut++;
        lines.push(chars.slice(0, cut).join(''));
        rest = chars.slice(cut).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  // drop the empty line a paragraph of only spaces leaves, but keep at least one line
  const kept = lines.filter((l, i) => l !== '' || (i > 0 && i < lines.length - 1));
  return kept.length ? kept : [''];
}

/** `lines` cut to `max` lines, the last one ending in an ellipsis when something was cut. */
export function clampLines(lines: string[], max: number, maxWidth: number, size: number, bold = false): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  let last = kept[max - 1]!;
  while (last.length > 0 && textWidth(`${last}…`, size, bold) > maxWidth) last = [...last].slice(0, -1).join('');
  kept[max - 1] = `${last.trimEnd()}…`;
  return kept;
}
