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
import type { ClientState, WorkshopConnection } from '../net/WorkshopConnection.ts';
import { partyChip } from './common.ts';

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

/** mm:ss of a duration. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The timer's remaining time now, by the server's clock. */
export function timerLeft(state: WorkshopState, serverNow: number): number {
  return state.timer.running ? Math.max(0, state.timer.endsAt - serverNow) : state.timer.remainingMs;
}

/** The bar under the top bar: phase, what to do now, timer and lock. Its timer ticks by itself; `update` follows the state in place. */
export function phaseBar(connection: WorkshopConnection, showHelp: boolean): { element: HTMLElement; update(): void } {
  const name = h('span', { class: 'phase-name', id: 'phase-name' });
  const help = h('span', { class: 'phase-do' });
  const locked = h('span', { class: 'locked', id: 'locked' });
  const timer = h('span', { class: 'timer', id: 'timer' });
  // not a live region: its timer ticks every second; phase changes and the timer's last minute are said by the announcer
  const element = h('div', { class: 'phase-bar' }, name, help, locked, timer);
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
    // someone waiting for the facilitator is told so, where the phase says what to do
    const waiting = state.waiting.includes(connection.me.memberId);
    setText(help, waiting ? tr('join.waiting') : showHelp ? tr(`phase.do.${state.phase}` as MessageKey) : '');
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

const MARK_SYMBOL: Record<Perception, string> = { shared: '✔', 'blind-spot': '▲', unseen: '■' };

/** A perception in words, with its shape, so it never rests on colour alone. */
export function perceptionTag(perception: Perception): HTMLElement {
  return h('span', { class: `perception perception-${perception}`, title: tr(`reveal.${perception}.help` as MessageKey) }, `${MARK_SYMBOL[perception]} ${tr(`reveal.${perception}` as MessageKey)}`);
}

function valueName(state: WorkshopState, piece: PlacedPiece): string {
  const kind = state.kinds.find((k) => k.id === piece.kindId);
  return piece.label || (kind ? localized(kind.label, language()) : piece.kindId);
}

/** Per party: own view and partners' view side by side, each value marked shared / blind spot / unseen. */
export function revealPanel(state: WorkshopState): HTMLElement {
  return h(
    'section',
    { class: 'reveal-panel', id: 'reveal-panel' },
    h('h2', {}, tr('reveal.title')),
    h('p', { class: 'legend' }, perceptionTag('shared'), ' ', perceptionTag('blind-spot'), ' ', perceptionTag('unseen')),
    state.parties.map((party) => {
      const comparison = compareParty(state, party.id);
      const partyName = (id: string) => state.parties.find((p) => p.id === id)?.shortName ?? '';
      return h(
        'article',
        { class: 'reveal-party', dataset: { party: party.id } },
        h('h3', {}, partyChip(party), ' ', party.name),
        comparison.values.length === 0
          ? h('p', { class: 'muted' }, tr('reveal.none'))
          : h(
              'table',
              {},
              h('thead', {}, h('tr', {}, h('th', {}, tr('reveal.own')), h('th', {}, tr('reveal.partners')))),
              h(
                'tbody',
                {},
                comparison.values.map((value) =>
                  h(
                    'tr',
                    { dataset: { perception: value.perception } },
                    h('td', {}, value.own ? valueName(state, value.own) : '–'),
                    h('td', {}, value.partners.length ? `${valueName(state, value.partners[0]!)} (${value.partners.map((p) => partyName(p.placedByPartyId)).join(', ')})` : '–'),
                    h('td', {}, perceptionTag(value.perception)),
                  ),
                ),
              ),
            ),
      );
    }),
  );
}

/** Per party: how many pieces and how much importance it received, with the warning for those with too little. */
export function balancePanel(state: WorkshopState): HTMLElement {
  const rows = balance(state);
  const most = Math.max(1, ...rows.map((r) => r.importance));
  const low = rows.filter((r) => r.low).map((r) => state.parties.find((p) => p.id === r.partyId)?.name ?? '');
  return h(
    'section',
    { class: 'balance-panel', id: 'balance-panel' },
    h('h2', {}, tr('balance.title')),
    rows.map((row) => {
      const party = state.parties.find((p) => p.id === row.partyId)!;
      return h(
        'div',
        { class: `balance-row${row.low ? ' low' : ''}` },
        partyChip(party),
        h('div', { class: 'bar' }, h('span', { style: `width:${(100 * row.importance) / most}%;background:${party.color}` })),
        h('span', { class: 'figures' }, `${tr('balance.pieces', { count: row.pieces })}, ${tr('balance.importance', { sum: row.importance })}`),
      );
    }),
    low.length ? h('p', { class: 'warning', id: 'balance-warning' }, tr('balance.warning', { parties: low.join(', ') })) : null,
  );
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
