/** /screen/CODE: the meeting room's big screen. Read-only: the board, the code, a QR code and who is here. */
import { h, replaceChildren, setText, toast } from '../dom.ts';
import { tr, onLanguageChange, useWorkshopLanguage, language, type MessageKey } from '../i18n.ts';
import { findWorkshop } from '../net/api.ts';
import { WorkshopConnection } from '../net/WorkshopConnection.ts';
import { BoardScene } from '../scenes/BoardScene.ts';
import { topBar, updateTopBar } from './common.ts';
import { errorText } from './errors.ts';
import { qrSvg } from './qr.ts';
import { participantUrl } from '../../shared/links.ts';
import { formatJoinCode } from '../../shared/joinCode.ts';
import { presence, results } from './boardSide.ts';
import { decorationsFor, phaseBar, revealed } from './workshopViews.ts';

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
  const joinUrl = connection.me.baseUrl ? participantUrl(connection.me.baseUrl, info.code) : info.participantUrl;
  const bar = topBar({ title: connection.state.title, focus: connection.state.focus });
  const boardHost = h('div', { class: 'board-host', id: 'board' });
  const side = h('aside', { class: 'side' });
  const phases = phaseBar(connection, true);
  replaceChildren(root, h('div', { class: 'board-screen shared', dataset: { role: 'screen' } }, bar, phases.element, h('main', { class: 'board-main' }, boardHost, side)));
  const scene = new BoardScene(boardHost);
  await scene.init();
  scene.setLanguage(language());

  const qr = h('div', { class: 'qr', 'aria-hidden': 'true' });
  qr.innerHTML = qrSvg(joinUrl);
  const joinText = h('div', { class: 'muted' });
  const codeText = h('div', { class: 'muted' });
  const scanText = h('div', { class: 'muted' });
  const joinBlock = h(
    'div',
    { class: 'join-block' },
    h('div', {}, joinText, h('div', { class: 'join-url', id: 'join-url' }, joinUrl.replace(/^https?:\/\//, ''))),
    // in readable groups (ACDE FGHJ): each group its own span, so the text is still the code
    h('div', {}, codeText, h('div', { class: 'code-big', id: 'screen-code', 'aria-label': formatJoinCode(info.code) }, formatJoinCode(info.code).split(' ').map((group) => h('span', { class: 'code-group' }, group)))),
    h('div', {}, scanText, qr),
  );
  const result = results();
  const people = presence();
  replaceChildren(side, result.element, joinBlock, people.element);
  let lastPhase = connection.state.phase;
  const update = () => {
    scene.setState(connection.state);
    scene.setDecorations(decorationsFor(connection.state, true));
    phases.update();
    result.update(connection.state);
    // before the reveal the room needs the code; after it, the comparison and the balance
    joinBlock.hidden = revealed(connection.state.phase);
    setText(joinText, tr('screen.join'));
    setText(codeText, tr('screen.code'));
    setText(scanText, tr('screen.scan'));
    if (connection.state.phase !== lastPhase) {
      lastPhase = connection.state.phase;
      toast(tr('phase.changed', { phase: tr(`phase.${lastPhase}` as MessageKey) }));
      if (lastPhase === 'reveal') scene.playReveal();
    }
    people.update(connection.state);
    updateTopBar(bar, { title: connection.state.title, focus: connection.state.focus, status: connection.status });
    boardHost.dataset.pieces = String(connection.state.pieces.length);
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
  // the shared screen has no cursor, no tray, no pointer handling at all: it only shows
}
