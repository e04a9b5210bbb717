/**
 * Live drags through a real room and real SDK clients: a quiet room sends each drag on its own as
 * soon as it came in, a burst arrives in order with the newest position last, each drag is checked
 * against the state as it is when it arrives (the verdict a connection caches follows the state),
 * and a malformed drag is answered as the zod schema says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.ts';
import { PROTOCOL_VERSION, type ServerMessages } from '../../shared/protocol.ts';
import { createWorkshop, dragsSeen, join, nextDrag, testServer, type TestClient, type TestWorkshop } from './harness.ts';

let server: RunningServer;
let w: TestWorkshop;
let dragger: TestClient;
let watcher: TestClient;
let facilitator: TestClient;

beforeAll(async () => {
  server = await testServer();
  w = await createWorkshop(server, 2);
  dragger = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Dorte', partyId: w.partyIds[0] });
  watcher = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Wagn', partyId: w.partyIds[1] });
  facilitator = await join(server, { role: 'facilitator', workshopId: w.id, key: w.key, name: 'Tovholder' });
});

afterAll(async () => {
  for (const c of [dragger, watcher, facilitator]) await c?.room.leave().catch(() => undefined);
  await server?.close();
});

const send = (x: number, y = 500) => dragger.room.send('drag', { v: PROTOCOL_VERSION, kindId: 'knowledge', x, y });
const batches = (client: TestClient) => client.inbox.filter((m) => m.type === 'drags').map((m) => m.payload as ServerMessages['drags']);

describe('live drags in a room', () => {
  it('sends a quiet room\'s drags one by one, each as soon as it came in', async () => {
    const before = batches(watcher).length;
    for (let i = 0; i < 5; i++) {
      const seen = nextDrag(watcher, (d) => d.x === 100 + i, 2000);
      send(100 + i);
      await seen;
    }
    // nothing waited for company: each drag went out alone, in its own frame
    expect(batches(watcher).slice(before).map((b) => b.moves.map((m) => m.x))).toEqual([[100], [101], [102], [103], [104]]);
  });

  it('delivers a burst in order, each position once or replaced by a newer one, the newest last', async () => {
    const from = dragsSeen(watcher).length;
    const last = Promise.all([watcher, facilitator].map((c) => nextDrag(c, (d) => d.x === 229)));
    for (let i = 0; i < 30; i++) send(200 + i);
    await last;
    const xs = dragsSeen(watcher).slice(from).map((d) => d.x);
    expect(xs.at(-1)).toBe(229);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    // the facilitator saw the same drag end where the watcher did
    expect(dragsSeen(facilitator).at(-1)).toMatchObject({ memberId: dragger.welcome.memberId, kindId: 'knowledge', x: 229 });
    expect(dragsSeen(dragger)).toEqual([]);
  });

  it('checks every drag against the state as it is now: locked, refused; unlocked, sent', async () => {
    send(300);
    await nextDrag(watcher, (d) => d.x === 300);
    expect((await facilitator.act('lock', { locked: true })).type).toBe('ack');
    const refused = dragger.next<ServerMessages['error']>('error', (e) => e.code === 'board-locked');
    send(301);
    await refused;
    expect((await facilitator.act('lock', { locked: false })).type).toBe('ack');
    const seen = nextDrag(watcher, (d) => d.x === 302);
    send(302);
    await seen;
    expect(dragsSeen(watcher).some((d) => d.x === 301)).toBe(false);
  });

  it('answers a malformed drag the way the zod schema words it', async () => {
    const refused = dragger.next<ServerMessages['error']>('error', (e) => e.code === 'bad-message' && /extra/.test(e.detail ?? ''));
    dragger.room.send('drag', { v: PROTOCOL_VERSION, kindId: 'knowledge', x: 1, y: 1, extra: true });
    await expect(refused).resolves.toMatchObject({ code: 'bad-message' });
    const wrongVersion = dragger.next<ServerMessages['error']>('error', (e) => e.code === 'protocol-version');
    dragger.room.send('drag', { v: PROTOCOL_VERSION + 1, kindId: 'knowledge', x: 1, y: 1 });
    await wrongVersion;
  });
});
