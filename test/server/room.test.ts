import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaIndexAt, areaSlotPoint, CENTER } from '../../shared/geometry.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { RunningServer } from '../../server/app.ts';
import { createWorkshop, dragsSeen, eventually, join, nextDrag, nextDragEnd, testServer, type TestClient, type TestWorkshop } from './harness.ts';

let server: RunningServer;
let w: TestWorkshop;
let alice: TestClient; // party 0
let bob: TestClient; // party 1
let carol: TestClient; // party 2
let dan: TestClient; // party 0, a second member of Alice's party
let screen: TestClient;
let facilitator: TestClient;
const everyone = () => [alice, bob, carol, dan, screen, facilitator];

/** The centre of a free slot in party `area`'s area on a 3-party board. */
const spot = (area: number, slot = 0) => areaSlotPoint(3, area, slot);
/** A drop at `spot(area, slot)`: the area under it, and the point, near which the server lays the piece out. */
const drop = (area: number, slot = 0) => ({ areaPartyId: w.partyIds[area]!, near: spot(area, slot) });

beforeAll(async () => {
  server = await testServer();
  w = await createWorkshop(server, 3);
  const participant = (name: string, party: number) =>
    join(server, { role: 'participant', workshopId: w.id, code: w.code.toLowerCase(), name, partyId: w.partyIds[party] });
  alice = await participant('Alice', 0);
  bob = await participant('Bob', 1);
  carol = await participant('Carol', 2);
  dan = await participant('Dan', 0);
  screen = await join(server, { role: 'screen', workshopId: w.id, code: w.code });
  facilitator = await join(server, { role: 'facilitator', workshopId: w.id, key: w.key, name: 'Tovholder' });
});

afterAll(async () => {
  for (const c of everyone()) await c?.room.leave().catch(() => undefined);
  await server?.close();
});

describe('joining', () => {
  it('gives each person their role and party, and everyone sees who has joined', async () => {
    expect(alice.welcome).toMatchObject({ role: 'participant', partyId: w.partyIds[0] });
    expect(screen.welcome).toMatchObject({ role: 'screen', partyId: '' });
    expect(facilitator.welcome.role).toBe('facilitator');
    await eventually(() => {
      const members = Object.values(screen.json().members);
      expect(members.filter((m) => m.role === 'participant').map((m) => m.name).sort()).toEqual(['Alice', 'Bob', 'Carol', 'Dan']);
      expect(members.every((m) => m.connected === true)).toBe(true);
    });
  });

  it('refuses a wrong code, a wrong facilitator key, an unknown party and malformed options', async () => {
    await expect(join(server, { role: 'participant', workshopId: w.id, code: 'AAAAAA', name: 'X', partyId: w.partyIds[0] })).rejects.toThrow(/wrong-code/);
    await expect(join(server, { role: 'facilitator', workshopId: w.id, key: 'x'.repeat(32) })).rejects.toThrow(/wrong-key/);
    await expect(join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'X', partyId: 'nope' })).rejects.toThrow(/unknown-party/);
    await expect(join(server, { role: 'participant', workshopId: w.id, code: w.code, name: '', partyId: w.partyIds[0] })).rejects.toThrow(/bad-message/);
    await expect(join(server, { role: 'admin', workshopId: w.id, code: w.code })).rejects.toThrow(/bad-message/);
  });

  it('never sends the facilitator key to anyone', () => {
    for (const c of everyone()) {
      expect(JSON.stringify(c.json())).not.toContain(w.key);
      expect(JSON.stringify(c.inbox)).not.toContain(w.key);
    }
  });
});

