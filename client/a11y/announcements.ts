/**
 * What changed between two states that a person who cannot see the board should be told: a new
 * phase, the reveal, the vote opened, closed or shown, the lock, and pieces placed, moved or
 * removed by other parties (counted, never named while they are hidden). `boardChanges` is pure;
 * `Announcements` words the changes (the spotlight's subject comes worded from the board as text) and batches the pieces ("Kommunen placed 2 values") so a burst
 * of activity is one sentence, and says the timer's last minute and its end (never every second).
 */
import { PHASE_RULES } from '../../shared/phases.ts';
import type { Phase } from '../../shared/types.ts';
import { t, type Language, type MessageKey } from '../../shared/i18n/index.ts';
import type { ClientState } from '../net/WorkshopConnection.ts';
import { spotlightWords, type Viewer } from './boardText.ts';

/** What a piece change did. */
export type PieceVerb = 'placed' | 'moved' | 'removed';

/** One change worth saying. */
export type BoardChange =
  | { type: 'phase'; phase: Phase }
  | { type: 'voting-open' }
  | { type: 'voting-closed' }
  | { type: 'votes-shown' }
  | { type: 'locked' }
  | { type: 'unlocked' }
  /** Something new is in the spotlight (words from the board as text). */
  | { type: 'spotlight'; what: string }
  | { type: 'pieces'; partyId: string; verb: PieceVerb; count: number };

/**
 * The changes from `before` to `after` as `viewer` may know them. Pieces in `mine` (the viewer's
 * own recent moves and removals) and pieces the viewer placed are left out: their result is said
 * where they were made. Pieces are not compared across a phase change (the reveal shows them all at once).
 */
export function boardChanges(before: ClientState, after: ClientState, viewer: Viewer, mine: ReadonlySet<string> = new Set(), lang: Language = 'da'): BoardChange[] {
  const changes: BoardChange[] = [];
  if (before.phase !== after.phase) changes.push({ type: 'phase', phase: after.phase });
  if (!before.voting.open && after.voting.open) changes.push({ type: 'voting-open' });
  if (before.voting.open && !after.voting.open) changes.push({ type: 'voting-closed' });
  if (!before.voting.shown && after.voting.shown) changes.push({ type: 'votes-shown' });
  if (!before.locked && after.locked) changes.push({ type: 'locked' });
  if (before.locked && !after.locked) changes.push({ type: 'unlocked' });
  if (after.spotlight.kind !== 'none' && (before.spotlight.kind !== after.spotlight.kind || before.spotlight.id !== after.spotlight.id)) {
    const what = spotlightWords(after, lang);
    if (what) changes.push({ type: 'spotlight', what });
  }
  if (before.phase !== after.phase) return changes;

  const beforePieces = new Map(before.pieces.map((p) => [p.id, p]));
  const afterIds = new Set(after.pieces.map((p) => p.id));
  for (const party of after.parties) {
    if (viewer.role === 'participant' && party.id === viewer.partyId) continue;
    const counts: Record<PieceVerb, number> = { placed: 0, moved: 0, removed: 0 };
    const seen = !PHASE_RULES[after.phase].hidden || viewer.role === 'facilitator';
    if (seen) {
      for (const piece of after.pieces) {
        if (piece.placedByPartyId !== party.id || mine.has(piece.id)) continue;
        const old = beforePieces.get(piece.id);
        if (!old) {
          if (piece.placedByMemberId !== viewer.memberId) counts.placed++;
        } else if (old.areaPartyId !== piece.areaPartyId || (old.heldBy !== '' && old.heldBy !== viewer.memberId && (old.x !== piece.x || old.y !== piece.y))) {
          // a drop (held by someone, then somewhere else) or a move to another area; the layout making room is neither
          counts.moved++;
        }
      }
      for (const piece of before.pieces) if (piece.placedByPartyId === party.id && !afterIds.has(piece.id) && !mine.has(piece.id)) counts.removed++;
    } else {
      // hidden from this viewer: only the count it is shown tells that something happened
      const delta = party.pieceCount - (before.parties.find((p) => p.id === party.id)?.pieceCount ?? party.pieceCount);
      if (delta > 0) counts.placed = delta;
      if (delta < 0) counts.removed = -delta;
    }
    for (const verb of ['placed', 'moved', 'removed'] as const) if (counts[verb] > 0) changes.push({ type: 'pieces', partyId: party.id, verb, count: counts[verb] });
  }
  return changes;
}

/** Which timer moment, if any, lies between two readings of the time left: the last minute begins, or time runs out. */
export function timerMoment(leftBefore: number, leftNow: number): 'one-minute' | 'time-up' | undefined {
  if (leftBefore > 0 && leftNow <= 0) return 'time-up';
  if (leftBefore > 60_000 && leftNow <= 60_000) return 'one-minute';
  return undefined;
}

/** How long piece changes are gathered before they are said as one sentence per party and verb. */
export const BATCH_MS = 1_500;

/** Words for changes, with piece changes gathered into batches; `say` is the live region. */
export class Announcements {
  private readonly say: (text: string) => void;
  private readonly language: () => Language;
  private pending = new Map<string, { partyName: string; verb: PieceVerb; count: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(say: (text: string) => void, language: () => Language) {
    this.say = say;
    this.language = language;
  }

  /** Say `changes` of `state` (piece changes after a short gathering). */
  add(changes: readonly BoardChange[], state: ClientState): void {
    const tr = (key: MessageKey, params?: Record<string, string | number>) => t(this.language(), key, params);
    for (const change of changes) {
      switch (change.type) {
        case 'phase':
          this.say(tr('phase.changed', { phase: tr(`phase.${change.phase}` as MessageKey) }));
          if (change.phase === 'reveal') this.say(tr('announce.reveal'));
          break;
        case 'voting-open':
          this.say(tr('announce.votingOpen'));
          break;
        case 'voting-closed':
          this.say(tr('announce.votingClosed'));
          break;
        case 'votes-shown':
          this.say(tr('announce.votesShown'));
          break;
        case 'locked':
          this.say(tr('lock.locked'));
          break;
        case 'unlocked':
          this.say(tr('announce.unlocked'));
          break;
        case 'spotlight':
          this.say(tr('twin.spotlight', { what: change.what }));
          break;
        case 'pieces': {
          const key = `${change.partyId}|${change.verb}`;
          const partyName = state.parties.find((p) => p.id === change.partyId)?.name ?? '';
          const entry = this.pending.get(key) ?? { partyName, verb: change.verb, count: 0 };
          entry.count += change.count;
          this.pending.set(key, entry);
          this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
          break;
        }
      }
    }
  }

  /** Say the gathered piece changes now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lang = this.language();
    for (const { partyName, verb, count } of this.pending.values()) this.say(t(lang, `announce.${verb}`, { party: partyName, count }));
    this.pending.clear();
  }

  /** Say a timer moment. */
  timerMoment(moment: 'one-minute' | 'time-up'): void {
    this.say(t(this.language(), moment === 'one-minute' ? 'announce.oneMinute' : 'announce.timeUp'));
  }
}
