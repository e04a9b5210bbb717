/**
 * Views of the workshop shared by the personal board and the shared screen: the phase bar with
 * the timer, the reveal comparison, the balance overview and the agreement, plus the board's
 * decorations. All of them are derived from the plain state by the shared pure functions.
 */
import { h, setText } from '../dom.ts';
import { tr, language, type MessageKey } from '../i18n.ts';
import { localized } from '../../shared/deck.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { balance, compareParty, type Perception } from '../../shared/reveal.ts';
import { compareBoards } from '../../shared/compare.ts';
import type { Phase, PlacedPiece, WorkshopState } from '../../shared/types.ts';
import type { Decorations } from '../scenes/BoardScene.ts';
import type { ActionAnswer, ClientState, WorkshopConnection } from '../net/WorkshopConnection.ts';
import { partyChip } from './common.ts';
import { reachableBase } from './reachable.ts';
import { participantUrl } from '../../shared/links.ts';
import { formatJoinCode } from '../../shared/joinCode.ts';

/** Phases in the order a workshop runs them (the optional partner view only when chosen). */
export function phaseOrder(state: Pick<WorkshopState, 'partnerView'>): Phase[] {
  return ['lobby', 'own-value', ...(state.partnerView ? (['partner-view'] as const) : []), 'reveal', 'dialogue', 'agreement'];
}

/** Whether the reveal's perception marks apply in this phase. */
export function revealed(phase: Phase): boolean {
  return phase === 'reveal' || phase === 'dialogue' || phase === 'agreement';
}

/** Pieces placed per party, as the server counts them (visible even while the pieces are hidden). */
export function pieceCounts(state: ClientState): Map<string, number> {
  return new Map(state.parties.map((p) => [p.id, p.pieceCount]));
}

/** The board's decorations for this viewer. */
export function decorationsFor(state: ClientState, zoom: boolean, viewer?: { role: string; partyId: string }): Decorations {
  const marks = new Map<string, Perception>();
  if (revealed(state.phase)) {
    for (const party of state.parties) {
      for (const value of compareParty(state, party.id).values) {
        if (value.own) marks.set(value.own.id, value.perception);
        for (const piece of value.partners) marks.set(piece.id, value.perception);
      }
    }
  }
  const votes = new Map<string, number>();
  for (const vote of state.votes) votes.set(vote.pieceId, (votes.get(vote.pieceId) ?? 0) + 1);
  return {
    marks,
    votes,
    // the facilitator sees every piece; others see counts for the parties whose pieces are hidden from them
    counts: PHASE_RULES[state.phase].hidden && state.phase !== 'lobby' && viewer?.role !== 'facilitator' ? pieceCounts(state) : null,
    ownParty: viewer?.partyId || undefined,
    countOf: state.kinds.length,
    spotlight: state.spotlight,
    zoom,
  };
}

/**
 * Whether "Undo" can mean anything for this role now: a participant undoes only while pieces may be
 * placed or changed; the facilitator whenever there is a board (not in a lobby without pieces).
 */
export function undoShown(state: Pick<WorkshopState, 'phase' | 'locked' | 'pieces'>, role: string): boolean {
  if (role === 'facilitator') return state.phase !== 'lobby' || state.pieces.length > 0;
  const rules = PHASE_RULES[state.phase];
  return role === 'participant' && !state.locked && (rules.editing || rules.placing !== 'none');
}

/** mm:ss of a duration. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The timer's remaining time now, by the server's clock. */
export function timerLeft(state: WorkshopState, serverNow: number): number {
  return state.timer.running ? Math.max(0, state.timer.endsAt - serverNow) : state.timer.remainingMs;
}

/**
 * The bar under the top bar: phase, what to do now, timer and lock. Its timer ticks by itself;
 * `update` follows the state in place. Participants read what to do now; the facilitator, who
 * does not wait for anyone, reads in the lobby where the participants join. On a phone the line
 * is cut to one row: a tap on it shows the whole of it.
 */
