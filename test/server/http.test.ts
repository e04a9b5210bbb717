import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.ts';
import { startServer } from '../../server/app.ts';
import { isJoinCode } from '../../shared/joinCode.ts';
import { PARTY_PALETTE } from '../../shared/palette.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0, serveClient: false });
});
afterAll(() => server?.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/workshops', () => {
  it('creates a workshop and answers with its code, secret key and links', async () => {
    const res = await post({ title: 'Lektiecaféen', focus: 'Hvad skaber caféen?', language: 'en', parties: [{ name: 'Boligsocial helhedsplan' }, { name: 'Kommunen', color: '#0072B2' }] });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'facilitatorKey', 'facilitatorUrl', 'id', 'participantUrl', 'screenUrl']);
    expect(isJoinCode(body.code)).toBe(true);
    // ≥ 128 bits: base64url carries 6 bits a character
    expect(body.facilitatorKey.length * 6).toBeGreaterThanOrEqual(128);
    expect(body.facilitatorUrl).toBe(`${server.url}/f/${body.id}#key=${body.facilitatorKey}`);
    expect(body.participantUrl).toBe(`${server.url}/j/${body.code}`);
    expect(body.screenUrl).toBe(`${server.url}/screen/${body.code}`);

    const info = await (await fetch(`${server.url}/api/workshops/${body.code.toLowerCase()}`)).json();
    expect(info).toMatchObject({ id: body.id, title: 'Lektiecaféen', focus: 'Hvad skaber caféen?', language: 'en', open: true });
    // the given colour is kept (normalised); the other party gets the first free palette colour
    expect(info.parties.map((p: { color: string }) => p.color)).toEqual([PARTY_PALETTE[1], '#0072b2']);
    expect(JSON.stringify(info)).not.toContain(body.facilitatorKey);
  });

  it('uses PUBLIC_URL for links when it is set', async () => {
    const other = await startServer({ port: 0, serveClient: false, publicUrl: 'https://vaerdispil.example.dk' });
    try {
      const res = await fetch(`${other.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x', parties: [{ name: 'a' }, { name: 'b' }] }) });
      const body = await res.json();
      expect(body.participantUrl).toBe(`https://vaerdispil.example.dk/j/${body.code}`);
    } finally {
      await other.close();
    }
  });

  it.each([
    [{ parties: [{ name: 'a' }, { name: 'b' }] }, 'title'],
    [{ title: 'x', parties: [{ name: 'a' }] }, 'parties'],
    [{ title: 'x', parties: [{ name: 'a', color: 'red' }, { name: 'b' }] }, 'parties.0.color'],
    [{ title: 'x', parties: [{ name: 'a', color: '#123456' }, { name: 'b', color: '#123456' }] }, 'parties.1.color'],
    [{ title: 'x', language: 'fr', parties: [{ name: 'a' }, { name: 'b' }] }, 'language'],
    [{ title: 'x', parties: [{ name: 'a' }, { name: 'b' }], admin: true }, 'admin'],
    [{ title: 'x'.repeat(121), parties: [{ name: 'a' }, { name: 'b' }] }, 'title'],
  ])('refuses %j with 400 naming the field %s', async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.field).toBe(field);
    expect(answer.message).toContain(field);
  });

  it('refuses malformed and oversized JSON without a stack trace', async () => {
    const bad = await post('{"title": ');
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at \w+ \(/);
    const big = await post({ title: 'x', focus: 'y'.repeat(100_000), parties: [] });
    expect(big.status).toBe(413);
  });
});

describe('GET /api/workshops/:code', () => {
  it('answers 404 for an unknown or malformed code', async () => {
    expect((await fetch(`${server.url}/api/workshops/ACDEFG`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/workshops/0OIl1`)).status).toBe(404);
  });
});
