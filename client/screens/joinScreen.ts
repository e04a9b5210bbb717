/**
 * /j/CODE: a participant gives a name and picks a party, then lands on the board. The form is built
 * once and translated in place, so switching language never loses what was typed.
 */
import { h, replaceChildren, setAttr, setText } from '../dom.ts';
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
  // built once and translated in place: a language switch keeps the name typed and the party picked
  const form = joinForm(root, info);
  const bar = topBar({ title: info.title, focus: info.focus });
  const update = () => {
    setPageTitle(tr('join.title', { title: info.title }));
    form.update();
  };
  update();
  replaceChildren(root, bar, h('main', { class: 'page' }, form.element));
  const stop = onLanguageChange(update);
  root.addEventListener('joined', stop, { once: true });
}

function joinForm(root: HTMLElement, info: WorkshopInfo): { element: HTMLElement; update(): void } {
  const remembered = readRemembered(info.id);
  const heading = h('h2');
  const nameLabel = h('label', { for: 'join-name' });
  const name = h('input', { id: 'join-name', name: 'name', required: true, maxlength: String(NAME_MAX), autocomplete: 'given-name', value: remembered?.name ?? '' });
  const message = h('p', { class: 'error-text', role: 'alert' });
  const legend = h('legend');
  const choices = h(
    'fieldset',
    { class: 'party-choice' },
    legend,
    info.parties.map((party) =>
      h('label', {}, h('input', { type: 'radio', name: 'party', value: party.id, required: true, checked: remembered?.partyId === party.id }), partyChip(party), h('span', {}, party.name)),
    ),
  );
  const submit = h('button', { class: 'primary', type: 'submit', id: 'join-submit' });
  /** What the message line says, kept so that it can be said again in another language. */
  let said: (() => string) | undefined = info.open ? undefined : () => tr('start.join.closed');
  const say = (words: (() => string) | undefined) => {
    said = words;
    message.textContent = words ? words() : '';
  };
  const element = h(
    'section',
    { class: 'card' },
    heading,
    info.focus ? h('p', { class: 'muted' }, info.focus) : null,
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const partyId = (choices.querySelector('input:checked') as HTMLInputElement | null)?.value;
          if (!partyId || !name.value.trim()) return;
          submit.disabled = true;
          say(undefined);
          try {
            const connection = await WorkshopConnection.join({ role: 'participant', workshopId: info.id, code: info.code, name: name.value.trim(), partyId, language: language() });
            remember(info.id, name.value.trim(), partyId);
            root.dispatchEvent(new Event('joined'));
            boardScreen(root, connection);
          } catch (error) {
            say(() => tr('join.failed', { reason: errorText(error) }));
            submit.disabled = false;
          }
        },
      },
      nameLabel,
      name,
      choices,
      message,
      submit,
    ),
  );
  return {
    element,
    update() {
      setText(heading, tr('join.title', { title: info.title }));
      setText(nameLabel, tr('join.name'));
      setAttr(name, 'placeholder', tr('join.name.placeholder'));
      setText(legend, tr('join.party'));
      setText(submit, tr('join.submit'));
      message.textContent = said ? said() : '';
    },
  };
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
