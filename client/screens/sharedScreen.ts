/**
 * /screen/CODE: the meeting room's big screen, read from across the room. Read-only: the board as
 * large as the screen allows, and beside it what the phase needs — in the lobby the join code, huge,
 * with the QR code; while placing, the code and who is here; from the reveal on, whether the
 * collaboration is meaningful for all (the balance), the dot-vote's top values and how the parties
 * see each other (the comparison); in the agreement phase the agreement. Type is sized to the
 * screen, and the side's content is fitted to its height: nothing on this screen ever scrolls.
 * When the whole board cannot draw every value readable, it tours the board area by area (screenTour.ts).
 */
import { h, replaceChildren, setText, showKeyed, toast } from '../dom.ts';
import { tr, onLanguageChange, useWorkshopLanguage, language, type MessageKey } from '../i18n.ts';
import { findWorkshop } from '../net/api.ts';
import { WorkshopConnection, type ClientState } from '../net/WorkshopConnection.ts';
import { BoardScene } from '../scenes/BoardScene.ts';
import { presenceList, topBar, updateTopBar } from './common.ts';
import { errorText } from './errors.ts';
import { qrSvg } from './qr.ts';
import { participantUrl } from '../../shared/links.ts';
import { formatJoinCode } from '../../shared/joinCode.ts';
import { agreementPanel, balancePanel, decorationsFor, phaseBar, revealed, revealPanel, voteRanking } from './workshopViews.ts';
import { reachableBase, type Reach } from './reachable.ts';
import { setPageTitle } from '../a11y/pageTitle.ts';
import { screenTour } from './screenTour.ts';

/** Show the shared screen for the workshop with `code`. */
export async function sharedScreen(root: HTMLElement, code: string): Promise<void> {
  const info = await findWorkshop(code).catch(() => undefined);
  if (!info) {
    replaceChildren(root, topBar({}), h('main', { class: 'page' }, h('p', { class: 'error-text' }, tr('start.join.notFound'))));
    return;
  }
  useWorkshopLanguage(info.language);
  let connection: WorkshopConnection;
  try {
    connection = await WorkshopConnection.join({ role: 'screen', workshopId: info.id, code: info.code, language: language() });
  } catch (error) {
    replaceChildren(root, topBar({}), h('main', { class: 'page' }, h('p', { class: 'error-text' }, errorText(error))));
    return;
  }
  // phones cannot follow a link to 127.0.0.1: hand out the server's network address instead, and say so
  const reach = await reachableBase(connection.me.baseUrl);
  const joinUrl = participantUrl(reach.base, info.code);
  const bar = topBar({ title: connection.state.title, focus: connection.state.focus });
  const boardHost = h('div', { class: 'board-host', id: 'board' });
  // focusable, so a keyboard can scroll it wherever it does not fit (WCAG 2.1.1)
  const side = h('aside', { class: 'side screen-side', tabindex: '0', 'aria-label': tr('screen.panel') });
  const phases = phaseBar(connection, true);
  const screen = h('div', { class: 'board-screen shared', dataset: { role: 'screen' } }, bar, phases.element, h('main', { class: 'board-main' }, boardHost, side));
  replaceChildren(root, screen);
  const scene = new BoardScene(boardHost);
  await scene.init();
  scene.setLanguage(language());
  // too many values for the whole board to read across the room: the screen shows it part by part
  const tour = screenTour(scene, () => window.innerHeight);

  const lan = lanWarning(reach);
  const join = joinBlock(joinUrl, info.code);
  const result = h('div', { class: 'screen-results' });
  const people = h('div', { class: 'screen-people' });
  replaceChildren(side, tour.element, lan.element, join.element, result, people);
  const fit = fitter(side);

  let lastPhase = connection.state.phase;
  const update = () => {
    const state = connection.state;
    setPageTitle(tr(`phase.${state.phase}` as MessageKey), state.title);
    side.setAttribute('aria-label', tr('screen.panel'));
    screen.dataset.phase = state.phase;
    scene.setState(state);
    scene.setDecorations(decorationsFor(state, true));
    phases.update();
    lan.update();
    join.update();
    // before the reveal the room needs the code and who is here; after it, the balance, the vote and the comparison
    const shown = revealed(state.phase);
    join.element.hidden = shown;
    people.hidden = shown;
    showKeyed(result, resultsKey(state), () => results(state));
    const present = state.members.filter((m) => m.role === 'participant').map((m) => [m.id, m.name, m.partyId, m.connected]);
    showKeyed(people, JSON.stringify([language(), state.parties, present]), () => [h('h2', {}, tr('board.joined')), presenceList(state)]);
    if (state.phase !== lastPhase) {
      lastPhase = state.phase;
      toast(tr('phase.changed', { phase: tr(`phase.${lastPhase}` as MessageKey) }));
      if (lastPhase === 'reveal') scene.playReveal();
    }
    updateTopBar(bar, { title: state.title, focus: state.focus, status: connection.status });
    boardHost.dataset.pieces = String(state.pieces.length);
    tour.update(state);
    fit();
  };
  update();
  boardHost.dataset.ready = 'true';
  connection.on('state', update);
  connection.on('drags', (drags) => scene.setDrags(drags));
  connection.on('status', update);
  onLanguageChange((lang) => {
    scene.setLanguage(lang);
    update();
  });
  new ResizeObserver(() => tour.update(connection.state)).observe(boardHost);
  // the shared screen has no tray and no pointer handling on the board: it only shows (the tour's buttons aside)
}

