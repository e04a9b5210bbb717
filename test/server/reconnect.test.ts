/**
 * Dropped connections, on a real server with real @colyseus/sdk clients: a drop in the middle
 * of a drag or of an action, changes made by others while someone is away, coming back with the
 * seat token after the grace period, and a seat moving to another device. Every check reads the
 * state each client holds itself. The server's grace period is 1 s (testServer()).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { PROTOCOL_VERSION, type ServerMessages } from '../../shared/protocol.ts';
import type { RunningServer } from '../../server/app.ts';
import { createWorkshop, dragEndsSeen, eventually, join, nextDrag, nextDragEnd, testServer, type TestClient, type TestWorkshop } from './harness.ts';
import { droppable, settle, socketOf, type DropKind } from './reconnectHarness.ts';
import { sleep } from '../../bench/async.ts';

let server: RunningServer;
const opened: TestClient[] = [];

beforeAll(async () => {
  server = await testServer();
});

afterAll(async () => {
  for (const c of opened) await Promise.race([c.room.leave().catch(() => undefined), settle(200)]);
  await server?.close();
});

/** The centre of a free slot in party `area`'s area on a 3-party board. */
const spot = (area: number, slot = 0) => areaSlotPoint(3, area, slot);
/** A drop at `spot(area, slot)` in workshop `w`: the area under it, and the point, near which the server lays the piece out. */
const dropIn = (w: TestWorkshop, area: number, slot = 0) => ({ areaPartyId: w.partyIds[area]!, near: spot(area, slot) });
/** Where piece `id` lies as `client` is shown it. */
const shownAt = (client: TestClient, id: string) => {
  const piece = client.json().pieces[id] as { x: number; y: number } | undefined;
  return { x: piece?.x, y: piece?.y };
};

function track(client: TestClient): TestClient {
  opened.push(client);
  return client;
}

function participant(w: TestWorkshop, name: string, party: number): Promise<TestClient> {
  return join(server, { role: 'participant', workshopId: w.id, code: w.code, name, partyId: w.partyIds[party] }).then(track);
}

function rejoin(w: TestWorkshop, seat: string): Promise<TestClient> {
  return join(server, { role: 'rejoin', workshopId: w.id, code: w.code, seat }).then(track);
}

/** A free-mode workshop (everyone sees every piece) with its facilitator and shared screen. */
async function workshop(): Promise<{ w: TestWorkshop; facilitator: TestClient; screen: TestClient }> {
  const w = await createWorkshop(server, 3);
  const facilitator = track(await join(server, { role: 'facilitator', workshopId: w.id, key: w.key, name: 'Tovholder' }));
  const screen = track(await join(server, { role: 'screen', workshopId: w.id, code: w.code }));
  return { w, facilitator, screen };
}

type Answer = { type: 'ack' | 'error'; payload: ServerMessages['ack'] & Partial<ServerMessages['error']> };

/** Every answer (ack or error) `client` has received for action id `aid`, in order. */
function answersTo(client: TestClient, aid: string): Answer[] {
  return client.inbox.filter((m) => (m.type === 'ack' || m.type === 'error') && (m.payload as { aid?: string }).aid === aid) as Answer[];
}

/** The `n`-th answer (1-based) for `aid`, waiting for it if it has not come yet. */
async function answer(client: TestClient, aid: string, n = 1): Promise<Answer> {
  await eventually(() => expect(answersTo(client, aid).length).toBeGreaterThanOrEqual(n), 3000);
  return answersTo(client, aid)[n - 1]!;
}

function member(client: TestClient, memberId: string) {
  return client.json().members[memberId] as { id: string; name: string; partyId: string; connected: boolean } | undefined;
}

/** The pieces in `client`'s state (by id) with `label`. */
function labelled(client: TestClient, label: string): string[] {
  return Object.entries(client.json().pieces)
    .filter(([, p]) => p.label === label)
    .map(([id]) => id);
}

