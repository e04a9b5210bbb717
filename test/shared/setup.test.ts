import { describe, it, expect } from 'vitest';
import {
  DEFAULT_DOTS,
  DEFAULT_MAX_PARTICIPANTS,
  DEFAULT_RETENTION_MONTHS,
  MAX_PARTICIPANTS,
  MAX_RETENTION_MONTHS,
  WorkshopSetup,
  completeParties,
  createWorkshopState,
} from '../../shared/setup.ts';
import { PARTY_PALETTE, initialsOf, nextFreeColor, textColorOn } from '../../shared/palette.ts';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, isJoinCode, normalizeJoinCode } from '../../shared/joinCode.ts';
import { DEFAULT_LANGUAGE } from '../../shared/i18n/languages.ts';
import { COLLABORATION_DECK, DEFAULT_DECK, NOW } from './fixtures.ts';
import { contrast } from '../contrast.ts';

const counter = (prefix: string) => {
  let n = 0;
  return () => `${prefix}-${++n}`;
};
const parties = (...names: string[]) => names.map((name) => ({ name }));

describe('WorkshopSetup', () => {
  it('accepts a minimal body', () => {
    expect(WorkshopSetup.parse({ title: 'T', parties: parties('A', 'B') })).toEqual({ title: 'T', parties: parties('A', 'B') });
  });

  it('accepts a full body, trimming texts and lower-casing colours', () => {
    const setup = WorkshopSetup.parse({
      title: '  Lektiecaféen ',
      focus: ' Hvad skaber caféen for os? ',
      collaboration: ' Caféen ',
      language: 'en',
      deck: 'default',
      parties: [
        { name: ' Kommunen ', shortName: ' KK ', color: '#0072B2' },
        { name: 'Skolen', color: '#E69F00' },
      ],
    });
    expect(setup).toEqual({
      title: 'Lektiecaféen',
      focus: 'Hvad skaber caféen for os?',
      collaboration: 'Caféen',
      language: 'en',
      deck: 'default',
      parties: [
        { name: 'Kommunen', shortName: 'KK', color: '#0072b2' },
        { name: 'Skolen', color: '#e69f00' },
      ],
    });
  });

  it.each([
    ['the collaboration-factors deck', { deck: 'collaboration-factors' }],
    ['the default deck', { deck: 'default' }],
    ['the guided mode', { mode: 'guided' }],
    ['the free mode', { mode: 'free' }],
    ['no partner-view phase', { partnerView: false }],
    ['a partner-view phase', { partnerView: true }],
    ['the fewest participants', { maxParticipants: 2 }],
    [`the most participants (${MAX_PARTICIPANTS})`, { maxParticipants: MAX_PARTICIPANTS }],
    ['a retention of one month', { retentionMonths: 1 }],
    [`a retention of ${MAX_RETENTION_MONTHS} months`, { retentionMonths: MAX_RETENTION_MONTHS }],
    ['all the options at once', { deck: 'collaboration-factors', partnerView: false, maxParticipants: 12, language: 'en' }],
  ])('accepts %s', (_name, options) => {
    const body = { title: 'T', parties: parties('A', 'B'), ...options };
    expect(WorkshopSetup.parse(body)).toEqual(body);
  });

  it('accepts eight parties', () => {
    expect(WorkshopSetup.safeParse({ title: 'T', parties: parties('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H') }).success).toBe(true);
  });

  it.each([
    ['one party', { title: 'T', parties: parties('A') }],
    ['no parties', { title: 'T', parties: [] }],
    ['nine parties', { title: 'T', parties: parties('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I') }],
    ['a colour with a non-hex digit', { title: 'T', parties: [{ name: 'A', color: '#12345g' }, { name: 'B' }] }],
    ['a colour name', { title: 'T', parties: [{ name: 'A', color: 'red' }, { name: 'B' }] }],
    ['a three-digit colour', { title: 'T', parties: [{ name: 'A', color: '#fff' }, { name: 'B' }] }],
    ['the same colour twice, in different cases', { title: 'T', parties: [{ name: 'A', color: '#0072B2' }, { name: 'B', color: '#0072b2' }] }],
    ['the same name twice', { title: 'T', parties: parties('Skolen', 'Skolen') }],
    ['the same name twice, in other case and spacing', { title: 'T', parties: parties('Skolen', '  skolen ') }],
    ['an unknown field', { title: 'T', parties: parties('A', 'B'), secret: 1 }],
    ['an unknown party field', { title: 'T', parties: [{ name: 'A', id: 'x' }, { name: 'B' }] }],
    ['no title', { parties: parties('A', 'B') }],
    ['an empty title', { title: '', parties: parties('A', 'B') }],
    ['a title of spaces', { title: '   ', parties: parties('A', 'B') }],
    ['a 121-character title', { title: 't'.repeat(121), parties: parties('A', 'B') }],
    ['an empty party name', { title: 'T', parties: parties('A', '  ') }],
    ['a 7-character short name', { title: 'T', parties: [{ name: 'A', shortName: 'ABCDEFG' }, { name: 'B' }] }],
    ['an unknown deck', { title: 'T', parties: parties('A', 'B'), deck: 'other' }],
    ['an unknown mode', { title: 'T', parties: parties('A', 'B'), mode: 'open' }],
    ['a mode in capitals', { title: 'T', parties: parties('A', 'B'), mode: 'FREE' }],
    ['a mode as a boolean', { title: 'T', parties: parties('A', 'B'), mode: true }],
    ['an unsupported language', { title: 'T', parties: parties('A', 'B'), language: 'de' }],
    ['parties that are not an array', { title: 'T', parties: { 0: { name: 'A' }, 1: { name: 'B' } } }],
    ['the same short name twice', { title: 'T', parties: [{ name: 'A', shortName: 'KK' }, { name: 'B', shortName: 'KK' }] }],
    ['the same short name twice, in other case and spacing', { title: 'T', parties: [{ name: 'A', shortName: 'kk' }, { name: 'B', shortName: ' KK ' }] }],
    ['a short name of spaces', { title: 'T', parties: [{ name: 'A', shortName: '   ' }, { name: 'B' }] }],
    ['a deck id in capitals', { title: 'T', parties: parties('A', 'B'), deck: 'DEFAULT' }],
    ['partnerView as a string', { title: 'T', parties: parties('A', 'B'), partnerView: 'no' }],
    ['one participant at most', { title: 'T', parties: parties('A', 'B'), maxParticipants: 1 }],
    [`${MAX_PARTICIPANTS + 1} participants at most`, { title: 'T', parties: parties('A', 'B'), maxParticipants: MAX_PARTICIPANTS + 1 }],
    ['a fractional number of participants', { title: 'T', parties: parties('A', 'B'), maxParticipants: 12.5 }],
    ['the number of participants as a string', { title: 'T', parties: parties('A', 'B'), maxParticipants: '40' }],
    ['a retention of no months', { title: 'T', parties: parties('A', 'B'), retentionMonths: 0 }],
    [`a retention of ${MAX_RETENTION_MONTHS + 1} months`, { title: 'T', parties: parties('A', 'B'), retentionMonths: MAX_RETENTION_MONTHS + 1 }],
    ['a retention of half a month', { title: 'T', parties: parties('A', 'B'), retentionMonths: 0.5 }],
  ])('rejects %s', (_name, body) => {
    expect(WorkshopSetup.safeParse(body).success).toBe(false);
  });

  it.each([
    ['colour', [{ name: 'A', color: '#000000' }, { name: 'B' }, { name: 'C', color: '#000000' }], ['parties', 2, 'color']],
    ['name', [{ name: 'Skolen' }, { name: 'B' }, { name: ' SKOLEN' }], ['parties', 2, 'name']],
    ['short name', [{ name: 'A', shortName: 'kk' }, { name: 'B', shortName: 'KK' }], ['parties', 1, 'shortName']],
    ['short name, given to the third party', [{ name: 'A', shortName: 'KK' }, { name: 'B' }, { name: 'C', shortName: ' Kk ' }], ['parties', 2, 'shortName']],
  ])('points the duplicate-%s issue at the later party', (_name, partyList, path) => {
    const result = WorkshopSetup.safeParse({ title: 'T', parties: partyList });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([path]);
  });

  it('lets a given short name equal the initials another party would get (completeParties works around it)', () => {
    expect(WorkshopSetup.safeParse({ title: 'T', parties: [{ name: 'Kommunen' }, { name: 'Kulturhuset', shortName: 'KOM' }] }).success).toBe(true);
  });

  it('points the duplicate-colour issue at the second party', () => {
    const result = WorkshopSetup.safeParse({ title: 'T', parties: [{ name: 'A', color: '#000000' }, { name: 'B' }, { name: 'C', color: '#000000' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['parties', 2, 'color']]);
  });
});

describe('completeParties', () => {
  it('fills free palette colours in order, skipping colours already chosen', () => {
    const setup = WorkshopSetup.parse({
      title: 'T',
      parties: [{ name: 'A' }, { name: 'B', color: PARTY_PALETTE[1].toUpperCase() }, { name: 'C' }, { name: 'D', color: '#123456' }],
    });
    const result = completeParties(setup.parties, counter('p'));
    expect(result.map((p) => p.color)).toEqual([PARTY_PALETTE[0], PARTY_PALETTE[1], PARTY_PALETTE[2], '#123456']);
  });

  it('gives every party of a full board a distinct colour, even around chosen ones', () => {
    const setup = WorkshopSetup.parse({
      title: 'T',
      parties: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((name, i) => (i % 3 === 1 ? { name, color: PARTY_PALETTE[7 - i] } : { name })),
    });
    const colors = completeParties(setup.parties, counter('p')).map((p) => p.color);
    expect(new Set(colors).size).toBe(8);
    expect([...colors].sort()).toEqual([...PARTY_PALETTE].sort());
  });

  it.each([
    ['distinct words', ['Kommunen', 'Kulturhuset'], ['KOM', 'KUL']],
    ['multi-word names', ['Boligsocial Helhedsplan', 'Frivilligcenter Øst'], ['BH', 'FØ']],
    ['colliding initials', ['Kommunen', 'Kommunalt', 'Kommunekontoret'], ['KOM', 'KOM2', 'KOM3']],
    ['colliding multi-word initials', ['Boligsocial Helhedsplan', 'Bydelens Hus'], ['BH', 'BH2']],
  ])('gives unique short names for %s', (_name, names, expected) => {
    const result = completeParties(WorkshopSetup.parse({ title: 'T', parties: parties(...names) }).parties, counter('p'));
    expect(result.map((p) => p.shortName)).toEqual(expected);
  });

  it('keeps given short names and works around them, case-insensitively', () => {
    const setup = WorkshopSetup.parse({ title: 'T', parties: [{ name: 'Kommunen' }, { name: 'Kulturhuset', shortName: 'kom' }] });
    expect(completeParties(setup.parties, counter('p')).map((p) => p.shortName)).toEqual(['KOM2', 'kom']);
  });

  it('keeps names and colours and issues one id per party', () => {
    const setup = WorkshopSetup.parse({ title: 'T', parties: [{ name: 'Kommunen', shortName: 'KK', color: '#abcdef' }, { name: 'Skolen' }] });
    expect(completeParties(setup.parties, counter('p'))).toEqual([
      { id: 'p-1', name: 'Kommunen', shortName: 'KK', color: '#abcdef' },
      { id: 'p-2', name: 'Skolen', shortName: 'SKO', color: PARTY_PALETTE[0] },
    ]);
  });
});

describe('createWorkshopState', () => {
  const setup = WorkshopSetup.parse({ title: 'Lektiecaféen', parties: parties('Kommunen', 'Skolen', 'Klubben') });
  const state = createWorkshopState(setup, DEFAULT_DECK, { id: 'ws-1', code: 'ACDEFG', newId: counter('party'), now: NOW });

  it('starts in the lobby (guided is the default mode), empty and joinable', () => {
    expect(setup.mode).toBeUndefined();
    expect(state).toMatchObject({
      id: 'ws-1',
      code: 'ACDEFG',
      title: 'Lektiecaféen',
      focus: '',
      collaboration: '',
      language: DEFAULT_LANGUAGE,
      deckId: 'default',
      phase: 'lobby',
      open: true,
      createdAt: NOW,
      members: [],
      pieces: [],
    });
  });

  it.each([
    ['free', 'open'],
    ['guided', 'lobby'],
  ] as const)('in mode %s starts in phase %s, otherwise alike, open, empty and joinable', (mode, phase) => {
    const s = createWorkshopState(WorkshopSetup.parse({ title: 'Lektiecaféen', mode, parties: parties('Kommunen', 'Skolen', 'Klubben') }), DEFAULT_DECK, {
      id: 'ws-1',
      code: 'ACDEFG',
      newId: counter('party'),
      now: NOW,
    });
    expect(s.phase).toBe(phase);
    expect(s).toEqual({ ...state, phase });
    // the mode is a choice at the start, not a field of the workshop
    expect(Object.hasOwn(s, 'mode')).toBe(false);
  });

  it('carries the deck', () => {
    expect(state.kinds).toEqual(DEFAULT_DECK.kinds);
    expect(state.categories).toEqual(DEFAULT_DECK.categories);
    expect(state.kinds).toHaveLength(15);
  });

  it('has the parties with distinct ids, colours and short names', () => {
    expect(state.parties.map((p) => p.name)).toEqual(['Kommunen', 'Skolen', 'Klubben']);
    for (const key of ['id', 'color', 'shortName'] as const) expect(new Set(state.parties.map((p) => p[key])).size, key).toBe(3);
  });

  it('starts unlocked, with no votes, timer, spotlight, agreement or history, and the default options', () => {
    expect({
      partnerView: state.partnerView,
      maxParticipants: state.maxParticipants,
      locked: state.locked,
      spotlight: state.spotlight,
      voting: state.voting,
      votes: state.votes,
      timer: state.timer,
      agreement: state.agreement,
      retentionMonths: state.retentionMonths,
      history: state.history,
    }).toEqual({
      partnerView: true,
      maxParticipants: 40,
      locked: false,
      spotlight: { kind: 'none', id: '' },
      voting: { open: false, dots: 3, shown: false },
      votes: [],
      timer: { durationMs: 0, endsAt: 0, remainingMs: 0, running: false },
      agreement: { sharedValues: [], openQuestions: [], nextSteps: [] },
      retentionMonths: 12,
      history: [],
    });
    expect({ DEFAULT_MAX_PARTICIPANTS, MAX_PARTICIPANTS, DEFAULT_DOTS, DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS }).toEqual({
      DEFAULT_MAX_PARTICIPANTS: 40,
      MAX_PARTICIPANTS: 200,
      DEFAULT_DOTS: 3,
      DEFAULT_RETENTION_MONTHS: 12,
      MAX_RETENTION_MONTHS: 60,
    });
  });

  it('has exactly the fields of a workshop', () => {
    expect(Object.keys(state).sort()).toEqual(
      [
        'id', 'code', 'title', 'focus', 'collaboration', 'language', 'deckId', 'phase', 'open', 'createdAt', 'parties', 'categories', 'kinds',
        'members', 'pieces', 'partnerView', 'maxParticipants', 'locked', 'spotlight', 'voting', 'votes', 'timer', 'agreement', 'retentionMonths',
        'history', 'seats', 'approveJoins', 'waiting',
      ].sort(),
    );
  });

  it('uses the chosen options', () => {
    const s = createWorkshopState(
      WorkshopSetup.parse({ title: 'T', partnerView: false, maxParticipants: 12, retentionMonths: 3, parties: parties('A', 'B') }),
      DEFAULT_DECK,
      { id: 'w', code: 'ACDEFG', newId: counter('p'), now: 0 },
    );
    expect(s).toMatchObject({ partnerView: false, maxParticipants: 12, retentionMonths: 3 });
  });

  it('carries the collaboration-factors deck when given it', () => {
    const s = createWorkshopState(WorkshopSetup.parse({ title: 'T', deck: 'collaboration-factors', parties: parties('A', 'B') }), COLLABORATION_DECK, {
      id: 'w',
      code: 'ACDEFG',
      newId: counter('p'),
      now: 0,
    });
    expect(s).toMatchObject({ deckId: 'collaboration-factors', kinds: COLLABORATION_DECK.kinds, categories: COLLABORATION_DECK.categories });
    expect(s.kinds.map((k) => k.id)).toEqual(['motivation', 'trust', 'goals', 'anchoring', 'understanding', 'knowledge']);
  });

  it('shares no list of its own with another workshop', () => {
    const other = createWorkshopState(setup, DEFAULT_DECK, { id: 'ws-2', code: 'ACDEFG', newId: counter('party'), now: NOW });
    for (const key of ['members', 'pieces', 'votes', 'history'] as const) expect(other[key], key).not.toBe(state[key]);
    expect(other.agreement.sharedValues).not.toBe(state.agreement.sharedValues);
  });

  it('uses the chosen language, focus and collaboration', () => {
    const s = createWorkshopState(
      WorkshopSetup.parse({ title: 'T', language: 'en', focus: 'F', collaboration: 'C', parties: parties('A', 'B') }),
      DEFAULT_DECK,
      { id: 'w', code: 'ACDEFG', newId: counter('p'), now: 0 },
    );
    expect(s).toMatchObject({ language: 'en', focus: 'F', collaboration: 'C' });
  });
});

describe('palette', () => {
  it('has eight distinct lower-case colours', () => {
    expect(new Set(PARTY_PALETTE).size).toBe(8);
    for (const c of PARTY_PALETTE) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });

  it.each([
    [[], PARTY_PALETTE[0]],
    [[PARTY_PALETTE[0].toUpperCase()], PARTY_PALETTE[1]],
    [[PARTY_PALETTE[1], '#123456'], PARTY_PALETTE[0]],
    [[...PARTY_PALETTE], '#777777'],
  ])('nextFreeColor(%j) is %s', (taken, expected) => {
    expect(nextFreeColor(taken)).toBe(expected);
  });

  it.each([
    ['#000000', '#ffffff'],
    ['#ffffff', '#1b1b1b'],
    ['#f0e442', '#1b1b1b'],
  ])('textColorOn(%s) is %s', (background, expected) => {
    expect(textColorOn(background)).toBe(expected);
  });


  it.each([...PARTY_PALETTE, '#777777', '#767676', '#1b1b1b', '#56b4e9', '#808080'])('textColorOn(%s) picks the text colour with the higher contrast', (background) => {
    const chosen = textColorOn(background);
    const other = chosen === '#ffffff' ? '#1b1b1b' : '#ffffff';
    expect(contrast(background, chosen)).toBeGreaterThanOrEqual(contrast(background, other) - 1e-9);
  });

  it.each([
    ['Boligsocial Helhedsplan', 'BH'],
    ['Kommunen', 'KOM'],
    ['  én  ', 'ÉN'],
    ['a b c d e f', 'ABCD'],
    ['Skolen  på   Bakken', 'SPB'],
  ])('initialsOf(%j) is %s', (name, expected) => {
    expect(initialsOf(name)).toBe(expected);
  });
});

describe('join codes', () => {
  it.each([
    ['ab c-d3', 'ABCD3'],
    ['acd-efg', 'ACDEFG'],
    [' a c\td\ne-f g ', 'ACDEFG'],
    ['ACDEFG', 'ACDEFG'],
    ['', ''],
  ])('normalizeJoinCode(%j) is %s', (input, expected) => {
    expect(normalizeJoinCode(input)).toBe(expected);
  });

  it('accepts codes of the alphabet', () => {
    expect(isJoinCode('ACDEFG')).toBe(true);
    expect(isJoinCode('934767')).toBe(true);
    expect(isJoinCode(normalizeJoinCode('hjk-mnp'))).toBe(true);
    for (const ch of JOIN_CODE_ALPHABET) expect(isJoinCode(ch.repeat(JOIN_CODE_LENGTH)), ch).toBe(true);
  });

  it('has an alphabet without look-alikes', () => {
    for (const ch of 'O0I1LB8S5Z2') expect(JOIN_CODE_ALPHABET.includes(ch), ch).toBe(false);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
  });

  it.each(['O', '0', 'I', '1', 'L', 'B', '8', 'S', '5', 'Z', '2'])('rejects a code containing the look-alike %s', (ch) => {
    expect(isJoinCode(`ACD${ch}FG`)).toBe(false);
  });

  it.each([
    ['too short', 'ACDEF'],
    ['too long', 'ACDEFGH'],
    ['lower case (not normalised)', 'acdefg'],
    ['with a dash (not normalised)', 'ACD-EF'],
    ['empty', ''],
    ['with a non-ASCII letter', 'ACDEFÆ'],
  ])('rejects a code that is %s', (_name, code) => {
    expect(isJoinCode(code)).toBe(false);
  });
});
