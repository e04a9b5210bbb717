/** Pieces shared by every screen: the top bar, the language switch, party chips, presence. */
import { h, replaceChildren } from '../dom.ts';
import { LANGUAGES, language, onLanguageChange, setLanguage, tr, type Language } from '../i18n.ts';
import { initialsOf, textColorOn } from '../../shared/palette.ts';
import type { Party, WorkshopState } from '../../shared/types.ts';
import type { ConnectionStatus } from '../net/WorkshopConnection.ts';

/** Buttons to switch the interface language; `onChange` also tells the server. */
export function languageSwitch(onChange?: (lang: Language) => void): HTMLElement {
  const el = h('div', { class: 'lang-switch', role: 'group', 'aria-label': tr('lang.switch') });
  const draw = () =>
    replaceChildren(
      el,
      LANGUAGES.map((lang) =>
        h('button', { type: 'button', lang, title: tr(`lang.${lang}`), 'aria-pressed': String(lang === language()), onclick: () => { setLanguage(lang); onChange?.(lang); } }, lang.toUpperCase()),
      ),
    );
  draw();
  onLanguageChange(draw);
  return el;
}

/** A party's colour chip with its short name (never colour alone). */
export function partyChip(party: Pick<Party, 'color' | 'shortName' | 'name'>): HTMLElement {
  return h('span', { class: 'chip', style: `background:${party.color};color:${textColorOn(party.color)}`, title: party.name }, party.shortName);
}

/** The top bar: brand, workshop title and focus, connection status, language switch; its words follow the language. */
export function topBar(opts: { title?: string; focus?: string; status?: ConnectionStatus; onLanguage?: (lang: Language) => void }): HTMLElement {
  const bar = h('header', { class: 'topbar' });
  const brand = h('span', { class: 'brand' });
  const title = h('div', { class: 'title' });
  // shown here, said by the page's one live region (client/a11y/announcer.ts)
  const status = h('span', { class: 'status' });
  let last = opts;
  const draw = (o: typeof opts) => {
    last = o;
    brand.textContent = tr('app.name');
    replaceChildren(title, o.title ? h('strong', {}, o.title) : null, o.focus ? h('span', { class: 'focus' }, o.focus) : null);
    status.dataset.status = o.status ?? '';
    status.textContent =
      o.status === 'reconnecting' ? tr('board.reconnecting') : o.status === 'closed' ? tr('board.disconnected') : o.status === 'connecting' ? tr('board.connecting') : '';
    status.hidden = !status.textContent;
  };
  bar.append(brand, title, status, languageSwitch(opts.onLanguage));
  draw(opts);
  onLanguageChange(() => draw(last));
  (bar as HTMLElement & { update: typeof draw }).update = draw;
  return bar;
}

/** Update a bar made by topBar. */
export function updateTopBar(bar: HTMLElement, opts: Parameters<typeof topBar>[0]): void {
  (bar as HTMLElement & { update: (o: typeof opts) => void }).update(opts);
}

/** Who has joined, per party, with away people marked. */
export function presenceList(state: WorkshopState): HTMLElement {
  return h(
    'div',
    { class: 'presence' },
    state.parties.map((party) => {
      const members = state.members.filter((m) => m.role === 'participant' && m.partyId === party.id);
      return h(
        'div',
        { class: 'presence-party', dataset: { party: party.id } },
        partyChip(party),
        h('span', { class: 'party-name' }, party.name),
        members.length === 0
          ? h('span', { class: 'muted' }, `– ${tr('board.nobody')}`)
          : h(
              'span',
              { class: 'names' },
              members.map((m) =>
                h(
                  'span',
                  { class: `avatar-row${m.connected ? '' : ' away'}`, dataset: { member: m.id, connected: String(m.connected) } },
                  h('span', { class: 'avatar', style: `border-color:${party.color}`, 'aria-hidden': 'true' }, initialsOf(m.name).slice(0, 2)),
                  m.connected ? m.name : `${m.name} (${tr('board.away')})`,
                ),
              ),
            ),
      );
    }),
  );
}

/**
 * This device's seat moved to another device ("Continue on another device"): say so in place of the
 * board, and offer to take the seat back here — coming back with the seat token this browser keeps
 * moves the seat again, and the other device is told the same.
 */
export function seatMovedNotice(root: HTMLElement, title: string): void {
  const heading = h('h2', {});
  const text = h('p', {});
  const takeBack = h('button', { type: 'button', class: 'primary', id: 'take-seat-back', onclick: () => location.reload() });
  const draw = () => {
    heading.textContent = tr('board.seatMoved.title');
    text.textContent = tr('board.seatMoved.text');
    takeBack.textContent = tr('board.seatMoved.takeBack');
  };
  draw();
  onLanguageChange(draw);
  replaceChildren(root, topBar({ title }), h('main', { class: 'page' }, h('section', { class: 'card seat-moved', id: 'seat-moved', role: 'alert' }, heading, text, h('p', {}, takeBack))));
}

/**
 * The handle of the side panel when it is a bottom drawer (phones and other portrait screens):
 * the drawer shows the tray and the essentials, the handle opens the rest over the lower board.
 */
export function drawerHandle(side: HTMLElement): HTMLButtonElement {
  const handle = h('button', { type: 'button', class: 'drawer-handle', 'aria-expanded': 'false' });
  const draw = () => {
    const open = side.classList.contains('drawer-open');
    handle.setAttribute('aria-expanded', String(open));
    handle.textContent = `${open ? '▾' : '▴'} ${tr(open ? 'board.drawer.close' : 'board.drawer.open')}`;
  };
  handle.addEventListener('click', () => {
    side.classList.toggle('drawer-open');
    draw();
  });
  draw();
  onLanguageChange(draw);
  return handle;
}
