/**
 * Attacks from outside the rules, made as an attacker would make them: with the official SDK,
 * raw matchmaking requests and raw HTTP against a real server. Each test here failed before the
 * defect it names (issue 13) was fixed.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { BODY_LIMITS } from '../../server/http.ts';
import { FIELD_LIMITS, MAX_AGREEMENT_LINES, PIECE_LIMITS, WORKSHOP_CAPS } from '../../shared/limits.ts';
import { NOTE_MAX } from '../../shared/protocol.ts';
import type { RunningServer } from '../../server/app.ts';
import { PROTOCOL_VERSION, type ServerMessages } from '../../shared/protocol.ts';
import { createWorkshop, eventually, join, testServer, type TestClient, type TestWorkshop } from './harness.ts';
import { droppable, settle } from './reconnectHarness.ts';

let server: RunningServer;
const opened: TestClient[] = [];

beforeAll(async () => {
  server = await testServer();
});

afterAll(async () => {
  for (const c of opened) await Promise.race([c.room.leave().catch(() => undefined), settle(200)]);
  await server?.close();
});

function track(client: TestClient): TestClient {
  opened.push(client);
  return client;
}

/** Wait for the SDK to give the room up; resolves with the close code. */
function leaving(client: TestClient): Promise<number> {
  return new Promise((resolve) => client.room.onLeave((code) => resolve(code)));
}

/** Take up a dropped session with its reconnection token, as an attacker holding the token would; undefined when refused. */
async function takeBack(token: string): Promise<TestClient['room'] | undefined> {
  try {
    const room = await new Client(server.url).reconnect(token);
    room.reconnection.enabled = false;
    opened.push({ room } as TestClient);
    return room;
  } catch {
    return undefined;
  }
}

/** Whether `room` gets `set-phase` accepted: an ack means it acts as a facilitator. */
async function actsAsFacilitator(room: TestClient['room']): Promise<boolean> {
  const aid = `attack-${Math.random().toString(36).slice(2)}`;
  const answer = new Promise<boolean>((resolve) => {
    room.onMessage('ack', (ack: ServerMessages['ack']) => ack.aid === aid && resolve(true));
    room.onMessage('error', (error: ServerMessages['error']) => error.aid === aid && resolve(false));
    room.onLeave(() => resolve(false));
    setTimeout(() => resolve(false), 1500);
  });
  try {
    room.send('set-phase', { v: PROTOCOL_VERSION, aid, phase: 'dialogue' });
  } catch {
    return false;
  }
  return answer;
}

describe('a withdrawn right never comes back through reconnection', () => {
  it('a co-facilitator on a rotated key cannot take its session back with its reconnection token', async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key, name: 'Lead' }));
    const coKey = (await lead.act('create-co-key', {})) as { payload: { key?: string } };
    const co = track(await join(server, { role: 'facilitator', workshopId: w.id, key: coKey.payload.key!, name: 'Co' }));
    co.room.reconnection.enabled = false;
    const token = co.room.reconnectionToken;
    const gone = leaving(co);

    const rotated = (await lead.act('rotate-key', {})) as { type: string; payload: { key?: string } };
    expect(rotated.type).toBe('ack');
    expect(await gone).toBe(4003);

    // within the grace period, the old co-facilitator presents its reconnection token: it was withdrawn
    const back = await takeBack(token);
    if (back) expect(await actsAsFacilitator(back)).toBe(false);
    expect(back).toBeUndefined();
    // the real facilitator's new key still works
    const again = track(await join(server, { role: 'facilitator', workshopId: w.id, key: rotated.payload.key!, name: 'Lead' }));
    expect(again.welcome.role).toBe('facilitator');
    expect((await again.act('set-phase', { phase: 'lobby' })).type).toBe('ack');
  });

  it('a co-facilitator that was away when the key was rotated does not come back as facilitator', async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key, name: 'Lead' }));
    const coKey = (await lead.act('create-co-key', {})) as { payload: { key?: string } };
    const co = track(await join(server, { role: 'facilitator', workshopId: w.id, key: coKey.payload.key!, name: 'Co' }));
    const away = droppable(co, { reconnect: false });
    const token = co.room.reconnectionToken;
    away.drop('network');
    await away.left();
    expect((await lead.act('rotate-key', {})).type).toBe('ack');

    const back = await takeBack(token);
    if (back) expect(await actsAsFacilitator(back)).toBe(false);
    expect(back).toBeUndefined();
  });

  it('a kicked participant cannot take its session back with its reconnection token', async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    const kim = track(await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Kim', partyId: w.partyIds[0] }));
    kim.room.reconnection.enabled = false;
    const token = kim.room.reconnectionToken;
    const gone = leaving(kim);
    expect((await lead.act('kick', { memberId: kim.welcome.memberId })).type).toBe('ack');
    await gone;
    expect(await takeBack(token)).toBeUndefined();
    await eventually(() => expect(lead.json().members[kim.welcome.memberId]).toBeUndefined());
  });

  it('a participant kicked while away cannot take its session back with its reconnection token', async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    const kim = track(await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Kim', partyId: w.partyIds[0] }));
    const away = droppable(kim, { reconnect: false });
    const token = kim.room.reconnectionToken;
    away.drop('network');
    await away.left();
    expect((await lead.act('kick', { memberId: kim.welcome.memberId })).type).toBe('ack');
    expect(await takeBack(token)).toBeUndefined();
  });
});

