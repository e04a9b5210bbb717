/**
 * The board for participants and the facilitator: the Pixi board, the tray of value kinds,
 * presence, piece details and (for the facilitator) the panel. Input is handled here in
 * board space; every change goes to the server, which decides.
 */
import { h, replaceChildren, toast } from '../dom.ts';
import { tr, language, onLanguageChange, useWorkshopLanguage, type Language } from '../i18n.ts';
import { BoardScene } from '../scenes/BoardScene.ts';
import { iconSvg } from '../scenes/icons.ts';
import { localized } from '../../shared/deck.ts';
import { partyAt } from '../../shared/rules.ts';
import { areaIndexAt, BOARD_SIZE, type Point } from '../../shared/geometry.ts';
import { LABEL_MAX, NOTE_MAX } from '../../shared/protocol.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import type { ValueKind } from '../../shared/deck.ts';
import type { WorkshopConnection, ActionAnswer } from '../net/WorkshopConnection.ts';
import { presenceList, topBar, updateTopBar, partyChip } from './common.ts';
import { facilitatorPanel } from './facilitatorPanel.ts';
import { qrSvg } from './sharedScreen.ts';
import { rememberedSeat } from '../net/WorkshopConnection.ts';
import { agreementPanel, balancePanel, decorationsFor, perceptionTag, phaseBar, revealed, revealPanel, updatePhaseBar } from './workshopViews.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { compareParty } from '../../shared/reveal.ts';
import type { MessageKey } from '../i18n.ts';

const DRAG_THRESHOLD_PX = 6;
const LONG_PRESS_MS = 550;

