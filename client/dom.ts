/** A tiny helper for building DOM: h('button', { class: 'x', onclick }, 'text'). */
import { announce } from './a11y/announcer.ts';
type Child = Node | string | number | false | null | undefined;
type Props = Record<string, unknown>;
/** Children may be nested arrays, as produced by map(). */
export type Children = Child | Children[];

/** Create an element with attributes, properties (on*, value, checked) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Children[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'value' || key === 'checked' || key === 'disabled') (el as unknown as Record<string, unknown>)[key] = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of (children as unknown[]).flat(Infinity) as Child[]) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
  return el;
}

/** Replace all children of `el`. */
export function replaceChildren(el: Element, ...children: Children[]): void {
  el.replaceChildren(...((children as unknown[]).flat(Infinity) as Child[]).filter((c): c is Node | string => c !== null && c !== undefined && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)));
}

/** Show a short message at the bottom of the screen (errors from the server, confirmations). */
export function toast(message: string, kind: 'error' | 'info' = 'info'): void {
  let host = document.getElementById('toasts');
  if (!host) {
    // shown here, said by the page's one live region
    host = h('div', { id: 'toasts' });
    document.body.append(host);
  }
  // the same message already showing is kept (its time restarts) rather than stacked again
  announce(message);
  const same = [...host.children].find((c) => c.textContent === message) as (HTMLElement & { timer?: ReturnType<typeof setTimeout> }) | undefined;
  const item = same ?? (h('div', { class: `toast toast-${kind}` }, message) as HTMLElement & { timer?: ReturnType<typeof setTimeout> });
  if (!same) host.append(item);
  clearTimeout(item.timer);
  item.timer = setTimeout(() => item.remove(), kind === 'error' ? 5000 : 2500);
}

/** Set `node`'s text, touching the DOM only when it changes (so nothing is re-announced or re-laid out for nothing). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Set or remove an attribute, touching the DOM only when it changes. */
export function setAttr(el: Element, name: string, value: string | boolean): void {
  if (value === false) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
    return;
  }
  const text = value === true ? '' : value;
  if (el.getAttribute(name) !== text) el.setAttribute(name, text);
}

const keys = new WeakMap<Element, string>();

/**
 * Make `parent`'s children one element per item, in order: elements are kept by key and updated
 * in place, new ones created, gone ones removed. An element already in its place is never moved,
 * so a focused button or field in the list keeps its focus.
 */
export function syncChildren<T, E extends HTMLElement>(parent: Element, items: readonly T[], keyOf: (item: T) => string, create: (item: T) => E, update: (el: E, item: T) => void): void {
  const existing = new Map<string, E>();
  for (const child of [...parent.children]) {
    const key = keys.get(child);
    if (key === undefined || existing.has(key)) child.remove();
    else existing.set(key, child as E);
  }
  const wanted = new Set(items.map(keyOf));
  for (const [key, el] of existing) if (!wanted.has(key)) el.remove();
  let at: Element | null = parent.firstElementChild;
  for (const item of items) {
    const key = keyOf(item);
    let el = existing.get(key);
    if (!el) {
      el = create(item);
      keys.set(el, key);
      existing.set(key, el);
    }
    update(el, item);
    if (el === at) at = at.nextElementSibling;
    else parent.insertBefore(el, at);
  }
}

const lastFromServer = new WeakMap<Element, string>();

/**
 * Show the server's `value` in a field without overwriting what someone is typing there: the
 * field follows the server only when the server's value changed since it was last shown and the
 * field does not have the focus (a draft typed earlier and left unsaved stays, too).
 */
export function syncField(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  if (lastFromServer.get(field) === value) return;
  if (document.activeElement === field) return;
  lastFromServer.set(field, value);
  field.value = value;
}

const contentKeys = new WeakMap<Element, string>();

/** Rebuild `el`'s read-only content (nothing in it takes the focus) only when `key` differs from the last time. */
export function showKeyed(el: Element, key: string, render: () => Children): void {
  if (contentKeys.get(el) === key) return;
  contentKeys.set(el, key);
  replaceChildren(el, render());
}
