/**
 * The hand-written drag check (shared/dragMessage.ts) against the zod schema it stands in for:
 * on seeded random input — near misses of good drags, odd values, odd objects — both accept and
 * refuse exactly the same messages. DRAG_SEED replays a sequence (printed on failure).
 */
import { describe, expect, it } from 'vitest';
import { isDragMessage } from '../../shared/dragMessage.ts';
import { PROTOCOL_VERSION, clientMessages, parseClientMessage } from '../../shared/protocol.ts';
import { BOARD_SIZE } from '../../shared/geometry.ts';
import { mulberry32 } from '../seeded.ts';

const SEED = process.env.DRAG_SEED ? Number(process.env.DRAG_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const CASES = 20_000;

const random = mulberry32(SEED);
const int = (n: number) => Math.floor(random() * n);
const chance = (p: number) => random() < p;
const pick = <T,>(items: readonly T[]): T => items[int(items.length)]!;

const ID_CHARS = 'abcXYZ019_-';
const idOfLength = (n: number) => Array.from({ length: n }, () => pick([...ID_CHARS])).join('');

/** Values that are not what any field wants, or only just. */
const ODD = [null, undefined, true, false, 0, -0, 1, '', '1', '2', 'x', [], [1], {}, { v: PROTOCOL_VERSION }, NaN, Infinity, -Infinity, 10n, new Date(0), new String('p'), Symbol('s')];

function version(): unknown {
  if (chance(0.8)) return PROTOCOL_VERSION;
  return pick([PROTOCOL_VERSION + 1, PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1e-9, String(PROTOCOL_VERSION), [PROTOCOL_VERSION], ...ODD]);
}

function coordinate(): unknown {
  const roll = random();
  if (roll < 0.6) return -BOARD_SIZE + random() * 3 * BOARD_SIZE;
  if (roll < 0.75) return pick([-BOARD_SIZE, 2 * BOARD_SIZE, 0, -0, 500, -BOARD_SIZE - 1e-9, 2 * BOARD_SIZE + 1e-9, -BOARD_SIZE - 1, 2 * BOARD_SIZE + 1]);
  if (roll < 0.85) return (random() - 0.5) * 10 ** int(12);
  return pick([...ODD, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, '100', '1e3']);
}

function id(): unknown {
  const roll = random();
  if (roll < 0.7) return idOfLength(1 + int(64));
  if (roll < 0.8) return pick([idOfLength(64), idOfLength(65), idOfLength(200), 'p'.repeat(64), 'p'.repeat(65)]);
  if (roll < 0.9) return pick(['', ' ', 'a b', 'a\n', '\na', 'æble', 'a.b', 'a:b', 'a/b', '\u0000', 'ａ', 'a\u200b', '-', '_', '--', 'a'.repeat(63) + 'é']);
  return pick(ODD);
}

/** A good drag, most of the time; the callers break it in one or more ways. */
function dragLike(): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  if (!chance(0.03)) message.v = version();
  if (!chance(0.03)) message.x = coordinate();
  if (!chance(0.03)) message.y = coordinate();
  const which = random();
  // exactly one of pieceId / kindId, both, neither, or one present but undefined
  if (which < 0.4) message.pieceId = id();
  else if (which < 0.8) message.kindId = id();
  else if (which < 0.88) {
    message.pieceId = id();
    message.kindId = id();
  } else if (which < 0.94) {
    message.pieceId = undefined;
    message.kindId = id();
  } else if (which < 0.97) {
    message.kindId = undefined;
    message.pieceId = id();
  }
  if (chance(0.08)) message[pick(['aid', 'extra', 'V', 'X', 'piece', 'constructor', 'toString', 'hasOwnProperty', '0', ''])] = pick(['a', 1, undefined, null]);
  return message;
}

