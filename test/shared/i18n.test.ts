import { HTTP_ERRORS, JOIN_REFUSALS } from '../../shared/errors.ts';
import { describe, it, expect, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { STRINGS, LANGUAGES, LOCALES, DEFAULT_LANGUAGE, PLURAL_CATEGORIES, t, isLanguage, pluralCategory, type Language, type MessageKey } from '../../shared/i18n/index.ts';
import { ValueDeck, localized } from '../../shared/deck.ts';
import { da } from '../../shared/i18n/da.ts';
import { AGREEMENT_LISTS, JoinOptions, PROTOCOL_VERSION, REJECTION_CODES, parseClientMessage } from '../../shared/protocol.ts';
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
// the join and HTTP refusals come from the one error vocabulary; 'generic' is the client's fallback
const SERVER_ERRORS = [...Object.keys(JOIN_REFUSALS), ...Object.keys(HTTP_ERRORS), 'generic'];

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

  it('only error keys that are a code of the error vocabulary', () => {
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
    expect(t('fi' as Language, 'board.pieces', { count: 2 })).toBe('2 brikker');
    expect(t('fi' as Language, 'vote.count', { count: 1 })).toBe('1 prik');
    expect(t('toString' as Language, 'vote.count', { count: 1 })).toBe('1 prik');
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
    ['nb', true],
    ['sv', true],
    ['no', false],
    ['nn', false],
    ['fi', false],
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

describe('every language is complete and its own', () => {
  it('has the four languages the workshops use, each with a locale that Intl knows', () => {
    expect([...LANGUAGES]).toEqual(['da', 'en', 'nb', 'sv']);
    for (const lang of LANGUAGES) {
      expect(Intl.DateTimeFormat.supportedLocalesOf([LOCALES[lang]]), lang).toEqual([LOCALES[lang]]);
      expect(new Intl.PluralRules(LOCALES[lang]).resolvedOptions().locale.split('-')[0], lang).toBe(lang);
    }
  });

  it.each(others)('%s is a translation, not a copy of the Danish table', (lang) => {
    const same = danishKeys.filter((key) => STRINGS[lang][key as MessageKey] === da[key as MessageKey]);
    // names of languages and many words and even short sentences are the same in Danish and Norwegian ("Kategori", "Du er {name} for {party}")
    expect(same.length / danishKeys.length, `${lang}: ${same.join(', ')}`).toBeLessThan(0.25);
  });

  it.each(LANGUAGES)('%s names every language in that language itself', (lang) => {
    for (const other of LANGUAGES) expect(t(lang, `lang.${other}` as MessageKey), `${lang} lang.${other}`).toBe(t(other, `lang.${other}` as MessageKey));
  });

  it.each(LANGUAGES)('%s has its own error message for every refusal the server sends', (lang) => {
    for (const code of [...REJECTION_CODES, ...SERVER_ERRORS]) {
      const key = `error.${code}` as MessageKey;
      expect(t(lang, key), `${lang} ${key}`).toBe(STRINGS[lang][key]);
      if (lang !== 'da') expect(STRINGS[lang][key], `${lang} ${key}`).not.toBe(da[key]);
    }
  });
});

/** The keys with a plural variant (`key.one` …) and the variants' categories. */
const pluralKeys = new Map<string, string[]>();
for (const key of danishKeys) {
  const dot = key.lastIndexOf('.');
  const category = key.slice(dot + 1);
  if ((PLURAL_CATEGORIES as readonly string[]).includes(category)) pluralKeys.set(key.slice(0, dot), [...(pluralKeys.get(key.slice(0, dot)) ?? []), category]);
}

describe('plurals', () => {
  it('every plural variant belongs to a key with the same placeholders, and counts', () => {
    expect([...pluralKeys.keys()].sort()).toEqual(['announce.moved', 'announce.placed', 'announce.removed', 'balance.pieces', 'board.pieces', 'hidden.count', 'twin.allDots', 'twin.hidden.count', 'vote.count', 'vote.left']);
    for (const [base, categories] of pluralKeys) {
      expect(Object.hasOwn(da, base), base).toBe(true);
      for (const lang of LANGUAGES) {
        const table = STRINGS[lang] as Record<string, string>;
        expect(placeholders(table[base]!), `${lang} ${base}`).toContain('count');
        for (const category of categories) expect(placeholders(table[`${base}.${category}`]!), `${lang} ${base}.${category}`).toEqual(placeholders(table[base]!));
      }
    }
  });

  it.each(LANGUAGES)('%s shows the number itself in every counted string', (lang) => {
    for (const base of pluralKeys.keys()) {
      for (const count of [0, 1, 2, 5, 11, 21, 101]) expect(t(lang, base as MessageKey, { count }), `${lang} ${base} ${count}`).toContain(String(count));
    }
  });

  it.each([
    ['da', 'vote.count', 1, '1 prik'],
    ['da', 'vote.count', 0, '0 prikker'],
    ['da', 'vote.count', 2, '2 prikker'],
    ['da', 'vote.count', 21, '21 prikker'],
    ['en', 'vote.count', 1, '1 dot'],
    ['en', 'vote.count', 3, '3 dots'],
    ['nb', 'vote.count', 1, '1 prikk'],
    ['nb', 'vote.count', 4, '4 prikker'],
    ['sv', 'vote.count', 1, '1 prick'],
    ['sv', 'vote.count', 0, '0 prickar'],
    ['da', 'vote.left', 1, 'Du har 1 prik tilbage'],
    ['en', 'vote.left', 1, 'You have 1 dot left'],
    ['nb', 'vote.left', 2, 'Du har 2 prikker igjen'],
    ['sv', 'vote.left', 1, 'Du har 1 prick kvar'],
    ['da', 'board.pieces', 1, '1 brik'],
    ['en', 'hidden.count', 1, '1 piece placed'],
    ['sv', 'hidden.count', 1, '1 bricka lagd'],
    ['sv', 'hidden.count', 7, '7 brickor lagda'],
    ['nb', 'balance.pieces', 1, '1 brikke'],
    ['da', 'balance.pieces', 1, '1 brik'],
    ['en', 'balance.pieces', 1, '1 piece'],
  ] as [Language, MessageKey, number, string][])('%s %s with count %d → %s', (lang, key, count, expected) => {
    expect(t(lang, key, { count })).toBe(expected);
  });

  it('uses the plain key for a count that is not a number, and keys without variants as they are', () => {
    expect(t('da', 'vote.count', { count: '1' })).toBe('1 prikker');
    expect(t('en', 'guide.minutes', { minutes: 1, count: 1 })).toBe('about 1 min');
  });

  it('asks Intl.PluralRules for the category of each language', () => {
    expect(pluralCategory('da', 1)).toBe('one');
    expect(pluralCategory('en', 0)).toBe('other');
    expect(pluralCategory('nb', 1)).toBe('one');
    expect(pluralCategory('sv', 2)).toBe('other');
  });

  it('makes one Intl.PluralRules per language, not one per call', () => {
    for (const lang of LANGUAGES) t(lang, 'vote.count', { count: 1 });
    const made = vi.spyOn(Intl, 'PluralRules');
    try {
      for (let i = 0; i < 50; i++) for (const lang of LANGUAGES) t(lang, 'vote.count', { count: i });
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });
});

describe('the built-in decks', () => {
  const dir = new URL('../../assets/decks/', import.meta.url);
  const decks = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, ValueDeck.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8')))] as const);

  it.each(decks)('%s names and describes everything in every language', (_file, deck) => {
    const texts = [
      ['name', deck.name],
      ['description', deck.description],
      ...deck.categories.map((c) => [`category ${c.id}`, c.label] as const),
      ...deck.kinds.flatMap((k) => [[`kind ${k.id} label`, k.label] as const, [`kind ${k.id} description`, k.description] as const]),
    ] as const;
    for (const [where, text] of texts) {
      for (const lang of LANGUAGES) expect(text[lang]?.trim(), `${where} in ${lang}`).toBeTruthy();
    }
  });
});

describe('every language is accepted wherever a person or a workshop chooses one', () => {
  it.each(LANGUAGES)('%s: the workshop setup, a join and set-language', (language) => {
    expect(WorkshopSetup.safeParse({ title: 'T', language, parties: [{ name: 'A' }, { name: 'B' }] }).success).toBe(true);
    expect(JoinOptions.safeParse({ role: 'screen', v: PROTOCOL_VERSION, workshopId: 'w1', code: 'ACDEFG', language }).success).toBe(true);
    expect(parseClientMessage('set-language', { v: PROTOCOL_VERSION, aid: 'a', language }).ok).toBe(true);
  });

  it('shows a deck text in Danish where a language has none, or an empty one (as the room mirrors it)', () => {
    expect(localized({ da: 'Tryghed', en: 'Safety' }, 'nb')).toBe('Tryghed');
    expect(localized({ da: 'Tryghed', en: 'Safety', sv: '' }, 'sv')).toBe('Tryghed');
    expect(localized({ da: 'Tryghed', en: 'Safety', sv: 'Trygghet' }, 'sv')).toBe('Trygghet');
  });
});
