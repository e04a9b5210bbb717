/** The value kinds' icons (assets/icons/*.svg), bundled as text and turned into images on demand. */
const sources = import.meta.glob('../../assets/icons/*.svg', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const byId = new Map<string, string>(Object.entries(sources).map(([path, svg]) => [path.replace(/^.*\/(.+)\.svg$/, '$1'), svg]));

/** The SVG text of icon `id`, drawn in `color`. */
export function iconSvg(id: string, color = '#1b1b1b', size?: number): string {
  const svg = byId.get(id) ?? byId.get('pencil') ?? '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"></svg>';
  const sized = size ? svg.replace('<svg', `<svg width="${size}" height="${size}"`) : svg;
  return sized.replace(/currentColor/g, color);
}

const images = new Map<string, Promise<HTMLImageElement>>();

/** Icon `id` as a decoded image of `size` px (cached). */
export function iconImage(id: string, color = '#1b1b1b', size = 64): Promise<HTMLImageElement> {
  const key = `${id}|${color}|${size}`;
  let image = images.get(key);
  if (!image) {
    const img = new Image(size, size);
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(iconSvg(id, color, size))}`;
    image = img.decode().then(() => img);
    images.set(key, image);
  }
  return image;
}