/** Show the interactive board for `connection` in `root`. */
export function boardScreen(root: HTMLElement, connection: WorkshopConnection, options: { facilitatorKey?: string } = {}): void {
  useWorkshopLanguage(connection.state.language);
  const isFacilitator = connection.me.role === 'facilitator';
  const sendLanguage = (lang: Language) => void connection.act('set-language', { language: lang });
  const bar = topBar({ title: connection.state.title, focus: connection.state.focus, onLanguage: sendLanguage });
  const boardHost = h('div', { class: 'board-host', id: 'board', 'aria-label': tr('board.center') });
  const side = h('aside', { class: 'side' });
  const phases = phaseBar(connection, true);
  replaceChildren(root, h('div', { class: 'board-screen', dataset: { role: connection.me.role } }, bar, phases, h('main', { class: 'board-main' }, boardHost, side)));

  const scene = new BoardScene(boardHost);
  const ready = scene.init().then(() => {
    scene.setLanguage(language());
    scene.setState(connection.state);
    scene.setDecorations(decorationsFor(connection.state, false, connection.me));
    boardHost.dataset.pieces = String(connection.state.pieces.length);
    boardHost.dataset.ready = 'true';
  });

  // ---- side panel: who I am, tray, presence, facilitator panel ----
  const placeFor = h('select', { id: 'place-for', 'aria-label': tr('board.placeFor') });
  const tray = h('div', { class: 'tray', role: 'list', 'aria-label': tr('board.tray') });
  const presence = h('div', {});
  const dynamic = h('div', { class: 'dynamic' });
  /** A participant's personal link (and QR) to continue as the same person on another device. */
  const otherDevice = (() => {
    const seat = rememberedSeat(connection.state.id);
    if (connection.me.role !== 'participant' || !seat) return null;
    const url = `${connection.me.baseUrl || location.origin}/j/${connection.state.code}#seat=${seat}`;
    const qr = h('div', { class: 'qr small-qr', 'aria-hidden': 'true' });
    qr.innerHTML = qrSvg(url);
    return h('details', { class: 'other-device', id: 'other-device' }, h('summary', {}, tr('board.otherDevice')), h('p', { class: 'muted' }, tr('board.otherDevice.help')), qr, h('code', { class: 'seat-link' }, url));
  })();
  const trayBlock = h('div', { class: 'tray-block' });
  const panel = isFacilitator ? facilitatorPanel(connection, options.facilitatorKey ?? '') : null;
  /** Undo, dots, the reveal, the balance and the agreement: redrawn with every state. */
  const drawDynamic = () => {
    const state = connection.state;
    const canPlace = isFacilitator || PHASE_RULES[state.phase].placing !== 'none';
    trayBlock.hidden = !canPlace;
    replaceChildren(
      dynamic,
      connection.me.role !== 'screen'
        ? h('p', { class: 'row' }, h('button', { type: 'button', id: 'undo', onclick: async () => refused(await connection.act('undo', {})) }, `↶ ${tr('undo')}`),
            state.voting.open && connection.me.role === 'participant' ? h('span', { class: 'dots-left', id: 'dots-left' }, tr('vote.left', { count: connection.dotsLeft() })) : null)
        : null,
      state.voting.open && !state.voting.shown && connection.me.role === 'participant' ? h('p', { class: 'muted' }, tr('vote.hidden')) : null,
      connection.me.role === 'participant' ? otherDevice : null,
      state.phase === 'agreement' ? agreementPanel(state) : null,
      revealed(state.phase) ? [revealPanel(state), balancePanel(state)] : null,
    );
  };
  const drawSide = () => {
    const state = connection.state;
    const me = connection.member();
    const party = state.parties.find((p) => p.id === connection.me.partyId);
    replaceChildren(placeFor, h('option', { value: '' }, tr('board.placeFor.area')), state.parties.map((p) => h('option', { value: p.id }, `${p.shortName} · ${p.name}`)));
    drawTray(tray, state);
    replaceChildren(
      trayBlock,
      isFacilitator ? h('label', { class: 'place-for' }, tr('board.placeFor'), placeFor) : null,
      h('h2', { id: 'tray-heading' }, tr('board.tray')),
      h('p', { class: 'tray-hint' }, tr('board.tray.hint')),
      tray,
    );
    drawDynamic();
    replaceChildren(presence, h('h2', {}, tr('board.joined')), presenceList(state));
    replaceChildren(
      side,
      h('p', { class: 'you', id: 'you' }, isFacilitator ? tr('board.youFacilitator') : party ? [partyChip(party), ' ', tr('board.you', { name: me?.name ?? '', party: party.name })] : ''),
      panel?.element ?? null,
      dynamic,
      trayBlock,
      presence,
    );
  };
  let selectedFor = '';
  placeFor.addEventListener('change', () => (selectedFor = placeFor.value));
  drawSide();

  // ---- state from the server ----
  let lastParties = '';
  let lastPhase = connection.state.phase;
  connection.on('state', (state) => {
    updateTopBar(bar, { title: state.title, focus: state.focus, status: connection.status });
    updatePhaseBar(phases);
    scene.setState(state);
    scene.setDecorations(decorationsFor(state, false, connection.me));
    if (state.phase !== lastPhase) {
      lastPhase = state.phase;
      if (!isFacilitator) toast(tr('phase.changed', { phase: tr(`phase.${state.phase}` as MessageKey) }));
      if (state.phase === 'reveal') scene.playReveal();
    }
    drawDynamic();
    details.refresh(state);
    const partiesKey = JSON.stringify([state.parties.map(({ id, name, shortName, color }) => [id, name, shortName, color]), state.kinds.map((k) => k.id)]);
    if (partiesKey !== lastParties) {
      lastParties = partiesKey;
      drawSide();
      placeFor.value = selectedFor;
    } else {
      replaceChildren(presence, h('h2', {}, tr('board.joined')), presenceList(state));
    }
    panel?.refresh(state);
    boardHost.dataset.pieces = String(state.pieces.length);
  });
  connection.on('drags', (drags) => scene.setDrags(drags));
  connection.on('status', (status) => updateTopBar(bar, { title: connection.state.title, focus: connection.state.focus, status }));
  connection.on('error', (error) => toast(error.message, 'error'));
  onLanguageChange((lang) => {
    scene.setLanguage(lang);
    lastParties = '';
    drawSide();
    placeFor.value = selectedFor;
    panel?.refresh(connection.state);
    updatePhaseBar(phases);
    updateTopBar(bar, { title: connection.state.title, focus: connection.state.focus, status: connection.status });
  });

  const details = pieceDetails(connection);

  const refused = (answer: ActionAnswer) => {
    if (!answer.ok) toast(answer.message || (answer.code === 'offline' ? tr('board.offline') : tr('error.generic')), 'error');
  };

  // ---- dragging a placed piece on the board ----
  boardHost.addEventListener('pointerdown', (down) => {
    if (!down.isPrimary || down.button > 0) return;
    const start = scene.toBoard(down.clientX, down.clientY);
    const piece = scene.pieceAt(start);
    if (!piece) return;
    down.preventDefault();
    boardHost.setPointerCapture(down.pointerId);
    const offset = { x: piece.x - start.x, y: piece.y - start.y };
    let dragging = false;
    let grab: Promise<ActionAnswer> | undefined;
    let current: Point = { x: piece.x, y: piece.y };
    const move = (e: PointerEvent) => {
      if (e.pointerId !== down.pointerId) return;
      if (!dragging) {
        if (Math.hypot(e.clientX - down.clientX, e.clientY - down.clientY) < DRAG_THRESHOLD_PX || !connection.mayTouch(piece)) return;
        dragging = true;
        grab = connection.act('grab', { pieceId: piece.id });
        void grab.then((answer) => {
          if (!answer.ok) {
            refused(answer);
            cancel();
          }
        });
      }
      const p = scene.toBoard(e.clientX, e.clientY);
      current = { x: clampBoard(p.x + offset.x), y: clampBoard(p.y + offset.y) };
      scene.setLocalDrag({ pieceId: piece.id, ...current });
      scene.setHighlight(areaIndexAt(connection.state.parties.length, current));
      void grab?.then((answer) => answer.ok && dragging && connection.drag({ pieceId: piece.id, ...current }));
    };
    const finish = (e: PointerEvent) => {
      if (e.pointerId !== down.pointerId) return;
      cleanup();
      if (!dragging) {
        details.open(piece.id);
        return;
      }
      dragging = false;
      const dropAt = current;
      connection.cancelPendingDrag();
      void grab!.then(async (answer) => {
        if (!answer.ok) return;
        const inArea = partyAt(connection.state, dropAt.x, dropAt.y);
        const result = inArea ? await connection.act('move', { pieceId: piece.id, x: round(dropAt.x), y: round(dropAt.y) }) : await connection.act('release', { pieceId: piece.id });
        if (!inArea || !result.ok) {
          if (!inArea) toast(tr('error.outside-board'), 'error');
          refused(result);
          scene.flyBack(piece.id, dropAt);
        }
      });
      scene.setLocalDrag(undefined);
      scene.setHighlight(-1);
    };
    const cancel = () => {
      cleanup();
      if (dragging) scene.flyBack(piece.id, current);
      dragging = false;
      scene.setLocalDrag(undefined);
      scene.setHighlight(-1);
    };
    const cleanup = () => {
      boardHost.removeEventListener('pointermove', move);
      boardHost.removeEventListener('pointerup', finish);
      boardHost.removeEventListener('pointercancel', onCancel);
    };
    const onCancel = (e: PointerEvent) => {
      if (e.pointerId !== down.pointerId) return;
      cancel();
      void grab?.then((answer) => {
        if (answer.ok) void connection.act('release', { pieceId: piece.id });
      });
    };
    boardHost.addEventListener('pointermove', move);
    boardHost.addEventListener('pointerup', finish);
    boardHost.addEventListener('pointercancel', onCancel);
  });

  // ---- dragging a value kind from the tray onto the board ----
  function drawTray(el: HTMLElement, state: WorkshopState): void {
    replaceChildren(
      el,
      state.kinds.map((kind) => {
        const category = state.categories.find((c) => c.id === kind.category);
        const item = h(
          'div',
          {
            class: 'tray-item',
            role: 'listitem',
            tabindex: '0',
            title: localized(kind.description, language()),
            dataset: { kind: kind.id },
            style: `background:${category?.color ?? '#ddd'}`,
          },
          svgElement(iconSvg(kind.icon, '#1b1b1b', 22)),
          h('span', {}, localized(kind.label, language())),
        );
        item.addEventListener('pointerdown', (e) => startTrayDrag(e, kind, item));
        item.addEventListener('contextmenu', (e) => e.preventDefault());
        return item;
      }),
    );
  }

  function startTrayDrag(down: PointerEvent, kind: ValueKind, item: HTMLElement): void {
    if (!down.isPrimary || down.button > 0) return;
    down.preventDefault();
    item.setPointerCapture(down.pointerId);
    let chip: HTMLElement | undefined;
    let board: Point | undefined;
    let tip: HTMLElement | undefined;
    const longPress = setTimeout(() => {
      tip = h('div', { class: 'tooltip', role: 'tooltip' }, localized(kind.description, language()));
      const rect = item.getBoundingClientRect();
      tip.style.left = `${Math.max(8, Math.min(rect.left, innerWidth - 270))}px`;
      tip.style.top = `${Math.max(8, rect.top - 70)}px`;
      document.body.append(tip);
    }, LONG_PRESS_MS);
    const move = (e: PointerEvent) => {
      if (e.pointerId !== down.pointerId) return;
      if (!chip) {
        if (Math.hypot(e.clientX - down.clientX, e.clientY - down.clientY) < DRAG_THRESHOLD_PX) return;
        clearTimeout(longPress);
        tip?.remove();
        chip = item.cloneNode(true) as HTMLElement;
        chip.classList.add('drag-chip');
        chip.style.width = `${item.offsetWidth}px`;
        document.body.append(chip);
      }
      chip.style.left = `${e.clientX}px`;
      chip.style.top = `${e.clientY}px`;
      const p = scene.toBoard(e.clientX, e.clientY);
      const onBoard = p.x >= 0 && p.y >= 0 && p.x <= BOARD_SIZE && p.y <= BOARD_SIZE && !!document.elementFromPoint(e.clientX, e.clientY)?.closest('.board-host');
      board = onBoard ? p : undefined;
      scene.setHighlight(board ? areaIndexAt(connection.state.parties.length, board) : -1);
      if (board) connection.drag({ kindId: kind.id, x: board.x, y: board.y });
    };
    const finish = async (e: PointerEvent) => {
      if (e.pointerId !== down.pointerId) return;
      clearTimeout(longPress);
      item.removeEventListener('pointermove', move);
      item.removeEventListener('pointerup', finish);
      item.removeEventListener('pointercancel', finish);
      if (tip) setTimeout(() => tip?.remove(), 2500);
      scene.setHighlight(-1);
      if (!chip) return;
      connection.cancelPendingDrag();
      const dropAt = e.type === 'pointerup' ? board : undefined;
      if (!dropAt || !partyAt(connection.state, dropAt.x, dropAt.y)) {
        connection.endDrag();
        if (dropAt) toast(tr('error.outside-board'), 'error');
        flyHome(chip, item);
        return;
      }
      chip.remove();
      let label: string | undefined;
      if (kind.blank) {
        label = await askLabel();
        if (!label) {
          connection.endDrag();
          return;
        }
      }
      scene.setLocalDrag({ kindId: kind.id, label, x: dropAt.x, y: dropAt.y });
      const answer = await connection.act('place', {
        kindId: kind.id,
        x: round(dropAt.x),
        y: round(dropAt.y),
        ...(label ? { label } : {}),
        ...(isFacilitator && selectedFor ? { forPartyId: selectedFor } : {}),
      });
      if (answer.ok) {
        // keep the piece under the finger until the state that holds it arrives
        const until = Date.now() + 1500;
        const wait = () => {
          if (connection.state.pieces.some((p) => p.id === answer.pieceId) || Date.now() > until) scene.setLocalDrag(undefined);
          else requestAnimationFrame(wait);
        };
        wait();
      } else {
        scene.setLocalDrag(undefined);
        refused(answer);
        const ghost = item.cloneNode(true) as HTMLElement;
        ghost.classList.add('drag-chip');
        ghost.style.width = `${item.offsetWidth}px`;
        const at = scene.toClient(dropAt);
        ghost.style.left = `${at.x}px`;
        ghost.style.top = `${at.y}px`;
        document.body.append(ghost);
        flyHome(ghost, item);
      }
    };
    item.addEventListener('pointermove', move);
    item.addEventListener('pointerup', finish);
    item.addEventListener('pointercancel', finish);
  }

  void ready;
}

/** Animate a drag chip back to the tray item it came from, then remove it. */
function flyHome(chip: HTMLElement, item: HTMLElement): void {
  const rect = item.getBoundingClientRect();
  requestAnimationFrame(() => {
    chip.classList.add('flying');
    chip.style.left = `${rect.left + rect.width / 2}px`;
    chip.style.top = `${rect.top + rect.height / 2}px`;
    setTimeout(() => chip.remove(), 320);
  });
}

/** Ask for the name of a blank "own value" piece. */
function askLabel(): Promise<string | undefined> {
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
function pieceDetails(connection: WorkshopConnection) {
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

function svgElement(svg: string): Element {
  const template = document.createElement('template');
  template.innerHTML = svg;
  const el = template.content.firstElementChild!;
  el.setAttribute('aria-hidden', 'true');
  return el;
}

const round = (n: number) => Math.round(n * 10) / 10;
const clampBoard = (n: number) => Math.max(-50, Math.min(BOARD_SIZE + 50, n));