function dragEndsFor(client: TestClient, memberId: string): number {
  return dragEndsSeen(client).filter((e) => e.memberId === memberId).length;
}

describe('a drop in the middle of a drag', () => {
  it('releases the piece where it lay, shows the member away, and brings the same member back — 8 drops', async () => {
    const { w, facilitator, screen } = await workshop();
    const bo = await participant(w, 'Bo', 1);
    const p = droppable(await participant(w, 'Pia', 0));
    const me = p.tc.welcome;
    const observers = [facilitator, screen, bo];
    const everyone = [...observers, p.tc];

    const placed = await p.tc.act('place', { kindId: 'residents', ...dropIn(w, 0, 0), note: 'Lektiehjælp' });
    expect(placed.type).toBe('ack');
    const pieceId = placed.payload.pieceId!;
    // where the server laid it out, as the facilitator is shown it
    await eventually(() => expect(facilitator.json().pieces[pieceId]).toBeDefined());
    let at = shownAt(facilitator, pieceId);

    for (let i = 0; i < 8; i++) {
      const kind: DropKind = i % 2 === 0 ? 'close' : 'network';
      const why = `drop ${i} (${kind})`;
      expect((await p.tc.act('grab', { pieceId })).type, why).toBe('ack');
      await eventually(() => {
        for (const c of everyone) expect(c.json().pieces[pieceId]?.heldBy, why).toBe(me.memberId);
      });

      // drag updates reach everyone else; they never change the stored position
      const lastX = 100 + i;
      const seen = Promise.all(observers.map((c) => nextDrag(c, (d) => d.pieceId === pieceId && d.x === lastX)));
      for (const dx of [-30, -15, 0]) p.tc.room.send('drag', { v: PROTOCOL_VERSION, pieceId, x: lastX + dx, y: 300 + dx });
      for (const d of await seen) expect(d, why).toMatchObject({ memberId: me.memberId, partyId: me.partyId, pieceId });
      // on odd drops the member is also dragging a new value from the tray when the line goes
      const trayDrag = i % 2 === 1;
      if (trayDrag) {
        const trayX = 700 + i;
        const traySeen = Promise.all(observers.map((c) => nextDrag(c, (d) => d.kindId === 'network' && d.x === trayX)));
        p.tc.room.send('drag', { v: PROTOCOL_VERSION, kindId: 'network', x: trayX, y: 500 });
        await traySeen;
      }
      const endsBefore = observers.map((c) => dragEndsFor(c, me.memberId));

      p.hold();
      const back = p.nextReconnect();
      p.drop(kind);
      // the gap (shorter than the 1 s grace): away, nothing held, the piece where it lay
      await eventually(() => {
        for (const c of observers) {
          expect(member(c, me.memberId), why).toMatchObject({ connected: false, partyId: me.partyId });
          expect(c.json().pieces[pieceId], why).toMatchObject({ heldBy: '', x: at.x, y: at.y });
        }
      }, 800);
      // A held-piece drag gets no drag-end when its dragger drops (see the skipped test below);
      // clients end it because the piece is no longer held (WorkshopConnection), checked above.
      if (trayDrag) {
        // the ghost of the tray drag is cleared with a drag-end for that member
        await eventually(() => observers.forEach((c, n) => expect(dragEndsFor(c, me.memberId), why).toBeGreaterThan(endsBefore[n]!)), 800);
      }
      p.release();
      await back;

      // the same member and party again, without a second welcome, and no ghost hold anywhere
      await eventually(() => {
        for (const c of everyone) {
          expect(member(c, me.memberId), why).toMatchObject({ connected: true, partyId: me.partyId, name: 'Pia' });
          for (const piece of Object.values(c.json().pieces)) expect(piece.heldBy, why).toBe('');
          expect(Object.values(c.json().members).filter((m) => m.name === 'Pia'), why).toHaveLength(1);
        }
      });
      expect(p.tc.inbox.filter((m) => m.type === 'welcome'), why).toHaveLength(1);
      expect(p.reconnects, why).toBe(i + 1);

      // and can take hold again, and put it somewhere new
      expect((await p.tc.act('grab', { pieceId })).type, why).toBe('ack');
      await eventually(() => {
        for (const c of everyone) expect(c.json().pieces[pieceId]?.heldBy, why).toBe(me.memberId);
      });
      expect((await p.tc.act('move', { pieceId, ...dropIn(w, 0, i + 1) })).type, why).toBe('ack');
      await eventually(() => {
        at = shownAt(facilitator, pieceId);
        for (const c of everyone) expect(c.json().pieces[pieceId], why).toMatchObject({ heldBy: '', x: at.x, y: at.y });
      });
    }
  });

  it('sends a drag-end for a held-piece drag when the dragger drops', async () => {
    // ServerMessages['drag-end'] says "dropped, cancelled or the dragger left", but memberGone →
    // endDrag only announces members in `dragging`, which only tray drags (kindId) enter.
    const { w, facilitator } = await workshop();
    const p = droppable(await participant(w, 'Pia', 0));
    const pieceId = (await p.tc.act('place', { kindId: 'residents', ...dropIn(w, 0, 0) })).payload.pieceId!;
    expect((await p.tc.act('grab', { pieceId })).type).toBe('ack');
    const dragged = nextDrag(facilitator, (d) => d.pieceId === pieceId);
    p.tc.room.send('drag', { v: PROTOCOL_VERSION, pieceId, x: 123, y: 456 });
    await dragged;
    const ended = nextDragEnd(facilitator, p.tc.welcome.memberId, 1500);
    p.drop('network');
    await expect(ended).resolves.toMatchObject({ memberId: p.tc.welcome.memberId });
  });
});

