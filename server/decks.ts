/** The built-in value decks, read from assets/decks and validated against the shared schema at start-up. */
import { readFileSync, readdirSync } from 'node:fs';
import { ValueDeck } from '../shared/deck.ts';

const DECK_DIR = new URL('../assets/decks/', import.meta.url);

/** Load and validate every deck; a broken deck stops the server with the zod issue. */
export function loadDecks(): Map<string, ValueDeck> {
  const decks = new Map<string, ValueDeck>();
  for (const file of readdirSync(DECK_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = ValueDeck.safeParse(JSON.parse(readFileSync(new URL(file, DECK_DIR), 'utf8')));
    if (!parsed.success) throw new Error(`assets/decks/${file} is not a valid deck: ${parsed.error.message}`);
    decks.set(parsed.data.id, parsed.data);
  }
  if (!decks.has('default')) throw new Error('assets/decks/default.json is missing');
  return decks;
}
