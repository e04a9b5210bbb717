/**
 * A small popup of choices — "Place “Residents” in …", "Move “Residents” to …" — opened from a
 * button, for the keyboard, a screen reader, a mouse click and a finger alike (WCAG 2.5.7: no
 * function needs a drag). It lives in the top layer (a manual popover), so no sticky bar, toast
 * or drawer covers it; the focus goes to its first choice, Tab and the arrow keys stay inside, and
 * Escape, Cancel or a press outside close it and give the focus back to its opener.
 */
import { tr } from '../i18n.ts';
import { focusables } from './focus.ts';

/** One choice of a menu. */
export interface MenuChoice {
  label: string;
  /** Called when the choice gets the focus or the pointer (e.g. to outline its area on the board). */
  onFocus?(): void;
  /** What choosing it does; the menu is closed first. */
  onChoose(): void;
  /** Stable hook for tests and styles. */
  id?: string;
}

/** What a menu is opened with. */
export interface MenuOptions {
  title: string;
  choices: MenuChoice[];
  /** Shown when there is nothing to choose. */
  emptyText: string;
  /** A line under the title (e.g. "Or tap an area on the board"). */
  note?: string;
  /** The button that opened it: the focus goes back there. */
  opener: HTMLElement;
  /** A press on this target does not close the menu (the board, for tap-to-place). */
  keepOpenOn?(target: Element): boolean;
  /** Called once when the menu closes, however. */
  onClose?(): void;
}

/** An open menu. */
export interface OpenMenu {
  element: HTMLElement;
  /** Close it; the focus goes back to the opener unless `keepFocus`. */
  close(keepFocus?: boolean): void;
}

let current: OpenMenu | undefined;
let counter = 0;

/** The menu open now, if any. */
export function openMenu(): OpenMenu | undefined {
  return current;
}

/** Open a menu of choices next to its opener (closing any other first). */
export function showMenu(options: MenuOptions): OpenMenu {
  current?.close(true);
  const titleId = `choice-menu-title-${++counter}`;
  const element = document.createElement('div');
  element.className = 'choice-menu';
  element.setAttribute('role', 'dialog');
  element.setAttribute('aria-labelledby', titleId);
  element.setAttribute('popover', 'manual');
  const title = document.createElement('h2');
  title.id = titleId;
  title.textContent = options.title;
  element.append(title);
  if (options.note && options.choices.length) {
    const note = document.createElement('p');
    note.className = 'choice-note';
    note.textContent = options.note;
    element.append(note);
  }
  const list = document.createElement('ul');
  list.className = 'choice-list';
  if (!options.choices.length) {
    const empty = document.createElement('p');
    empty.className = 'choice-empty';
    empty.textContent = options.emptyText;
    element.append(empty);
  }
  let closed = false;
  const close = (keepFocus = false) => {
    if (closed) return;
    closed = true;
    if (current === menu) current = undefined;
    document.removeEventListener('pointerdown', outside, true);
    const hadFocus = element.contains(document.activeElement) || document.activeElement === document.body;
    element.remove();
    options.onClose?.();
    if (!keepFocus && hadFocus && options.opener.isConnected) options.opener.focus();
  };
  for (const choice of options.choices) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = choice.label;
    if (choice.id) button.dataset.choice = choice.id;
    button.addEventListener('focus', () => choice.onFocus?.());
    button.addEventListener('pointerenter', () => choice.onFocus?.());
    button.addEventListener('click', () => {
      close();
      choice.onChoose();
    });
    item.append(button);
    list.append(item);
  }
  if (options.choices.length) element.append(list);
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'choice-cancel';
  cancel.textContent = tr('place.cancel');
  cancel.addEventListener('click', () => close());
  element.append(cancel);

  element.addEventListener('keydown', (event) => {
    const items = focusables(element);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const step = (by: number) => {
      event.preventDefault();
      items[(at + by + items.length) % items.length]?.focus();
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'ArrowDown') step(1);
    else if (event.key === 'ArrowUp') step(-1);
    else if (event.key === 'Home') step(-at);
    else if (event.key === 'End') step(items.length - 1 - at);
    else if (event.key === 'Tab') step(event.shiftKey ? -1 : 1);
  });
  const outside = (event: PointerEvent) => {
    const target = event.target as Element | null;
    if (!target || element.contains(target) || options.opener.contains(target) || options.keepOpenOn?.(target)) return;
    close(true);
  };
  document.addEventListener('pointerdown', outside, true);

  document.body.append(element);
  element.showPopover?.();
  place(element, options.opener);
  const menu: OpenMenu = { element, close };
  current = menu;
  (element.querySelector<HTMLElement>('.choice-list button') ?? cancel).focus();
  return menu;
}

/** Put the menu beside its opener, inside the window (a narrow window shows it as a sheet at the bottom, by CSS). */
function place(element: HTMLElement, opener: HTMLElement): void {
  if (matchMedia('(max-width: 600px)').matches) return;
  const rect = opener.getBoundingClientRect();
  const width = element.offsetWidth;
  const height = element.offsetHeight;
  const left = Math.max(8, Math.min(rect.left, innerWidth - width - 8));
  const below = rect.bottom + 4;
  const top = below + height <= innerHeight - 8 ? below : Math.max(8, rect.top - height - 4);
  element.style.left = `${left}px`;
  element.style.top = `${top}px`;
}
