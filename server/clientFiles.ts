/**
 * The built client, served the way a CDN would serve it: files under assets/ carry a content hash
 * in their names (vite), so they are cached for a year and never revalidated; everything else —
 * index.html above all — is revalidated on every load (`no-cache`), so a reload after a deploy
 * always gets the client that speaks the server's protocol. Each file goes out pre-compressed
 * (brotli or gzip, made at build time by vite.config.ts) when the request's Accept-Encoding
 * takes it; the files themselves, with their ETags and Last-Modified, come from express/send.
 */
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import express, { type Request, type Response, type NextFunction, type Router } from 'express';

/** Cache-Control of files whose names change with their content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control of everything else: keep it, but ask first. */
export const REVALIDATE = 'no-cache';

/** The compressions made at build time, best first, with the file suffix each one has. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;

/** Whether `header` (an Accept-Encoding) takes `coding`: named with q > 0, or through `*` when not named. */
export function acceptsEncoding(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name.trim() === coding) return allowed;
    if (name.trim() === '*') star = allowed;
  }
  return star ?? false;
}

/** Cache-Control for a path under the client's root. */
function cacheControl(path: string): string {
  return path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
}

/**
 * Serve `dir` (the vite build output) and its client-side `routes` (which all get index.html).
 * Paths outside `dir`, dot files and directories are left to whatever comes next.
 */
export function clientFiles(dir: string, routes: string[]): Router {
  const router = express.Router();

  /** Send `path` (relative to `dir`, with a leading slash), compressed if the client takes it; `next` when there is no such file. */
  const send = (req: Request, res: Response, next: NextFunction, path: string): void => {
    const file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir + sep)) || path.split('/').some((part) => part.startsWith('.'))) return next();
    const encoding = ENCODINGS.find(({ coding, suffix }) => acceptsEncoding(req.headers['accept-encoding'], coding) && existsSync(file + suffix));
    const variants = ENCODINGS.some(({ suffix }) => existsSync(file + suffix));
    const headers: Record<string, string> = { 'Cache-Control': cacheControl(path) };
    if (variants) headers.Vary = 'Accept-Encoding';
    if (encoding) {
      headers['Content-Encoding'] = encoding.coding;
      // the type of what is inside, not of the .br/.gz file
      res.type(extname(path) || '.html');
    }
    res.sendFile(encoding ? file + encoding.suffix : file, { headers, cacheControl: false, dotfiles: 'deny' }, (error?: Error & { status?: number; code?: string }) => {
      if (!error) return;
      if (res.headersSent) return;
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      // no such file (or a directory): the next handler may know the path
      if (error.status === 404 || error.code === 'ENOENT' || error.code === 'EISDIR') return next();
      next(error);
    });
  };

  router.get(routes, (req, res, next) => send(req, res, next, '/index.html'));
  router.get(/.*/, (req, res, next) => {
    // the routes above are the way to index.html; a bare directory is nothing to serve
    if (req.path.endsWith('/')) return next();
    send(req, res, next, req.path);
  });
  return router;
}
