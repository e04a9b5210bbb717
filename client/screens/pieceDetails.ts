/**
 * The piece details dialog (kind, placer, reveal mark, votes, note, importance; edit and remove
 * for those who may) and the small dialog that names a blank "own value" piece at its drop. Both
 * are modal dialogs: they take the focus, keep it inside, close on Escape and give it back.
 */
import { h, setAttr, setText, showKeyed, syncField, toast } from '../dom.ts';
import { announce } from '../a11y/announcer.ts';
import { focusElement } from '../a11y/focus.ts';
import { tr, language } from '../i18n.ts';
import { localized } from '../../shared/deck.ts';
import { LABEL_MAX, NOTE_MAX } from '../../shared/protocol.ts';
import { compareParty } from '../../shared/reveal.ts';
import type { PlacedPiece } from '../../shared/types.ts';
import type { ClientState, WorkshopConnection } from '../net/WorkshopConnection.ts';
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

/** The name of a blank value, asked for before it is placed: {} for other values, null when the person gave up naming it. */
export async function labelFor(connection: WorkshopConnection, kindId: string): Promise<{ label?: string } | null> {
  if (!connection.kind(kindId)?.blank) return {};
  const label = await askLabel();
  return label ? { label } : null;
}

/**
 * The dialog that shows one piece: its kind, who placed it, its reveal mark, votes, note and
 * importance. Built once per opened piece and updated in place, so a click on a vote keeps the
 * focus on its button and a note being written is never overwritten. When it closes, the focus
 * goes back to what opened it, or — when that is gone (the piece was removed) — to `fallback()`.
 */
export function pieceDetails(connection: WorkshopConnection, fallback: () => HTMLElement | null = () => null) {
  let shown: { pieceId: string; element: HTMLDialogElement; update(state: ClientState, piece: PlacedPiece): void } | undefined;
  let opener: HTMLElement | null = null;
  const close = () => {
    if (!shown) return;
    const { element } = shown;
    shown = undefined;
    if (element.open) element.close();
    element.remove();
    if (!focusElement(opener)) focusElement(fallback());
    opener = null;
  };
  return {
    /** Show piece `pieceId` (the one already shown is brought up to date); `from` gets the focus back when it closes. */
    open(pieceId: string, from?: HTMLElement) {
      const piece = connection.state.pieces.find((p) => p.id === pieceId);
      if (!piece) return;
      if (shown?.pieceId !== pieceId) {
        const next = { pieceId, ...detailsView(connection, piece, close) };
        if (shown) {
          shown.element.replaceWith(next.element);
        } else {
          const active = document.activeElement;
          opener = from ?? (active instanceof HTMLElement && active !== document.body ? active : null);
          document.body.append(next.element);
        }
        shown = next;
        next.update(connection.state, piece);
        if (!next.element.open) next.element.showModal();
        focusElement(next.element.querySelector<HTMLElement>('.details-title'));
        return;
      }
      shown.update(connection.state, piece);
    },
    /** Close the dialog, if one is open. */
    close,
    /** Follow a new state: close when the piece is gone, else update what is shown. */
    refresh(state: ClientState) {
      if (!shown) return;
      const piece = state.pieces.find((p) => p.id === shown!.pieceId);
      if (!piece) return close();
      shown.update(state, piece);
    },
  };
}

