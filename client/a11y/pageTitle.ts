/** The page's title per screen and phase ("Egen værdi — Lektiecafé — Værdispillet"), so a tab, a window list and a screen reader say where one is. */
import { tr } from '../i18n.ts';

/** Set the document's title to `parts` (the most specific first) followed by the product's name. */
export function setPageTitle(...parts: (string | undefined)[]): void {
  const title = [...parts.filter((p): p is string => !!p && p.trim() !== ''), tr('app.name')].join(' — ');
  if (document.title !== title) document.title = title;
}
