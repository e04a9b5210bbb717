/** /j/CODE: a participant gives a name and picks a party, then lands on the board. */
import { h, replaceChildren } from '../dom.ts';
import { tr, useWorkshopLanguage, onLanguageChange, language } from '../i18n.ts';
import { findWorkshop, type WorkshopInfo } from '../net/api.ts';
import { WorkshopConnection, forgetSeat, rememberSeat, rememberedSeat } from '../net/WorkshopConnection.ts';
import { NAME_MAX } from '../../shared/protocol.ts';
import { partyChip, topBar } from './common.ts';
import { boardScreen } from './boardScreen.ts';
import { errorText } from './errors.ts';
import { fragmentValue } from '../../shared/links.ts';
import { setPageTitle } from '../a11y/pageTitle.ts';

const REMEMBER = 'vaerdispil.participant';

/** Show the join form for the workshop with `code`. */
export async function joinScreen(root: HTMLElement, code: string): Promise<void> {
  const info = await findWorkshop(code).catch(() => undefined);
  if (!info) {
    replaceChildren(root, topBar({}), h('main', { class: 'page' }, h('section', { class: 'card' }, h('p', { class: 'error-text' }, tr('start.join.notFound')), h('a', { href: '/' }, tr('start.join.title')))));
    return;
  }
  useWorkshopLanguage(info.language);
  // a seat token (from this browser, or a personal link from another device) comes back as the same person
  const fromLink = fragmentValue(location.hash, 'seat');
  const seat = fromLink ?? rememberedSeat(info.id);
  if (fromLink) history.replaceState(null, '', location.pathname);
  if (seat) {
    try {
      const connection = await WorkshopConnection.join({ role: 'rejoin', workshopId: info.id, code: info.code, seat, language: language() });
      rememberSeat(info.id, seat);
      boardScreen(root, connection);
      return;
    } catch (error) {
      // a removal is tied to the seat: the person is told so, and not offered a new seat;
      // a page older than the server is told to reload, and keeps its seat for when it has
      if (error instanceof Error && (error.message === 'kicked' || error.message === 'protocol-version')) {
        replaceChildren(root, topBar({ title: info.title }), h('main', { class: 'page' }, h('section', { class: 'card' }, h('p', { class: 'error-text' }, errorText(error)))));
        return;
      }
      forgetSeat(info.id);
    }
  }
  const draw = () => {
    setPageTitle(tr('join.title', { title: info.title }));
    replaceChildren(root, topBar({ title: info.title, focus: info.focus }), h('main', { class: 'page' }, joinForm(root, info)));
  };
  draw();
  const stop = onLanguageChange(draw);
  root.addEventListener('joined', stop, { once: true });
}

function joinForm(root: HTMLElement, info: WorkshopInfo): HTMLElement {
  const remembered = readRemembered(info.id);
  const name = h('input', { id: 'join-name', name: 'name', required: true, maxlength: String(NAME_MAX), autocomplete: 'given-name', placeholder: tr('join.name.placeholder'), value: remembered?.name ?? '' });
  const message = h('p', { class: 'error-text', role: 'alert' });
  const choices = h(
    'fieldset',
    { class: 'party-choice' },
    h('legend', {}, tr('join.party')),
    info.parties.map((party) =>
      h('label', {}, h('input', { type: 'radio', name: 'party', value: party.id, required: true, checked: remembered?.partyId === party.id }), partyChip(party), h('span', {}, party.name)),
    ),
  );
  if (!info.open) message.textContent = tr('start.join.closed');
  const submit = h('button', { class: 'primary', type: 'submit', id: 'join-submit' }, tr('join.submit'));
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, tr('join.title', { title: info.title })),
    info.focus ? h('p', { class: 'muted' }, info.focus) : null,
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const partyId = (choices.querySelector('input:checked') as HTMLInputElement | null)?.value;
          if (!partyId || !name.value.trim()) return;
          submit.disabled = true;
          message.textContent = '';
          try {
            const connection = await WorkshopConnection.join({ role: 'participant', workshopId: info.id, code: info.code, name: name.value.trim(), partyId, language: language() });
            remember(info.id, name.value.trim(), partyId);
            root.dispatchEvent(new Event('joined'));
            boardScreen(root, connection);
          } catch (error) {
            message.textContent = tr('join.failed', { reason: errorText(error) });
            submit.disabled = false;
          }
        },
      },
      h('label', { for: 'join-name' }, tr('join.name')),
      name,
      choices,
      message,
      submit,
    ),
  );
}

function readRemembered(workshopId: string): { name: string; partyId: string } | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(REMEMBER) ?? 'null');
    return saved && saved.workshopId === workshopId ? saved : undefined;
  } catch {
    return undefined;
  }
}

function remember(workshopId: string, name: string, partyId: string): void {
  try {
    localStorage.setItem(REMEMBER, JSON.stringify({ workshopId, name, partyId }));
  } catch {
    // private mode: nothing to remember
  }
}