function detailsView(connection: WorkshopConnection, piece: PlacedPiece, close: () => void) {
  const participant = connection.me.role === 'participant';
  const editable = connection.mayTouch(piece);
  const blank = !!connection.kind(piece.kindId)?.blank;
  const act = async (...args: Parameters<WorkshopConnection['act']>) => {
    const answer = await connection.act(...args);
    if (!answer.ok) toast(answer.message, 'error');
    return answer;
  };
  const button = (props: Record<string, unknown>, ...children: string[]) => h('button', { type: 'button', ...props }, ...children);

  const area = h('span');
  const title = h('h2', { class: 'details-title', id: `details-title-${piece.id}`, tabindex: '-1' });
  const description = h('p', { class: 'muted' });
  const placer = h('p');
  const perception = h('p');
  // the dots left are said after each vote: the button keeps the focus, the count is elsewhere
  const sayDotsLeft = async (answer: Promise<{ ok: boolean }>) => {
    if ((await answer).ok) announce(tr('vote.left', { count: connection.dotsLeft() }));
  };
  const voteAdd = button({ id: 'vote-add', onclick: () => sayDotsLeft(act('vote', { pieceId: piece.id })) });
  const voteRemove = button({ id: 'vote-remove', onclick: () => sayDotsLeft(act('unvote', { pieceId: piece.id })) });
  const voteCount = h('span');
  const votes = participant ? h('p', { class: 'row votes' }, voteAdd, voteRemove, voteCount) : null;
  const spotlight = connection.me.role === 'facilitator' ? button({ id: 'spotlight-piece', onclick: () => act('spotlight', { kind: 'piece', id: piece.id }) }) : null;
  const labelText = h('label', { for: 'piece-label' });
  const label = blank ? h('input', { id: 'piece-label', maxlength: String(LABEL_MAX), disabled: !editable }) : null;
  const noteText = h('label', { for: 'piece-note' });
  const note = h('textarea', { id: 'piece-note', rows: '3', maxlength: String(NOTE_MAX), disabled: !editable });
  const importanceText = h('span', { class: 'label', id: `details-importance-${piece.id}` });
  /** The importance chosen here; it follows the server only when the server's value changes. */
  let importance = piece.importance;
  let importanceFromServer = piece.importance;
  // named in words (the dots are only their picture)
  const importanceButtons = [1, 2, 3].map((n) =>
    h('button', { type: 'button', disabled: !editable, onclick: () => {
      importance = n;
      showImportance();
    } }, h('span', { 'aria-hidden': 'true' }, '●'.repeat(n)), h('span', { class: 'visually-hidden' })),
  );
  const showImportance = () => importanceButtons.forEach((b, i) => setAttr(b, 'aria-pressed', String(i + 1 === importance)));
  const remove = editable ? h('button', { class: 'danger', type: 'button', onclick: async () => {
    const name = title.textContent ?? '';
    if ((await act('remove', { pieceId: piece.id })).ok) {
      announce(tr('twin.removed', { value: name }));
      close();
    }
  } }) : h('span', {});
  const closeButton = button({ onclick: close });
  const save = editable ? h('button', { class: 'primary', type: 'button', id: 'piece-save', onclick: async () => {
    if ((await act('edit', { pieceId: piece.id, note: note.value, importance, ...(label ? { label: label.value } : {}) })).ok) {
      announce(tr('announce.saved'));
      close();
    }
  } }) : null;

  const element = h(
    'dialog',
    { class: 'details', 'aria-labelledby': `details-title-${piece.id}` },
    h('header', {}, area, title),
    description,
    placer,
    perception,
    votes,
    spotlight ? h('p', {}, spotlight) : null,
    label ? [labelText, label] : null,
    noteText,
    note,
    importanceText,
    h('div', { class: 'importance', role: 'group', 'aria-labelledby': `details-importance-${piece.id}` }, importanceButtons),
    h('footer', {}, remove, h('span', { class: 'row' }, closeButton, save)),
  );

  // Escape closes it our way: removed from the page, the focus given back
  element.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });

  return {
    element,
    update(state: ClientState, current: PlacedPiece) {
      const kind = connection.kind(current.kindId);
      const kindName = kind ? localized(kind.label, language()) : '';
      const areaParty = state.parties.find((p) => p.id === current.areaPartyId);
      const placedBy = state.parties.find((p) => p.id === current.placedByPartyId);
      const mark = revealed(state.phase) ? compareParty(state, current.areaPartyId).values.find((v) => v.own?.id === current.id || v.partners.some((p) => p.id === current.id))?.perception : undefined;
      const myVotes = state.votes.filter((v) => v.pieceId === current.id && v.memberId === connection.me.memberId).length;
      showKeyed(area, areaParty ? JSON.stringify(areaParty) : '', () => (areaParty ? partyChip(areaParty) : null));
      setText(title, current.label || kindName || current.kindId);
      description.hidden = !kind;
      setText(description, kind ? localized(kind.description, language()) : '');
      placer.hidden = !placedBy;
      setText(placer, placedBy ? tr(current.byFacilitator ? 'board.piece.placedByFacilitator' : 'board.piece.placedBy', { party: placedBy.name }) : '');
      perception.hidden = !mark;
      showKeyed(perception, `${mark ?? ''}|${language()}`, () => (mark ? perceptionTag(mark) : null));
      if (votes) {
        votes.hidden = !state.voting.open;
        setText(voteAdd, `● ${tr('vote.add')}`);
        voteAdd.disabled = connection.dotsLeft() === 0;
        setText(voteRemove, tr('vote.remove'));
        voteRemove.disabled = !myVotes;
        setText(voteCount, tr('vote.count', { count: myVotes }));
      }
      if (spotlight) setText(spotlight, `★ ${tr('spotlight.piece')}`);
      setText(labelText, tr('board.ownValue.prompt'));
      if (label) syncField(label, current.label);
      setText(noteText, tr('board.piece.note'));
      setAttr(note, 'placeholder', tr('board.piece.note'));
      syncField(note, current.note);
      setText(importanceText, tr('board.piece.importance'));
      if (current.importance !== importanceFromServer) importance = importanceFromServer = current.importance;
      importanceButtons.forEach((b, i) => setText(b.lastElementChild!, tr(`board.piece.importance.${i + 1}` as 'board.piece.importance.1')));
      showImportance();
      setText(remove, editable ? tr('board.piece.remove') : '');
      setText(closeButton, tr('board.piece.close'));
      if (save) setText(save, tr('board.piece.save'));
    },
  };
}