/** The same fields on an unusual object: no prototype, inherited fields, hidden fields, an own __proto__. */
function oddObject(fields: Record<string, unknown>): unknown {
  switch (int(7)) {
    case 0:
      return Object.assign(Object.create(null) as object, fields);
    case 1: {
      // some fields inherited rather than own (zod reads them, and counts inherited enumerable keys)
      const [first, ...rest] = Object.entries(fields);
      if (first && chance(0.6)) return Object.assign(Object.create({ [first[0]]: first[1] }) as object, Object.fromEntries(rest));
      return Object.assign(Object.create({ [pick(['extra', 'aid', 'v'])]: PROTOCOL_VERSION }) as object, fields);
    }
    case 2: {
      // a non-enumerable own field: read, but not counted as a key
      const object = { ...fields };
      const key = pick(['v', 'x', 'y', 'pieceId', 'kindId', 'extra']);
      Object.defineProperty(object, key, { value: key in fields ? fields[key] : 'hidden', enumerable: false });
      return object;
    }
    case 3: {
      // an own "__proto__" key, as JSON.parse and msgpack decoders make it
      const object = { ...fields };
      Object.defineProperty(object, '__proto__', { value: { x: 1 }, enumerable: true, writable: true, configurable: true });
      return object;
    }
    case 4:
      return Object.assign(new (class Drag {})(), fields);
    case 5:
      return Object.assign(new Date(0), fields);
    default: {
      const object: Record<string | symbol, unknown> = { ...fields };
      object[Symbol('extra')] = 1;
      return object;
    }
  }
}

function randomPayload(): unknown {
  const roll = random();
  if (roll < 0.85) return dragLike();
  if (roll < 0.95) return oddObject(dragLike());
  return pick([null, undefined, 0, 'drag', [], [dragLike()], new Map(), () => undefined, ...ODD]);
}

describe('the hand-written drag check', () => {
  it(`agrees with the zod schema on ${CASES} random messages (seed ${SEED})`, () => {
    let accepted = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const payload = randomPayload();
      const zod = clientMessages.drag.safeParse(payload).success;
      const parsed = parseClientMessage('drag', payload).ok;
      const quick = isDragMessage(payload);
      if (zod) accepted++;
      if (quick !== zod || quick !== parsed) {
        disagreements.push(`#${i}: quick ${quick}, zod ${zod}, parseClientMessage ${parsed}: ${show(payload)}`);
        if (disagreements.length >= 5) break;
      }
    }
    expect(disagreements, `DRAG_SEED=${SEED}`).toEqual([]);
    // the inputs must test both sides of the line, not only one
    expect(accepted, `DRAG_SEED=${SEED}`).toBeGreaterThan(CASES * 0.2);
    expect(accepted, `DRAG_SEED=${SEED}`).toBeLessThan(CASES * 0.8);
  });

  it('accepts the edges and refuses just past them', () => {
    const drag = (fields: Record<string, unknown>) => ({ v: PROTOCOL_VERSION, x: 1, y: 1, kindId: 'k', ...fields });
    for (const good of [drag({}), drag({ x: -BOARD_SIZE, y: 2 * BOARD_SIZE }), drag({ x: -0 }), drag({ kindId: 'k'.repeat(64) }), { v: PROTOCOL_VERSION, x: 1, y: 1, pieceId: 'p-1_A' }, drag({ pieceId: undefined })]) {
      expect(isDragMessage(good), show(good)).toBe(true);
    }
    for (const bad of [drag({ x: -BOARD_SIZE - 0.001 }), drag({ y: 2 * BOARD_SIZE + 0.001 }), drag({ x: NaN }), drag({ kindId: 'k'.repeat(65) }), drag({ kindId: '' }), drag({ pieceId: 'p' }), drag({ kindId: undefined }), drag({ aid: 'a' }), drag({ v: PROTOCOL_VERSION + 1 })]) {
      expect(isDragMessage(bad), show(bad)).toBe(false);
    }
  });
});

function show(payload: unknown): string {
  try {
    const proto = typeof payload === 'object' && payload !== null ? Object.getPrototypeOf(payload) : undefined;
    const kind = proto === null ? 'no prototype' : proto && proto !== Object.prototype ? `prototype ${JSON.stringify(proto) ?? proto.constructor?.name}` : '';
    return `${JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v === undefined ? '(undefined)' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))} ${kind}`;
  } catch {
    return String(payload);
  }
}
