/**
 * A whole workshop on a real server with real clients of three parties, the shared screen and
 * the facilitator: hidden phases and reveal, lock and agreement, dot-votes, the timer, undo,
 * who may do what, kick and capacity. Each block runs its own workshop so none leans on another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { FACILITATOR_ACTIONS, type Action } from '../../shared/rules.ts';
import { PROTOCOL_VERSION, type ClientMessage } from '../../shared/protocol.ts';
import type { Phase } from '../../shared/types.ts';
import type { RunningServer } from '../../server/app.ts';
import { createWorkshop, dragEndsSeen, dragsSeen, eventually, join, nextDrag, nextDragEnd, testServer, type TestClient, type TestWorkshop } from './harness.ts';

let server: RunningServer;
const opened: TestClient[] = [];

/** The centre of a free slot in party `area`'s area on a 3-party board. */
const spot = (area: number, slot = 0) => areaSlotPoint(3, area, slot);
/** A drop at `spot(area, slot)` in workshop `w`: the area under it, and the point, near which the server lays the piece out. */
const dropIn = (w: TestWorkshop, area: number, slot = 0) => ({ areaPartyId: w.partyIds[area]!, near: spot(area, slot) });
/** Where the server laid piece `id` out, as the facilitator (who sees every piece) is shown it. */
const laidOut = (k: Cast, id: string) => ({ x: piecesOf(k.facilitator)[id]?.x, y: piecesOf(k.facilitator)[id]?.y });
/** Long enough for a patch or message that must not arrive to have had every chance to (patches go out every 50 ms). */
const SETTLE_MS = 200;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

/** Everyone in one workshop: A1 and A2 of party 0, B of party 1, C of party 2, the screen and the facilitator. */
interface Cast {
  w: TestWorkshop;
  a1: TestClient;
  a2: TestClient;
  b: TestClient;
  c: TestClient;
  screen: TestClient;
  facilitator: TestClient;
  everyone: TestClient[];
  /** The raw bytes each client received after joining, to prove a secret never reached it at all. */
  wire: Map<TestClient, Buffer[]>;
}

function participant(w: TestWorkshop, name: string, party: number): Promise<TestClient> {
  return join(server, { role: 'participant', workshopId: w.id, code: w.code, name, partyId: w.partyIds[party] }).then(track);
}

function track(client: TestClient): TestClient {
  opened.push(client);
  return client;
}

/** Record every frame the client's socket receives from now on, before the SDK decodes it. */
function tapWire(client: TestClient): Buffer[] {
  const frames: Buffer[] = [];
  const events = client.room.connection.events;
  const deliver = events.onmessage;
  events.onmessage = (event: { data: unknown }) => {
    const data = event.data;
    frames.push(typeof data === 'string' ? Buffer.from(data) : data instanceof ArrayBuffer ? Buffer.from(new Uint8Array(data)) : Buffer.from(data as Uint8Array));
    return deliver?.(event);
  };
  return frames;
}

async function cast(): Promise<Cast> {
  const w = await createWorkshop(server, 3);
  const a1 = await participant(w, 'A1', 0);
  const a2 = await participant(w, 'A2', 0);
  const b = await participant(w, 'B', 1);
  const c = await participant(w, 'C', 2);
  const screen = track(await join(server, { role: 'screen', workshopId: w.id, code: w.code }));
  const facilitator = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key, name: 'Tovholder' }));
  const everyone = [a1, a2, b, c, screen, facilitator];
  const wire = new Map(everyone.map((client) => [client, tapWire(client)] as const));
  return { w, a1, a2, b, c, screen, facilitator, everyone, wire };
}

/** Move the workshop to `phase` and wait until every connected client has seen it. */
async function setPhase(k: Cast, phase: Phase): Promise<void> {
  expect((await k.facilitator.act('set-phase', { phase })).type).toBe('ack');
  await eventually(() => {
    for (const client of k.everyone) if (client.room.connection.isOpen) expect(client.json().phase).toBe(phase);
  });
}

/** The code an action is answered with ('ack' when accepted). */
async function answer(client: TestClient, type: string, payload: Record<string, unknown>): Promise<string | undefined> {
  const result = await client.act(type, payload);
  return result.type === 'ack' ? 'ack' : result.payload.code;
}

async function placed(client: TestClient, payload: Record<string, unknown>): Promise<string> {
  const result = await client.act('place', payload);
  expect(result.type, JSON.stringify(result.payload)).toBe('ack');
  expect(result.payload.pieceId).toBeTruthy();
  return result.payload.pieceId!;
}

/** The pieces a client holds; the per-viewer map is absent from the state until something is in its view. */
const piecesOf = (client: TestClient) => (client.json().pieces ?? {}) as Record<string, Record<string, unknown>>;
const votesOf = (client: TestClient) => Object.values((client.json().votes ?? {}) as Record<string, { memberId: string; pieceId: string }>);
const partiesOf = (client: TestClient) => client.json().parties as { id: string; pieceCount: number }[];

