import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ValueDeck } from '../../shared/deck.ts';

const DECKS_DIR = fileURLToPath(new URL('../../assets/decks/', import.meta.url));
const ICONS_DIR = fileURLToPath(new URL('../../assets/icons/', import.meta.url));

/** The dark text colour printed on every piece. */
const PIECE_TEXT = '#1b1b1b';

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function relativeLuminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2.x contrast ratio between two #rrggbb colours (1 to 21). */
function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const deckFiles = readdirSync(DECKS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function loadDeck(file: string): ValueDeck {
  const raw: unknown = JSON.parse(readFileSync(join(DECKS_DIR, file), 'utf8'));
  const result = ValueDeck.safeParse(raw);
  if (!result.success) {
    throw new Error(`${file} is not a valid ValueDeck:\n${JSON.stringify(result.error.issues, null, 2)}`);
  }
  return result.data;
}

describe('contrast helper', () => {
  it('matches known WCAG values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

describe('value decks in assets/decks', () => {
  it('includes the built-in decks', () => {
    expect(deckFiles).toContain('default.json');
    expect(deckFiles).toContain('collaboration-factors.json');
  });

  describe.each(deckFiles)('%s', (file) => {
    it('parses as a ValueDeck', () => {
      const raw: unknown = JSON.parse(readFileSync(join(DECKS_DIR, file), 'utf8'));
      const result = ValueDeck.safeParse(raw);
      if (!result.success) console.error(`${file}: zod issues`, JSON.stringify(result.error.issues, null, 2));
      expect(result.success, result.success ? '' : JSON.stringify(result.error.issues, null, 2)).toBe(true);
    });

    it('has an id matching its file name', () => {
      expect(loadDeck(file).id).toBe(file.replace(/\.json$/, ''));
    });

    it('uses existing, self-contained 24×24 SVG icons', () => {
      const deck = loadDeck(file);
      for (const kind of deck.kinds) {
        const path = join(ICONS_DIR, `${kind.icon}.svg`);
        expect(existsSync(path), `icon ${kind.icon}.svg for kind ${kind.id}`).toBe(true);
        const svg = readFileSync(path, 'utf8');
        const root = /<svg\b[^>]*>/i.exec(svg)?.[0];
        expect(root, `${kind.icon}.svg has an <svg> root`).toBeDefined();
        expect(root, `${kind.icon}.svg viewBox`).toMatch(/\bviewBox="0 0 24 24"/);
        expect(root, `${kind.icon}.svg must not set width/height`).not.toMatch(/\s(width|height)=/);
        expect(svg, `${kind.icon}.svg must not contain scripts`).not.toMatch(/<script/i);
        expect(svg, `${kind.icon}.svg must not reference anything (href)`).not.toMatch(/href\s*=/i);
        expect(svg, `${kind.icon}.svg must not load external urls`).not.toMatch(/url\(\s*['"]?\s*(https?:|\/\/|data:)/i);
        expect(svg, `${kind.icon}.svg must not use event handlers`).not.toMatch(/\son[a-z]+\s*=/i);
      }
    });

    it(`has category colours readable with ${PIECE_TEXT} text (contrast ≥ 4.5)`, () => {
      const deck = loadDeck(file);
      for (const category of deck.categories) {
        const ratio = contrastRatio(category.color, PIECE_TEXT);
        expect(ratio, `${category.id} ${category.color} contrast ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    });

    it('uses every category it declares', () => {
      const deck = loadDeck(file);
      const used = new Set(deck.kinds.map((k) => k.category));
      for (const category of deck.categories) expect(used.has(category.id), `category ${category.id} is used`).toBe(true);
    });
  });
});

describe('default deck', () => {
  const deck = loadDeck('default.json');

  it('has the 14 value kinds plus one blank kind, in order', () => {
    expect(deck.kinds).toHaveLength(15);
    expect(deck.kinds.filter((k) => k.blank === true)).toHaveLength(1);
    expect(deck.kinds.map((k) => k.id)).toEqual([
      'residents',
      'core-task',
      'professional-development',
      'knowledge',
      'network',
      'resources',
      'economy',
      'reputation',
      'strategy',
      'legitimacy',
      'innovation',
      'recruitment',
      'community',
      'meaning',
      'own-value',
    ]);
    expect(deck.kinds.find((k) => k.blank)?.id).toBe('own-value');
  });
});

describe('collaboration-factors deck', () => {
  const deck = loadDeck('collaboration-factors.json');

  it('has the six factors of collaboration', () => {
    expect(deck.kinds).toHaveLength(6);
    expect(deck.kinds.map((k) => k.id)).toEqual(['motivation', 'trust', 'goals', 'anchoring', 'understanding', 'knowledge']);
    expect(deck.kinds.some((k) => k.blank)).toBe(false);
  });
});