export function phaseBar(connection: WorkshopConnection, showHelp: boolean): { element: HTMLElement; update(): void } {
  const name = h('span', { class: 'phase-name', id: 'phase-name' });
  const help = h('span', { class: 'phase-do', id: 'phase-do' });
  const locked = h('span', { class: 'locked', id: 'locked' });
  const timer = h('span', { class: 'timer', id: 'timer' });
  // not a live region: its timer ticks every second; phase changes and the timer's last minute are said by the announcer
  const element = h('div', { class: 'phase-bar' }, name, help, locked, timer);
  help.addEventListener('click', () => help.classList.toggle('expanded'));
  const facilitator = connection.me.role === 'facilitator';
  // where phones join: PUBLIC_URL, this page's address, or the server's address on the network
  let joinBase = connection.me.baseUrl || location.origin;
  if (facilitator) void reachableBase(connection.me.baseUrl).then((reach) => ((joinBase = reach.base), update()));
  const tick = () => {
    const state = connection.state;
    const left = timerLeft(state, connection.serverNow());
    timer.hidden = state.timer.durationMs === 0 && !state.timer.running;
    setText(timer, `⏱ ${clock(left)}`);
    timer.dataset.running = String(state.timer.running);
    timer.classList.toggle('timer-done', state.timer.durationMs > 0 && left === 0);
  };
  const update = () => {
    const state = connection.state;
    name.dataset.phase = state.phase;
    setText(name, tr(`phase.${state.phase}` as MessageKey));
    setText(help, showHelp ? whatToDo(state, connection.me, joinBase) : '');
    // absent rather than hidden while unlocked: tests and people look for it only when it means something
    if (state.locked) {
      setText(locked, tr('lock.locked'));
      if (!locked.isConnected) element.insertBefore(locked, timer);
    } else locked.remove();
    tick();
  };
  update();
  setInterval(tick, 500);
  return { element, update };
}