/** Assert that `client` holds no trace of `secrets`: not in its state, its messages or the bytes it received. */
function expectNoTrace(k: Cast, client: TestClient, who: string, secrets: string[]): void {
  const state = JSON.stringify(client.json());
  const inbox = JSON.stringify(client.inbox);
  const frames = k.wire.get(client) ?? [];
  for (const secret of secrets) {
    expect(state, `${who}'s state holds ${secret}`).not.toContain(secret);
    expect(inbox, `${who}'s messages hold ${secret}`).not.toContain(secret);
    expect(frames.some((f) => f.includes(Buffer.from(secret))), `${who}'s socket received ${secret}`).toBe(false);
  }
}

beforeAll(async () => {
  server = await testServer();
});

afterAll(async () => {
  for (const client of opened) {
    if (!client.room.connection?.isOpen) continue;
    await Promise.race([client.room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
  }
  await server?.close();
});

describe('hidden phases', () => {
  let k: Cast;
  const SECRET_A = 'Hemmelig-A-faerre-udsaettelser';
  const SECRET_A_EDIT = 'Hemmelig-A-rettet-note';
  const SECRET_B = 'Hemmelig-B-flere-laerlinge';
  const SECRET_B_PARTNER = 'Hemmelig-B-om-A';
  let aPiece = '';
  let bPiece = '';
  let bPartnerPiece = '';

  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'own-value');
  });

  it('in own-value shows a party its own pieces, the others only how many it placed', async () => {
    aPiece = await placed(k.a1, { kindId: 'residents', ...dropIn(k.w, 0, 0), note: SECRET_A, importance: 3 });
    bPiece = await placed(k.b, { kindId: 'network', ...dropIn(k.w, 1, 0), note: SECRET_B });
    await eventually(() => {
      for (const client of k.everyone) {
        expect(partiesOf(client)[0]!.pieceCount).toBe(1);
        expect(partiesOf(client)[1]!.pieceCount).toBe(1);
        expect(partiesOf(client)[2]!.pieceCount).toBe(0);
      }
    });
    await eventually(() => expect(piecesOf(k.facilitator)[aPiece]).toBeDefined());
    const aFull = { kindId: 'residents', note: SECRET_A, importance: 3, ...laidOut(k, aPiece), areaPartyId: k.w.partyIds[0], placedByPartyId: k.w.partyIds[0] };
    await eventually(() => {
      for (const client of [k.a1, k.a2]) {
        expect(piecesOf(client)[aPiece]).toMatchObject(aFull);
        expect(Object.keys(piecesOf(client))).toEqual([aPiece]);
      }
      expect(piecesOf(k.b)[bPiece]).toMatchObject({ kindId: 'network', note: SECRET_B, ...laidOut(k, bPiece) });
      expect(Object.keys(piecesOf(k.b))).toEqual([bPiece]);
      expect(piecesOf(k.facilitator)[aPiece]).toMatchObject(aFull);
      expect(piecesOf(k.facilitator)[bPiece]).toMatchObject({ note: SECRET_B });
    });
    await settle();
    for (const [client, who] of [[k.b, 'B'], [k.c, 'C'], [k.screen, 'screen']] as const) {
      expect(piecesOf(client)[aPiece], who).toBeUndefined();
      expectNoTrace(k, client, who, [aPiece, SECRET_A]);
    }
    for (const [client, who] of [[k.a1, 'A1'], [k.a2, 'A2'], [k.c, 'C'], [k.screen, 'screen']] as const) {
      expect(piecesOf(client)[bPiece], who).toBeUndefined();
      expectNoTrace(k, client, who, [bPiece, SECRET_B]);
    }
    // the tap does see secrets where they belong, so its silence above means something
    expect(k.wire.get(k.a2)!.some((f) => f.includes(Buffer.from(SECRET_A)))).toBe(true);
    expect(k.wire.get(k.facilitator)!.some((f) => f.includes(Buffer.from(SECRET_B)))).toBe(true);
    expect(Object.keys(piecesOf(k.c))).toEqual([]);
    expect(Object.keys(piecesOf(k.screen))).toEqual([]);
  });

  it('keeps an edit of a hidden piece off the wire of the other parties', async () => {
    expect(await answer(k.a2, 'edit', { pieceId: aPiece, note: SECRET_A_EDIT })).toBe('ack');
    await eventually(() => {
      for (const client of [k.a1, k.a2, k.facilitator]) expect(piecesOf(client)[aPiece]?.note).toBe(SECRET_A_EDIT);
    });
    await settle();
    for (const [client, who] of [[k.b, 'B'], [k.c, 'C'], [k.screen, 'screen']] as const) expectNoTrace(k, client, who, [aPiece, SECRET_A_EDIT]);
  });

  it('refuses placing in another party\'s area during own-value', async () => {
    expect(await answer(k.a1, 'place', { kindId: 'economy', ...dropIn(k.w, 1, 2) })).toBe('phase-closed');
    expect(await answer(k.c, 'place', { kindId: 'economy', ...dropIn(k.w, 0, 2) })).toBe('phase-closed');
    await settle();
    for (const client of k.everyone) expect(partiesOf(client).map((p) => p.pieceCount)).toEqual([1, 1, 0]);
  });

  it('relays a live drag to the dragger\'s own party and the facilitator only', async () => {
    const x = 432.5;
    const y = 321.25;
    const dragsAt = (client: TestClient) => dragsSeen(client).filter((d) => d.x === x);
    const seen = Promise.all([k.a2, k.facilitator].map((client) => nextDrag(client, (d) => d.x === x)));
    k.a1.room.send('drag', { v: PROTOCOL_VERSION, kindId: 'knowledge', x, y });
    for (const drag of await seen) expect(drag).toMatchObject({ kindId: 'knowledge', partyId: k.w.partyIds[0], memberId: k.a1.welcome.memberId, x, y });
    const ended = nextDragEnd(k.a2, k.a1.welcome.memberId);
    k.a1.room.send('drag-end', { v: PROTOCOL_VERSION });
    await ended;
    await settle();
    for (const [client, who] of [[k.b, 'B'], [k.c, 'C'], [k.screen, 'screen'], [k.a1, 'A1']] as const) expect(dragsAt(client), who).toHaveLength(0);
    for (const [client, who] of [[k.b, 'B'], [k.c, 'C'], [k.screen, 'screen']] as const) {
      expect(dragEndsSeen(client), who).toHaveLength(0);
    }
  });

  it('in partner-view lets a party place in others\' areas only, still hidden from everyone else', async () => {
    await setPhase(k, 'partner-view');
    bPartnerPiece = await placed(k.b, { kindId: 'reputation', ...dropIn(k.w, 0, 3), note: SECRET_B_PARTNER });
    expect(await answer(k.b, 'place', { kindId: 'economy', ...dropIn(k.w, 1, 4) })).toBe('phase-closed');
    await eventually(() => {
      for (const client of k.everyone) expect(partiesOf(client).map((p) => p.pieceCount)).toEqual([1, 2, 0]);
      expect(piecesOf(k.b)[bPartnerPiece]).toMatchObject({ areaPartyId: k.w.partyIds[0], placedByPartyId: k.w.partyIds[1], note: SECRET_B_PARTNER });
      expect(piecesOf(k.facilitator)[bPartnerPiece]).toMatchObject({ note: SECRET_B_PARTNER });
    });
    await settle();
    // lying in A's area does not make it A's to see before the reveal
    for (const [client, who] of [[k.a1, 'A1'], [k.a2, 'A2'], [k.c, 'C'], [k.screen, 'screen']] as const) {
      expect(piecesOf(client)[bPartnerPiece], who).toBeUndefined();
      expectNoTrace(k, client, who, [bPartnerPiece, SECRET_B_PARTNER, SECRET_B]);
    }
    for (const [client, who] of [[k.b, 'B'], [k.c, 'C'], [k.screen, 'screen']] as const) expectNoTrace(k, client, who, [aPiece, SECRET_A_EDIT]);
    expect(Object.keys(piecesOf(k.a1))).toEqual([aPiece]);
    expect(Object.keys(piecesOf(k.b)).sort()).toEqual([bPiece, bPartnerPiece].sort());
  });

  it('going back from partner-view to own-value keeps everything hidden', async () => {
    await setPhase(k, 'own-value');
    expect(await answer(k.b, 'place', { kindId: 'strategy', ...dropIn(k.w, 0, 5) })).toBe('phase-closed');
    await settle();
    expect(Object.keys(piecesOf(k.a1))).toEqual([aPiece]);
    expect(Object.keys(piecesOf(k.a2))).toEqual([aPiece]);
    expect(Object.keys(piecesOf(k.b)).sort()).toEqual([bPiece, bPartnerPiece].sort());
    expect(Object.keys(piecesOf(k.c))).toEqual([]);
    expect(Object.keys(piecesOf(k.screen))).toEqual([]);
    expect(Object.keys(piecesOf(k.facilitator)).sort()).toEqual([aPiece, bPiece, bPartnerPiece].sort());
    for (const [client, who] of [[k.c, 'C'], [k.screen, 'screen']] as const) expectNoTrace(k, client, who, [aPiece, bPiece, bPartnerPiece, SECRET_A_EDIT, SECRET_B, SECRET_B_PARTNER]);
  });
  it('shows a late joiner its own party\'s pieces at once, and a late joiner of another party none', async () => {
    const a3 = await participant(k.w, 'A3', 0);
    const c2 = await participant(k.w, 'C2', 2);
    const screen2 = track(await join(server, { role: 'screen', workshopId: k.w.id, code: k.w.code }));
    await eventually(() => expect(Object.keys(piecesOf(a3))).toEqual([aPiece]));
    expect(piecesOf(a3)[aPiece]).toMatchObject({ note: SECRET_A_EDIT });
    for (const [client, who] of [[c2, 'C2'], [screen2, 'screen2']] as const) {
      expect(Object.keys(piecesOf(client)), who).toEqual([]);
      expect(partiesOf(client).map((p) => p.pieceCount), who).toEqual([1, 2, 0]);
      const state = JSON.stringify(client.json());
      for (const secret of [aPiece, bPiece, bPartnerPiece, SECRET_A_EDIT, SECRET_B, SECRET_B_PARTNER]) expect(state, who).not.toContain(secret);
    }
    for (const client of [a3, c2, screen2]) await client.room.leave();
  });

  it('gives a participant who drops and comes back its party\'s pieces, and still not the others\'', async () => {
    k.a1.room.reconnection.minUptime = 0;
    k.a1.room.reconnection.minDelay = 50;
    const back = new Promise<void>((resolve) => k.a1.room.onReconnect(() => resolve()));
    const socket = (k.a1.room.connection.transport as unknown as { ws: { close(code: number): void } }).ws;
    socket.close(4010);
    await back;
    await eventually(() => expect(k.facilitator.json().members[k.a1.welcome.memberId]?.connected).toBe(true));
    const later = await placed(k.a2, { kindId: 'innovation', ...dropIn(k.w, 0, 6), note: 'Efter genforbindelse' });
    const laterB = await placed(k.b, { kindId: 'innovation', ...dropIn(k.w, 1, 6), note: 'Hemmelig-B-efter' });
    await eventually(() => expect(Object.keys(piecesOf(k.a1)).sort()).toEqual([aPiece, later].sort()));
    expect(piecesOf(k.a1)[aPiece]).toMatchObject({ note: SECRET_A_EDIT });
    await settle();
    expectNoTrace(k, k.a1, 'A1 after reconnecting', [bPiece, bPartnerPiece, laterB, SECRET_B, SECRET_B_PARTNER, 'Hemmelig-B-efter']);
  });
});