describe('a drop in the middle of an action', () => {
  it('applies a place sent just before a drop once, and answers the resend with the same piece — 8 drops', async () => {
    const { w, facilitator } = await workshop();
    const p = droppable(await participant(w, 'Pia', 0));
    const placedIds: string[] = [];

    for (let i = 0; i < 8; i++) {
      // 'close': the place reaches the server and its ack is lost; 'network': the place itself is lost
      const kind: DropKind = i % 2 === 0 ? 'close' : 'network';
      const why = `drop ${i} (${kind})`;
      const aid = `rc-place-${i}`;
      const label = `Egen værdi ${i}`;
      const message = { v: PROTOCOL_VERSION, aid, kindId: 'own-value', label, ...dropIn(w, 0, i) };
      // like WorkshopConnection: what went unanswered is sent again, same id, as soon as the SDK is back
      const back = p.nextReconnect(() => p.tc.room.send('place', message));
      p.hold();
      if (kind === 'close') {
        p.tc.room.send('place', message);
        p.drop('close');
      } else {
        p.drop('network');
        p.tc.room.send('place', message);
      }
      if (kind === 'close') {
        await eventually(() => expect(labelled(facilitator, label), why).toHaveLength(1), 800);
      } else {
        await eventually(() => expect(member(facilitator, p.tc.welcome.memberId)?.connected, why).toBe(false), 800);
        expect(labelled(facilitator, label), why).toHaveLength(0);
      }
      expect(answersTo(p.tc, aid), `${why}: no answer reached the dropped socket`).toHaveLength(0);
      p.release();
      await back;

      const first = await answer(p.tc, aid);
      expect(first.type, why).toBe('ack');
      const pieceId = first.payload.pieceId!;
      expect(pieceId, why).toBeTruthy();
      await eventually(() => {
        expect(labelled(facilitator, label), why).toEqual([pieceId]);
        expect(labelled(p.tc, label), why).toEqual([pieceId]);
      });
      placedIds.push(pieceId);

      // the same id once more on the live connection: the same answer, nothing new
      p.tc.room.send('place', message);
      const again = await answer(p.tc, aid, 2);
      expect(again, why).toEqual(first);
      // the same content under a new id is a new action, which the rules refuse as a duplicate
      const copy = await p.tc.act('place', { kindId: 'own-value', label, ...dropIn(w, 0, i) });
      expect(copy.type, why).toBe('error');
      expect(copy.payload.code, why).toBe('duplicate-piece');
      await settle(60);
      expect(answersTo(p.tc, aid), why).toHaveLength(2);
      expect(labelled(facilitator, label), why).toEqual([pieceId]);
    }

    await eventually(() => {
      for (const c of [facilitator, p.tc]) {
        expect(Object.keys(c.json().pieces).sort()).toEqual([...placedIds].sort());
        expect(c.json().parties[0]).toMatchObject({ pieceCount: 8 });
      }
    });
  });

  it('applies an action whose two copies arrive together once, and answers both alike', async () => {
    // An action sent while the socket is already closing (before the SDK's onDrop) is buffered by
    // the SDK and flushed after the reconnect — right after WorkshopConnection's onReconnect has
    // resent it with the same id. The server remembers an answer only once the action is stored,
    // so the second copy is applied again.
    const { w, facilitator } = await workshop();
    const pia = droppable(await participant(w, 'Pia', 0));
    const tov = droppable(facilitator);
    const line = { v: PROTOCOL_VERSION, aid: 'rc-twice-line', list: 'sharedValues', text: 'Tryghed for børnene' };
    const piece = { v: PROTOCOL_VERSION, aid: 'rc-twice-piece', kindId: 'residents', ...dropIn(w, 0, 0) };
    for (const [d, type, message] of [[tov, 'agreement-add', line], [pia, 'place', piece]] as const) {
      const back = d.nextReconnect(() => d.tc.room.send(type, message));
      socketOf(d.tc.room).close(4010);
      d.tc.room.send(type, message);
      await back;
    }
    await settle(300);
    const lines = (facilitator.json().agreement as { sharedValues: { text: string }[] }).sharedValues;
    expect(lines.filter((l) => l.text === line.text)).toHaveLength(1);
    expect(new Set(answersTo(facilitator, line.aid).map((a) => JSON.stringify(a)))).toHaveProperty('size', 1);
    expect(Object.keys(facilitator.json().pieces ?? {})).toHaveLength(1);
    const answers = answersTo(pia.tc, piece.aid);
    expect(answers[0]?.type).toBe('ack');
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toHaveProperty('size', 1);
  });
});

