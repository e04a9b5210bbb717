/** Entry point: pick the screen from the address. */
import './style.css';
import './a11y/setup.ts';
import { h, replaceChildren } from './dom.ts';
import { tr } from './i18n.ts';
import { startScreen } from './screens/startScreen.ts';
import { joinScreen } from './screens/joinScreen.ts';
import { sharedScreen } from './screens/sharedScreen.ts';
import { boardScreen } from './screens/boardScreen.ts';
import { topBar } from './screens/common.ts';
import { errorText } from './screens/errors.ts';
import { WorkshopConnection } from './net/WorkshopConnection.ts';
import { language } from './i18n.ts';
import { rememberWorkshop } from './myWorkshops.ts';
import { fragmentValue, routeOf } from '../shared/links.ts';

const root = document.getElementById('app')!;
document.documentElement.lang = language();

async function facilitator(workshopId: string): Promise<void> {
  const key = fragmentValue(location.hash, 'key') ?? '';
  try {
    const connection = await WorkshopConnection.join({ role: 'facilitator', workshopId, key, language: language() });
    rememberWorkshop({ id: workshopId, key, title: connection.state.title, code: connection.state.code });
    boardScreen(root, connection, { facilitatorKey: key });
  } catch (error) {
    replaceChildren(root, topBar({}), h('main', { class: 'page' }, h('section', { class: 'card' }, h('p', { class: 'error-text' }, errorText(error)), h('a', { href: '/' }, tr('start.create.title')))));
  }
}

const route = routeOf(location.pathname);
if (route.page === 'join') void joinScreen(root, route.code);
else if (route.page === 'screen') void sharedScreen(root, route.code);
else if (route.page === 'facilitator') void facilitator(route.workshopId);
else startScreen(root);