describe('reveal and dialogue', () => {
  let k: Cast;
  let pieces: Record<string, { note: string; owner: TestClient }>;

  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'own-value');
    const a = await placed(k.a1, { kindId: 'residents', ...dropIn(k.w, 0, 0), note: 'A om A' });
    const b = await placed(k.b, { kindId: 'network', ...dropIn(k.w, 1, 0), note: 'B om B' });
    const c = await placed(k.c, { kindId: 'meaning', ...dropIn(k.w, 2, 0), note: 'C om C' });
    await setPhase(k, 'partner-view');
    const ba = await placed(k.b, { kindId: 'reputation', ...dropIn(k.w, 0, 1), note: 'B om A' });
    pieces = { [a]: { note: 'A om A', owner: k.a1 }, [b]: { note: 'B om B', owner: k.b }, [c]: { note: 'C om C', owner: k.c }, [ba]: { note: 'B om A', owner: k.b } };
    await eventually(() => expect(partiesOf(k.screen).map((p) => p.pieceCount)).toEqual([1, 2, 1]));
    expect(Object.keys(piecesOf(k.screen))).toEqual([]);
  });

  it('shows every piece to everyone at once on reveal', async () => {
    await setPhase(k, 'reveal');
    await eventually(() => {
      for (const client of k.everyone) {
        expect(Object.keys(piecesOf(client)).sort()).toEqual(Object.keys(pieces).sort());
        for (const [id, { note }] of Object.entries(pieces)) expect(piecesOf(client)[id]?.note).toBe(note);
      }
    });
  });

  it('refuses placing, editing and moving during the reveal', async () => {
    const [aId] = Object.keys(pieces);
    expect(await answer(k.a1, 'place', { kindId: 'economy', ...dropIn(k.w, 0, 3) })).toBe('phase-closed');
    expect(await answer(k.b, 'place', { kindId: 'economy', ...dropIn(k.w, 0, 4) })).toBe('phase-closed');
    expect(await answer(k.a1, 'edit', { pieceId: aId!, note: 'ændret' })).toBe('phase-closed');
    const before = laidOut(k, aId!);
    expect(await answer(k.a1, 'move', { pieceId: aId!, ...dropIn(k.w, 0, 5) })).toBe('phase-closed');
    await settle();
    expect(piecesOf(k.screen)[aId!]).toMatchObject({ note: 'A om A', ...before });
  });

  it('hides the other parties\' pieces again when the facilitator goes back to a hidden phase', async () => {
    const [aId, bId, cId, baId] = Object.keys(pieces) as [string, string, string, string];
    await setPhase(k, 'own-value');
    await eventually(() => {
      expect(Object.keys(piecesOf(k.a1))).toEqual([aId]);
      expect(Object.keys(piecesOf(k.b)).sort()).toEqual([bId, baId].sort());
      expect(Object.keys(piecesOf(k.c))).toEqual([cId]);
      expect(Object.keys(piecesOf(k.screen))).toEqual([]);
      expect(Object.keys(piecesOf(k.facilitator))).toHaveLength(4);
    });
    await setPhase(k, 'reveal');
    await eventually(() => {
      for (const client of k.everyone) expect(Object.keys(piecesOf(client))).toHaveLength(4);
    });
  });

  it('in dialogue allows editing and moving one\'s own party\'s pieces, but not placing', async () => {
    await setPhase(k, 'dialogue');
    const [aId, bId] = Object.keys(pieces) as [string, string];
    expect(await answer(k.a2, 'edit', { pieceId: aId, note: 'Konkret: færre udsættelser', importance: 1 })).toBe('ack');
    expect(await answer(k.a1, 'move', { pieceId: aId, ...dropIn(k.w, 0, 6) })).toBe('ack');
    expect(await answer(k.a1, 'edit', { pieceId: bId, note: 'ikke min' })).toBe('not-your-party');
    expect(await answer(k.a1, 'move', { pieceId: bId, ...dropIn(k.w, 1, 6) })).toBe('not-your-party');
    expect(await answer(k.a1, 'place', { kindId: 'economy', ...dropIn(k.w, 0, 7) })).toBe('phase-closed');
    expect(await answer(k.c, 'place', { kindId: 'economy', ...dropIn(k.w, 2, 7) })).toBe('phase-closed');
    await eventually(() => {
      for (const client of k.everyone) {
        // where the server laid it out, the same on every screen
        expect(piecesOf(client)[aId]).toMatchObject({ note: 'Konkret: færre udsættelser', importance: 1, ...laidOut(k, aId) });
        expect(piecesOf(client)[bId]?.note).toBe('B om B');
        expect(Object.keys(piecesOf(client))).toHaveLength(4);
      }
    });
  });
});

