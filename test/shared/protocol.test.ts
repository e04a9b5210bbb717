import { describe, it, expect } from 'vitest';
import {
  JoinOptions,
  LABEL_MAX,
  NAME_MAX,
  NOTE_MAX,
  PROTOCOL_VERSION,
  clientMessages,
  parseClientMessage,
  type ClientMessageType,
  type ParseResult,
} from '../../shared/protocol.ts';
import { BOARD_SIZE } from '../../shared/geometry.ts';

/** Parse, proving along the way that parsing does not throw. */
function parse(type: unknown, payload: unknown): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    result = parseClientMessage(type, payload);
  }).not.toThrow();
  return result!;
}

/** One good payload per message type; the Record type makes a missing type a compile error. */
const valid: Record<ClientMessageType, Record<string, unknown>> = {
  place: { v: 1, aid: 'a-1', kindId: 'residents', x: 500, y: 250, label: 'Glæde', note: 'færre udsættelser', importance: 3, forPartyId: 'party-1' },
  grab: { v: 1, aid: 'a-2', pieceId: 'piece_1' },
  release: { v: 1, aid: 'a-3', pieceId: 'piece-1' },
  move: { v: 1, aid: 'a-4', pieceId: 'piece-1', x: 120.5, y: 880.25 },
  edit: { v: 1, aid: 'a-5', pieceId: 'piece-1', note: 'x', importance: 1, label: 'Stolthed' },
  remove: { v: 1, aid: 'a-6', pieceId: 'piece-1' },
  drag: { v: 1, x: 10, y: 20, pieceId: 'piece-1' },
  'drag-end': { v: 1 },
  'update-workshop': { v: 1, aid: 'a-7', title: 'Lektiecaféen', focus: 'Hvad skaber vi?', collaboration: 'Caféen' },
  'update-party': { v: 1, aid: 'a-8', partyId: 'party-1', name: 'Kommunen', shortName: 'KOMMUN', color: '#A1b2C3' },
  'add-party': { v: 1, aid: 'a-9', name: 'Jobcentret' },
  'remove-party': { v: 1, aid: 'a-10', partyId: 'party-3' },
  'set-language': { v: 1, aid: 'a-11', language: 'en' },
};

/** More good payloads: the smallest forms and the edges of every limit. */
const alsoValid: [string, ClientMessageType, Record<string, unknown>][] = [
  ['place without optional fields', 'place', { v: 1, aid: 'a', kindId: 'residents', x: 300, y: 300 }],
  [`place with a ${NOTE_MAX}-character note`, 'place', { v: 1, aid: 'a', kindId: 'k', x: 0, y: 0, note: 'n'.repeat(NOTE_MAX) }],
  [`place with a ${LABEL_MAX}-character label`, 'place', { v: 1, aid: 'a', kindId: 'k', x: 0, y: 0, label: 'l'.repeat(LABEL_MAX) }],
  ['place at the lowest coordinates', 'place', { v: 1, aid: 'a', kindId: 'k', x: -BOARD_SIZE, y: -BOARD_SIZE }],
  ['move to the highest coordinates', 'move', { v: 1, aid: 'a', pieceId: 'p', x: 2 * BOARD_SIZE, y: 2 * BOARD_SIZE }],
  ['grab with a 64-character aid', 'grab', { v: 1, aid: 'a'.repeat(64), pieceId: 'p' }],
  ['grab with an aid of dots and colons', 'grab', { v: 1, aid: 'c1:42.7-x', pieceId: 'p' }],
  ['grab with a 64-character piece id', 'grab', { v: 1, aid: 'a', pieceId: 'p'.repeat(64) }],
  ['edit with nothing to change', 'edit', { v: 1, aid: 'a', pieceId: 'p' }],
  ['edit with an empty note', 'edit', { v: 1, aid: 'a', pieceId: 'p', note: '' }],
  ...([1, 2, 3] as const).map((importance): [string, ClientMessageType, Record<string, unknown>] => [
    `edit with importance ${importance}`,
    'edit',
    { v: 1, aid: 'a', pieceId: 'p', importance },
  ]),
  ['drag of a tray kind', 'drag', { v: 1, x: -5, y: 1999, kindId: 'residents' }],
  ['update-workshop with nothing', 'update-workshop', { v: 1, aid: 'a' }],
  ['set-language da', 'set-language', { v: 1, aid: 'a', language: 'da' }],
  ['a payload without a prototype', 'grab', Object.assign(Object.create(null) as object, { v: 1, aid: 'a', pieceId: 'p' })],
];

