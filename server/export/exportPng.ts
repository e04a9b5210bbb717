/** The board as a poster-sized PNG: the board SVG rasterised with resvg and the shipped Noto Sans fonts. */
import { renderAsync } from '@resvg/resvg-js';
import type { WorkshopState } from '../../shared/types.ts';
import { boardSvg, type BoardSvgOptions } from './boardSvg.ts';
import { rasterize, renderOptions } from './raster.ts';

/** Width of the poster: the short side of A3 at 300 dpi. */
export const POSTER_WIDTH = 3508;

/** Options of the PNG export. */
export interface PngOptions extends BoardSvgOptions {
  /** Width of the image in pixels; default POSTER_WIDTH. */
  width?: number;
}

/** The board of `state` as a PNG (POSTER_WIDTH px wide unless told otherwise). Blocks while it renders (about a second). */
export function exportPng(state: WorkshopState, options: PngOptions = {}): Buffer {
  return rasterize(boardSvg(state, options), options.width ?? POSTER_WIDTH).asPng();
}

/** Like exportPng, but rasterises on libuv's thread pool so a server's event loop keeps serving rooms meanwhile. */
export async function exportPngAsync(state: WorkshopState, options: PngOptions = {}): Promise<Buffer> {
  const rendered = await renderAsync(boardSvg(state, options), renderOptions(options.width ?? POSTER_WIDTH));
  return rendered.asPng();
}