describe('lock and agreement', () => {
  let k: Cast;
  let piece = '';

  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'own-value');
    piece = await placed(k.a1, { kindId: 'residents', ...dropIn(k.w, 0, 0), note: 'før' });
  });

  it('locks the board for everyone in the agreement phase; only the facilitator still changes it', async () => {
    await setPhase(k, 'agreement');
    await eventually(() => {
      for (const client of k.everyone) expect(client.json().locked).toBe(true);
    });
    expect(await answer(k.a1, 'edit', { pieceId: piece, note: 'låst?' })).toBe('board-locked');
    expect(await answer(k.a2, 'move', { pieceId: piece, ...dropIn(k.w, 0, 1) })).toBe('board-locked');
    expect(await answer(k.a1, 'remove', { pieceId: piece })).toBe('board-locked');
    expect(await answer(k.facilitator, 'edit', { pieceId: piece, note: 'rettet af tovholder' })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) expect(piecesOf(client)[piece]?.note).toBe('rettet af tovholder');
    });
  });

  it('after unlocking in agreement a participant is still refused, by the phase (agreement does not allow editing)', async () => {
    expect(await answer(k.facilitator, 'lock', { locked: false })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) expect(client.json().locked).toBe(false);
    });
    expect(await answer(k.a1, 'edit', { pieceId: piece, note: 'nu?' })).toBe('phase-closed');
  });

  it('a lock in dialogue stops participants, and unlocking lets them edit again', async () => {
    await setPhase(k, 'dialogue');
    expect(await answer(k.facilitator, 'lock', { locked: true })).toBe('ack');
    await eventually(() => expect(k.a1.json().locked).toBe(true));
    expect(await answer(k.a1, 'edit', { pieceId: piece, note: 'låst' })).toBe('board-locked');
    expect(await answer(k.facilitator, 'lock', { locked: false })).toBe('ack');
    expect(await answer(k.a1, 'edit', { pieceId: piece, note: 'åben igen' })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) expect(piecesOf(client)[piece]).toMatchObject({ note: 'åben igen' });
    });
  });

  it('going back from agreement unlocks the board', async () => {
    await setPhase(k, 'agreement');
    await eventually(() => expect(k.b.json().locked).toBe(true));
    await setPhase(k, 'dialogue');
    await eventually(() => {
      for (const client of k.everyone) expect(client.json().locked).toBe(false);
    });
  });

  it('shows the facilitator\'s agreement lines to everyone and refuses them from a participant', async () => {
    expect(await answer(k.facilitator, 'agreement-add', { list: 'sharedValues', text: 'Børnenes trivsel' })).toBe('ack');
    expect(await answer(k.facilitator, 'agreement-add', { list: 'nextSteps', text: 'Skolen inviterer til møde', ownerPartyId: k.w.partyIds[2] })).toBe('ack');
    expect(await answer(k.a1, 'agreement-add', { list: 'openQuestions', text: 'Hvem betaler?' })).toBe('facilitator-only');
    expect(await answer(k.screen, 'agreement-add', { list: 'openQuestions', text: 'Hvem betaler?' })).toBe('read-only');
    await eventually(() => {
      for (const client of k.everyone) {
        const agreement = client.json().agreement as Record<string, { text: string; ownerPartyId: string }[]>;
        expect(agreement.sharedValues!.map((i) => i.text)).toEqual(['Børnenes trivsel']);
        expect(agreement.nextSteps).toEqual([expect.objectContaining({ text: 'Skolen inviterer til møde', ownerPartyId: k.w.partyIds[2] })]);
        expect(agreement.openQuestions).toEqual([]);
      }
    });
  });
});