describe('parseClientMessage accepts', () => {
  it('a payload for every message type', () => {
    expect(Object.keys(valid).sort()).toEqual(Object.keys(clientMessages).sort());
  });

  it.each(Object.entries(valid))('%s', (type, payload) => {
    expect(parse(type, payload)).toEqual({ ok: true, message: { type, payload } });
  });

  it.each(alsoValid)('%s', (_name, type, payload) => {
    const result = parse(type, payload);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(result.message).toEqual({ type, payload: { ...payload } });
  });
});

const grab = (extra: Record<string, unknown>) => ({ v: 1, aid: 'a', pieceId: 'p', ...extra });
const place = (extra: Record<string, unknown>) => ({ v: 1, aid: 'a', kindId: 'k', x: 100, y: 100, ...extra });
const move = (extra: Record<string, unknown>) => ({ v: 1, aid: 'a', pieceId: 'p', x: 100, y: 100, ...extra });
const drag = (extra: Record<string, unknown>) => ({ v: 1, x: 100, y: 100, kindId: 'k', ...extra });

const refusals: [string, unknown, unknown, 'unknown-message' | 'protocol-version' | 'bad-message'][] = [
  // unknown-message: anything that is not an own key of clientMessages
  ['an unknown type', 'teleport', grab({}), 'unknown-message'],
  ['a numeric type', 7, grab({}), 'unknown-message'],
  ['no type', undefined, grab({}), 'unknown-message'],
  ['a type in another case', 'GRAB', grab({}), 'unknown-message'],
  ['__proto__ as type', '__proto__', grab({}), 'unknown-message'],
  ['toString as type', 'toString', grab({}), 'unknown-message'],
  ['hasOwnProperty as type', 'hasOwnProperty', grab({}), 'unknown-message'],
  ['constructor as type', 'constructor', grab({}), 'unknown-message'],
  ['a symbol as type', Symbol('grab'), grab({}), 'unknown-message'],

  // protocol-version
  ['no v', 'grab', { aid: 'a', pieceId: 'p' }, 'protocol-version'],
  ['v 2', 'grab', grab({ v: 2 }), 'protocol-version'],
  ['v 0', 'drag-end', { v: 0 }, 'protocol-version'],
  ['v as a string', 'grab', grab({ v: '1' }), 'protocol-version'],
  ['v null', 'drag-end', { v: null }, 'protocol-version'],

  // bad-message: wrong types
  ['a numeric piece id', 'grab', grab({ pieceId: 5 }), 'bad-message'],
  ['no piece id', 'grab', { v: 1, aid: 'a' }, 'bad-message'],
  ['an empty piece id', 'grab', grab({ pieceId: '' }), 'bad-message'],
  ['a piece id with a space', 'grab', grab({ pieceId: 'a b' }), 'bad-message'],
  ['a piece id with a slash', 'remove', grab({ pieceId: '../x' }), 'bad-message'],
  ['a 65-character piece id', 'release', grab({ pieceId: 'p'.repeat(65) }), 'bad-message'],
  ['no aid', 'grab', { v: 1, pieceId: 'p' }, 'bad-message'],
  ['an empty aid', 'grab', grab({ aid: '' }), 'bad-message'],
  ['a numeric aid', 'grab', grab({ aid: 12 }), 'bad-message'],
  ['an aid with a space', 'grab', grab({ aid: 'a b' }), 'bad-message'],
  ['a 65-character aid', 'grab', grab({ aid: 'a'.repeat(65) }), 'bad-message'],
  ['a coordinate as a string', 'place', place({ x: '10' }), 'bad-message'],
  ['a missing coordinate', 'move', { v: 1, aid: 'a', pieceId: 'p', x: 1 }, 'bad-message'],
  ['a bigint coordinate', 'move', move({ x: 10n }), 'bad-message'],
  ['a note as a number', 'place', place({ note: 5 }), 'bad-message'],
  ['a null label', 'place', place({ label: null }), 'bad-message'],
  ['an empty forPartyId', 'place', place({ forPartyId: '' }), 'bad-message'],
  ['a kind id as an array', 'place', place({ kindId: ['k'] }), 'bad-message'],
  ['an importance as a string', 'edit', grab({ importance: '2' }), 'bad-message'],

  // bad-message: unknown fields
  ['an extra field', 'grab', grab({ extra: 1 }), 'bad-message'],
  ['a field of another message', 'grab', grab({ x: 1 }), 'bad-message'],
  ['an aid on drag-end', 'drag-end', { v: 1, aid: 'a' }, 'bad-message'],
  ['an aid on drag', 'drag', drag({ aid: 'a' }), 'bad-message'],
  ['an own __proto__ key', 'grab', JSON.parse('{"v":1,"aid":"a","pieceId":"p","__proto__":{"x":1}}'), 'bad-message'],

  // bad-message: oversize strings
  [`a ${NOTE_MAX + 1}-character note on place`, 'place', place({ note: 'n'.repeat(NOTE_MAX + 1) }), 'bad-message'],
  [`a ${NOTE_MAX + 1}-character note on edit`, 'edit', grab({ note: 'n'.repeat(NOTE_MAX + 1) }), 'bad-message'],
  [`a ${LABEL_MAX + 1}-character label on place`, 'place', place({ label: 'l'.repeat(LABEL_MAX + 1) }), 'bad-message'],
  [`a ${LABEL_MAX + 1}-character label on edit`, 'edit', grab({ label: 'l'.repeat(LABEL_MAX + 1) }), 'bad-message'],
  ['a megabyte note', 'place', place({ note: 'n'.repeat(1 << 20) }), 'bad-message'],
  ['a 121-character title', 'update-workshop', { v: 1, aid: 'a', title: 't'.repeat(121) }, 'bad-message'],
  ['an empty title', 'update-workshop', { v: 1, aid: 'a', title: '' }, 'bad-message'],
  ['a 301-character focus', 'update-workshop', { v: 1, aid: 'a', focus: 'f'.repeat(301) }, 'bad-message'],
  ['a 7-character short name', 'update-party', { v: 1, aid: 'a', partyId: 'p', shortName: 'ABCDEFG' }, 'bad-message'],
  ['a 61-character party name', 'add-party', { v: 1, aid: 'a', name: 'n'.repeat(61) }, 'bad-message'],
  ['an empty party name', 'add-party', { v: 1, aid: 'a', name: '' }, 'bad-message'],
  ['no party name', 'add-party', { v: 1, aid: 'a' }, 'bad-message'],
  ['a colour name', 'update-party', { v: 1, aid: 'a', partyId: 'p', color: 'red' }, 'bad-message'],
  ['a colour with a non-hex digit', 'add-party', { v: 1, aid: 'a', name: 'X', color: '#12345g' }, 'bad-message'],
  ['a short colour', 'add-party', { v: 1, aid: 'a', name: 'X', color: '#123' }, 'bad-message'],
  ['an unsupported language', 'set-language', { v: 1, aid: 'a', language: 'de' }, 'bad-message'],

  // bad-message: numbers that are not board coordinates
  ...(['place', 'move', 'drag'] as const).flatMap((type) => {
    const base = { place, move, drag }[type];
    return [
      [`NaN x on ${type}`, type, base({ x: Number.NaN }), 'bad-message'],
      [`Infinity y on ${type}`, type, base({ y: Number.POSITIVE_INFINITY }), 'bad-message'],
      [`-Infinity x on ${type}`, type, base({ x: Number.NEGATIVE_INFINITY }), 'bad-message'],
      [`a huge x on ${type}`, type, base({ x: 1e308 }), 'bad-message'],
      [`x just past twice the board on ${type}`, type, base({ x: 2 * BOARD_SIZE + 0.001 }), 'bad-message'],
      [`y just below minus the board on ${type}`, type, base({ y: -BOARD_SIZE - 0.001 }), 'bad-message'],
    ] as [string, unknown, unknown, 'bad-message'][];
  }),
  ...[0, 4, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY].map(
    (importance): [string, unknown, unknown, 'bad-message'] => [`importance ${importance}`, 'edit', grab({ importance }), 'bad-message'],
  ),
  ['importance 1.5 on place', 'place', place({ importance: 1.5 }), 'bad-message'],

  // drag names exactly one of pieceId and kindId
  ['a drag naming both a piece and a kind', 'drag', drag({ pieceId: 'p' }), 'bad-message'],
  ['a drag naming neither', 'drag', { v: 1, x: 1, y: 1 }, 'bad-message'],

  // payloads that are not plain objects
  ['an array payload carrying v', 'grab', Object.assign([], { v: 1, aid: 'a', pieceId: 'p' }), 'bad-message'],
];

