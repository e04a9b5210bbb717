/**
 * The piece details panel (kind, placer, reveal mark, votes, note, importance; edit and remove
 * for those who may) and the small dialog that names a blank "own value" piece at its drop.
 */
import { h, toast } from '../dom.ts';
import { tr, language } from '../i18n.ts';
import { localized } from '../../shared/deck.ts';
import { LABEL_MAX, NOTE_MAX } from '../../shared/protocol.ts';
import { compareParty } from '../../shared/reveal.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import type { WorkshopConnection } from '../net/WorkshopConnection.ts';
import { partyChip } from './common.ts';
import { perceptionTag, revealed } from './workshopViews.ts';

/** Ask for the name of a blank "own value" piece (undefined when the person gives up). */
export function askLabel(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = h('input', { id: 'own-value-label', maxlength: String(LABEL_MAX), required: true });
    const dialog = h(
      'dialog',
      {},
      h(
        'form',
        { method: 'dialog' },
        h('label', { for: 'own-value-label' }, tr('board.ownValue.prompt')),
        input,
        h('p', { class: 'row' }, h('button', { class: 'primary', value: 'ok' }, tr('board.piece.save')), h('button', { value: 'cancel', formnovalidate: true }, tr('board.piece.close'))),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok' ? input.value.trim() || undefined : undefined);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** The panel that shows one piece: its kind, who placed it, its note and importance. */
export function pieceDetails(connection: WorkshopConnection) {
  let openId: string | undefined;
  let el: HTMLElement | undefined;
  const close = () => {
    el?.remove();
    el = undefined;
    openId = undefined;
  };
  const render = (piece: PlacedPiece) => {
    const state = connection.state;
    const kind = connection.kind(piece.kindId);
    const placer = state.parties.find((p) => p.id === piece.placedByPartyId);
    const area = state.parties.find((p) => p.id === piece.areaPartyId);
    const editable = connection.mayTouch(piece);
    const perception = revealed(state.phase) ? compareParty(state, piece.areaPartyId).values.find((v) => v.own?.id === piece.id || v.partners.some((p) => p.id === piece.id))?.perception : undefined;
    const myVotes = state.votes.filter((v) => v.pieceId === piece.id && v.memberId === connection.me.memberId).length;
    const note = h('textarea', { id: 'piece-note', rows: '3', maxlength: String(NOTE_MAX), placeholder: tr('board.piece.note'), disabled: !editable }, piece.note);
    const label = kind?.blank ? h('input', { id: 'piece-label', maxlength: String(LABEL_MAX), value: piece.label, disabled: !editable }) : null;
    let importance = piece.importance;
    const importanceButtons = [1, 2, 3].map((n) =>
      h('button', { type: 'button', 'aria-pressed': String(n === importance), disabled: !editable, title: tr(`board.piece.importance.${n}` as 'board.piece.importance.1'), onclick: (e: Event) => {
        importance = n;
        for (const b of importanceButtons) b.setAttribute('aria-pressed', String(b === e.currentTarget));
      } }, '●'.repeat(n)),
    );
    const next = h(
      'section',
      { class: 'details', role: 'dialog', 'aria-label': kind ? localized(kind.label, language()) : '' },
      h('header', {}, area ? partyChip(area) : null, h('h3', {}, piece.label || (kind ? localized(kind.label, language()) : piece.kindId))),
      kind ? h('p', { class: 'muted' }, localized(kind.description, language())) : null,
      placer ? h('p', {}, tr(piece.byFacilitator ? 'board.piece.placedByFacilitator' : 'board.piece.placedBy', { party: placer.name })) : null,
      perception ? h('p', {}, perceptionTag(perception)) : null,
      state.voting.open && connection.me.role === 'participant'
        ? h(
            'p',
            { class: 'row votes' },
            h('button', { type: 'button', id: 'vote-add', disabled: connection.dotsLeft() === 0, onclick: async () => { const a = await connection.act('vote', { pieceId: piece.id }); if (!a.ok) toast(a.message, 'error'); } }, `● ${tr('vote.add')}`),
            h('button', { type: 'button', id: 'vote-remove', disabled: !myVotes, onclick: async () => { const a = await connection.act('unvote', { pieceId: piece.id }); if (!a.ok) toast(a.message, 'error'); } }, tr('vote.remove')),
            h('span', {}, tr('vote.count', { count: myVotes })),
          )
        : null,
      connection.me.role === 'facilitator'
        ? h('p', {}, h('button', { type: 'button', id: 'spotlight-piece', onclick: async () => { const a = await connection.act('spotlight', { kind: 'piece', id: piece.id }); if (!a.ok) toast(a.message, 'error'); } }, `★ ${tr('spotlight.piece')}`))
        : null,
      label ? [h('label', { for: 'piece-label' }, tr('board.ownValue.prompt')), label] : null,
      h('label', { for: 'piece-note' }, tr('board.piece.note')),
      note,
      h('label', {}, tr('board.piece.importance')),
      h('div', { class: 'importance' }, importanceButtons),
      h(
        'footer',
        {},
        editable
          ? h('button', { class: 'danger', type: 'button', onclick: async () => {
              const answer = await connection.act('remove', { pieceId: piece.id });
              if (answer.ok) close();
              else toast(answer.message, 'error');
            } }, tr('board.piece.remove'))
          : h('span', {}),
        h('span', { class: 'row' },
          h('button', { type: 'button', onclick: close }, tr('board.piece.close')),
          editable
            ? h('button', { class: 'primary', type: 'button', id: 'piece-save', onclick: async () => {
                const answer = await connection.act('edit', { pieceId: piece.id, note: note.value, importance, ...(label ? { label: label.value } : {}) });
                if (answer.ok) close();
                else toast(answer.message, 'error');
              } }, tr('board.piece.save'))
            : null,
        ),
      ),
    );
    el?.replaceWith(next);
    if (!el) document.body.append(next);
    el = next;
  };
  return {
    open(pieceId: string) {
      const piece = connection.state.pieces.find((p) => p.id === pieceId);
      if (!piece) return;
      openId = pieceId;
      render(piece);
    },
    /** Close the panel when its piece is gone; redraw it when votes change (unless someone is typing in it). */
    refresh(state: WorkshopState) {
      if (!openId) return;
      const piece = state.pieces.find((p) => p.id === openId);
      if (!piece) return close();
      const typing = el?.contains(document.activeElement) && ['TEXTAREA', 'INPUT'].includes(document.activeElement?.tagName ?? '');
      if (el && !typing) render(piece);
    },
  };
}