// ---- helpers for raw requests ---------------------------------------------------------------

/** A raw HTTP request from a chosen loopback address (127.0.0.x), as a second machine would send it. */
function rawRequest(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; from?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; json: Record<string, unknown> }> {
  const url = new URL(path, server.url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, localAddress: options.from ?? '127.0.0.1', agent: false, headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...options.headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON: an empty object says so
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** A raw matchmaking request, as `joinOrCreate` sends it, from a chosen loopback address. */
function matchmake(body: Record<string, unknown>, from?: string) {
  return rawRequest('POST', '/matchmake/joinOrCreate/workshop', { body: { v: PROTOCOL_VERSION, ...body }, from });
}

function participant(w: TestWorkshop, name: string, party = 0): Promise<TestClient> {
  return join(server, { role: 'participant', workshopId: w.id, code: w.code, name, partyId: w.partyIds[party] }).then(track);
}

describe('a seat moved to another device stays moved', () => {
  it('the old device cannot take its session back with its reconnection token, nor act through it', async () => {
    const w = await createWorkshop(server, 2);
    const phone = await participant(w, 'Pia', 0);
    phone.room.reconnection.enabled = false;
    const token = phone.room.reconnectionToken;
    const gone = leaving(phone);
    const laptop = track(await join(server, { role: 'rejoin', workshopId: w.id, code: w.code, seat: phone.welcome.seatToken! }));
    expect(await gone).toBe(4009);
    expect(await takeBack(token)).toBeUndefined();
    expect((await laptop.act('undo', {})).payload.code).toBe('nothing-to-undo');
  });

  it('an old device that was away when its seat moved acts as nobody when it comes back', async () => {
    const w = await createWorkshop(server, 2);
    const phone = await participant(w, 'Pia', 0);
    const away = droppable(phone, { reconnect: false });
    const token = phone.room.reconnectionToken;
    away.drop('network');
    await away.left();
    track(await join(server, { role: 'rejoin', workshopId: w.id, code: w.code, seat: phone.welcome.seatToken! }));
    const back = await takeBack(token);
    if (back) {
      const aid = 'attack-undo';
      const answered = new Promise<string>((resolve) => {
        back.onMessage('ack', (a: ServerMessages['ack']) => a.aid === aid && resolve('ack'));
        back.onMessage('error', (e: ServerMessages['error']) => e.aid === aid && resolve(e.code));
        back.onLeave(() => resolve('left'));
        setTimeout(() => resolve('none'), 1000);
      });
      back.send('undo', { v: PROTOCOL_VERSION, aid });
      expect(['left', 'none']).toContain(await answered);
    }
  });
});

describe('nobody can jam a room with its workshop id', () => {
  it('150 looping joins with only the workshop id hold no seat: 8 honest joins right after all get in', { timeout: 60_000 }, async () => {
    const w = await createWorkshop(server, 3);
    const facilitator = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    const pia = await participant(w, 'Pia', 0);
    const statuses = new Map<number, number>();
    // the attacker comes from another address, so the honest joins below are not counted with it
    await Promise.all(
      Array.from({ length: 150 }, async () => {
        for (let i = 0; i < 5; i++) {
          const { status } = await matchmake({ workshopId: w.id }, '127.0.0.2');
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    // every one refused before a seat was reserved
    expect([...statuses.keys()]).toEqual([400]);
    const honest = await Promise.all([
      participant(w, 'Ali', 0),
      participant(w, 'Bo', 1),
      participant(w, 'Cai', 2),
      participant(w, 'Dee', 1),
      participant(w, 'Eva', 2),
      join(server, { role: 'rejoin', workshopId: w.id, code: w.code, seat: pia.welcome.seatToken! }).then(track),
      join(server, { role: 'facilitator', workshopId: w.id, key: w.key, name: 'Co' }).then(track),
      join(server, { role: 'screen', workshopId: w.id, code: w.code }).then(track),
    ]);
    expect(honest.map((c) => c.welcome.role)).toEqual(['participant', 'participant', 'participant', 'participant', 'participant', 'participant', 'facilitator', 'screen']);
    expect(honest[5]!.welcome.memberId).toBe(pia.welcome.memberId);
    await eventually(() => expect(Object.values(facilitator.json().members).filter((m) => m.connected)).toHaveLength(9));
  });

  it('wrong codes and keys hold no seat either, and reservations by someone with the code never make the room full', { timeout: 60_000 }, async () => {
    const w = await createWorkshop(server, 2);
    const wrong = await Promise.all([
      matchmake({ role: 'participant', workshopId: w.id, code: 'ACDE-FGHJ', name: 'X', partyId: w.partyIds[0] }, '127.0.0.3'),
      matchmake({ role: 'facilitator', workshopId: w.id, key: 'k'.repeat(32) }, '127.0.0.3'),
      matchmake({ role: 'rejoin', workshopId: w.id, code: w.code, seat: 's'.repeat(32) }, '127.0.0.3'),
    ]);
    expect(wrong.map((r) => [r.status, r.json.error])).toEqual([
      [403, 'wrong-code'],
      [403, 'wrong-key'],
      [403, 'seat-unknown'],
    ]);
    // someone who has the code reserves seats and never connects: past a meeting room's worth they are refused
    const reserved = await Promise.all(Array.from({ length: 700 }, () => matchmake({ role: 'screen', workshopId: w.id, code: w.code }, '127.0.0.4')));
    const ok = reserved.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(DEFAULT_LIMITS.newMembersPerMinute - 1);
    expect(ok).toBeLessThanOrEqual(DEFAULT_LIMITS.joinsPerMinute);
    expect(new Set(reserved.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.json.error}`))).toEqual(new Set(['429 too-many-joins']));
    // and the room is not full for anyone else
    const honest = await Promise.all(['Ali', 'Bo', 'Cai'].map((name, i) => participant(w, name, i % 2)));
    expect(honest.every((c) => c.welcome.role === 'participant')).toBe(true);
  });
});

describe('a meeting room behind one address is never refused the right code, and guessing stays hopeless', () => {
  it('50 people make 200 typos between them, then every one of them gets in with the right code', { timeout: 90_000 }, async () => {
    const w = await createWorkshop(server, 2);
    const from = '127.0.0.5';
    for (let i = 0; i < 200; i++) {
      const typo = await rawRequest('GET', `/api/workshops/ACDE${String(1000 + i).replace(/[0158]/g, 'K').slice(-4)}`, { from });
      expect(typo.status).toBe(404);
    }
    for (let i = 0; i < 50; i++) {
      const found = await rawRequest('GET', `/api/workshops/${w.code.toLowerCase()}`, { from });
      expect(found.status, `person ${i + 1}`).toBe(200);
      const seat = await matchmake({ role: 'participant', workshopId: w.id, code: w.code, name: `P${i}`, partyId: w.partyIds[i % 2] }, from);
      expect(seat.status, `person ${i + 1}: ${JSON.stringify(seat.json)}`).toBe(200);
    }
  });

  it('an address that keeps guessing is refused unchecked once its failures are spent, even the right code; a key still opens', async () => {
    const w = await createWorkshop(server, 2);
    const from = '127.0.0.6';
    let refused: Awaited<ReturnType<typeof rawRequest>> | undefined;
    for (let i = 0; i < DEFAULT_LIMITS.failedLookups + 5 && !refused; i++) {
      const guess = await rawRequest('GET', `/api/workshops/${(['ACDEFGHJ', 'HJKMNPQR'] as const)[i % 2]!.slice(0, 4)}${String(3000 + i).replace(/[0158]/g, 'T').slice(-4)}`, { from });
      if (guess.status === 429) refused = guess;
      else expect(guess.status).toBe(404);
    }
    expect(refused?.json.error).toBe('too-many-attempts');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect((await rawRequest('GET', `/api/workshops/${w.code}`, { from })).status).toBe(429);
    expect((await matchmake({ role: 'participant', workshopId: w.id, code: w.code, name: 'X', partyId: w.partyIds[0] }, from)).json.error).toBe('too-many-attempts');
    // seat tokens guessed from there are refused alike, telling nothing about the code
    expect((await matchmake({ role: 'rejoin', workshopId: w.id, code: w.code, seat: 'z'.repeat(40) }, from)).json.error).toBe('too-many-attempts');
    // a secret nobody guesses still opens: the facilitator's key
    expect((await matchmake({ role: 'facilitator', workshopId: w.id, key: w.key }, from)).status).toBe(200);
    // another address is not affected
    expect((await rawRequest('GET', `/api/workshops/${w.code}`, { from: '127.0.0.7' })).status).toBe(200);
  });
});

describe('seat tokens are guessed no better than codes', () => {
  it('counts unknown seat tokens as failed look-ups: past the limit that address gets nothing more looked up', { timeout: 60_000 }, async () => {
    const w = await createWorkshop(server, 2);
    const from = '127.0.0.11';
    const answers: string[] = [];
    for (let i = 0; i <= DEFAULT_LIMITS.failedLookups; i++) {
      const guess = await matchmake({ role: 'rejoin', workshopId: w.id, code: w.code, seat: `guess-${String(i).padStart(30, '0')}` }, from);
      answers.push(String(guess.json.error));
    }
    expect(answers.slice(0, DEFAULT_LIMITS.failedLookups).every((a) => a === 'seat-unknown')).toBe(true);
    expect(answers.at(-1)).toBe('too-many-attempts');
    expect((await rawRequest('GET', `/api/workshops/${w.code}`, { from })).status).toBe(429);
  });
});

describe('workshops cannot be created without end', () => {
  it('refuses workshop creation from one address past its limit with 429 and Retry-After, and not from another', { timeout: 60_000 }, async () => {
    const from = '127.0.0.8';
    const setup = { title: 'Spam', parties: [{ name: 'A' }, { name: 'B' }] };
    const answers = await Promise.all(Array.from({ length: DEFAULT_LIMITS.workshopsPerHour + 20 }, () => rawRequest('POST', '/api/workshops', { body: setup, from })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(DEFAULT_LIMITS.workshopsPerHour);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(20);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.json.error).toBe('too-many-workshops');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(3600);
    }
    // an import is a creation too
    expect((await rawRequest('POST', '/api/workshops/import', { body: { file: {} }, from })).status).toBe(400);
    expect((await rawRequest('POST', '/api/workshops', { body: setup, from: '127.0.0.9' })).status).toBe(201);
  });
});

describe('facilitator keys guessed over HTTP', () => {
  it('count as failed look-ups and are refused with 429 once the address is spent; the right key still opens', { timeout: 60_000 }, async () => {
    const w = await createWorkshop(server, 2);
    const from = '127.0.0.10';
    let refused: Awaited<ReturnType<typeof rawRequest>> | undefined;
    for (let i = 0; i <= DEFAULT_LIMITS.failedLookups && !refused; i++) {
      const guess = await rawRequest('GET', `/api/workshops/${w.id}/summary`, { from, headers: { authorization: `Bearer guess${String(i).padStart(20, '0')}` } });
      if (guess.status === 429) refused = guess;
      else expect(guess.status).toBe(403);
    }
    expect(refused?.json.error).toBe('too-many-attempts');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    // the count is the one joins use: a code from that address is not even looked up now
    expect((await rawRequest('GET', `/api/workshops/${w.code}`, { from })).status).toBe(429);
    expect((await rawRequest('GET', `/api/workshops/${w.id}/summary`, { from, headers: { authorization: `Bearer ${w.key}` } })).status).toBe(200);
  });
});

describe('a kick is a ban, and the facilitator may let newcomers in one by one', () => {
  it('refuses the kicked seat as kicked, however often it comes back', async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    const kim = await participant(w, 'Kim', 0);
    kim.room.reconnection.enabled = false;
    const gone = leaving(kim);
    expect((await lead.act('kick', { memberId: kim.welcome.memberId })).type).toBe('ack');
    await gone;
    for (let i = 0; i < 3; i++) {
      await expect(join(server, { role: 'rejoin', workshopId: w.id, code: w.code, seat: kim.welcome.seatToken! })).rejects.toThrow(/kicked/);
    }
  });

  it('keeps a newcomer waiting, seeing no piece and doing nothing, until the facilitator lets it in', async () => {
    const w = await createWorkshop(server, 2);
    // a free-board workshop with one piece on it: everyone in the room may see it
    const stored = (await server.workshops.store.get(w.id))!;
    const piece = { id: 'piece-1', kindId: stored.state.kinds[0]!.id, label: '', areaPartyId: w.partyIds[0]!, placedByPartyId: w.partyIds[0]!, placedByMemberId: '', byFacilitator: true, x: 500, y: 200, scale: 1, note: 'Tryghed', importance: 2, heldBy: '', placedAt: 1 };
    await server.workshops.store.saveState(w.id, { ...stored.state, pieces: [piece as never] }, Date.now());
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    expect((await lead.act('set-approval', { approveJoins: true })).type).toBe('ack');
    await eventually(() => expect(lead.json().approveJoins).toBe(true));

    const stranger = await participant(w, 'Stranger', 1);
    await eventually(() => expect(lead.json().waiting).toEqual([stranger.welcome.memberId]));
    await settle(200);
    expect(Object.keys(stranger.json().pieces ?? {})).toEqual([]);
    expect(stranger.json().waiting).toEqual([stranger.welcome.memberId]);
    expect((await stranger.act('undo', {})).payload.code).toBe('awaiting-approval');
    // a waiting screen too: it sees no piece
    const screen = track(await join(server, { role: 'screen', workshopId: w.id, code: w.code }));
    await settle(200);
    expect(Object.keys(screen.json().pieces ?? {})).toEqual([]);

    expect((await lead.act('admit', { memberId: stranger.welcome.memberId })).type).toBe('ack');
    await eventually(() => expect(Object.keys(stranger.json().pieces ?? {})).toEqual(['piece-1']));
    expect(Object.keys(screen.json().pieces ?? {})).toEqual([]);
    expect((await stranger.act('undo', {})).payload.code).toBe('nothing-to-undo');
    // turning approval off lets everyone still waiting in
    expect((await lead.act('set-approval', { approveJoins: false })).type).toBe('ack');
    await eventually(() => expect(Object.keys(screen.json().pieces ?? {})).toEqual(['piece-1']));
    expect(lead.json().waiting).toEqual([]);
  });

  it('turns a waiting person away for good: its seat is banned', async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    expect((await lead.act('set-approval', { approveJoins: true })).type).toBe('ack');
    const stranger = await participant(w, 'Stranger', 1);
    stranger.room.reconnection.enabled = false;
    const gone = leaving(stranger);
    await eventually(() => expect(lead.json().waiting).toEqual([stranger.welcome.memberId]));
    expect((await lead.act('kick', { memberId: stranger.welcome.memberId })).type).toBe('ack');
    await gone;
    await expect(join(server, { role: 'rejoin', workshopId: w.id, code: w.code, seat: stranger.welcome.seatToken! })).rejects.toThrow(/kicked/);
    await eventually(() => expect(lead.json().waiting).toEqual([]));
  });

  it('closing the workshop closes it to new screens too', async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    expect((await lead.act('set-open', { open: false })).type).toBe('ack');
    await expect(join(server, { role: 'screen', workshopId: w.id, code: w.code })).rejects.toThrow(/workshop-closed/);
    expect((await lead.act('set-open', { open: true })).type).toBe('ack');
    expect((track(await join(server, { role: 'screen', workshopId: w.id, code: w.code }))).welcome.role).toBe('screen');
  });
});

describe('caps a real workshop never meets', () => {
  it(`refuses the shared screen past ${WORKSHOP_CAPS.screens} at once`, async () => {
    const w = await createWorkshop(server, 2);
    for (let i = 0; i < WORKSHOP_CAPS.screens; i++) track(await join(server, { role: 'screen', workshopId: w.id, code: w.code }));
    await expect(join(server, { role: 'screen', workshopId: w.id, code: w.code })).rejects.toThrow(/too-many-screens/);
  });

  it(`refuses a custom value kind past ${WORKSHOP_CAPS.customKinds}`, async () => {
    const w = await createWorkshop(server, 2);
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    const category = (await server.workshops.store.get(w.id))!.state.categories[0]!.id;
    for (let i = 0; i < WORKSHOP_CAPS.customKinds; i++) {
      expect((await lead.act('add-kind', { label: `Egen ${i}`, category })).type).toBe('ack');
      // below the actions-per-second limit, which is not what this tests
      await settle(1000 / DEFAULT_LIMITS.actionsPerSecond + 5);
    }
    const refused = await lead.act('add-kind', { label: 'En for meget', category });
    expect(refused.payload).toMatchObject({ code: 'too-many-kinds' });
    expect(refused.payload.message).toBeTruthy();
  });
});

describe('hidden pieces stay hidden from everyone', () => {
  it('refuses a spotlight on a piece and showing the dot-vote while pieces are hidden, and clears both on entering such a phase', async () => {
    const w = await createWorkshop(server, 2, 'guided');
    const stored = (await server.workshops.store.get(w.id))!;
    const piece = { id: 'secret-piece', kindId: stored.state.kinds[0]!.id, label: '', areaPartyId: w.partyIds[0]!, placedByPartyId: w.partyIds[0]!, placedByMemberId: '', byFacilitator: true, x: 500, y: 200, scale: 1, note: '', importance: 2, heldBy: '', placedAt: 1 };
    await server.workshops.store.saveState(w.id, { ...stored.state, phase: 'own-value', pieces: [piece as never] }, Date.now());
    const lead = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key }));
    const other = await participant(w, 'Bo', 1);
    expect((await lead.act('spotlight', { kind: 'piece', id: 'secret-piece' })).payload.code).toBe('hidden-in-phase');
    expect((await lead.act('voting', { open: true, shown: true })).payload.code).toBe('hidden-in-phase');
    // shown in the open board, then back into a hidden phase: the spotlight and the result go
    expect((await lead.act('set-phase', { phase: 'dialogue' })).type).toBe('ack');
    expect((await lead.act('spotlight', { kind: 'piece', id: 'secret-piece' })).type).toBe('ack');
    expect((await lead.act('voting', { shown: true })).type).toBe('ack');
    expect((await lead.act('set-phase', { phase: 'own-value' })).type).toBe('ack');
    await eventually(() => {
      expect(other.json().spotlight).toEqual({ kind: 'none', id: '' });
      expect((other.json().voting as { shown: boolean }).shown).toBe(false);
      expect(Object.keys(other.json().pieces ?? {})).toEqual([]);
    });
    expect(JSON.stringify(other.inbox)).not.toContain('secret-piece');
  });
});

describe('a full board goes out and comes back in', () => {
  it('exports a board at every cap and imports it again as a copy (its body is far above the small-body limit)', { timeout: 60_000 }, async () => {
    const w = await createWorkshop(server, 5);
    const stored = (await server.workshops.store.get(w.id))!;
    const base = stored.state;
    const category = base.categories[0]!.id;
    const kinds = [
      ...base.kinds,
      ...Array.from({ length: WORKSHOP_CAPS.customKinds }, (_, i) => ({ id: `custom-${i}`, category, icon: 'pencil', label: { da: `Egen værdi ${i}`.padEnd(40, '.'), en: `Own ${i}`.padEnd(40, '.') }, description: { da: 'd'.repeat(160), en: 'e'.repeat(160) } })),
    ];
    const perParty = Math.floor(PIECE_LIMITS.perBoard / base.parties.length);
    const pieces = base.parties.flatMap((party, p) =>
      Array.from({ length: perParty }, (_, i) => ({
        id: `piece-${p}-${i}`,
        kindId: kinds[(p * perParty + i) % kinds.length]!.id,
        label: (kinds[(p * perParty + i) % kinds.length] as { blank?: boolean }).blank ? `Egen ${p}-${i}` : '',
        areaPartyId: party.id,
        placedByPartyId: party.id,
        placedByMemberId: '',
        byFacilitator: true,
        x: 500,
        y: 500,
        scale: 0.5,
        note: `Note ${p}-${i} `.padEnd(NOTE_MAX, 'æ'),
        importance: 3,
        heldBy: '',
        placedAt: i,
      })),
    );
    const line = (list: string, i: number) => ({ id: `${list}-${i}`, text: `${list} ${i} `.padEnd(FIELD_LIMITS.agreementText, 'ø') });
    const agreement = {
      sharedValues: Array.from({ length: MAX_AGREEMENT_LINES }, (_, i) => line('shared', i)),
      openQuestions: Array.from({ length: MAX_AGREEMENT_LINES }, (_, i) => line('open', i)),
      nextSteps: Array.from({ length: MAX_AGREEMENT_LINES }, (_, i) => ({ ...line('next', i), ownerPartyId: base.parties[i % base.parties.length]!.id })),
    };
    await server.workshops.store.saveState(w.id, { ...base, kinds, pieces: pieces as never, agreement }, Date.now());

    const exported = await fetch(`${server.url}/api/workshops/${w.id}/export.json`, { headers: { authorization: `Bearer ${w.key}` } });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(text.length).toBeGreaterThan(BODY_LIMITS.json * 4);
    const imported = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file: JSON.parse(text), as: 'copy' }) });
    const body = (await imported.json()) as { id: string; error?: string; message?: string };
    expect(imported.status, body.message).toBe(201);
    const copy = (await server.workshops.store.get(body.id))!.state;
    expect(copy.pieces).toHaveLength(pieces.length);
    expect(copy.agreement.nextSteps).toHaveLength(MAX_AGREEMENT_LINES);
    expect(copy.kinds).toHaveLength(kinds.length);
  });
});

describe('an imported file cannot make a workshop larger than playing one could', () => {
  it('refuses a file with more pieces than a board holds', async () => {
    const w = await createWorkshop(server, 2);
    const exported = (await (await fetch(`${server.url}/api/workshops/${w.id}/export.json`, { headers: { authorization: `Bearer ${w.key}` } })).json()) as { workshop: { pieces: unknown[]; parties: { id: string }[]; kinds: { id: string; blank?: boolean }[] } };
    const kind = exported.workshop.kinds.find((k) => k.blank)!;
    exported.workshop.pieces = Array.from({ length: PIECE_LIMITS.perBoard + 1 }, (_, i) => {
      const party = exported.workshop.parties[i % 2]!.id;
      return { id: `p${i}`, kindId: kind.id, label: `V${i}`, areaPartyId: party, placedByPartyId: party, placedByMemberId: '', byFacilitator: true, x: 500, y: 500, note: '', importance: 2, placedAt: i };
    });
    const res = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file: exported, as: 'copy' }) });
    const body = (await res.json()) as { error: string; detail: string };
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid-workshop-file');
    expect(body.detail).toMatch(/pieces/);
  });
});

describe('one person cannot fill the board without end', () => {
  it('refuses pieces past the caps of one party with words that say why, however many people of it place', { timeout: 60_000 }, async () => {
    const w = await createWorkshop(server, 2);
    const kinds = (await server.workshops.store.get(w.id))!.state.kinds;
    const blank = kinds.find((k) => k.blank)!;
    const people = await Promise.all(['A', 'B', 'C', 'D'].map((name) => participant(w, name, 0)));
    const codes = new Set<string>();
    let placed = 0;
    for (let i = 0; i < PIECE_LIMITS.perParty + 20; i++) {
      const who = people[i % people.length]!;
      const answer = await who.act('place', { kindId: blank.id, areaPartyId: w.partyIds[0], label: `Værdi ${i}` });
      if (answer.type === 'ack') placed++;
      else {
        codes.add(answer.payload.code!);
        expect(answer.payload.message).toBeTruthy();
      }
      await settle(1000 / DEFAULT_LIMITS.actionsPerSecond / people.length + 2);
    }
    expect(placed).toBeLessThanOrEqual(PIECE_LIMITS.perParty);
    expect([...codes].every((c) => ['area-full', 'party-full', 'board-full'].includes(c))).toBe(true);
    expect((await server.workshops.store.get(w.id))!.state.pieces.length).toBe(placed);
  });
});