/** What the results show depends on: redrawn only when one of these changes. */
function resultsKey(state: ClientState): string {
  if (!revealed(state.phase)) return 'none';
  return JSON.stringify([
    language(),
    state.phase,
    state.parties,
    state.kinds.map((k) => [k.id, k.label]),
    state.pieces.map((p) => [p.id, p.kindId, p.label, p.areaPartyId, p.placedByPartyId, p.importance]),
    state.agreement,
    state.voting.shown ? state.votes.map((v) => v.pieceId) : null,
  ]);
}

/** The side's results from the reveal on: the agreement in its phase, then the balance, the vote's top values once shown, and the comparison. */
function results(state: ClientState): HTMLElement[] {
  if (!revealed(state.phase)) return [];
  return [
    ...(state.phase === 'agreement' ? [agreementPanel(state)] : []),
    balancePanel(state),
    ...(state.voting.shown ? [voteRanking(state)] : []),
    revealPanel(state),
  ];
}

/** The join link, the code in readable groups, and the QR code. */
function joinBlock(joinUrl: string, code: string): { element: HTMLElement; update(): void } {
  const qr = h('div', { class: 'qr', 'aria-hidden': 'true' });
  qr.innerHTML = qrSvg(joinUrl);
  const joinText = h('div', { class: 'muted' });
  const codeText = h('div', { class: 'muted' });
  const scanText = h('div', { class: 'muted' });
  const element = h(
    'div',
    { class: 'join-block' },
    h(
      'div',
      { class: 'join-words' },
      h('div', {}, codeText, h('div', { class: 'code-big', id: 'screen-code', 'aria-label': formatJoinCode(code) }, formatJoinCode(code).split(' ').map((group) => h('span', { class: 'code-group' }, group)))),
      h('div', {}, joinText, h('div', { class: 'join-url', id: 'join-url' }, joinUrl.replace(/^https?:\/\//, ''))),
    ),
    h('div', { class: 'join-qr' }, scanText, qr),
  );
  return {
    element,
    update() {
      setText(joinText, tr('screen.join'));
      setText(codeText, tr('screen.code'));
      setText(scanText, tr('screen.scan'));
    },
  };
}

/** The warning shown when this screen was opened on a loopback address: phones cannot reach it, and what to use instead. */
function lanWarning(reach: Reach): { element: HTMLElement; update(): void } {
  const text = h('span');
  const element = h('p', { class: 'warning lan-warning', id: 'lan-warning', role: 'note', hidden: !reach.loopback }, text);
  if (reach.loopback && !reach.unreachable) element.append(' ', h('strong', { class: 'lan-address' }, reach.base.replace(/^https?:\/\//, '')));
  return {
    element,
    update() {
      if (reach.loopback) setText(text, tr(reach.unreachable ? 'screen.lan.none' : 'screen.lan.warning', { address: reach.loopback }));
    },
  };
}

/**
 * Fit `side`'s content to its height by scaling its type (the CSS variable --fit, between 0.45 and
 * 1): the screen never scrolls, and whatever the phase shows stays whole. The comparison may spread
 * over up to four columns (--reveal-columns): the count that lets the type stay largest wins. Runs
 * after each change and whenever the screen's size changes.
 */
function fitter(side: HTMLElement): () => void {
  let pending = false;
  const fits = () => side.scrollHeight <= side.clientHeight + 1;
  /** The largest --fit at which everything fits (0.45 when nothing does). */
  const largestFit = (): number => {
    side.style.setProperty('--fit', '1');
    if (fits()) return 1;
    let low = 0.45;
    let high = 1;
    for (let i = 0; i < 7; i++) {
      const mid = (low + high) / 2;
      side.style.setProperty('--fit', mid.toFixed(3));
      if (fits()) low = mid;
      else high = mid;
    }
    return low;
  };
  const run = () => {
    pending = false;
    const parties = side.querySelectorAll('.reveal-party').length;
    let best = { columns: 1, fit: -1 };
    for (let columns = 1; columns <= Math.max(1, Math.min(4, parties)); columns++) {
      side.style.setProperty('--reveal-columns', String(columns));
      const fit = largestFit();
      // a column more only when it lets the type grow clearly
      if (fit > best.fit + 0.02) best = { columns, fit };
      if (fit === 1) break;
    }
    side.style.setProperty('--reveal-columns', String(best.columns));
    side.style.setProperty('--fit', best.fit.toFixed(3));
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(run);
  };
  new ResizeObserver(schedule).observe(side);
  return schedule;
}