/** The phase bar's "what to do now" for this viewer. */
function whatToDo(state: ClientState, me: { memberId: string; role: string }, joinBase: string): string {
  // someone waiting for the facilitator is told so, where the phase says what to do
  if (state.waiting.includes(me.memberId)) return tr('join.waiting');
  if (me.role === 'facilitator' && state.phase === 'lobby') return tr('phase.fac.lobby', { url: participantUrl(joinBase, state.code).replace(/^https?:\/\//, ''), code: formatJoinCode(state.code) });
  return tr(`phase.do.${state.phase}` as MessageKey);
}

const MARK_SYMBOL: Record<Perception, string> = { shared: '✔', 'blind-spot': '▲', unseen: '■' };

/** A perception in words, with its shape, so it never rests on colour alone. */
export function perceptionTag(perception: Perception): HTMLElement {
  // the symbol and the word apart, so a tight table may show the symbol alone (the legend has the words)
  return h(
    'span',
    { class: `perception perception-${perception}`, title: tr(`reveal.${perception}.help` as MessageKey) },
    h('span', { class: 'perception-symbol' }, MARK_SYMBOL[perception]),
    h('span', { class: 'perception-word' }, ` ${tr(`reveal.${perception}` as MessageKey)}`),
  );
}

function valueName(state: WorkshopState, piece: PlacedPiece): string {
  const kind = state.kinds.find((k) => k.id === piece.kindId);
  return piece.label || (kind ? localized(kind.label, language()) : piece.kindId);
}

/**
 * Per party, each value in its area with how it is seen: shared (its own view and a partner's),
 * blind spot (only partners placed it) or unseen (only the party itself), and which partners
 * placed it — one compact row per value, so every party fits beside the board.
 */
export function revealPanel(state: WorkshopState): HTMLElement {
  const shortName = (id: string) => state.parties.find((p) => p.id === id)?.shortName ?? '';
  return h(
    'section',
    { class: 'reveal-panel', id: 'reveal-panel' },
    h('h2', {}, tr('reveal.title')),
    h('p', { class: 'legend' }, perceptionTag('shared'), ' ', perceptionTag('blind-spot'), ' ', perceptionTag('unseen')),
    h('div', { class: 'reveal-parties' }, state.parties.map((party) => {
      const comparison = compareParty(state, party.id);
      return h(
        'article',
        { class: 'reveal-party', dataset: { party: party.id } },
        h('h3', {}, partyChip(party), ' ', party.name),
        comparison.values.length === 0
          ? h('p', { class: 'muted' }, tr('reveal.none'))
          : h(
              'table',
              {},
              h('thead', {}, h('tr', {}, h('th', {}, tr('export.col.perception')), h('th', {}, tr('export.col.value')), h('th', {}, tr('reveal.partners')))),
              h(
                'tbody',
                {},
                comparison.values.map((value) =>
                  h(
                    'tr',
                    { dataset: { perception: value.perception } },
                    h('td', { class: 'perception-cell' }, perceptionTag(value.perception)),
                    h('td', { class: 'value' }, valueName(state, value.own ?? value.partners[0]!)),
                    h('td', { class: 'partners' }, value.partners.length ? `(${[...new Set(value.partners.map((p) => shortName(p.placedByPartyId)))].join(', ')})` : '–'),
                  ),
                ),
              ),
            ),
      );
    })),
  );
}

/**
 * Is the collaboration meaningful for all? A small chart per party: the values in its area by its
 * own view and by its partners' view, side by side as bars, with the parties that received too
 * little (shared/reveal.ts balance) marked and named in the warning.
 */
export function balancePanel(state: WorkshopState): HTMLElement {
  const rows = balance(state);
  const most = Math.max(1, ...rows.flatMap((r) => [r.ownPieces, r.partnerPieces]));
  const low = rows.filter((r) => r.low).map((r) => state.parties.find((p) => p.id === r.partyId)?.name ?? '');
  const bar = (kind: 'own' | 'partners', count: number, color: string) =>
    h(
      'div',
      { class: `balance-bar balance-${kind}`, title: tr(kind === 'own' ? 'reveal.own' : 'reveal.partners') },
      h('span', { class: 'fill', style: `width:${(100 * count) / most}%;--party:${color}` }),
      h('span', { class: 'count' }, String(count)),
    );
  return h(
    'section',
    { class: 'balance-panel', id: 'balance-panel' },
    h('h2', {}, tr('screen.meaningful')),
    h('p', { class: 'balance-legend' }, h('span', { class: 'key key-own' }), tr('reveal.own'), ' ', h('span', { class: 'key key-partners' }), tr('reveal.partners')),
    h(
      'div',
      { class: 'balance-chart' },
      rows.map((row) => {
        const party = state.parties.find((p) => p.id === row.partyId)!;
        return h(
          'div',
          { class: `balance-row${row.low ? ' low' : ''}`, dataset: { party: party.id, own: String(row.ownPieces), partners: String(row.partnerPieces) }, title: `${party.name}: ${tr('balance.pieces', { count: row.pieces })}, ${tr('balance.importance', { sum: row.importance })}` },
          h('span', { class: 'balance-party' }, partyChip(party), row.low ? h('span', { class: 'low-mark', 'aria-hidden': 'true' }, '⚠') : null),
          h('div', { class: 'balance-bars' }, bar('own', row.ownPieces, party.color), bar('partners', row.partnerPieces, party.color)),
        );
      }),
    ),
    low.length ? h('p', { class: 'warning', id: 'balance-warning' }, tr('balance.warning', { parties: low.join(', ') })) : null,
  );
}

/** The dot-vote's result as a ranked list: the values with the most dots first (at most `limit`), each with the party whose area it is in. */
export function voteRanking(state: WorkshopState, limit = 5): HTMLElement {
  const dots = new Map<string, number>();
  for (const vote of state.votes) dots.set(vote.pieceId, (dots.get(vote.pieceId) ?? 0) + 1);
  const ranked = state.pieces
    .filter((p) => (dots.get(p.id) ?? 0) > 0)
    .sort((a, b) => dots.get(b.id)! - dots.get(a.id)! || a.placedAt - b.placedAt)
    .slice(0, limit);
  return h(
    'section',
    { class: 'vote-ranking', id: 'vote-ranking' },
    h('h2', {}, tr('vote.ranking')),
    ranked.length === 0
      ? h('p', { class: 'muted' }, tr('vote.none'))
      : h(
          'ol',
          {},
          ranked.map((piece) => {
            const area = state.parties.find((p) => p.id === piece.areaPartyId);
            return h(
              'li',
              { dataset: { piece: piece.id, dots: String(dots.get(piece.id)) } },
              h('span', { class: 'value' }, valueName(state, piece)),
              ' ',
              area ? partyChip(area) : null,
              ' ',
              h('span', { class: 'dots' }, tr('vote.count', { count: dots.get(piece.id)! })),
            );
          }),
        ),
  );
}

/**
 * A refused drop in words that say what to do instead. The rules answer a drop in the wrong area
 * for the phase with 'phase-closed'; a participant learns where the piece goes: "Put it in your own
 * area (BH)" while placing one's own values, "… a partner's area, not your own (BH)" in the partners' view.
 */
export function dropRefusal(state: Pick<WorkshopState, 'phase' | 'parties'>, me: { role: string; partyId: string }, areaPartyId: string, answer: ActionAnswer): ActionAnswer {
  if (answer.ok || answer.code !== 'phase-closed' || me.role !== 'participant') return answer;
  const own = state.parties.find((p) => p.id === me.partyId);
  if (!own) return answer;
  const placing = PHASE_RULES[state.phase].placing;
  if (placing === 'own' && areaPartyId !== own.id) return { ...answer, message: tr('board.placeOwnArea', { party: own.shortName }) };
  if (placing === 'others' && areaPartyId === own.id) return { ...answer, message: tr('board.placePartnerArea', { party: own.shortName }) };
  return answer;
}

/** The agreement's three lists, read-only. */
export function agreementPanel(state: WorkshopState): HTMLElement {
  const party = (id: string) => state.parties.find((p) => p.id === id);
  const list = (key: 'sharedValues' | 'openQuestions', title: MessageKey) =>
    h('div', {}, h('h3', {}, tr(title)), state.agreement[key].length ? h('ul', {}, state.agreement[key].map((i) => h('li', {}, i.text))) : h('p', { class: 'muted' }, tr('agreement.empty')));
  return h(
    'section',
    { class: 'agreement-panel', id: 'agreement-panel' },
    h('h2', {}, tr('agreement.title')),
    list('sharedValues', 'agreement.sharedValues'),
    list('openQuestions', 'agreement.openQuestions'),
    h(
      'div',
      {},
      h('h3', {}, tr('agreement.nextSteps')),
      state.agreement.nextSteps.length
        ? h('ul', {}, state.agreement.nextSteps.map((s) => h('li', {}, s.text, ' ', party(s.ownerPartyId) ? partyChip(party(s.ownerPartyId)!) : '')))
        : h('p', { class: 'muted' }, tr('agreement.empty')),
    ),
  );
}

/** Per party: values new, remaining and gone since an earlier board. */
export function comparisonView(current: WorkshopState, earlier: WorkshopState): HTMLElement {
  const name = (v: { kindId: string; label: string }) => {
    const kind = current.kinds.find((k) => k.id === v.kindId) ?? earlier.kinds.find((k) => k.id === v.kindId);
    return v.label || (kind ? localized(kind.label, language()) : v.kindId);
  };
  return h(
    'section',
    { class: 'compare-panel' },
    compareBoards(earlier, current).map((party) =>
      h(
        'div',
        { class: 'compare-party' },
        h('h4', {}, party.name),
        party.values.length
          ? h('ul', {}, party.values.map((v) => h('li', { dataset: { change: v.change } }, h('span', { class: `change change-${v.change}` }, tr(`export.compare.${v.change}` as MessageKey)), ' ', name(v))))
          : h('p', { class: 'muted' }, tr('reveal.none')),
      ),
    ),
  );
}