describe('parseClientMessage refuses', () => {
  it.each(refusals)('%s', (_name, type, payload, code) => {
    const result = parse(type, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(typeof result.detail).toBe('string');
    }
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an array', []],
    ['a string', '{"v":1,"aid":"a","pieceId":"p"}'],
    ['a number', 1],
    ['true', true],
    ['a function carrying v', Object.assign(() => 0, { v: 1, aid: 'a', pieceId: 'p' })],
  ])('a payload that is %s', (_name, payload) => {
    const result = parse('grab', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['bad-message', 'protocol-version']).toContain(result.code);
  });
});

describe('parseClientMessage echoes the action id', () => {
  it.each([
    ['bad-message', 'grab', grab({ aid: 'c1-7', pieceId: 5 })],
    ['protocol-version', 'grab', grab({ aid: 'c1-7', v: 99 })],
    ['unknown-message', 'teleport', grab({ aid: 'c1-7' })],
  ])('in a %s failure', (code, type, payload) => {
    expect(parse(type, payload)).toMatchObject({ ok: false, code, aid: 'c1-7' });
  });

  it('cut to 64 characters when it is too long', () => {
    const result = parse('grab', grab({ aid: 'x'.repeat(1000) }));
    expect(result).toMatchObject({ ok: false, code: 'bad-message', aid: 'x'.repeat(64) });
  });

  it.each([
    ['absent', { v: 1, pieceId: 5 }],
    ['not a string', { v: 1, aid: 42, pieceId: 'p' }],
  ])('not when it is %s', (_name, payload) => {
    const result = parse('grab', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.aid).toBeUndefined();
  });
});

