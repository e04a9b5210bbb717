/**
 * Keeping the keyboard focus where a person expects it: on a new screen's heading, on (or next
 * to) whatever was acted on, and never on the page's body because the element that had it was
 * removed. The guard is the safety net under every panel; parts that know better move the focus
 * themselves first.
 */

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** The elements inside `root` that Tab reaches, in document order (hidden ones left out). */
export function focusables(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden], [inert]') && el.getClientRects().length > 0);
}

/** Focus `el` (made focusable by script if it is not), without scrolling the page when it is already in view. */
export function focusElement(el: HTMLElement | null | undefined): boolean {
  if (!el || !el.isConnected) return false;
  if (!el.matches(FOCUSABLE) && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
  return document.activeElement === el;
}

/** Move the focus to a new screen's heading (an h1 or h2 in `root`), so a screen reader starts reading there. */
export function focusHeading(root: ParentNode): void {
  focusElement(root.querySelector<HTMLElement>('h1, h2'));
}

/** True when nothing on the page has the focus (it fell to the body). */
export function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active === document.documentElement;
}

let guarding = false;

/**
 * Watch for the focused element being removed from the page: the focus then goes to the nearest
 * remaining place — the first focusable element of the nearest ancestor still on the page, or that
 * ancestor itself — instead of falling to the body. Installed once per page.
 */
export function guardFocus(): void {
  if (guarding) return;
  guarding = true;
  /** The focused element and its ancestors, innermost first, as they were when it got the focus. */
  let chain: HTMLElement[] = [];
  document.addEventListener('focusin', (event) => {
    const chainOf: HTMLElement[] = [];
    for (let el = event.target instanceof HTMLElement ? event.target : null; el && el !== document.body; el = el.parentElement) chainOf.push(el);
    chain = chainOf;
  });
  new MutationObserver((records) => {
    const lost = chain[0];
    if (!lost || lost.isConnected || !focusLost()) return;
    // a dialog closing hands the focus back itself; an open modal dialog keeps it inside
    if (document.querySelector('dialog[open]')) return;
    // next to what was removed first: the sibling that took its place, or the one before it
    for (const record of records) {
      if (![...record.removedNodes].some((node) => node === lost || node.contains(lost))) continue;
      for (const sibling of [record.nextSibling, record.previousSibling]) {
        if (sibling instanceof HTMLElement && sibling.isConnected && !sibling.closest('[hidden]') && (focusElement(focusables(sibling)[0]) || focusElement(sibling))) return;
      }
    }
    for (const ancestor of chain.slice(1)) {
      if (!ancestor.isConnected || ancestor.closest('[hidden]')) continue;
      if (focusElement(focusables(ancestor)[0]) || focusElement(ancestor)) return;
    }
  }).observe(document.body, { childList: true, subtree: true });
}
