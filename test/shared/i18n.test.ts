import { describe, it, expect } from 'vitest';
import { STRINGS, LANGUAGES, DEFAULT_LANGUAGE, t, isLanguage, type Language, type MessageKey } from '../../shared/i18n/index.ts';
import { da } from '../../shared/i18n/da.ts';
import { AGREEMENT_LISTS, REJECTION_CODES } from '../../shared/protocol.ts';
import { PHASES } from '../../shared/types.ts';
import { WorkshopSetup } from '../../shared/setup.ts';
import type { Perception } from '../../shared/reveal.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const danishKeys = Object.keys(da).sort();
const others = LANGUAGES.filter((l) => l !== 'da');

describe('string tables', () => {
  it('exist for exactly the supported languages, Danish first', () => {
    expect(Object.keys(STRINGS).sort()).toEqual([...LANGUAGES].sort());
    expect(DEFAULT_LANGUAGE).toBe('da');
    expect(STRINGS.da).toBe(da);
  });

  it.each(LANGUAGES)('%s has exactly the keys of the Danish table', (lang) => {
    expect(Object.keys(STRINGS[lang]).sort()).toEqual(danishKeys);
  });

  it.each(LANGUAGES)('%s has no empty or untrimmed strings', (lang) => {
    for (const [key, value] of Object.entries(STRINGS[lang])) {
      expect(typeof value, key).toBe('string');
      expect(value.trim(), key).not.toBe('');
      expect(value, key).toBe(value.trim());
    }
  });

  it.each(others)('%s uses the same placeholders as Danish in every string', (lang) => {
    for (const key of danishKeys as MessageKey[]) {
      expect(placeholders(STRINGS[lang][key]), `${lang} ${key}`).toEqual(placeholders(da[key]));
    }
  });

  it.each(REJECTION_CODES)('has an error message for %s in every language', (code) => {
    const key = `error.${code}`;
    for (const lang of LANGUAGES) {
      expect(Object.hasOwn(STRINGS[lang], key), `${lang} ${key}`).toBe(true);
      expect(t(lang, key as MessageKey)).not.toBe(key);
    }
  });
});

/** The keys the product needs for each value of its enumerations, so a new phase, list or code cannot ship without its words. */
const PERCEPTIONS: readonly Perception[] = ['shared', 'blind-spot', 'unseen'];
const DECKS = ['default', 'collaboration-factors'] as const;
/** Errors the server sends when a join fails or a person is removed (not rejection codes of an action). */
const SERVER_ERRORS = ['workshop-not-found', 'wrong-code', 'wrong-key', 'workshop-closed', 'workshop-full', 'kicked', 'not-saved', 'too-many-attempts', 'seat-unknown', 'generic'] as const;

const requiredKeys: [string, string[]][] = [
  ['every rejection code', REJECTION_CODES.map((c) => `error.${c}`)],
  ['the server’s join and session errors', SERVER_ERRORS.map((c) => `error.${c}`)],
  ['every phase: its name, what to do, the run sheet', PHASES.flatMap((p) => [`phase.${p}`, `phase.do.${p}`, `guide.${p}`])],
  ['every perception of the reveal and its help', PERCEPTIONS.flatMap((p) => [`reveal.${p}`, `reveal.${p}.help`])],
  ['every agreement list', AGREEMENT_LISTS.map((l) => `agreement.${l}`)],
  ['every built-in deck in the setup', DECKS.map((d) => `setup.deck.${d}`)],
];

describe('the tables name', () => {
  it.each(requiredKeys)('%s, in every language', (_name, keys) => {
    for (const lang of LANGUAGES) {
      for (const key of keys) expect(Object.hasOwn(STRINGS[lang], key), `${lang} ${key}`).toBe(true);
    }
  });

  it('only decks the setup accepts', () => {
    for (const deck of DECKS) expect(WorkshopSetup.safeParse({ title: 'T', deck, parties: [{ name: 'A' }, { name: 'B' }] }).success, deck).toBe(true);
  });

  it('only error keys that are a rejection code or a server error', () => {
    const known = new Set<string>([...REJECTION_CODES, ...SERVER_ERRORS]);
    expect(danishKeys.filter((k) => k.startsWith('error.') && !known.has(k.slice('error.'.length)))).toEqual([]);
  });
});

describe('t', () => {
  it.each([
    ['da', 'board.you', { name: 'Mette', party: 'Skolen' }, 'Du er Mette for Skolen'],
    ['en', 'board.you', { name: 'Mette', party: 'Skolen' }, 'You are Mette for Skolen'],
    ['da', 'board.pieces', { count: 3 }, '3 brikker'],
    ['en', 'board.pieces', { count: 0 }, '0 pieces'],
    ['en', 'join.title', { title: 'Caféen', unused: 'x' }, 'Join Caféen'],
  ] as [Language, MessageKey, Record<string, string | number>, string][])('%s %s fills placeholders', (lang, key, params, expected) => {
    expect(t(lang, key, params)).toBe(expected);
  });

  it('leaves a placeholder without a parameter as it is', () => {
    expect(t('en', 'board.you', { name: 'Mette' })).toBe('You are Mette for {party}');
    expect(t('da', 'join.title')).toBe('Deltag i {title}');
  });

  it('inserts parameters literally: no replacement patterns, no second pass', () => {
    expect(t('en', 'join.title', { title: "$& $1 $$ $'" })).toBe("Join $& $1 $$ $'");
    expect(t('en', 'board.you', { name: '{party}', party: 'Skolen' })).toBe('You are {party} for Skolen');
  });

  it('returns a string without placeholders unchanged', () => {
    for (const lang of LANGUAGES) expect(t(lang, 'app.name', { x: 1 })).toBe(STRINGS[lang]['app.name']);
  });

  it('falls back to Danish for a language without a table', () => {
    expect(t('nb' as Language, 'board.pieces', { count: 2 })).toBe('2 brikker');
  });

  it('falls back to Danish for a key missing from a table', () => {
    const table = STRINGS.en as Partial<Record<MessageKey, string>>;
    const saved = table['board.pieces'];
    delete table['board.pieces'];
    try {
      expect(t('en', 'board.pieces', { count: 4 })).toBe('4 brikker');
    } finally {
      table['board.pieces'] = saved;
    }
    expect(t('en', 'board.pieces', { count: 4 })).toBe('4 pieces');
  });

  it('returns the key itself when no table has it', () => {
    expect(t('en', 'no.such.key' as MessageKey)).toBe('no.such.key');
  });
});

describe('isLanguage', () => {
  it.each([
    ['da', true],
    ['en', true],
    ['nb', false],
    ['DA', false],
    ['', false],
    ['toString', false],
    [null, false],
    [1, false],
    [['da'], false],
  ])('%j → %s', (value, expected) => {
    expect(isLanguage(value)).toBe(expected);
  });
});
