/**
 * Serving the built client (server/clientFiles.ts): index.html and the client's routes are
 * revalidated on every load, hashed assets cached for a year, and each file goes out as the
 * brotli or gzip made at build time when the request takes it — with the right type, Vary and
 * ETag — and nothing outside the build directory is reachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { acceptsEncoding, clientFiles, IMMUTABLE, REVALIDATE } from '../../server/clientFiles.ts';

const INDEX = `<!doctype html><title>Værdispillet</title>${'<p>hej</p>'.repeat(200)}`;
const APP = `console.log(${JSON.stringify('x'.repeat(5000))});`;
const SMALL = 'export const small = 1;';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'client-files-'));
  dir = join(root, 'client');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(root, 'secret.txt'), 'not for the web');
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(INDEX));
  writeFileSync(join(dir, 'index.html.gz'), gzipSync(INDEX));
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), APP);
  writeFileSync(join(dir, 'assets', 'index-AbC123.js.br'), brotliCompressSync(APP));
  writeFileSync(join(dir, 'assets', 'index-AbC123.js.gz'), gzipSync(APP));
  writeFileSync(join(dir, 'assets', 'tiny-XyZ.js'), SMALL);
  writeFileSync(join(dir, '.hidden'), 'dot file');
  const app = express();
  app.use(clientFiles(dir, ['/', '/j/:code', '/screen/:code', '/f/:id']));
  app.use((_req, res) => res.status(404).send('nothing here'));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

/** A raw GET (fetch would undo the compression we want to see). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built client', () => {
  it('sends index.html for every client route, revalidated each time, as brotli when the browser takes it', async () => {
    for (const path of ['/', '/j/ABCD2345', '/screen/ABCD2345', '/f/ws-1', '/index.html']) {
      const res = await get(path, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe(REVALIDATE);
      expect(res.headers['content-encoding'], path).toBe('br');
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
      expect(res.headers.vary, path).toMatch(/Accept-Encoding/i);
      expect(brotliDecompressSync(res.body).toString(), path).toBe(INDEX);
    }
  });

  it('caches hashed assets for a year, and picks gzip, or nothing, as the browser allows', async () => {
    const br = await get('/assets/index-AbC123.js', { 'accept-encoding': 'br, gzip' });
    expect(br.headers).toMatchObject({ 'cache-control': IMMUTABLE, 'content-encoding': 'br' });
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP);

    const gz = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip;q=1.0, br;q=0' });
    expect(gz.headers).toMatchObject({ 'cache-control': IMMUTABLE, 'content-encoding': 'gzip' });
    expect(gunzipSync(gz.body).toString()).toBe(APP);

    const plain = await get('/assets/index-AbC123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.toString()).toBe(APP);

    const small = await get('/assets/tiny-XyZ.js', { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['cache-control']).toBe(IMMUTABLE);
    expect(small.body.toString()).toBe(SMALL);
  });

  it('answers a repeat visit with 304 from the ETag of the variant it got', async () => {
    const first = await get('/assets/index-AbC123.js', { 'accept-encoding': 'br' });
    const etag = first.headers.etag!;
    expect(etag).toBeTruthy();
    const again = await get('/assets/index-AbC123.js', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    const otherVariant = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(otherVariant.headers.etag).not.toBe(etag);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await get('/assets/index-AbC123.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body).toHaveLength(0);
  });

  it('keeps what is not the client out of reach: other directories, dot files, unknown paths', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/.hidden', '/assets/nope.js', '/assets/']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString(), path).not.toContain('not for the web');
    }
  });
});

describe('Accept-Encoding', () => {
  it.each([
    ['br', 'br', true],
    ['gzip, deflate, br', 'br', true],
    ['gzip, br;q=0', 'br', false],
    ['GZIP', 'gzip', true],
    ['*', 'br', true],
    ['*, br;q=0', 'br', false],
    ['*;q=0', 'gzip', false],
    ['identity', 'gzip', false],
    ['', 'gzip', false],
    ['gzip;q=0.001', 'gzip', true],
  ])('%j takes %s: %s', (header, coding, expected) => {
    expect(acceptsEncoding(header, coding)).toBe(expected);
  });
});
