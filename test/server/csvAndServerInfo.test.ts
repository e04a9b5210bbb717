/**
 * Two things a facilitator meets before a workshop is over: the CSV opens in columns in a Danish,
 * Norwegian or Swedish Excel (';' by default there, ',' in English, `?sep=` to choose), and a page
 * opened on 127.0.0.1 can learn the addresses phones in the room reach the server at
 * (GET /api/server-info), so the shared screen never hands out a loopback link.
 */
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.ts';
import { CSV_DELIMITERS, parseCsvDelimiter } from '../../server/export/exportCsv.ts';
import { LANGUAGES } from '../../shared/i18n/index.ts';

describe('the CSV separator', () => {
  it("is ';' where the decimal sign is a comma (da, nb, sv) and ',' in English", () => {
    expect(CSV_DELIMITERS).toEqual({ da: ';', nb: ';', sv: ';', en: ',' });
    // each language's decimal sign agrees: a comma there means ';' between fields
    for (const lang of LANGUAGES) {
      const decimal = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : lang).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
      expect(CSV_DELIMITERS[lang], lang).toBe(decimal === ',' ? ';' : ',');
    }
  });

  it.each([
    [';', ';'],
    ['semicolon', ';'],
    [',', ','],
    ['comma', ','],
    ['tab', undefined],
    ['', undefined],
    [undefined, undefined],
    [['a', 'b'], undefined],
  ])('reads ?sep=%j as %j', (value, expected) => {
    expect(parseCsvDelimiter(value)).toBe(expected);
  });
});

describe('the API', () => {
  let server: RunningServer;
  let lanServer: RunningServer | undefined;
  const created: Record<string, { id: string; facilitatorKey: string }> = {};
  const csvHeader = async (lang: string, query = '') => {
    const res = await fetch(`${server.url}/api/workshops/${created[lang]!.id}/export.csv${query}`, { headers: { authorization: `Bearer ${created[lang]!.facilitatorKey}` } });
    expect(res.status).toBe(200);
    return (await res.text()).slice(1).split('\r\n')[0]!;
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', serveClient: false });
    for (const language of ['da', 'en', 'sv']) {
      const res = await fetch(`${server.url}/api/workshops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Lektiecaféen ${language}`, language, parties: [{ name: 'Skolen' }, { name: 'Kommunen' }] }),
      });
      created[language] = await res.json();
    }
  });
  afterAll(async () => {
    await server?.close();
    await lanServer?.close();
  });

  it("exports the CSV with the workshop's language's separator unless ?sep= says otherwise", async () => {
    const columns = 9;
    expect((await csvHeader('da')).split(';')).toHaveLength(columns);
    expect((await csvHeader('sv')).split(';')).toHaveLength(columns);
    expect((await csvHeader('en')).split(',')).toHaveLength(columns);
    expect((await csvHeader('da', '?sep=,')).split(',')).toHaveLength(columns);
    expect((await csvHeader('da', '?sep=comma')).split(',')).toHaveLength(columns);
    expect((await csvHeader('en', '?sep=%3B')).split(';')).toHaveLength(columns);
    // an unknown separator means the default, never a broken file
    expect((await csvHeader('da', '?sep=tab')).split(';')).toHaveLength(columns);
  });

  it('names no other address when the server listens on loopback only', async () => {
    const res = await fetch(`${server.url}/api/server-info`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ publicUrl: null, lanUrls: [] });
  });

  it("names the machine's network addresses when the server listens on all of them", async () => {
    lanServer = await startServer({ port: 0, host: '0.0.0.0', serveClient: false });
    const expected = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => `http://${a!.address}:${lanServer!.port}`);
    const info = await (await fetch(`http://127.0.0.1:${lanServer.port}/api/server-info`)).json();
    expect(info).toEqual({ publicUrl: null, lanUrls: expected });
    for (const url of info.lanUrls) expect(url).not.toMatch(/127\.0\.0\.1|localhost/);
  });

  it('leaves the addresses to PUBLIC_URL when it is set', async () => {
    const withPublic = await startServer({ port: 0, host: '127.0.0.1', serveClient: false, publicUrl: 'https://vaerdispil.example.dk' });
    try {
      expect(await (await fetch(`${withPublic.url}/api/server-info`)).json()).toEqual({ publicUrl: 'https://vaerdispil.example.dk', lanUrls: [] });
    } finally {
      await withPublic.close();
    }
  });
});