describe('changes made while someone is away', () => {
  it('brings a returning participant exactly the state everyone else has, each change once, and answers its next actions in order', async () => {
    const { w, facilitator, screen } = await workshop();
    const bo = await participant(w, 'Bo', 1);
    const p = droppable(await participant(w, 'Pia', 0));
    const pm = p.tc.welcome.memberId;
    const id = async (client: TestClient, type: string, payload: Record<string, unknown>) => {
      const a = await client.act(type, payload);
      expect(a.type, `${type} ${JSON.stringify(a.payload)}`).toBe('ack');
      return a.payload.pieceId!;
    };

    const mine = await id(p.tc, 'place', { kindId: 'residents', ...dropIn(w, 0, 0), note: 'før' });
    const b1 = await id(bo, 'place', { kindId: 'network', ...dropIn(w, 1, 0), note: 'før' });
    const b2 = await id(bo, 'place', { kindId: 'knowledge', ...dropIn(w, 1, 1) });
    const f1 = await id(facilitator, 'place', { kindId: 'economy', ...dropIn(w, 2, 0) });
    await eventually(() => expect(Object.keys(p.tc.json().pieces)).toHaveLength(4));

    // Pieces others place while Pia is away do not reach her after she comes back (server bug,
    // see the skipped test below): they are left out of the comparison here, nothing else is.
    const placedWhileAway: string[] = [];
    const shown = (c: TestClient, leaveOut: string[] = []) => {
      const { pieces, members, parties } = c.json();
      const kept = Object.fromEntries(Object.entries(pieces ?? {}).filter(([pieceId]) => !leaveOut.includes(pieceId)));
      return JSON.stringify({ pieces: kept, members, parties });
    };

    for (const kind of ['network', 'close'] as const) {
      const round = kind === 'network' ? 1 : 2;
      p.hold();
      const back = p.nextReconnect();
      p.drop(kind);
      await eventually(() => expect(member(facilitator, pm)?.connected).toBe(false), 800);

      // while Pia is away: new pieces, edits, a move, a removal — by a participant and the facilitator
      const b3 = await id(bo, 'place', { kindId: round === 1 ? 'innovation' : 'recruitment', ...dropIn(w, 1, 2 + round), note: `mens væk ${round}` });
      await id(bo, 'edit', { pieceId: b1, note: `ændret ${round}`, importance: 3 });
      await id(bo, 'move', { pieceId: b1, ...dropIn(w, 1, 6 + round) });
      if (round === 1) await id(bo, 'remove', { pieceId: b2 });
      const f2 = await id(facilitator, 'place', { kindId: round === 1 ? 'meaning' : 'community', ...dropIn(w, 2, 1 + round), forPartyId: w.partyIds[2] });
      await id(facilitator, 'edit', { pieceId: mine, note: `tovholder ${round}` });
      await id(facilitator, 'edit', { pieceId: f1, importance: round });
      placedWhileAway.push(b3, f2);
      expect(p.tc.json().pieces[b3]).toBeUndefined();

      p.release();
      await back;

      // what Pia holds equals what the facilitator holds (in free mode everyone may see everything)
      await eventually(() => {
        expect(member(facilitator, pm)?.connected).toBe(true);
        expect(shown(p.tc, placedWhileAway)).toBe(shown(facilitator, placedWhileAway));
        expect(shown(screen)).toBe(shown(facilitator));
      });
      const pieces = p.tc.json().pieces;
      expect(facilitator.json().pieces[b3]).toMatchObject({ note: `mens væk ${round}`, placedByPartyId: w.partyIds[1] });
      expect(facilitator.json().pieces[f2]).toMatchObject({ byFacilitator: true, placedByPartyId: w.partyIds[2] });
      expect(pieces[b1]).toMatchObject({ note: `ændret ${round}`, importance: 3, ...shownAt(facilitator, b1) });
      expect(pieces[mine]).toMatchObject({ note: `tovholder ${round}` });
      expect(pieces[b2]).toBeUndefined();
      // each change once: 4 before, +2 and −1 in the first gap, +2 in the second
      for (const c of [facilitator, screen]) expect(Object.keys(c.json().pieces)).toHaveLength(round === 1 ? 5 : 7);
      for (const c of [facilitator, screen, p.tc]) {
        expect(c.json().parties.map((party) => (party as { pieceCount: number }).pieceCount)).toEqual(round === 1 ? [1, 2, 2] : [1, 3, 3]);
        expect(Object.values(c.json().members).filter((m) => m.role === 'participant')).toHaveLength(2);
      }
    }

    // what Pia sends right after coming back is answered, in the order sent
    const aids = ['rc-order-1', 'rc-order-2', 'rc-order-3', 'rc-order-4', 'rc-order-5'];
    const sends: [string, Record<string, unknown>][] = [
      ['place', { kindId: 'strategy', ...dropIn(w, 0, 5) }],
      ['edit', { pieceId: mine, note: 'tilbage igen' }],
      ['grab', { pieceId: mine }],
      ['move', { pieceId: mine, ...dropIn(w, 0, 7) }],
      ['place', { kindId: 'legitimacy', ...dropIn(w, 0, 8) }],
    ];
    const back = p.nextReconnect(() => sends.forEach(([type, payload], n) => p.tc.room.send(type, { v: PROTOCOL_VERSION, aid: aids[n], ...payload })));
    p.drop('network');
    await back;
    for (const aid of aids) expect((await answer(p.tc, aid)).type, aid).toBe('ack');
    const order = p.tc.inbox
      .filter((m) => m.type === 'ack' || m.type === 'error')
      .map((m) => (m.payload as { aid?: string }).aid)
      .filter((aid) => aid?.startsWith('rc-order-'));
    expect(order).toEqual(aids);
    await eventually(() => {
      expect(p.tc.json().pieces[mine]).toMatchObject({ note: 'tilbage igen', heldBy: '', ...shownAt(facilitator, mine) });
      expect(shown(p.tc, placedWhileAway)).toBe(shown(facilitator, placedWhileAway));
    });
  });

  it('shows a returning participant the pieces others placed while it was away', async () => {
    // WorkshopRoom.mirror adds a new piece to the StateView of each client in `this.clients`; a
    // dropped client is not in it, Colyseus hands its old view to the reconnected client, and
    // onReconnect does not call refreshView — so the piece never reaches it (until a phase change).
    const { w, facilitator } = await workshop();
    const bo = await participant(w, 'Bo', 1);
    const p = droppable(await participant(w, 'Pia', 0));
    p.hold();
    const back = p.nextReconnect();
    p.drop('network');
    await eventually(() => expect(member(facilitator, p.tc.welcome.memberId)?.connected).toBe(false), 800);
    const placed = await bo.act('place', { kindId: 'network', ...dropIn(w, 1, 0), note: 'mens Pia var væk' });
    expect(placed.type).toBe('ack');
    p.release();
    await back;
    await eventually(() => expect(p.tc.json().pieces?.[placed.payload.pieceId!]).toMatchObject({ note: 'mens Pia var væk' }));
  });
});