describe('dot-voting', () => {
  let k: Cast;
  let aPiece = '';
  let bPiece = '';

  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'own-value');
    aPiece = await placed(k.a1, { kindId: 'residents', ...dropIn(k.w, 0, 0) });
    bPiece = await placed(k.b, { kindId: 'network', ...dropIn(k.w, 1, 0) });
  });

  it('does not let a participant vote on a piece it cannot see yet', async () => {
    expect(await answer(k.facilitator, 'voting', { open: true })).toBe('ack');
    expect(await answer(k.a1, 'vote', { pieceId: bPiece })).toBe('unknown-piece');
    expect(await answer(k.facilitator, 'voting', { open: false })).toBe('ack');
  });

  it('keeps each participant\'s dots to themselves (and the facilitator) until the result is shown', async () => {
    await setPhase(k, 'dialogue');
    expect(await answer(k.facilitator, 'voting', { open: true, dots: 2 })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) expect(client.json().voting).toMatchObject({ open: true, dots: 2, shown: false });
    });
    expect(await answer(k.a1, 'vote', { pieceId: bPiece })).toBe('ack');
    expect(await answer(k.a1, 'vote', { pieceId: bPiece })).toBe('ack');
    expect(await answer(k.a1, 'vote', { pieceId: aPiece })).toBe('no-dots-left');
    expect(await answer(k.b, 'vote', { pieceId: aPiece })).toBe('ack');
    const a1Id = k.a1.welcome.memberId;
    const bId = k.b.welcome.memberId;
    await eventually(() => {
      expect(votesOf(k.facilitator)).toHaveLength(3);
      expect(votesOf(k.a1).map((v) => [v.memberId, v.pieceId])).toEqual([[a1Id, bPiece], [a1Id, bPiece]]);
      expect(votesOf(k.b).map((v) => [v.memberId, v.pieceId])).toEqual([[bId, aPiece]]);
    });
    await settle();
    expect(votesOf(k.a1)).toHaveLength(2);
    expect(votesOf(k.b)).toHaveLength(1);
    expect(votesOf(k.a2)).toEqual([]);
    expect(votesOf(k.c)).toEqual([]);
    expect(votesOf(k.screen)).toEqual([]);
  });

  it('shows every dot to everyone once shown, and lets a participant take a dot back', async () => {
    expect(await answer(k.facilitator, 'voting', { shown: true })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) {
        expect(votesOf(client)).toHaveLength(3);
        expect(votesOf(client).filter((v) => v.pieceId === bPiece)).toHaveLength(2);
      }
    });
    expect(await answer(k.a1, 'unvote', { pieceId: bPiece })).toBe('ack');
    expect(await answer(k.a1, 'unvote', { pieceId: aPiece })).toBe('no-vote-here');
    await eventually(() => {
      for (const client of k.everyone) {
        expect(votesOf(client).filter((v) => v.pieceId === bPiece)).toHaveLength(1);
        expect(votesOf(client).filter((v) => v.pieceId === aPiece)).toHaveLength(1);
      }
    });
    // the freed dot can be used again
    expect(await answer(k.a1, 'vote', { pieceId: aPiece })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) expect(votesOf(client)).toHaveLength(3);
    });
  });

  it('hides the others\' dots again when the result is hidden', async () => {
    expect(await answer(k.facilitator, 'voting', { shown: false })).toBe('ack');
    await eventually(() => {
      expect(votesOf(k.screen)).toEqual([]);
      expect(votesOf(k.c)).toEqual([]);
      expect(votesOf(k.b).map((v) => v.memberId)).toEqual([k.b.welcome.memberId]);
      expect(votesOf(k.a1).every((v) => v.memberId === k.a1.welcome.memberId)).toBe(true);
      expect(votesOf(k.a1)).toHaveLength(2);
      expect(votesOf(k.facilitator)).toHaveLength(3);
    });
  });

  it('refuses votes from the facilitator, the screen, and anyone once voting is closed', async () => {
    expect(await answer(k.facilitator, 'vote', { pieceId: aPiece })).toBe('not-a-voter');
    expect(await answer(k.screen, 'vote', { pieceId: aPiece })).toBe('read-only');
    expect(await answer(k.screen, 'unvote', { pieceId: aPiece })).toBe('read-only');
    expect(await answer(k.facilitator, 'voting', { open: false })).toBe('ack');
    await eventually(() => expect(k.c.json().voting).toMatchObject({ open: false }));
    expect(await answer(k.c, 'vote', { pieceId: aPiece })).toBe('voting-closed');
    expect(await answer(k.b, 'unvote', { pieceId: aPiece })).toBe('voting-closed');
    await settle();
    expect(votesOf(k.facilitator)).toHaveLength(3);
  });
});

