import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { getDocumentProxy } from 'unpdf';
import { startServer, type RunningServer } from '../../server/app.ts';
import { parseWorkshopFile } from '../../shared/workshopFile.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { sweepExpired, MONTH_MS } from '../../server/retention.ts';
import { join } from './harness.ts';

let server: RunningServer;
let created: { id: string; code: string; facilitatorKey: string };

beforeAll(async () => {
  server = await startServer({ port: 0, serveClient: false });
  const res = await fetch(`${server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'free', title: 'Lektiecaféen 2026', parties: [{ name: 'Boligsocial helhedsplan' }, { name: 'Københavns Kommune' }] }),
  });
  created = await res.json();
  // one piece with Danish letters in its note, placed through a real room
  const info = await (await fetch(`${server.url}/api/workshops/${created.code}`)).json();
  const alice = await join(server, { role: 'participant', workshopId: created.id, code: created.code, name: 'Åse', partyId: info.parties[0].id });
  const answer = await alice.act('place', { kindId: 'residents', areaPartyId: info.parties[1].id, near: areaSlotPoint(2, 1, 0), note: 'Færre udsættelser, "trygge" opgange' });
  expect(answer.type).toBe('ack');
  await alice.room.leave();
});
afterAll(() => server?.close());

const bearer = (key = created.facilitatorKey) => ({ authorization: `Bearer ${key}` });

describe('facilitator HTTP API', () => {
  it('refuses exports without a key (401) and with a wrong one (403), without telling ids apart', async () => {
    expect((await fetch(`${server.url}/api/workshops/${created.id}/export.pdf`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/workshops/${created.id}/export.pdf`, { headers: bearer('x'.repeat(32)) })).status).toBe(403);
    expect((await fetch(`${server.url}/api/workshops/no-such-id/export.pdf`, { headers: bearer() })).status).toBe(403);
    expect((await fetch(`${server.url}/api/workshops/${created.id}/export.docx`, { headers: bearer() })).status).toBe(404);
  });

  it.each([
    ['png', 'image/png'],
    ['pdf', 'application/pdf'],
    ['csv', 'text/csv; charset=utf-8'],
    ['json', 'application/json; charset=utf-8'],
  ])('exports %s with its content type and a file name built from the title', async (format, type) => {
    const res = await fetch(`${server.url}/api/workshops/${created.id}/export.${format}`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toContain(`filename="lektiecafeen-2026.${format}"`);
    const body = Buffer.from(await res.arrayBuffer());
    if (format === 'png') expect(PNG.sync.read(body).width).toBeGreaterThanOrEqual(3000);
    if (format === 'pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    if (format === 'csv') {
      expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(body.toString('utf8')).toContain('Færre udsættelser');
    }
    if (format === 'json') {
      const parsed = parseWorkshopFile(JSON.parse(body.toString('utf8')));
      expect(parsed.ok).toBe(true);
      expect(body.toString('utf8')).not.toContain(created.facilitatorKey);
    }
  });

  it('imports an export as a copy (with the board) and as a template (empty board), each with a new code and key', async () => {
    const file = await (await fetch(`${server.url}/api/workshops/${created.id}/export.json`, { headers: bearer() })).json();
    for (const as of ['copy', 'template'] as const) {
      const res = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file, as }) });
      expect(res.status).toBe(201);
      const copy = await res.json();
      expect(copy.id).not.toBe(created.id);
      expect(copy.code).not.toBe(created.code);
      const again = await (await fetch(`${server.url}/api/workshops/${copy.id}/export.json`, { headers: bearer(copy.facilitatorKey) })).json();
      expect(again.workshop.parties.map((p: { name: string }) => p.name)).toEqual(['Boligsocial helhedsplan', 'Københavns Kommune']);
      expect(again.workshop.pieces).toHaveLength(as === 'copy' ? 1 : 0);
      expect(again.workshop.members).toEqual([]);
    }
  });

  it('adds the comparison with an earlier board to the PDF when its file is sent along', async () => {
    const earlier = await (await fetch(`${server.url}/api/workshops/${created.id}/export.json`, { headers: bearer() })).json();
    const res = await fetch(`${server.url}/api/workshops/${created.id}/export.pdf`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: JSON.stringify({ compareWith: earlier }) });
    expect(res.status).toBe(200);
    const doc = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    expect(text).toContain('Sammenligning med en tidligere tavle');
    expect(text).toContain('Er blevet');
    const bad = await fetch(`${server.url}/api/workshops/${created.id}/export.pdf`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: JSON.stringify({ compareWith: { format: 'x' } }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('compareWith');
  });

  it('refuses a foreign or broken file with a message naming what is wrong, and creates nothing', async () => {
    const before = await server.workshops.store.idleSince(Date.now() + 1000);
    for (const file of [{ format: 'other/1' }, { format: 'vaerdispil/1', exportedAt: 'x' }, 'nonsense']) {
      const res = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file }) });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.message).toMatch(/format|exportedAt|file/);
    }
    expect(await server.workshops.store.idleSince(Date.now() + 1000)).toHaveLength(before.length);
  });

  it('adds a co-facilitator key and rotates keys so old links stop working at once', async () => {
    const facilitator = await join(server, { role: 'facilitator', workshopId: created.id, key: created.facilitatorKey });
    const co = await facilitator.act('create-co-key', {});
    const coKey = (co.payload as { key?: string }).key!;
    expect(coKey.length).toBeGreaterThanOrEqual(22);
    expect((await fetch(`${server.url}/api/workshops/${created.id}/summary`, { headers: bearer(coKey) })).status).toBe(200);
    const participant = await join(server, { role: 'participant', workshopId: created.id, code: created.code, name: 'Bo', partyId: (await (await fetch(`${server.url}/api/workshops/${created.code}`)).json()).parties[1].id });
    expect((await participant.act('rotate-key', {})).payload.code).toBe('facilitator-only');
    const rotated = await facilitator.act('rotate-key', {});
    const newKey = (rotated.payload as { key?: string }).key!;
    expect((await fetch(`${server.url}/api/workshops/${created.id}/summary`, { headers: bearer(created.facilitatorKey) })).status).toBe(403);
    expect((await fetch(`${server.url}/api/workshops/${created.id}/summary`, { headers: bearer(coKey) })).status).toBe(403);
    expect((await fetch(`${server.url}/api/workshops/${created.id}/summary`, { headers: bearer(newKey) })).status).toBe(200);
    await expect(join(server, { role: 'facilitator', workshopId: created.id, key: created.facilitatorKey })).rejects.toThrow(/wrong-key/);
    created.facilitatorKey = newKey;
    await facilitator.room.leave();
    await participant.room.leave();
  });

  it('deletes a workshop for its facilitator only, and the code stops working', async () => {
    expect((await fetch(`${server.url}/api/workshops/${created.id}`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${server.url}/api/workshops/${created.id}`, { method: 'DELETE', headers: bearer() })).status).toBe(204);
    expect((await fetch(`${server.url}/api/workshops/${created.code}`)).status).toBe(404);
  });

  it('sweeps workshops past their own retention and keeps the rest', async () => {
    const { stored: old } = await server.workshops.create({ title: 'Gammel', retentionMonths: 1, parties: [{ name: 'A' }, { name: 'B' }] });
    const { stored: kept } = await server.workshops.create({ title: 'Ny', parties: [{ name: 'A' }, { name: 'B' }] });
    const deleted = await sweepExpired(server.workshops.store, Date.now() + 2 * MONTH_MS);
    expect(deleted).toContain(old.state.id);
    expect(deleted).not.toContain(kept.state.id);
    expect(await server.workshops.store.get(kept.state.id)).toBeDefined();
  });
});