describe('coming back with the seat token', () => {
  it('after the grace period: the same member and party, connected again, and no second member', async () => {
    const { w, facilitator, screen } = await workshop();
    const bo = await participant(w, 'Bo', 1);
    const first = await participant(w, 'Pia', 0);
    const p = droppable(first, { reconnect: false });
    const { memberId, partyId, seatToken } = first.welcome;
    expect(seatToken).toBeTruthy();
    const held = await first.act('place', { kindId: 'residents', ...dropIn(w, 0, 0) });
    await first.act('grab', { pieceId: held.payload.pieceId! });

    p.drop('network');
    await p.left();
    await eventually(() => {
      expect(member(facilitator, memberId)?.connected).toBe(false);
      expect(facilitator.json().pieces[held.payload.pieceId!]?.heldBy).toBe('');
    });
    await sleep(1500);
    // the grace period is over: the old session cannot be taken up again
    await expect(new Client(server.url).reconnect(first.room.reconnectionToken)).rejects.toThrow();

    const again = await rejoin(w, seatToken!);
    expect(again.welcome).toMatchObject({ memberId, partyId, role: 'participant' });
    expect(again.welcome.seatToken).toBeUndefined();
    await eventually(() => {
      for (const c of [facilitator, screen, bo, again]) {
        expect(member(c, memberId)).toMatchObject({ connected: true, partyId, name: 'Pia' });
        expect(Object.values(c.json().members).filter((m) => m.name === 'Pia')).toHaveLength(1);
        expect(Object.values(c.json().members).filter((m) => m.role === 'participant')).toHaveLength(2);
      }
    });
    // acting as the same member: the piece placed before is still this party's to move
    expect((await again.act('grab', { pieceId: held.payload.pieceId! })).type).toBe('ack');
    expect((await again.act('move', { pieceId: held.payload.pieceId!, ...dropIn(w, 0, 3) })).type).toBe('ack');
    await eventually(() => expect(facilitator.json().pieces[held.payload.pieceId!]).toMatchObject({ placedByMemberId: memberId, heldBy: '', areaPartyId: w.partyIds[0] }));
  });

  it('refuses a seat nobody has, and the seat of a member the facilitator removed', async () => {
    const { w, facilitator } = await workshop();
    await expect(rejoin(w, 'x'.repeat(43))).rejects.toThrow(/seat-unknown/);
    const kim = await participant(w, 'Kim', 2);
    const k = droppable(kim);
    const kicked = kim.next<ServerMessages['error']>('error', (e) => e.code === 'kicked');
    expect((await facilitator.act('kick', { memberId: kim.welcome.memberId })).type).toBe('ack');
    await kicked;
    await k.left();
    await eventually(() => expect(member(facilitator, kim.welcome.memberId)).toBeUndefined());
    // a kick is tied to the seat: the removed person's token is refused as such, not as unknown
    await expect(rejoin(w, kim.welcome.seatToken!)).rejects.toThrow(/kicked/);
    expect(k.reconnects).toBe(0);
  });
});