describe('timer', () => {
  let k: Cast;
  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'dialogue');
  });

  it('resets, starts and pauses on the server\'s clock, the same for everyone', async () => {
    expect(await answer(k.facilitator, 'timer', { op: 'reset', seconds: 60 })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) expect(client.json().timer).toEqual({ durationMs: 60_000, endsAt: 0, remainingMs: 60_000, running: false });
    });
    const before = Date.now();
    expect(await answer(k.facilitator, 'timer', { op: 'start' })).toBe('ack');
    const after = Date.now();
    await eventually(() => {
      for (const client of k.everyone) expect((client.json().timer as { running: boolean }).running).toBe(true);
    });
    const started = k.screen.json().timer as { endsAt: number };
    expect(started.endsAt).toBeGreaterThanOrEqual(before + 60_000 - 2_000);
    expect(started.endsAt).toBeLessThanOrEqual(after + 60_000 + 2_000);
    for (const client of k.everyone) expect((client.json().timer as { endsAt: number }).endsAt).toBe(started.endsAt);
    await new Promise((r) => setTimeout(r, 100));
    expect(await answer(k.facilitator, 'timer', { op: 'pause' })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) expect((client.json().timer as { running: boolean }).running).toBe(false);
    });
    const paused = k.screen.json().timer as { remainingMs: number; endsAt: number; durationMs: number };
    expect(paused.remainingMs).toBeLessThanOrEqual(60_000 - 100 + 50);
    expect(paused.remainingMs).toBeGreaterThan(55_000);
    expect(paused).toMatchObject({ endsAt: 0, durationMs: 60_000 });
    for (const client of k.everyone) expect(client.json().timer).toEqual(k.screen.json().timer);
  });
});

