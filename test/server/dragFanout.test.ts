/**
 * The live-drag fan-out (server/rooms/DragFanout.ts) on its own, with fake connections: what a
 * room receives in one turn goes out as one batch per receiver at the end of the turn, every drag
 * a receiver may see arrives exactly once or superseded by a newer state of the same dragger,
 * never out of order, never a frame of only a dragger's own drag to it, and never across a hidden phase. DRAG_FANOUT_SEED
 * replays the random sequences (printed on failure).
 */
import { describe, expect, it } from 'vitest';
import { unpack } from 'msgpackr';
import { decode, type Iterator } from '@colyseus/schema';
import { Protocol } from '@colyseus/core';
import { DragFanout, type DragBatch, type DragReceiver } from '../../server/rooms/DragFanout.ts';
import { DRAG_FRAME_GAP_MS } from '../../server/rooms/loadGauge.ts';
import { canSeeDrag } from '../../shared/view.ts';
import { PROTOCOL_VERSION, type ClientMessage } from '../../shared/protocol.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { PHASES, type Actor, type Phase, type Role } from '../../shared/types.ts';
import { mulberry32 } from '../seeded.ts';

const SEED = process.env.DRAG_FANOUT_SEED ? Number(process.env.DRAG_FANOUT_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;

/** A connection that keeps the batches it was sent, decoded. */
class FakeClient implements DragReceiver {
  readonly frames: Uint8Array[] = [];
  readonly batches: DragBatch[] = [];
  private readonly decodeFrame: (bytes: Uint8Array) => DragBatch;
  constructor(decodeFrame: (bytes: Uint8Array) => DragBatch) {
    this.decodeFrame = decodeFrame;
  }
  enqueueRaw(bytes: Uint8Array): void {
    this.frames.push(bytes);
    this.batches.push(this.decodeFrame(bytes));
  }
}

/** A fan-out whose turns the test ends by hand, and whose encoder counts and remembers its batches. */
function harness(phase: Phase = 'open') {
  let queued: (() => void) | undefined;
  const encoded = new Map<Uint8Array, DragBatch>();
  const fanout = new DragFanout<FakeClient>(phase, {
    // one frame per turn, whatever the time between turns (the gap has tests of its own)
    minGapMs: 0,
    schedule: (flush) => {
      if (queued) throw new Error('a second flush was scheduled in one turn');
      queued = flush;
    },
    encode: (batch) => {
      const bytes = new Uint8Array(1);
      encoded.set(bytes, structuredClone(batch));
      return bytes;
    },
  });
  const client = () => new FakeClient((bytes) => encoded.get(bytes)!);
  return {
    fanout,
    client,
    encoded,
    /** The end of the event-loop turn. */
    endTurn() {
      const flush = queued;
      queued = undefined;
      flush?.();
    },
    get scheduled() {
      return queued !== undefined;
    },
  };
}

const drag = (x: number, fields: Partial<ClientMessage<'drag'>> = { kindId: 'residents' }): ClientMessage<'drag'> => ({ v: PROTOCOL_VERSION, x, y: 0, ...fields });
const actor = (memberId: string, role: Role, partyId: string): Actor => ({ memberId, role, partyId });

describe('a quiet room', () => {
  it('sends a single drag at the end of the turn it came in, not on a timer', async () => {
    const fanout = new DragFanout<FakeClient>('open');
    const watcher = new FakeClient((bytes) => decodeFrame(bytes));
    const dragger = new FakeClient((bytes) => decodeFrame(bytes));
    fanout.connect(watcher, actor('w', 'participant', 'p1'));
    fanout.connect(dragger, actor('d', 'participant', 'p2'));
    fanout.move(actor('d', 'participant', 'p2'), drag(10));
    expect(watcher.frames).toHaveLength(0);
    // setImmediate callbacks run in order: by the time this one runs, the fan-out's has
    await new Promise((resolve) => setImmediate(resolve));
    expect(watcher.batches).toEqual([{ moves: [{ memberId: 'd', partyId: 'p2', kindId: 'residents', x: 10, y: 0 }], ends: [] }]);
    expect(dragger.frames).toHaveLength(0);
  });

  it('sends a Colyseus ROOM_DATA message of type "drags", msgpack as the SDK reads it', async () => {
    const fanout = new DragFanout<FakeClient>('open');
    const watcher = new FakeClient((bytes) => decodeFrame(bytes));
    fanout.connect(watcher, actor('w', 'facilitator', ''));
    fanout.move(actor('d', 'participant', 'p1'), drag(5, { pieceId: 'piece-1' }));
    fanout.end('nobody');
    await new Promise((resolve) => setImmediate(resolve));
    expect(watcher.frames[0]![0]).toBe(Protocol.ROOM_DATA);
    expect(watcher.batches).toEqual([{ moves: [{ memberId: 'd', partyId: 'p1', pieceId: 'piece-1', x: 5, y: 0 }], ends: [] }]);
  });
});

describe('a busy turn', () => {
  it('sends one frame per receiver with the latest position of each dragger, encoded once for all who see the same', () => {
    const h = harness('open');
    const watchers = Array.from({ length: 8 }, (_, i) => {
      const c = h.client();
      h.fanout.connect(c, actor(`w${i}`, i === 0 ? 'screen' : 'participant', i === 0 ? '' : `p${i % 2}`));
      return c;
    });
    const a = actor('a', 'participant', 'p0');
    const b = actor('b', 'participant', 'p1');
    for (let x = 1; x <= 5; x++) h.fanout.move(a, drag(x));
    h.fanout.move(b, drag(100, { pieceId: 'piece-b' }));
    h.fanout.move(a, drag(6));
    expect(watchers[0]!.frames).toHaveLength(0);
    h.endTurn();
    for (const w of watchers) {
      expect(w.batches).toEqual([
        {
          moves: [
            { memberId: 'a', partyId: 'p0', kindId: 'residents', x: 6, y: 0 },
            { memberId: 'b', partyId: 'p1', pieceId: 'piece-b', x: 100, y: 0 },
          ],
          ends: [],
        },
      ]);
      expect(w.frames[0]).toBe(watchers[0]!.frames[0]);
    }
    expect(h.encoded.size).toBe(1);
  });

  it('lets an end supersede a move in the same turn, and a new drag supersede an end', () => {
    const h = harness('open');
    const w = h.client();
    h.fanout.connect(w, actor('w', 'facilitator', ''));
    const a = actor('a', 'participant', 'p0');
    const b = actor('b', 'participant', 'p1');
    h.fanout.move(a, drag(1));
    h.fanout.move(b, drag(2));
    h.endTurn();
    h.fanout.move(a, drag(3));
    h.fanout.end('a');
    h.fanout.end('b');
    h.fanout.move(b, drag(4));
    h.endTurn();
    expect(w.batches).toEqual([
      { moves: [expect.objectContaining({ memberId: 'a', x: 1 }), expect.objectContaining({ memberId: 'b', x: 2 })], ends: [] },
      { moves: [expect.objectContaining({ memberId: 'b', x: 4 })], ends: ['a'] },
    ]);
  });

  it('sends no end for a member that was not dragging, and nothing when the turn has nothing', () => {
    const h = harness('open');
    const w = h.client();
    h.fanout.connect(w, actor('w', 'participant', 'p0'));
    h.fanout.end('w');
    expect(h.scheduled).toBe(false);
    h.endTurn();
    expect(w.frames).toHaveLength(0);
  });

  it('never sends a dragger a frame of only its own drag; beside others\' it gets the shared frame', () => {
    const h = harness('open');
    const a = h.client();
    const b = h.client();
    const watcher = h.client();
    h.fanout.connect(a, actor('a', 'participant', 'p0'));
    h.fanout.connect(b, actor('b', 'participant', 'p1'));
    h.fanout.connect(watcher, actor('w', 'screen', ''));
    h.fanout.move(actor('a', 'participant', 'p0'), drag(1));
    h.endTurn();
    expect(a.frames).toHaveLength(0);
    expect(b.batches.map((batch) => batch.moves.map((m) => m.memberId))).toEqual([['a']]);
    h.fanout.move(actor('a', 'participant', 'p0'), drag(2));
    h.fanout.move(actor('b', 'participant', 'p1'), drag(3));
    h.endTurn();
    // one audience (everyone sees everyone in the open phase): one frame, the same bytes for all three
    expect(a.batches.map((batch) => batch.moves.map((m) => m.memberId))).toEqual([['a', 'b']]);
    expect(b.batches.map((batch) => batch.moves.map((m) => m.memberId))).toEqual([['a'], ['a', 'b']]);
    expect(watcher.batches.map((batch) => batch.moves.map((m) => m.memberId))).toEqual([['a'], ['a', 'b']]);
    expect(a.frames[0]).toBe(watcher.frames[1]);
    expect(b.frames[1]).toBe(watcher.frames[1]);
  });
});

describe('several people dragging at once', () => {
  /** A fan-out on a hand-driven clock: turns end by hand, timers fire when the clock passes them. */
  function clocked() {
    let time = 1000;
    let turn: (() => void) | undefined;
    const timers: { at: number; run: () => void }[] = [];
    const encoded = new Map<Uint8Array, DragBatch>();
    const fanout = new DragFanout<FakeClient>('open', {
      // a busy process: the whole gap
      minGapMs: DRAG_FRAME_GAP_MS,
      now: () => time,
      schedule: (flush) => void (turn = flush),
      later: (flush, ms) => void timers.push({ at: time + ms, run: flush }),
      encode: (batch) => {
        const bytes = new Uint8Array(1);
        encoded.set(bytes, structuredClone(batch));
        return bytes;
      },
    });
    const watcher = new FakeClient((bytes) => encoded.get(bytes)!);
    fanout.connect(watcher, actor('w', 'facilitator', ''));
    return {
      fanout,
      watcher,
      /** Let `ms` pass, ending the turn first and running the timers that come due. */
      pass(ms: number) {
        const run = turn;
        turn = undefined;
        run?.();
        time += ms;
        for (const timer of timers.filter((t) => t.at <= time)) {
          timers.splice(timers.indexOf(timer), 1);
          timer.run();
        }
      },
      get timers() {
        return timers.length;
      },
      get turnQueued() {
        return turn !== undefined;
      },
    };
  }
  const a = actor('a', 'participant', 'p1');
  const b = actor('b', 'participant', 'p2');

  it('keeps frames to a receiver DRAG_FRAME_GAP_MS apart, the drags that came meanwhile in one frame', () => {
    const h = clocked();
    h.fanout.move(a, drag(1));
    expect(h.turnQueued).toBe(true);
    h.pass(10);
    expect(h.watcher.batches).toHaveLength(1);
    // 10 ms later another dragger: not this turn, but when the gap since the last frame has passed
    h.fanout.move(b, drag(2));
    expect(h.turnQueued).toBe(false);
    expect(h.timers).toBe(1);
    h.pass(10);
    h.fanout.move(a, drag(3));
    h.pass(5);
    expect(h.watcher.batches, 'nothing before the gap').toHaveLength(1);
    h.pass(DRAG_FRAME_GAP_MS);
    expect(h.watcher.batches).toHaveLength(2);
    expect(h.watcher.batches[1]!.moves.map((m) => [m.memberId, m.x])).toEqual([['b', 2], ['a', 3]]);
  });

  it('never holds back a lone dragger, nor the first drag after a pause', () => {
    const h = clocked();
    for (let i = 0; i < 5; i++) {
      h.fanout.move(a, drag(i));
      expect(h.turnQueued, `drag ${i} goes out at the end of its turn`).toBe(true);
      h.pass(20);
    }
    expect(h.watcher.batches).toHaveLength(5);
    h.pass(DRAG_FRAME_GAP_MS);
    h.fanout.move(b, drag(9));
    expect(h.turnQueued, 'after a pause longer than the gap').toBe(true);
    h.pass(1);
    expect(h.watcher.batches).toHaveLength(6);
    expect(h.timers).toBe(0);
  });
});

describe('a hidden phase', () => {
  const room = (phase: Phase) => {
    const h = harness(phase);
    const people = {
      a1: actor('a1', 'participant', 'A'),
      a2: actor('a2', 'participant', 'A'),
      b: actor('b', 'participant', 'B'),
      screen: actor('screen', 'screen', ''),
      facilitator: actor('f', 'facilitator', ''),
    };
    const clients = Object.fromEntries(Object.entries(people).map(([name, who]) => {
      const c = h.client();
      h.fanout.connect(c, who);
      return [name, c];
    })) as Record<keyof typeof people, FakeClient>;
    // what each one's client shows: its own position, which may ride along in a shared frame, it skips
    const seen = (name: keyof typeof people) => {
      const own = people[name].memberId;
      return clients[name].batches.flatMap((batch) => [...batch.moves.filter((m) => m.memberId !== own).map((m) => `${m.memberId}@${m.x}`), ...batch.ends.filter((e) => e !== own).map((e) => `${e} ended`)]);
    };
    return { h, people, clients, seen };
  };

  it('shows a party its own drags and the facilitator everyone\'s; other parties and the screen get nothing', () => {
    const { h, people, clients, seen } = room('own-value');
    h.fanout.move(people.a1, drag(1));
    h.fanout.move(people.facilitator, drag(2));
    h.endTurn();
    h.fanout.end('a1');
    h.endTurn();
    expect(seen('a2')).toEqual(['a1@1', 'a1 ended']);
    expect(seen('facilitator')).toEqual(['a1@1', 'a1 ended']);
    expect(seen('a1')).toEqual([]);
    expect(seen('b')).toEqual([]);
    expect(seen('screen')).toEqual([]);
    expect(clients.b.frames).toHaveLength(0);
    expect(clients.screen.frames).toHaveLength(0);
    // the facilitator's audience and party A's saw the same batch of a1's end: encoded once
    expect(clients.a2.frames.at(-1)).toBe(clients.facilitator.frames.at(-1));
  });

  it('sends what came in before a phase change as it was allowed then, and what comes after as it is allowed now', () => {
    const { h, people, seen } = room('open');
    h.fanout.move(people.a1, drag(1));
    // the phase turns hidden in the same turn: the open drag goes out to all at once, first
    h.fanout.showPhase('own-value');
    h.fanout.move(people.a1, drag(2));
    h.endTurn();
    expect(seen('b')).toEqual(['a1@1']);
    expect(seen('screen')).toEqual(['a1@1']);
    expect(seen('a2')).toEqual(['a1@1', 'a1@2']);
    h.fanout.move(people.a1, drag(3));
    // and back to open: the hidden drag still reaches only those who could see it
    h.fanout.showPhase('reveal');
    h.endTurn();
    expect(seen('b')).toEqual(['a1@1']);
    expect(seen('a2')).toEqual(['a1@1', 'a1@2', 'a1@3']);
    h.fanout.move(people.a1, drag(4));
    h.endTurn();
    expect(seen('b')).toEqual(['a1@1', 'a1@4']);
  });

  it('still ends a drag for those who saw it after its dragger left', () => {
    const { h, people, clients, seen } = room('own-value');
    h.fanout.move(people.a1, drag(1));
    h.endTurn();
    h.fanout.disconnect(clients.a1);
    h.fanout.end('a1');
    h.endTurn();
    expect(seen('a2')).toEqual(['a1@1', 'a1 ended']);
    expect(seen('b')).toEqual([]);
  });
});

describe('random rooms', () => {
  it(`deliver every drag a receiver may see once or superseded, in order, never leaked (seed ${SEED})`, () => {
    const random = mulberry32(SEED);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

    for (let round = 0; round < 40; round++) {
      let phase = pick(PHASES);
      const h = harness(phase);
      const people: Actor[] = Array.from({ length: 3 + Math.floor(random() * 10) }, (_, i) => {
        // the first is always someone who can drag (a room of screens alone has nothing to test)
        const role = i === 0 ? 'participant' : pick<Role>(['participant', 'participant', 'participant', 'facilitator', 'screen']);
        return actor(`m${i}`, role, role === 'participant' ? pick(['A', 'B', 'C']) : '');
      });
      const draggers = people.filter((p) => p.role !== 'screen');
      const clients = new Map<string, FakeClient>();
      /** Every drag event: who, its position (increasing), the phase it came in, and the receivers connected then. */
      const events: { id: number; memberId: string; partyId: string; end: boolean; turn: number; phase: Phase; audience: Set<string> }[] = [];
      const dragging = new Set<string>();
      let turn = 0;
      let counter = 0;
      /** Disconnections: who, after how many events, in which turn (a drag before it in that turn need not reach it). */
      const leaves: { memberId: string; after: number; turn: number }[] = [];

      const connect = (who: Actor) => {
        const c = h.client();
        clients.set(who.memberId, c);
        h.fanout.connect(c, who);
      };
      for (const who of people) if (random() < 0.8) connect(who);
      const deliveries = new Map<string, { id: number; memberId: string; end: boolean }[]>();
      const collect = () => {
        for (const [memberId, c] of clients) {
          const list = deliveries.get(memberId) ?? [];
          for (const batch of c.batches.splice(0)) {
            // a frame may carry the receiver's own position beside others' (its client skips it), never alone
            const others = batch.moves.filter((m) => m.memberId !== memberId).length + batch.ends.filter((e) => e !== memberId).length;
            expect(others, `a frame of only ${memberId}'s own drag, seed ${SEED}`).toBeGreaterThan(0);
            for (const m of batch.moves) if (m.memberId !== memberId) list.push({ id: m.x, memberId: m.memberId, end: false });
            for (const e of batch.ends) if (e !== memberId) list.push({ id: -1, memberId: e, end: true });
          }
          deliveries.set(memberId, list);
        }
      };

      for (let step = 0; step < 300; step++) {
        const roll = random();
        if (roll < 0.55) {
          const who = pick(draggers);
          const id = ++counter;
          h.fanout.move(who, drag(id));
          dragging.add(who.memberId);
          events.push({ id, memberId: who.memberId, partyId: who.partyId, end: false, turn, phase, audience: new Set(clients.keys()) });
        } else if (roll < 0.65) {
          const who = pick(draggers);
          if (dragging.delete(who.memberId)) events.push({ id: -1, memberId: who.memberId, partyId: who.partyId, end: true, turn, phase, audience: new Set(clients.keys()) });
          h.fanout.end(who.memberId);
        } else if (roll < 0.7) {
          phase = pick(PHASES);
          h.fanout.showPhase(phase);
        } else if (roll < 0.75) {
          const who = pick(people);
          const c = clients.get(who.memberId);
          if (c) {
            h.fanout.disconnect(c);
            collect();
            clients.delete(who.memberId);
            leaves.push({ memberId: who.memberId, after: events.length, turn });
          } else connect(who);
        } else {
          h.endTurn();
          collect();
          turn++;
        }
      }
      h.endTurn();
      collect();

      for (const receiver of people) {
        const got = deliveries.get(receiver.memberId) ?? [];
        // never its own (as its client reads the frames), never what it may not see, each position once and in order per dragger
        const lastOf = new Map<string, number>();
        for (const d of got) {
          expect(d.memberId, `round ${round}, seed ${SEED}`).not.toBe(receiver.memberId);
          if (d.end) continue;
          const event = events.find((e) => e.id === d.id)!;
          expect(canSeeDrag(receiver, event.partyId, event.phase), `leak to ${receiver.memberId} in ${event.phase}, seed ${SEED}`).toBe(true);
          expect(d.id, `order, seed ${SEED}`).toBeGreaterThan(lastOf.get(d.memberId) ?? 0);
          lastOf.set(d.memberId, d.id);
        }
        // every position it could see, while it stayed connected, arrived — or a newer state of that dragger did in the same turn
        events.forEach((event, index) => {
          if (event.end || event.memberId === receiver.memberId || !event.audience.has(receiver.memberId)) return;
          if (!canSeeDrag(receiver, event.partyId, event.phase)) return;
          // it left before the turn ended: the batch went to whoever was still there
          if (leaves.some((l) => l.memberId === receiver.memberId && l.turn === event.turn && l.after > index)) return;
          const delivered = got.filter((d) => !d.end && d.id === event.id).length;
          const superseded = events.some((later, j) => j > index && later.memberId === event.memberId && later.turn === event.turn);
          expect({ event: event.id, receiver: receiver.memberId, hidden: PHASE_RULES[event.phase].hidden, arrived: delivered === 1 || (delivered === 0 && superseded) }, `seed ${SEED}`).toMatchObject({ arrived: true });
        });
      }
    }
  });
});

/** A Colyseus ROOM_DATA frame's message: [13][type][msgpack]. */
function decodeFrame(bytes: Uint8Array): DragBatch {
  const it: Iterator = { offset: 1 };
  const type = decode.string(bytes as Buffer, it);
  if (type !== 'drags') throw new Error(`not a drags frame: ${type}`);
  return unpack(bytes.subarray(it.offset)) as DragBatch;
}