describe('parseClientMessage survives hostile input', () => {
  const deep = (depth: number): unknown => {
    let o: unknown = 'p';
    for (let i = 0; i < depth; i++) o = { a: o };
    return o;
  };
  const circular: Record<string, unknown> = { v: 1, aid: 'a', pieceId: 'p' };
  circular.self = circular;
  const circularField: Record<string, unknown> = { v: 1, aid: 'a' };
  circularField.pieceId = circularField;

  it.each([
    ['very deep nesting in a field', 'grab', { v: 1, aid: 'a', pieceId: deep(100_000) }],
    ['very deep nesting in an extra field', 'grab', { v: 1, aid: 'a', pieceId: 'p', extra: deep(100_000) }],
    ['a deeply nested array as coordinate', 'move', move({ x: JSON.parse('['.repeat(5000) + ']'.repeat(5000)) })],
    ['a circular payload', 'grab', circular],
    ['a field that is its own payload', 'grab', circularField],
    ['a payload without a prototype and without v', 'grab', Object.create(null)],
    ['a class instance', 'drag-end', new (class { v = 1; extra = 2; })()],
    ['a Date', 'drag-end', new Date(0)],
    ['a symbol-keyed field', 'grab', { ...grab({ pieceId: 1 }), [Symbol('x')]: 1 }],
  ])('%s', (_name, type, payload) => {
    expect(parse(type, payload).ok).toBe(false);
  });

  it('returns a short detail for a huge unknown type', () => {
    const result = parse('x'.repeat(100_000), {});
    expect(result).toMatchObject({ ok: false, code: 'unknown-message' });
    if (!result.ok) expect(result.detail.length).toBeLessThanOrEqual(40);
  });
});