describe('undo', () => {
  let k: Cast;
  let older = '';
  let newer = '';

  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'own-value');
    older = await placed(k.a2, { kindId: 'residents', ...dropIn(k.w, 0, 0), note: 'oprindelig' });
    newer = await placed(k.a1, { kindId: 'network', ...dropIn(k.w, 0, 1), note: 'A1s nye' });
    await setPhase(k, 'dialogue');
    expect(await answer(k.a2, 'edit', { pieceId: older, note: 'A2 rettede' })).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) {
        expect(piecesOf(client)[newer]).toBeDefined();
        expect(piecesOf(client)[older]?.note).toBe('A2 rettede');
      }
    });
  });

  it('undoes a participant\'s own last action, not a later one by a teammate', async () => {
    expect(await answer(k.a1, 'undo', {})).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) {
        expect(piecesOf(client)[newer]).toBeUndefined();
        expect(piecesOf(client)[older]?.note).toBe('A2 rettede');
        expect(partiesOf(client)[0]!.pieceCount).toBe(1);
      }
    });
    expect(await answer(k.a1, 'undo', {})).toBe('nothing-to-undo');
  });

  it('has nothing to undo for someone who did nothing, and the screen may not undo', async () => {
    expect(await answer(k.b, 'undo', {})).toBe('nothing-to-undo');
    expect(await answer(k.screen, 'undo', {})).toBe('read-only');
  });

  it('lets the facilitator undo the last change of anyone', async () => {
    expect(await answer(k.facilitator, 'undo', {})).toBe('ack');
    await eventually(() => {
      for (const client of k.everyone) {
        expect(piecesOf(client)[older]?.note).toBe('oprindelig');
        expect(piecesOf(client)[newer]).toBeUndefined();
      }
    });
  });
});

type Payload<K extends Action['type']> = Omit<ClientMessage<K>, 'v' | 'aid'>;

