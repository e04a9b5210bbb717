/** A tiny helper for building DOM: h('button', { class: 'x', onclick }, 'text'). */
type Child = Node | string | number | false | null | undefined;
type Props = Record<string, unknown>;
/** Children may be nested arrays, as produced by map(). */
type Children = Child | Children[];

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
    host = h('div', { id: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(host);
  }
  // the same message already showing is kept (its time restarts) rather than stacked again
  const same = [...host.children].find((c) => c.textContent === message) as (HTMLElement & { timer?: ReturnType<typeof setTimeout> }) | undefined;
  const item = same ?? (h('div', { class: `toast toast-${kind}` }, message) as HTMLElement & { timer?: ReturnType<typeof setTimeout> });
  if (!same) host.append(item);
  clearTimeout(item.timer);
  item.timer = setTimeout(() => item.remove(), kind === 'error' ? 5000 : 2500);
}
