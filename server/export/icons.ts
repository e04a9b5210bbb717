/** The value kinds' icons (assets/icons/*.svg) as SVG fragments to embed in the exported board. */
import { readFileSync } from 'node:fs';

const ICON_DIR = new URL('../../assets/icons/', import.meta.url);
const FALLBACK = 'pencil';
const cache = new Map<string, { attributes: string; body: string }>();

function load(id: string): { attributes: string; body: string } | undefined {
  const cached = cache.get(id);
  if (cached) return cached;
  // ids come from decks (validated as [a-z0-9-]), but never let one reach outside the icon folder
  if (!/^[a-z0-9-]{1,40}$/.test(id)) return undefined;
  let source: string;
  try {
    source = readFileSync(new URL(`${id}.svg`, ICON_DIR), 'utf8');
  } catch {
    return undefined;
  }
  const root = /<svg\b([^>]*)>([\s\S]*)<\/svg>/.exec(source);
  if (!root) return undefined;
  // keep the presentation attributes of the root (fill, stroke, …) for the group that replaces it
  const attributes = [...root[1]!.matchAll(/\s([a-z-]+)="([^"]*)"/g)]
    .filter(([, name]) => !['xmlns', 'viewBox', 'width', 'height'].includes(name!))
    .map(([, name, value]) => ` ${name}="${value}"`)
    .join('');
  const icon = { attributes, body: root[2]!.trim() };
  cache.set(id, icon);
  return icon;
}

/**
 * Icon `id` drawn `size` units wide with its top-left corner at (x, y), in `color`
 * (a #rrggbb colour; the icons are 24×24 and stroke in currentColor). Unknown icons fall back to the pencil.
 */
export function iconGroup(id: string, x: number, y: number, size: number, color: string): string {
  const icon = load(id) ?? load(FALLBACK);
  if (!icon) return '';
  const scale = size / 24;
  const paint = (svg: string) => svg.replace(/currentColor/g, color);
  return `<g transform="translate(${x} ${y}) scale(${scale})"${paint(icon.attributes)}>${paint(icon.body)}</g>`;
}