describe('facilitator-only actions', () => {
  let k: Cast;

  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'dialogue');
    expect(await answer(k.facilitator, 'agreement-add', { list: 'openQuestions', text: 'Hvem betaler?' })).toBe('ack');
    await eventually(() => expect((k.facilitator.json().agreement as { openQuestions: unknown[] }).openQuestions).toHaveLength(1));
  });

  it('refuses each of them from a participant (facilitator-only) and from the screen (read-only), leaving the state unchanged', async () => {
    const itemId = (k.facilitator.json().agreement as { openQuestions: { id: string }[] }).openQuestions[0]!.id;
    // a valid payload for every facilitator-only action; null for the actions anyone may take
    const payloads: { [K in Action['type']]: Payload<K> | null } = {
      place: null,
      grab: null,
      release: null,
      move: null,
      edit: null,
      remove: null,
      vote: null,
      unvote: null,
      undo: null,
      'update-workshop': { title: 'Kapret', maxParticipants: 2 },
      'update-party': { partyId: k.w.partyIds[1]!, name: 'Kapret', color: '#123456' },
      'add-party': { name: 'Frivilligcentret' },
      'remove-party': { partyId: k.w.partyIds[2]! },
      'set-phase': { phase: 'reveal' },
      'set-open': { open: false },
      'set-approval': { approveJoins: true },
      admit: { memberId: k.b.welcome.memberId },
      kick: { memberId: k.b.welcome.memberId },
      lock: { locked: true },
      spotlight: { kind: 'party', id: k.w.partyIds[0]! },
      voting: { open: true, dots: 5, shown: true },
      timer: { op: 'reset', seconds: 120 },
      'agreement-add': { list: 'sharedValues', text: 'Kapret' },
      'agreement-update': { list: 'openQuestions', itemId, text: 'Kapret' },
      'agreement-remove': { list: 'openQuestions', itemId },
      'add-kind': { label: 'Tryghed', category: 'people' },
    };
    const facilitatorOnly = Object.entries(payloads).filter(([, p]) => p !== null).map(([type]) => type);
    expect(facilitatorOnly.sort()).toEqual([...FACILITATOR_ACTIONS].sort());

    await settle();
    const before = JSON.stringify(k.facilitator.json());
    const screenBefore = JSON.stringify(k.screen.json());
    for (const type of FACILITATOR_ACTIONS) {
      const payload = payloads[type as Action['type']] as Record<string, unknown>;
      expect(await answer(k.a1, type, payload), `${type} by a participant`).toBe('facilitator-only');
      expect(await answer(k.screen, type, payload), `${type} by the screen`).toBe('read-only');
    }
    await settle();
    expect(JSON.stringify(k.facilitator.json())).toBe(before);
    expect(JSON.stringify(k.screen.json())).toBe(screenBefore);
    expect(k.b.room.connection.isOpen).toBe(true);
  });
});

describe('kick and capacity', () => {
  let k: Cast;
  beforeAll(async () => {
    k = await cast();
    await setPhase(k, 'own-value');
  });

  it('tells a kicked participant why, closes its connection and drops it from everyone\'s members', async () => {
    const cId = k.c.welcome.memberId;
    await eventually(() => {
      for (const client of k.everyone) expect(client.json().members[cId]).toMatchObject({ name: 'C', connected: true });
    });
    const left = new Promise<number>((resolve) => k.c.room.onLeave((code) => resolve(code)));
    const told = k.c.next<{ code: string; message: string }>('error', (e) => (e as { code: string }).code === 'kicked');
    expect(await answer(k.facilitator, 'kick', { memberId: cId })).toBe('ack');
    const error = await told;
    expect(error.message.length).toBeGreaterThan(5);
    const code = await Promise.race([left, new Promise<string>((r) => setTimeout(() => r('still connected'), 3000))]);
    expect(code).toBe(4000);
    expect(k.c.room.connection.isOpen).toBe(false);
    await eventually(() => {
      for (const client of k.everyone) if (client !== k.c) expect(client.json().members[cId]).toBeUndefined();
    });
    expect(await answer(k.facilitator, 'kick', { memberId: cId })).toBe('unknown-member');
    expect(await answer(k.facilitator, 'kick', { memberId: k.facilitator.welcome.memberId })).toBe('unknown-member');
  });

  it('refuses new participants and new screens while closed (a screen sees the whole board once it is shown), and lets both in again once open', async () => {
    expect(await answer(k.facilitator, 'set-open', { open: false })).toBe('ack');
    await eventually(() => expect(k.a1.json().open).toBe(false));
    await expect(participant(k.w, 'Sen', 2)).rejects.toThrow(/workshop-closed/);
    await expect(join(server, { role: 'screen', workshopId: k.w.id, code: k.w.code })).rejects.toThrow(/workshop-closed/);
    expect(await answer(k.facilitator, 'set-open', { open: true })).toBe('ack');
    const screen2 = track(await join(server, { role: 'screen', workshopId: k.w.id, code: k.w.code }));
    expect(screen2.welcome.role).toBe('screen');
    await screen2.room.leave();
  });

  it('refuses a participant beyond the most allowed, counting only those connected', async () => {
    expect(await answer(k.facilitator, 'set-open', { open: true })).toBe('ack');
    expect(await answer(k.facilitator, 'update-workshop', { maxParticipants: 2 })).toBe('ack');
    await eventually(() => expect(k.screen.json()).toMatchObject({ open: true, maxParticipants: 2 }));
    // A1, A2 and B are connected
    await expect(participant(k.w, 'Fjerde', 2)).rejects.toThrow(/workshop-full/);
    await k.a2.room.leave();
    await k.b.room.leave();
    await eventually(() => {
      const members = Object.values(k.facilitator.json().members);
      expect(members.filter((m) => m.role === 'participant' && m.connected).map((m) => m.name)).toEqual(['A1']);
    });
    const second = await participant(k.w, 'Anden', 2);
    expect(second.welcome).toMatchObject({ role: 'participant', partyId: k.w.partyIds[2] });
    await expect(participant(k.w, 'Tredje', 1)).rejects.toThrow(/workshop-full/);
  });
});