describe('JoinOptions', () => {
  const participant = { role: 'participant', v: PROTOCOL_VERSION, workshopId: 'ws-1', code: 'ACDEFG', name: 'Mette', partyId: 'party-1' };
  const screen = { role: 'screen', v: PROTOCOL_VERSION, workshopId: 'ws-1', code: 'ACDEFG' };
  const facilitator = { role: 'facilitator', v: PROTOCOL_VERSION, workshopId: 'ws-1', key: 'k'.repeat(16) };

  it.each([
    ['participant', participant],
    ['participant with a language', { ...participant, language: 'en' }],
    ['participant with a 40-character name', { ...participant, name: 'n'.repeat(NAME_MAX) }],
    ['screen', screen],
    ['screen with a language', { ...screen, language: 'da' }],
    ['facilitator', facilitator],
    ['facilitator with a name', { ...facilitator, name: 'Tove' }],
    ['facilitator with a 128-character key', { ...facilitator, key: 'k'.repeat(128) }],
  ])('accepts a %s', (_name, options) => {
    const result = JoinOptions.safeParse(options);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it('trims the participant name', () => {
    expect(JoinOptions.parse({ ...participant, name: '  Mette ' })).toMatchObject({ name: 'Mette' });
  });

  const { name: _name, ...participantWithoutName } = participant;
  const { partyId: _partyId, ...participantWithoutParty } = participant;
  const { code: _code, ...screenWithoutCode } = screen;
  const { key: _key, ...facilitatorWithoutKey } = facilitator;

  it.each([
    ['participant without a name', participantWithoutName],
    ['participant with a blank name', { ...participant, name: '   ' }],
    ['participant with a 41-character name', { ...participant, name: 'n'.repeat(NAME_MAX + 1) }],
    ['participant without a party', participantWithoutParty],
    ['participant with a bad party id', { ...participant, partyId: 'a b' }],
    ['participant with an unknown field', { ...participant, admin: true }],
    ['participant with a facilitator key', { ...participant, key: 'k'.repeat(16) }],
    ['participant with an unsupported language', { ...participant, language: 'de' }],
    ['participant without v', { ...participant, v: undefined }],
    ['participant with v 2', { ...participant, v: 2 }],
    ['screen without a code', screenWithoutCode],
    ['screen with a party', { ...screen, partyId: 'party-1' }],
    ['screen with a 21-character code', { ...screen, code: 'A'.repeat(21) }],
    ['facilitator without a key', facilitatorWithoutKey],
    ['facilitator with a 15-character key', { ...facilitator, key: 'k'.repeat(15) }],
    ['facilitator with a 129-character key', { ...facilitator, key: 'k'.repeat(129) }],
    ['facilitator with an unknown field', { ...facilitator, partyId: 'party-1' }],
    ['an unknown role', { ...screen, role: 'admin' }],
    ['no role', { v: 1, workshopId: 'ws-1', code: 'ACDEFG' }],
    ['a bad workshop id', { ...screen, workshopId: '../etc' }],
    ['null', null],
    ['a string', 'participant'],
  ])('rejects a %s', (_name, options) => {
    expect(JoinOptions.safeParse(options).success).toBe(false);
  });
});