describe('placing and moving', () => {
  it('shows a drop by one participant on every client, in the area it was dropped in, where the server laid it out', async () => {
    const answer = await alice.act('place', { kindId: 'residents', ...drop(1), note: 'Færre udsættelser' });
    expect(answer.type).toBe('ack');
    const pieceId = answer.payload.pieceId!;
    expect(pieceId).toBeTruthy();
    await eventually(() => expect(screen.json().pieces[pieceId]).toBeDefined());
    const { x, y, scale } = screen.json().pieces[pieceId] as { x: number; y: number; scale: number };
    expect(areaIndexAt(3, { x, y })).toBe(1);
    expect(scale).toBeGreaterThan(0);
    await eventually(() => {
      for (const c of everyone()) {
        const piece = c.json().pieces[pieceId];
        expect(piece).toMatchObject({ kindId: 'residents', areaPartyId: w.partyIds[1], placedByPartyId: w.partyIds[0], note: 'Færre udsættelser', x, y, scale });
      }
    });
  });

  it('relays a live drag to every other client with the dragger\'s party, and not back to the dragger', async () => {
    const before = dragsSeen(alice).length;
    const seen = Promise.all([alice, carol, screen, facilitator].map((c) => nextDrag(c, (d) => d.x === 321)));
    bob.room.send('drag', { v: PROTOCOL_VERSION, kindId: 'knowledge', x: 321, y: 400 });
    const drags = await seen;
    for (const d of drags) expect(d).toMatchObject({ kindId: 'knowledge', partyId: w.partyIds[1], x: 321, y: 400 });
    expect(dragsSeen(bob).filter((d) => d.x === 321)).toHaveLength(0);
    expect(dragsSeen(alice).length).toBeGreaterThan(before);
    const ended = nextDragEnd(screen);
    bob.room.send('drag-end', { v: PROTOCOL_VERSION });
    await expect(ended).resolves.toMatchObject({ memberId: bob.welcome.memberId });
  });

  it('lets only one person hold a piece; a second grab is refused until release', async () => {
    const placed = await bob.act('place', { kindId: 'network', ...drop(1, 1) });
    const pieceId = placed.payload.pieceId!;
    expect((await bob.act('grab', { pieceId })).type).toBe('ack');
    await eventually(() => expect(screen.json().pieces[pieceId]?.heldBy).toBe(bob.welcome.memberId));
    const other = await facilitator.act('grab', { pieceId });
    expect(other.payload.code).toBe('piece-held-by-other');
    expect((await bob.act('move', { pieceId, ...drop(2, 3) })).type).toBe('ack');
    await eventually(() => expect(screen.json().pieces[pieceId]).toMatchObject({ heldBy: '', areaPartyId: w.partyIds[2] }));
    const { x, y } = screen.json().pieces[pieceId] as { x: number; y: number };
    expect(areaIndexAt(3, { x, y })).toBe(2);
    await eventually(() => {
      for (const c of everyone()) expect(c.json().pieces[pieceId]).toMatchObject({ heldBy: '', areaPartyId: w.partyIds[2], x, y });
    });
    expect((await facilitator.act('grab', { pieceId })).type).toBe('ack');
    expect((await facilitator.act('release', { pieceId })).type).toBe('ack');
  });

  it('releases a piece where it lay when its holder disconnects', async () => {
    const extra = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Eve', partyId: w.partyIds[2] });
    const placed = await extra.act('place', { kindId: 'innovation', ...drop(0, 4) });
    const pieceId = placed.payload.pieceId!;
    await extra.act('grab', { pieceId });
    await eventually(() => expect(screen.json().pieces[pieceId]?.heldBy).toBe(extra.welcome.memberId));
    const { x, y } = screen.json().pieces[pieceId]!;
    await extra.room.leave(true);
    await eventually(() => {
      expect(screen.json().pieces[pieceId]).toMatchObject({ heldBy: '', x, y });
      expect(screen.json().members[extra.welcome.memberId]?.connected).toBe(false);
    });
  });

  it('lets any member of the placing party edit and remove a piece, and nobody of another party', async () => {
    const placed = await alice.act('place', { kindId: 'meaning', ...drop(0, 5) });
    const pieceId = placed.payload.pieceId!;
    expect((await dan.act('edit', { pieceId, note: 'Konkret: flere frivillige', importance: 3 })).type).toBe('ack');
    await eventually(() => expect(carol.json().pieces[pieceId]).toMatchObject({ note: 'Konkret: flere frivillige', importance: 3 }));
    expect((await carol.act('edit', { pieceId, note: 'hack' })).payload.code).toBe('not-your-party');
    expect((await carol.act('remove', { pieceId })).payload.code).toBe('not-your-party');
    expect((await dan.act('remove', { pieceId })).type).toBe('ack');
    await eventually(() => {
      for (const c of everyone()) expect(c.json().pieces[pieceId]).toBeUndefined();
    });
  });

  it('records pieces the facilitator places on behalf of a party', async () => {
    const placed = await facilitator.act('place', { kindId: 'economy', forPartyId: w.partyIds[2], ...drop(2, 6) });
    const pieceId = placed.payload.pieceId!;
    await eventually(() => expect(alice.json().pieces[pieceId]).toMatchObject({ placedByPartyId: w.partyIds[2], byFacilitator: true, placedByMemberId: facilitator.welcome.memberId }));
  });

  it('counts each party\'s pieces for everyone', async () => {
    await eventually(() => {
      const pieces = Object.values(screen.json().pieces);
      for (const party of screen.json().parties as { id: string; pieceCount: number }[]) {
        expect(party.pieceCount).toBe(pieces.filter((p) => p.placedByPartyId === party.id).length);
      }
    });
  });
});

