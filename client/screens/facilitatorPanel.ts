/** The facilitator's panel: the join links and the setup of title, focus and parties. */
import { h, replaceChildren, toast } from '../dom.ts';
import { tr } from '../i18n.ts';
import type { WorkshopState } from '../../shared/types.ts';
import type { WorkshopConnection, ActionAnswer } from '../net/WorkshopConnection.ts';

/** Links handed out for a workshop, built on PUBLIC_URL when the server has one. */
export function participantLinks(connection: WorkshopConnection) {
  const base = connection.me.baseUrl || location.origin;
  return { participantUrl: `${base}/j/${connection.state.code}`, screenUrl: `${base}/screen/${connection.state.code}` };
}

/** Build the panel; `refresh` redraws it from a new state unless the facilitator is typing in it. */
export function facilitatorPanel(connection: WorkshopConnection) {
  const element = h('section', { class: 'facilitator-panel', 'aria-label': tr('facilitator.panel') });
  const report = (answer: ActionAnswer) => (answer.ok ? toast(tr('facilitator.saved')) : toast(answer.message, 'error'));
  const draw = (state: WorkshopState) => {
    const links = participantLinks(connection);
    const title = h('input', { id: 'fac-title', value: state.title, maxlength: '120' });
    const focus = h('input', { id: 'fac-focus', value: state.focus, maxlength: '300' });
    const collaboration = h('input', { id: 'fac-collaboration', value: state.collaboration, maxlength: '80' });
    const parties = state.parties.map((party) => {
      const name = h('input', { value: party.name, maxlength: '60', 'aria-label': tr('setup.party.name') });
      const shortName = h('input', { value: party.shortName, maxlength: '6', 'aria-label': tr('setup.party.shortName') });
      const color = h('input', { type: 'color', value: party.color, 'aria-label': tr('setup.party.color') });
      return { party, name, shortName, color, row: h('div', { class: 'setup-party' }, name, shortName, color) };
    });
    replaceChildren(
      element,
      h('h2', {}, tr('facilitator.panel')),
      h(
        'details',
        { class: 'panel-section', open: true },
        h('summary', {}, tr('facilitator.links')),
        h('p', {}, tr('screen.code'), ': ', h('strong', { class: 'code', id: 'fac-code' }, state.code)),
        h('p', {}, h('a', { href: links.participantUrl, target: '_blank', rel: 'noopener' }, tr('setup.created.participant'))),
        h('p', {}, h('a', { href: links.screenUrl, target: '_blank', rel: 'noopener', id: 'fac-screen-link' }, tr('setup.created.screen'))),
      ),
      h(
        'details',
        { class: 'panel-section' },
        h('summary', {}, tr('facilitator.setup')),
        h('label', { for: 'fac-title' }, tr('setup.title')),
        title,
        h('label', { for: 'fac-focus' }, tr('setup.focus')),
        focus,
        h('label', { for: 'fac-collaboration' }, tr('setup.collaboration')),
        collaboration,
        h('label', {}, tr('setup.parties')),
        parties.map((p) => p.row),
        h(
          'p',
          {},
          h('button', {
            class: 'primary',
            type: 'button',
            onclick: async () => {
              const answers = [await connection.act('update-workshop', { title: title.value, focus: focus.value, collaboration: collaboration.value })];
              for (const p of parties) {
                const changed = p.name.value !== p.party.name || p.shortName.value !== p.party.shortName || p.color.value !== p.party.color;
                if (changed) answers.push(await connection.act('update-party', { partyId: p.party.id, name: p.name.value, shortName: p.shortName.value, color: p.color.value }));
              }
              report(answers.find((a) => !a.ok) ?? answers[0]!);
            },
          }, tr('facilitator.save')),
        ),
      ),
    );
  };
  draw(connection.state);
  return {
    element,
    refresh(state: WorkshopState) {
      if (element.contains(document.activeElement) && document.activeElement?.tagName === 'INPUT') return;
      const open = [...element.querySelectorAll('details')].map((d) => d.open);
      draw(state);
      element.querySelectorAll('details').forEach((d, i) => (d.open = open[i] ?? d.open));
    },
  };
}
