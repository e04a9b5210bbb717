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
import { PHASES } from '../../shared/types.ts';
import { VALID_PAYLOADS } from './fixtures.ts';

/** Parse, proving along the way that parsing does not throw. */
function parse(type: unknown, payload: unknown): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    result = parseClientMessage(type, payload);
  }).not.toThrow();
  return result!;
}

/** One good payload per message type (typed in fixtures.ts so that a missing type is a compile error). */
const valid = VALID_PAYLOADS;

/** More good payloads: the smallest forms and the edges of every limit. */
const alsoValid: [string, ClientMessageType, Record<string, unknown>][] = [
  ['place without optional fields (tap-to-place: no point)', 'place', { v: PROTOCOL_VERSION, aid: 'a', kindId: 'residents', areaPartyId: 'party-1' }],
  ['place near a point', 'place', { v: PROTOCOL_VERSION, aid: 'a', kindId: 'residents', areaPartyId: 'party-1', near: { x: 300, y: 300 } }],
  [`place with a ${NOTE_MAX}-character note`, 'place', { v: PROTOCOL_VERSION, aid: 'a', kindId: 'k', areaPartyId: 'p', note: 'n'.repeat(NOTE_MAX) }],
  [`place with a ${LABEL_MAX}-character label`, 'place', { v: PROTOCOL_VERSION, aid: 'a', kindId: 'k', areaPartyId: 'p', label: 'l'.repeat(LABEL_MAX) }],
  ['place at the lowest coordinates', 'place', { v: PROTOCOL_VERSION, aid: 'a', kindId: 'k', areaPartyId: 'p', near: { x: -BOARD_SIZE, y: -BOARD_SIZE } }],
  ['move to the highest coordinates', 'move', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', near: { x: 2 * BOARD_SIZE, y: 2 * BOARD_SIZE } }],
  ['move with nothing but the piece (a release through the layout)', 'move', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' }],
  ['move into another area without a point', 'move', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', areaPartyId: 'party-2' }],
  ['grab with a 64-character aid', 'grab', { v: PROTOCOL_VERSION, aid: 'a'.repeat(64), pieceId: 'p' }],
  ['grab with an aid of dots and colons', 'grab', { v: PROTOCOL_VERSION, aid: 'c1:42.7-x', pieceId: 'p' }],
  ['grab with a 64-character piece id', 'grab', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p'.repeat(64) }],
  ['edit with nothing to change', 'edit', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' }],
  ['edit with an empty note', 'edit', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', note: '' }],
  ...([1, 2, 3] as const).map((importance): [string, ClientMessageType, Record<string, unknown>] => [
    `edit with importance ${importance}`,
    'edit',
    { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', importance },
  ]),
  ['drag of a tray kind', 'drag', { v: PROTOCOL_VERSION, x: -5, y: 1999, kindId: 'residents' }],
  ['update-workshop with nothing', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a' }],
  ['set-language da', 'set-language', { v: PROTOCOL_VERSION, aid: 'a', language: 'da' }],
  ['a payload without a prototype', 'grab', Object.assign(Object.create(null) as object, { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' })],
  ['update-workshop with the fewest participants', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', maxParticipants: 2 }],
  ['update-workshop with the most participants', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', maxParticipants: 200, partnerView: true }],
  ['update-workshop with the shortest retention', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', retentionMonths: 1 }],
  ['update-workshop keeping it 5 years', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', retentionMonths: 60 }],
  ...PHASES.map((phase): [string, ClientMessageType, Record<string, unknown>] => [`set-phase ${phase}`, 'set-phase', { v: PROTOCOL_VERSION, aid: 'a', phase }]),
  ['set-open true', 'set-open', { v: PROTOCOL_VERSION, aid: 'a', open: true }],
  ['lock false', 'lock', { v: PROTOCOL_VERSION, aid: 'a', locked: false }],
  ['spotlight on nothing with an empty id', 'spotlight', { v: PROTOCOL_VERSION, aid: 'a', kind: 'none', id: '' }],
  ['spotlight on a piece', 'spotlight', { v: PROTOCOL_VERSION, aid: 'a', kind: 'piece', id: 'piece-1' }],
  ['voting with nothing', 'voting', { v: PROTOCOL_VERSION, aid: 'a' }],
  ['voting with 1 dot', 'voting', { v: PROTOCOL_VERSION, aid: 'a', dots: 1 }],
  ['voting with 10 dots', 'voting', { v: PROTOCOL_VERSION, aid: 'a', dots: 10 }],
  ['timer start', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'start' }],
  ['timer pause', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'pause' }],
  ['timer reset without a length', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset' }],
  ['timer reset to 10 seconds', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset', seconds: 10 }],
  ['timer reset to 4 hours', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset', seconds: 4 * 3600 }],
  ['agreement-add of a shared value', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', text: 'Tillid' }],
  ['agreement-add of a 300-character open question', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'openQuestions', text: 'q'.repeat(300) }],
  ['agreement-update with nothing to change', 'agreement-update', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', itemId: 'i' }],
  ['agreement-remove of a next step', 'agreement-remove', { v: PROTOCOL_VERSION, aid: 'a', list: 'nextSteps', itemId: 'i' }],
  ['add-kind without a description', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: 'Tryghed', category: 'relations' }],
  [`add-kind with a ${LABEL_MAX}-character label`, 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: 'l'.repeat(LABEL_MAX), category: 'c' }],
  ['add-kind with a 160-character description', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: 'l', description: 'd'.repeat(160), category: 'c' }],
];

/** Names and titles lose their surrounding spaces before their length is checked. */
const trimmed: [string, ClientMessageType, Record<string, unknown>, Record<string, unknown>][] = [
  ['a party name', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: '  Jobcentret ' }, { name: 'Jobcentret' }],
  ['a short name of 6 characters between spaces', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: 'J', shortName: ' JOBCEN ' }, { shortName: 'JOBCEN' }],
  ['a new party name', 'update-party', { v: PROTOCOL_VERSION, aid: 'a', partyId: 'p', name: ' Skolen ' }, { name: 'Skolen' }],
  ['a title of 120 characters between spaces', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', title: `  ${'t'.repeat(120)}  ` }, { title: 't'.repeat(120) }],
  ['an agreement line', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', text: ' Tillid\n' }, { text: 'Tillid' }],
  ['an updated agreement line', 'agreement-update', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', itemId: 'i', text: '\tTillid ' }, { text: 'Tillid' }],
  ['a custom kind name', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: ' Tryghed ', category: 'c' }, { label: 'Tryghed' }],
];

describe('limits', () => {
  it('are the ones the product promises', () => {
    // written out here so a changed constant shows up as a failing test, not a silently moved limit
    expect({ NOTE_MAX, LABEL_MAX, NAME_MAX, PROTOCOL_VERSION }).toEqual({ NOTE_MAX: 280, LABEL_MAX: 40, NAME_MAX: 40, PROTOCOL_VERSION: 3 });
  });
});

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
  it.each(trimmed)('%s, trimmed', (_name, type, payload, change) => {
    expect(parse(type, payload)).toEqual({ ok: true, message: { type, payload: { ...payload, ...change } } });
  });
});

/** The version before places named an area. */
const OLD_VERSION = 1;
const grab = (extra: Record<string, unknown>) => ({ v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', ...extra });
const place = (extra: Record<string, unknown>) => ({ v: PROTOCOL_VERSION, aid: 'a', kindId: 'k', areaPartyId: 'party-1', near: { x: 100, y: 100 }, ...extra });
const move = (extra: Record<string, unknown>) => ({ v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', areaPartyId: 'party-1', near: { x: 100, y: 100 }, ...extra });
/** A drop point with some coordinates changed. */
const near = (coordinates: Record<string, unknown>) => ({ near: { x: 100, y: 100, ...coordinates } });
const drag = (extra: Record<string, unknown>) => ({ v: PROTOCOL_VERSION, x: 100, y: 100, kindId: 'k', ...extra });

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
  ['v one past the current', 'grab', grab({ v: PROTOCOL_VERSION + 1 }), 'protocol-version'],
  ['v 1, before places named an area', 'place', { v: OLD_VERSION, aid: 'a', kindId: 'k', x: 100, y: 100 }, 'protocol-version'],
  ['v 0', 'drag-end', { v: 0 }, 'protocol-version'],
  ['v as a string', 'grab', grab({ v: String(PROTOCOL_VERSION) }), 'protocol-version'],
  ['v null', 'drag-end', { v: null }, 'protocol-version'],

  // bad-message: wrong types
  ['a numeric piece id', 'grab', grab({ pieceId: 5 }), 'bad-message'],
  ['no piece id', 'grab', { v: PROTOCOL_VERSION, aid: 'a' }, 'bad-message'],
  ['an empty piece id', 'grab', grab({ pieceId: '' }), 'bad-message'],
  ['a piece id with a space', 'grab', grab({ pieceId: 'a b' }), 'bad-message'],
  ['a piece id with a slash', 'remove', grab({ pieceId: '../x' }), 'bad-message'],
  ['a 65-character piece id', 'release', grab({ pieceId: 'p'.repeat(65) }), 'bad-message'],
  ['no aid', 'grab', { v: PROTOCOL_VERSION, pieceId: 'p' }, 'bad-message'],
  ['an empty aid', 'grab', grab({ aid: '' }), 'bad-message'],
  ['a numeric aid', 'grab', grab({ aid: 12 }), 'bad-message'],
  ['an aid with a space', 'grab', grab({ aid: 'a b' }), 'bad-message'],
  ['a 65-character aid', 'grab', grab({ aid: 'a'.repeat(65) }), 'bad-message'],
  ['a coordinate as a string', 'place', place(near({ x: '10' })), 'bad-message'],
  ['a missing coordinate', 'move', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', near: { x: 1 } }, 'bad-message'],
  ['a bigint coordinate', 'move', move(near({ x: 10n })), 'bad-message'],
  ['a drop point as a pair', 'place', place({ near: [100, 100] }), 'bad-message'],
  ['a drop point with an extra field', 'move', move(near({ z: 1 })), 'bad-message'],
  ['a place without an area', 'place', { v: PROTOCOL_VERSION, aid: 'a', kindId: 'k', near: { x: 100, y: 100 } }, 'bad-message'],
  ['a place with an empty area', 'place', place({ areaPartyId: '' }), 'bad-message'],
  ['a move to an area id with a slash', 'move', move({ areaPartyId: '../p' }), 'bad-message'],
  ['a place with coordinates of its own (protocol 1)', 'place', place({ x: 100, y: 100 }), 'bad-message'],
  ['a move with coordinates of its own (protocol 1)', 'move', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', x: 100, y: 100 }, 'bad-message'],
  ['a note as a number', 'place', place({ note: 5 }), 'bad-message'],
  ['a null label', 'place', place({ label: null }), 'bad-message'],
  ['an empty forPartyId', 'place', place({ forPartyId: '' }), 'bad-message'],
  ['a kind id as an array', 'place', place({ kindId: ['k'] }), 'bad-message'],
  ['an importance as a string', 'edit', grab({ importance: '2' }), 'bad-message'],

  // bad-message: unknown fields
  ['an extra field', 'grab', grab({ extra: 1 }), 'bad-message'],
  ['a field of another message', 'grab', grab({ x: 1 }), 'bad-message'],
  ['an aid on drag-end', 'drag-end', { v: PROTOCOL_VERSION, aid: 'a' }, 'bad-message'],
  ['an aid on drag', 'drag', drag({ aid: 'a' }), 'bad-message'],
  ['an own __proto__ key', 'grab', JSON.parse(`{"v":${PROTOCOL_VERSION},"aid":"a","pieceId":"p","__proto__":{"x":1}}`), 'bad-message'],

  // bad-message: oversize strings
  [`a ${NOTE_MAX + 1}-character note on place`, 'place', place({ note: 'n'.repeat(NOTE_MAX + 1) }), 'bad-message'],
  [`a ${NOTE_MAX + 1}-character note on edit`, 'edit', grab({ note: 'n'.repeat(NOTE_MAX + 1) }), 'bad-message'],
  [`a ${LABEL_MAX + 1}-character label on place`, 'place', place({ label: 'l'.repeat(LABEL_MAX + 1) }), 'bad-message'],
  [`a ${LABEL_MAX + 1}-character label on edit`, 'edit', grab({ label: 'l'.repeat(LABEL_MAX + 1) }), 'bad-message'],
  ['a megabyte note', 'place', place({ note: 'n'.repeat(1 << 20) }), 'bad-message'],
  ['a 121-character title', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', title: 't'.repeat(121) }, 'bad-message'],
  ['an empty title', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', title: '' }, 'bad-message'],
  ['a 301-character focus', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', focus: 'f'.repeat(301) }, 'bad-message'],
  ['a 7-character short name', 'update-party', { v: PROTOCOL_VERSION, aid: 'a', partyId: 'p', shortName: 'ABCDEFG' }, 'bad-message'],
  ['a 61-character party name', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: 'n'.repeat(61) }, 'bad-message'],
  ['an empty party name', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: '' }, 'bad-message'],
  ['no party name', 'add-party', { v: PROTOCOL_VERSION, aid: 'a' }, 'bad-message'],
  ['a colour name', 'update-party', { v: PROTOCOL_VERSION, aid: 'a', partyId: 'p', color: 'red' }, 'bad-message'],
  ['a colour with a non-hex digit', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: 'X', color: '#12345g' }, 'bad-message'],
  ['a short colour', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: 'X', color: '#123' }, 'bad-message'],
  ['an unsupported language', 'set-language', { v: PROTOCOL_VERSION, aid: 'a', language: 'de' }, 'bad-message'],

  // bad-message: numbers that are not board coordinates
  ...(['place', 'move', 'drag'] as const).flatMap((type) => {
    // place and move carry their point as `near`, a drag its own x and y
    const base = { place: (c: Record<string, unknown>) => place(near(c)), move: (c: Record<string, unknown>) => move(near(c)), drag }[type];
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
  ['a drag naming neither', 'drag', { v: PROTOCOL_VERSION, x: 1, y: 1 }, 'bad-message'],

  // payloads that are not plain objects
  ['an array payload carrying v', 'grab', Object.assign([], { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' }), 'bad-message'],

  // names and titles: blank after trimming, or too long
  ['a party name of spaces', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: '   ' }, 'bad-message'],
  ['a new party name of spaces', 'update-party', { v: PROTOCOL_VERSION, aid: 'a', partyId: 'p', name: ' \t ' }, 'bad-message'],
  ['a short name of spaces', 'update-party', { v: PROTOCOL_VERSION, aid: 'a', partyId: 'p', shortName: '  ' }, 'bad-message'],
  ['a title of spaces', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', title: '   ' }, 'bad-message'],
  ['a 7-character short name between spaces', 'add-party', { v: PROTOCOL_VERSION, aid: 'a', name: 'X', shortName: ' ABCDEFG ' }, 'bad-message'],

  // update-workshop: the new settings
  ['partnerView as a string', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', partnerView: 'yes' }, 'bad-message'],
  ['maxParticipants 1', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', maxParticipants: 1 }, 'bad-message'],
  ['maxParticipants 201', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', maxParticipants: 201 }, 'bad-message'],
  ['maxParticipants 2.5', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', maxParticipants: 2.5 }, 'bad-message'],
  ['maxParticipants as a string', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', maxParticipants: '40' }, 'bad-message'],
  ['a retention of 0 months', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', retentionMonths: 0 }, 'bad-message'],
  ['a retention of 61 months', 'update-workshop', { v: PROTOCOL_VERSION, aid: 'a', retentionMonths: 61 }, 'bad-message'],

  // set-phase, set-open, kick, lock
  ['an unknown phase', 'set-phase', { v: PROTOCOL_VERSION, aid: 'a', phase: 'voting' }, 'bad-message'],
  ['a phase in capitals', 'set-phase', { v: PROTOCOL_VERSION, aid: 'a', phase: 'REVEAL' }, 'bad-message'],
  ['no phase', 'set-phase', { v: PROTOCOL_VERSION, aid: 'a' }, 'bad-message'],
  ['open as a string', 'set-open', { v: PROTOCOL_VERSION, aid: 'a', open: 'false' }, 'bad-message'],
  ['open as a number', 'set-open', { v: PROTOCOL_VERSION, aid: 'a', open: 0 }, 'bad-message'],
  ['no member to kick', 'kick', { v: PROTOCOL_VERSION, aid: 'a' }, 'bad-message'],
  ['a member id with a slash', 'kick', { v: PROTOCOL_VERSION, aid: 'a', memberId: 'a/b' }, 'bad-message'],
  ['no lock state', 'lock', { v: PROTOCOL_VERSION, aid: 'a' }, 'bad-message'],
  ['lock as null', 'lock', { v: PROTOCOL_VERSION, aid: 'a', locked: null }, 'bad-message'],

  // spotlight
  ['an unknown spotlight kind', 'spotlight', { v: PROTOCOL_VERSION, aid: 'a', kind: 'member', id: 'm' }, 'bad-message'],
  ['a spotlight without an id', 'spotlight', { v: PROTOCOL_VERSION, aid: 'a', kind: 'none' }, 'bad-message'],
  ['a spotlight id with a space', 'spotlight', { v: PROTOCOL_VERSION, aid: 'a', kind: 'piece', id: 'a b' }, 'bad-message'],
  ['a 65-character spotlight id', 'spotlight', { v: PROTOCOL_VERSION, aid: 'a', kind: 'piece', id: 'p'.repeat(65) }, 'bad-message'],

  // voting, vote, unvote
  ['0 dots', 'voting', { v: PROTOCOL_VERSION, aid: 'a', dots: 0 }, 'bad-message'],
  ['11 dots', 'voting', { v: PROTOCOL_VERSION, aid: 'a', dots: 11 }, 'bad-message'],
  ['1.5 dots', 'voting', { v: PROTOCOL_VERSION, aid: 'a', dots: 1.5 }, 'bad-message'],
  ['shown as a string', 'voting', { v: PROTOCOL_VERSION, aid: 'a', shown: 'true' }, 'bad-message'],
  ['a vote without a piece', 'vote', { v: PROTOCOL_VERSION, aid: 'a' }, 'bad-message'],
  ['a vote for two pieces', 'vote', { v: PROTOCOL_VERSION, aid: 'a', pieceId: ['p', 'q'] }, 'bad-message'],
  ['an unvote with an extra field', 'unvote', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', count: 2 }, 'bad-message'],

  // timer
  ['an unknown timer operation', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'stop' }, 'bad-message'],
  ['no timer operation', 'timer', { v: PROTOCOL_VERSION, aid: 'a', seconds: 60 }, 'bad-message'],
  ['a 9-second timer', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset', seconds: 9 }, 'bad-message'],
  ['a timer longer than 4 hours', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset', seconds: 4 * 3600 + 1 }, 'bad-message'],
  ['a timer of 10.5 seconds', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset', seconds: 10.5 }, 'bad-message'],
  ['a negative timer', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset', seconds: -60 }, 'bad-message'],
  ['timer seconds as a string', 'timer', { v: PROTOCOL_VERSION, aid: 'a', op: 'reset', seconds: '60' }, 'bad-message'],

  // agreement
  ['an unknown agreement list', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'decisions', text: 'x' }, 'bad-message'],
  ['an empty agreement line', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', text: '' }, 'bad-message'],
  ['an agreement line of spaces', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', text: '   ' }, 'bad-message'],
  ['a 301-character agreement line', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'openQuestions', text: 'q'.repeat(301) }, 'bad-message'],
  ['an agreement line without text', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues' }, 'bad-message'],
  ['a bad owner id', 'agreement-add', { v: PROTOCOL_VERSION, aid: 'a', list: 'nextSteps', text: 'x', ownerPartyId: '' }, 'bad-message'],
  ['an update without an item', 'agreement-update', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', text: 'x' }, 'bad-message'],
  ['an update to a line of spaces', 'agreement-update', { v: PROTOCOL_VERSION, aid: 'a', list: 'sharedValues', itemId: 'i', text: '  ' }, 'bad-message'],
  ['a removal without a list', 'agreement-remove', { v: PROTOCOL_VERSION, aid: 'a', itemId: 'i' }, 'bad-message'],
  ['a removal with a bad item id', 'agreement-remove', { v: PROTOCOL_VERSION, aid: 'a', list: 'nextSteps', itemId: 'i i' }, 'bad-message'],

  // add-kind
  ['a custom kind without a label', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', category: 'c' }, 'bad-message'],
  ['a custom kind named with spaces', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: '   ', category: 'c' }, 'bad-message'],
  [`a ${LABEL_MAX + 1}-character custom kind`, 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: 'l'.repeat(LABEL_MAX + 1), category: 'c' }, 'bad-message'],
  ['a 161-character description', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: 'l', description: 'd'.repeat(161), category: 'c' }, 'bad-message'],
  ['a custom kind without a category', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: 'l' }, 'bad-message'],
  ['a custom kind with its own id', 'add-kind', { v: PROTOCOL_VERSION, aid: 'a', label: 'l', category: 'c', id: 'residents' }, 'bad-message'],

  // facilitator keys: nothing but the envelope
  ['a co-key request naming a key', 'create-co-key', { v: PROTOCOL_VERSION, aid: 'a', key: 'k'.repeat(16) }, 'bad-message'],
  ['a key rotation naming a key', 'rotate-key', { v: PROTOCOL_VERSION, aid: 'a', key: 'k'.repeat(16) }, 'bad-message'],
  ['a key rotation without an aid', 'rotate-key', { v: PROTOCOL_VERSION }, 'bad-message'],

  // undo carries nothing but the envelope
  ['an undo naming a piece', 'undo', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' }, 'bad-message'],
  ['an undo without an aid', 'undo', { v: PROTOCOL_VERSION }, 'bad-message'],
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
    ['an array of one message', [{ v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' }]],
    ['a string', `{"v":${PROTOCOL_VERSION},"aid":"a","pieceId":"p"}`],
    ['a number', 1],
    ['true', true],
    ['a bigint', 1n],
    ['a function carrying v', Object.assign(() => 0, { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' })],
  ])('a payload that is %s, as bad-message before any version check', (_name, payload) => {
    for (const type of ['grab', 'drag-end', 'undo']) {
      const result = parse(type, payload);
      expect(result).toMatchObject({ ok: false, code: 'bad-message' });
      if (!result.ok) expect(result.aid).toBeUndefined();
    }
  });

  it.each([
    ['a number', 7, 'number'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'object'],
    ['a symbol', Symbol('grab'), 'symbol'],
    ['an object', { toString: () => 'grab' }, 'object'],
    ['an array', ['grab'], 'object'],
    ['a boolean', true, 'boolean'],
  ])('a type that is %s, as unknown-message naming its typeof', (_name, type, detail) => {
    expect(parse(type, { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' })).toEqual({ ok: false, code: 'unknown-message', detail, aid: 'a' });
  });

  it('an unknown string type, named in the detail', () => {
    expect(parse('teleport', { v: PROTOCOL_VERSION })).toEqual({ ok: false, code: 'unknown-message', detail: 'teleport', aid: undefined });
  });

  it('an unknown type before a bad payload', () => {
    expect(parse('teleport', null)).toMatchObject({ ok: false, code: 'unknown-message' });
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

  it.each([
    ['a 64-character aid', 'x'.repeat(64)],
    ['an aid of dots and colons', 'c1:42.7-x'],
    ['an aid with an underscore', 'c1_7'],
  ])('when it is %s', (_name, aid) => {
    expect(parse('grab', grab({ aid, pieceId: 5 }))).toMatchObject({ ok: false, code: 'bad-message', aid });
  });

  it.each([
    ['absent', { v: PROTOCOL_VERSION, pieceId: 5 }],
    ['not a string', { v: PROTOCOL_VERSION, aid: 42, pieceId: 'p' }],
    ['too long (65 characters)', { v: PROTOCOL_VERSION, aid: 'x'.repeat(65), pieceId: 'p' }],
    ['far too long', { v: PROTOCOL_VERSION, aid: 'x'.repeat(1000), pieceId: 'p' }],
    ['empty', { v: PROTOCOL_VERSION, aid: '', pieceId: 'p' }],
    ['with a space', { v: PROTOCOL_VERSION, aid: 'a b', pieceId: 'p' }],
    ['with markup', { v: PROTOCOL_VERSION, aid: '<img src=x>', pieceId: 'p' }],
    ['with a line break', { v: PROTOCOL_VERSION, aid: 'a\nb', pieceId: 'p' }],
    ['an array', { v: PROTOCOL_VERSION, aid: ['a'], pieceId: 'p' }],
  ])('not when it is %s', (_name, payload) => {
    const result = parse('grab', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('bad-message');
      expect(result.aid).toBeUndefined();
    }
  });

  it('not in a protocol-version failure with a malformed aid', () => {
    expect(parse('grab', { v: PROTOCOL_VERSION + 1, aid: 'a b', pieceId: 'p' })).toEqual({ ok: false, code: 'protocol-version', detail: `expected v=${PROTOCOL_VERSION}`, aid: undefined });
  });
});

describe('parseClientMessage survives hostile input', () => {
  const deep = (depth: number): unknown => {
    let o: unknown = 'p';
    for (let i = 0; i < depth; i++) o = { a: o };
    return o;
  };
  const circular: Record<string, unknown> = { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' };
  circular.self = circular;
  const circularField: Record<string, unknown> = { v: PROTOCOL_VERSION, aid: 'a' };
  circularField.pieceId = circularField;

  it.each([
    ['very deep nesting in a field', 'grab', { v: PROTOCOL_VERSION, aid: 'a', pieceId: deep(100_000) }],
    ['very deep nesting in an extra field', 'grab', { v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p', extra: deep(100_000) }],
    ['a deeply nested array as coordinate', 'move', move(near({ x: JSON.parse('['.repeat(5000) + ']'.repeat(5000)) }))],
    ['a circular payload', 'grab', circular],
    ['a field that is its own payload', 'grab', circularField],
    ['a payload without a prototype and without v', 'grab', Object.create(null)],
    ['a class instance', 'drag-end', new (class { v = 1; extra = 2; })()],
    ['a Date', 'drag-end', new Date(0)],
    ['a symbol-keyed field', 'grab', { ...grab({ pieceId: 1 }), [Symbol('x')]: 1 }],
  ])('%s', (_name, type, payload) => {
    expect(parse(type, payload).ok).toBe(false);
  });

  const throwing = (key: string) =>
    Object.defineProperty({ v: PROTOCOL_VERSION, aid: 'a', pieceId: 'p' }, key, {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
  const trap = () => {
    throw new Error('boom');
  };

  it.each([
    ['a getter on v that throws', 'grab', throwing('v'), 'unreadable message'],
    ['a getter on aid that throws', 'grab', throwing('aid'), 'unreadable message'],
    ['a getter on a field that throws', 'grab', throwing('pieceId'), 'unreadable message'],
    // the strict schema refuses the unknown key without reading it
    ['a getter on an extra field that throws', 'grab', throwing('extra'), expect.stringContaining('extra')],
    ['a proxy whose every trap throws', 'grab', new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap }), 'unreadable message'],
    ['a proxy that throws on listing its keys', 'drag-end', new Proxy({ v: PROTOCOL_VERSION }, { ownKeys: trap }), 'unreadable message'],
  ])('%s: bad-message, never an exception', (_name, type, payload, detail) => {
    expect(parse(type, payload)).toMatchObject({ ok: false, code: 'bad-message', detail });
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
    ['participant with the next version', { ...participant, v: PROTOCOL_VERSION + 1 }],
    ['screen without a code', screenWithoutCode],
    ['screen with a party', { ...screen, partyId: 'party-1' }],
    ['screen with a 21-character code', { ...screen, code: 'A'.repeat(21) }],
    ['facilitator without a key', facilitatorWithoutKey],
    ['facilitator with a 15-character key', { ...facilitator, key: 'k'.repeat(15) }],
    ['facilitator with a 129-character key', { ...facilitator, key: 'k'.repeat(129) }],
    ['facilitator with an unknown field', { ...facilitator, partyId: 'party-1' }],
    ['an unknown role', { ...screen, role: 'admin' }],
    ['no role', { v: PROTOCOL_VERSION, workshopId: 'ws-1', code: 'ACDEFG' }],
    ['a bad workshop id', { ...screen, workshopId: '../etc' }],
    ['null', null],
    ['a string', 'participant'],
  ])('rejects a %s', (_name, options) => {
    expect(JoinOptions.safeParse(options).success).toBe(false);
  });
});
