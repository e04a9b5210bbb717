/**
 * The page's one polite live region: everything a screen reader should hear without moving the
 * focus (phase changes, the reveal, the vote, the timer's last minute, what other parties did,
 * and the result of one's own action) is said here, once, in the person's language. Nothing that
 * ticks (the timer) ever lives in it.
 */

/** How long a message stays in the region (long enough to be read, short enough not to pile up). */
const KEEP_MS = 8_000;
/** The same words again within this window are said once (a toast and a state change may both report a phase). */
const REPEAT_WINDOW_MS = 3_000;

let region: HTMLElement | undefined;
const lastSaid = new Map<string, number>();

/** The live region, created on first use (an empty region exists before anything is said into it). */
export function announcerRegion(): HTMLElement {
  if (region?.isConnected) return region;
  region = document.createElement('div');
  region.id = 'announcer';
  region.className = 'visually-hidden';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'false');
  document.body.append(region);
  return region;
}

/** Say `text` politely (empty text and a repeat within a few seconds are dropped). */
export function announce(text: string): void {
  const words = text.trim();
  if (!words) return;
  const now = Date.now();
  const before = lastSaid.get(words);
  if (before !== undefined && now - before < REPEAT_WINDOW_MS) return;
  lastSaid.set(words, now);
  for (const [said, at] of lastSaid) if (now - at > REPEAT_WINDOW_MS) lastSaid.delete(said);
  const host = announcerRegion();
  // a new node in an existing region is what screen readers reliably pick up; a tick later lets a region made just now settle first
  setTimeout(() => {
    const line = document.createElement('p');
    line.textContent = words;
    host.append(line);
    setTimeout(() => line.remove(), KEEP_MS);
  }, 50);
}

/** What the region holds now, oldest first (for tests and debugging). */
export function announced(): string[] {
  return [...announcerRegion().children].map((line) => line.textContent ?? '');
}