describe('who may do what', () => {
  it('refuses a participant placing for another party or acting as facilitator', async () => {
    expect((await alice.act('place', { kindId: 'strategy', forPartyId: w.partyIds[1], ...drop(1, 7) })).payload.code).toBe('not-your-party');
    expect((await alice.act('update-workshop', { title: 'Hijacked' })).payload.code).toBe('facilitator-only');
    expect((await alice.act('update-party', { partyId: w.partyIds[1], name: 'X' })).payload.code).toBe('facilitator-only');
    expect((await alice.act('add-party', { name: 'X' })).payload.code).toBe('facilitator-only');
  });

  it('refuses every change from the shared screen', async () => {
    const pieceId = Object.keys(screen.json().pieces)[0]!;
    const attempts: [string, Record<string, unknown>][] = [
      ['place', { kindId: 'residents', ...drop(2, 8) }],
      ['grab', { pieceId }],
      ['move', { pieceId, ...drop(2, 8) }],
      ['edit', { pieceId, note: 'x' }],
      ['remove', { pieceId }],
      ['update-workshop', { title: 'x' }],
      ['update-party', { partyId: w.partyIds[0], name: 'x' }],
    ];
    for (const [type, payload] of attempts) {
      const answer = await screen.act(type, payload);
      expect(answer.type, type).toBe('error');
      expect(answer.payload.code, type).toBe('read-only');
    }
  });

  it('lets the facilitator edit the setup, and everyone sees it', async () => {
    expect((await facilitator.act('update-workshop', { focus: 'Hvad giver caféen os?' })).type).toBe('ack');
    expect((await facilitator.act('update-party', { partyId: w.partyIds[1], name: 'Københavns Kommune', color: '#AA3377' })).type).toBe('ack');
    expect((await facilitator.act('update-party', { partyId: w.partyIds[2], color: '#aa3377' })).payload.code).toBe('color-taken');
    await eventually(() => {
      expect(bob.json().focus).toBe('Hvad giver caféen os?');
      expect(bob.json().parties[1]).toMatchObject({ name: 'Københavns Kommune', color: '#aa3377' });
    });
  });
});

describe('bad input', () => {
  it('answers every malformed message with an error, keeps the client connected and the state unchanged', async () => {
    await eventually(() => expect(JSON.stringify(carol.json())).toBe(JSON.stringify(screen.json())));
    const before = JSON.stringify(screen.json());
    const junk: [string, unknown][] = [
      ['place', { v: PROTOCOL_VERSION, aid: 'j1', kindId: 'residents', areaPartyId: w.partyIds[2], near: { x: Number.NaN, y: 1 } }],
      ['place', { v: PROTOCOL_VERSION, aid: 'j2', kindId: 'residents', ...drop(2), extra: true }],
      ['place', { v: PROTOCOL_VERSION + 1, aid: 'j3', kindId: 'residents', ...drop(2) }],
      ['place', 'not an object'],
      ['place', null],
      ['edit', { v: PROTOCOL_VERSION, aid: 'j4', pieceId: 'x', note: 'n'.repeat(281) }],
      ['launch-missiles', { v: PROTOCOL_VERSION, aid: 'j5' }],
      ['drag', { v: PROTOCOL_VERSION, x: 1, y: 1 }],
      ['move', { v: PROTOCOL_VERSION, aid: 'j6', pieceId: 'nope', ...drop(2) }],
      ['place', { v: PROTOCOL_VERSION, aid: 'j7', kindId: 'residents', areaPartyId: w.partyIds[2], near: CENTER }],
      ['place', { v: PROTOCOL_VERSION, aid: 'j8', kindId: 'no-such-kind', ...drop(2, 9) }],
    ];
    const errors = carol.inbox.filter((m) => m.type === 'error').length;
    for (const [type, payload] of junk) carol.room.send(type, payload);
    await eventually(() => expect(carol.inbox.filter((m) => m.type === 'error').length).toBe(errors + junk.length));
    const codes = carol.inbox.filter((m) => m.type === 'error').slice(-junk.length).map((m) => (m.payload as { code: string }).code);
    expect(codes).toEqual([
      'bad-message', 'bad-message', 'protocol-version', 'bad-message', 'bad-message', 'bad-message', 'unknown-message', 'bad-message', 'unknown-piece', 'outside-board', 'unknown-value-kind',
    ]);
    const messages = carol.inbox.filter((m) => m.type === 'error').slice(-junk.length).map((m) => (m.payload as { message: string }).message);
    expect(messages.every((m) => m.length > 5 && !m.startsWith('error.'))).toBe(true);
    // still connected and still heard: a valid action after the junk is accepted
    const ok = await carol.act('place', { kindId: 'recruitment', ...drop(2, 10) });
    expect(ok.type).toBe('ack');
    await carol.act('remove', { pieceId: ok.payload.pieceId! });
    await eventually(() => expect(JSON.stringify(screen.json())).toBe(before));
  });
});