describe('a seat moving to another device', () => {
  it('sends the older connection away with seat-taken and keeps the member connected', async () => {
    const { w, facilitator, screen } = await workshop();
    const phone = await participant(w, 'Pia', 0);
    // the SDK would come back after a drop; a seat-taken close is not one
    const old = droppable(phone);
    const { memberId, partyId, seatToken } = phone.welcome;
    const taken = phone.next<ServerMessages['error']>('error', (e) => e.code === 'seat-taken');

    const laptop = await rejoin(w, seatToken!);
    expect(laptop.welcome).toMatchObject({ memberId, partyId, role: 'participant' });
    await expect(taken).resolves.toMatchObject({ code: 'seat-taken' });
    expect(await old.left()).toBe(4009);

    // the server treats the 4009 close as a drop and keeps a reconnection open for 1 s; outlast it
    await settle(1200);
    expect(old.reconnects).toBe(0);
    for (const c of [facilitator, screen, laptop]) {
      expect(member(c, memberId)).toMatchObject({ connected: true, partyId });
      expect(Object.values(c.json().members).filter((m) => m.name === 'Pia')).toHaveLength(1);
    }
    const placed = await laptop.act('place', { kindId: 'community', ...dropIn(w, 0, 2) });
    expect(placed.type).toBe('ack');
    await eventually(() => expect(facilitator.json().pieces[placed.payload.pieceId!]).toMatchObject({ placedByMemberId: memberId }));
  });

  it('keeps the member connected when the seat moves while the old connection is still in its grace period', async () => {
    const { w, facilitator, screen } = await workshop();
    const phone = await participant(w, 'Pia', 0);
    const old = droppable(phone, { reconnect: false });
    const { memberId, partyId, seatToken } = phone.welcome;
    old.drop('network');
    await old.left();
    await eventually(() => expect(member(facilitator, memberId)?.connected).toBe(false));

    const laptop = await rejoin(w, seatToken!);
    expect(laptop.welcome).toMatchObject({ memberId, partyId });
    await eventually(() => expect(member(facilitator, memberId)?.connected).toBe(true));
    // the old connection's grace period runs out; that must not mark the member away
    await sleep(1300);
    for (const c of [facilitator, screen, laptop]) {
      expect(member(c, memberId)).toMatchObject({ connected: true, partyId });
      expect(Object.values(c.json().members).filter((m) => m.name === 'Pia')).toHaveLength(1);
    }
    expect((await laptop.act('place', { kindId: 'community', ...dropIn(w, 0, 2) })).type).toBe('ack');
  });

  it('sends an old device that comes back within its grace period, after its seat moved, away with seat-taken', async () => {
    // onJoin tells the replaced connection 'seat-taken' and leaves it while it is dropped (both are
    // lost); when its SDK then reconnects, onReconnect returns early for the emptied userData and
    // the connection stays open with no member: whatever it sends is ignored without an answer.
    const { w, facilitator } = await workshop();
    const phone = await participant(w, 'Pia', 0);
    const old = droppable(phone);
    old.hold();
    old.drop('network');
    await eventually(() => expect(member(facilitator, phone.welcome.memberId)?.connected).toBe(false), 800);
    await rejoin(w, phone.welcome.seatToken!);
    await settle(100);
    const taken = phone.next<ServerMessages['error']>('error', (e) => e.code === 'seat-taken', 2000);
    old.release();
    await expect(taken).resolves.toMatchObject({ code: 'seat-taken' });
    expect(await old.left()).toBe(4009);
  });
});
