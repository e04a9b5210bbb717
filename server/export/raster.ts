/** Rasterising the board SVG with resvg and the shipped fonts, and the PNG forms the exports need. */
import { Resvg, type RenderedImage, type ResvgRenderOptions } from '@resvg/resvg-js';
import { crc32, deflateSync } from 'node:zlib';
import { FONT_FAMILY, FONT_FILES } from './fonts.ts';

/** resvg's options for a rendering `width` pixels wide on white, with only the shipped fonts. */
export function renderOptions(width: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: Math.round(width) },
    background: '#ffffff',
    // only the shipped fonts: æøå render the same on every machine, whatever is installed
    font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    logLevel: 'off',
  };
}

/** Render `svg` `width` pixels wide. */
export function rasterize(svg: string, width: number): RenderedImage {
  return new Resvg(svg, renderOptions(width)).render();
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An opaque rendering as an RGB PNG (no alpha channel). pdfkit embeds such a PNG's data as
 * it is, where an RGBA one would be decoded and split in JavaScript — seconds for a board.
 */
export function opaquePng(image: RenderedImage): Buffer {
  const { width, height } = image;
  const rgba = image.pixels;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    rows[o++] = 0; // filter: none
    for (let i = y * width * 4, end = i + width * 4; i < end; i += 4) {
      rows[o++] = rgba[i]!;
      rows[o++] = rgba[i + 1]!;
      rows[o++] = rgba[i + 2]!;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
