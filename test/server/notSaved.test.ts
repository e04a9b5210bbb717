/**
 * Nothing refused is ever shown: with a store whose writes fail on demand (a full disk, a
 * read-only database file), every action is answered `not-saved`, no client's state shows it,
 * the board and the action log never disagree, and a resend succeeds once the store recovers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { startServer, type RunningServer } from '../../server/app.ts';
import { MemoryStore } from '../../server/storage/MemoryStore.ts';
import type { LoggedAction } from '../../server/storage/WorkshopStore.ts';
import type { WorkshopState } from '../../shared/types.ts';
import { createWorkshop, eventually, join, type TestClient, type TestWorkshop } from './harness.ts';

/** A memory store whose writes throw while `failing` is set, like a full disk. */
class FailingStore extends MemoryStore {
  failing = false;

  override async appendAction(id: string, entry: LoggedAction, state: WorkshopState): Promise<void> {
    // a real disk answers a moment later: let the room accept more actions meanwhile
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failing) throw new Error('SQLITE_FULL: database or disk is full');
    return super.appendAction(id, entry, state);
  }

  override async saveState(id: string, state: WorkshopState, updatedAt: number): Promise<void> {
    if (this.failing) throw new Error('SQLITE_FULL: database or disk is full');
    return super.saveState(id, state, updatedAt);
  }
}

const spot = (area: number, slot: number) => areaSlotPoint(3, area, slot);
/** A drop at `spot(area, slot)`: the area under it, and the point, near which the server lays the piece out. */
const drop = (area: number, slot: number) => ({ areaPartyId: w.partyIds[area]!, near: spot(area, slot) });

let store: FailingStore;
let server: RunningServer;
let w: TestWorkshop;
let alice: TestClient;
let bob: TestClient;
let facilitator: TestClient;

beforeAll(async () => {
  store = new FailingStore();
  server = await startServer({ port: 0, host: '127.0.0.1', serveClient: false, reconnectSeconds: 1, store });
  w = await createWorkshop(server, 3);
  alice = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Alice', partyId: w.partyIds[0] });
  bob = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Bob', partyId: w.partyIds[1] });
  facilitator = await join(server, { role: 'facilitator', workshopId: w.id, key: w.key });
});

afterAll(async () => {
  for (const c of [alice, bob, facilitator]) await c?.room.leave().catch(() => undefined);
  await server?.close();
});

/** Send `payload` as `type` with action id `aid`, and wait for its answer. */
async function send(client: TestClient, type: string, aid: string, payload: Record<string, unknown>) {
  const answer = Promise.race([
    client.next<{ aid?: string; code?: string; pieceId?: string }>('ack', (p) => p.aid === aid).then((p) => ({ type: 'ack' as const, payload: p })),
    client.next<{ aid?: string; code?: string; pieceId?: string }>('error', (p) => p.aid === aid).then((p) => ({ type: 'error' as const, payload: p })),
  ]);
  client.room.send(type, { v: PROTOCOL_VERSION, aid, ...payload });
  return answer;
}

const pieceCount = (c: TestClient) => Object.keys(c.json().pieces).length;

describe('a write that fails', () => {
  it('refuses the action and every one accepted after it with not-saved, and no client is ever shown them', async () => {
    const kept = await send(alice, 'place', 'kept', { kindId: 'network', ...drop(0, 0) });
    expect(kept.type).toBe('ack');
    await eventually(() => expect(pieceCount(facilitator)).toBe(1));

    store.failing = true;
    // watch every patch while the store fails: no client may see a piece beyond the stored one
    const seen: number[] = [];
    const watchers = [alice, bob, facilitator].map((c) => {
      const watch = () => seen.push(pieceCount(c));
      c.room.onStateChange(watch);
      return watch;
    });
    // three actions pipelined from two people: all accepted by the rules, none stored
    const answers = await Promise.all([
      send(alice, 'place', 'lost-1', { kindId: 'knowledge', ...drop(0, 1) }),
      send(bob, 'place', 'lost-2', { kindId: 'network', ...drop(1, 0) }),
      send(alice, 'edit', 'lost-3', { pieceId: kept.payload.pieceId, note: 'never stored' }),
    ]);
    for (const answer of answers) expect(answer).toMatchObject({ type: 'error', payload: { code: 'not-saved' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.every((n) => n === 1), `piece counts seen while failing: ${seen.join(',')}`).toBe(true);
    for (const c of [alice, bob, facilitator]) {
      expect(pieceCount(c)).toBe(1);
      expect(c.json().pieces[kept.payload.pieceId!]).toMatchObject({ note: '' });
    }
    void watchers;

    // the board and the log agree: one piece, one logged action
    const stored = await store.get(w.id);
    expect(stored!.state.pieces).toHaveLength(1);
    expect((await store.actions(w.id)).map((e) => e.type)).toEqual(['place']);
  });

  it('accepts the same action when it is sent again once the store has recovered, and applies it once', async () => {
    store.failing = false;
    const again = await send(alice, 'place', 'lost-1', { kindId: 'knowledge', ...drop(0, 1) });
    expect(again.type).toBe('ack');
    const bobAgain = await send(bob, 'place', 'lost-2', { kindId: 'network', ...drop(1, 0) });
    expect(bobAgain.type).toBe('ack');
    await eventually(() => {
      for (const c of [alice, bob, facilitator]) expect(pieceCount(c)).toBe(3);
    });
    // a third copy is answered from memory, not applied again
    expect((await send(alice, 'place', 'lost-1', { kindId: 'knowledge', ...drop(0, 1) })).type).toBe('ack');
    const log = await store.actions(w.id);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await store.get(w.id))!.state.pieces).toHaveLength(3);
  });

  it('lets a participant grab and drag a piece while the store fails: holds are transient like drags', async () => {
    store.failing = true;
    const pieceId = Object.keys(alice.json().pieces).find((id) => alice.json().pieces[id]!.placedByPartyId === w.partyIds[0])!;
    expect((await send(alice, 'grab', 'hold-1', { pieceId })).type).toBe('ack');
    const moved = await send(alice, 'move', 'move-1', { pieceId, ...drop(0, 4) });
    expect(moved).toMatchObject({ type: 'error', payload: { code: 'not-saved' } });
    store.failing = false;
  });
});
