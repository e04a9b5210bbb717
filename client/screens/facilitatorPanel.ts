/** The facilitator's panel: the join links and the setup of title, focus and parties. */
import { h, replaceChildren, toast } from '../dom.ts';
import { tr, language, type MessageKey } from '../i18n.ts';
import { localized } from '../../shared/deck.ts';
import { phaseOrder, timerLeft, clock } from './workshopViews.ts';
import { partyChip } from './common.ts';
import type { Phase } from '../../shared/types.ts';
import { download, facilitatorFetch, myWorkshops, rememberWorkshop } from '../myWorkshops.ts';
import { parseWorkshopFile, stateFromWorkshopFile } from '../../shared/workshopFile.ts';
import { comparisonView } from './workshopViews.ts';

/** Suggested minutes per phase for a 90-minute workshop. */
const SUGGESTED_MINUTES: Record<Phase, number> = { lobby: 10, 'own-value': 15, 'partner-view': 15, reveal: 10, dialogue: 25, agreement: 15, open: 0 };
import type { WorkshopState } from '../../shared/types.ts';
import type { WorkshopConnection, ActionAnswer } from '../net/WorkshopConnection.ts';

/** Links handed out for a workshop, built on PUBLIC_URL when the server has one. */
export function participantLinks(connection: WorkshopConnection) {
  const base = connection.me.baseUrl || location.origin;
  return { participantUrl: `${base}/j/${connection.state.code}`, screenUrl: `${base}/screen/${connection.state.code}` };
}

/** Build the panel; `refresh` redraws it from a new state unless the facilitator is typing in it. */
export function facilitatorPanel(connection: WorkshopConnection, initialKey: string) {
  let key = initialKey;
  const me = () => ({ id: connection.state.id, key });
  const element = h('section', { class: 'facilitator-panel', 'aria-label': tr('facilitator.panel') });
  const report = (answer: ActionAnswer) => (answer.ok ? toast(tr('facilitator.saved')) : toast(answer.message, 'error'));
  const act = async (...args: Parameters<WorkshopConnection['act']>) => {
    const answer = await connection.act(...args);
    if (!answer.ok) toast(answer.message, 'error');
    return answer;
  };
  const draw = (state: WorkshopState) => {
    const links = participantLinks(connection);
    const order = phaseOrder(state);
    const at = order.indexOf(state.phase);
    const phaseSection = h(
      'details',
      { class: 'panel-section', open: true },
      h('summary', {}, tr(`phase.${state.phase}` as MessageKey)),
      h(
        'div',
        { class: 'phase-steps', role: 'group' },
        order.map((phase, i) =>
          h('button', { type: 'button', class: phase === state.phase ? 'primary' : '', 'aria-pressed': String(phase === state.phase), dataset: { phase }, onclick: () => act('set-phase', { phase }) }, `${i + 1}. ${tr(`phase.${phase}` as MessageKey)}`),
        ),
      ),
      h(
        'p',
        { class: 'row' },
        h('button', { type: 'button', id: 'phase-prev', disabled: at <= 0, onclick: () => act('set-phase', { phase: order[at - 1]! }) }, `← ${tr('phase.previous')}`),
        h('button', { type: 'button', class: 'primary', id: 'phase-next', disabled: at < 0 || at >= order.length - 1, onclick: () => act('set-phase', { phase: order[Math.max(0, at + 1)]! }) }, `${tr('phase.next')} →`),
      ),
      h('p', {}, h('button', { type: 'button', dataset: { phase: 'open' }, 'aria-pressed': String(state.phase === 'open'), class: state.phase === 'open' ? 'primary' : '', onclick: () => act('set-phase', { phase: 'open' }) }, tr('phase.open'))),
      h('p', { class: 'guide' }, h('strong', {}, SUGGESTED_MINUTES[state.phase] ? `${tr('guide.title')} (${tr('guide.minutes', { minutes: SUGGESTED_MINUTES[state.phase] })}): ` : `${tr('guide.title')}: `), tr(`guide.${state.phase}` as MessageKey)),
    );
    const minutes = h('input', { type: 'number', id: 'timer-minutes', min: '1', max: '240', value: String(Math.round((state.timer.durationMs || 600_000) / 60_000)), 'aria-label': tr('timer.minutes') });
    const timerSection = h(
      'details',
      { class: 'panel-section' },
      h('summary', {}, `${tr('timer.title')} ${state.timer.durationMs ? clock(timerLeft(state, connection.serverNow())) : ''}`),
      h(
        'p',
        { class: 'row' },
        h('label', { class: 'inline' }, tr('timer.minutes'), minutes),
        h('button', { type: 'button', id: 'timer-reset', onclick: () => act('timer', { op: 'reset', seconds: Math.max(10, Math.round(Number(minutes.value) * 60)) }) }, tr('timer.reset')),
        state.timer.running
          ? h('button', { type: 'button', id: 'timer-pause', onclick: () => act('timer', { op: 'pause' }) }, tr('timer.pause'))
          : h('button', { type: 'button', class: 'primary', id: 'timer-start', onclick: async () => {
              if (!state.timer.durationMs) await act('timer', { op: 'reset', seconds: Math.max(10, Math.round(Number(minutes.value) * 60)) });
              await act('timer', { op: 'start' });
            } }, tr('timer.start')),
      ),
    );
    const dots = h('input', { type: 'number', id: 'voting-dots', min: '1', max: '10', value: String(state.voting.dots), 'aria-label': tr('voting.dots') });
    const votingSection = h(
      'details',
      { class: 'panel-section', open: state.phase === 'dialogue' },
      h('summary', {}, tr('vote.title')),
      h('label', { class: 'inline' }, tr('voting.dots'), dots),
      h(
        'p',
        { class: 'row' },
        h('button', { type: 'button', id: 'voting-toggle', class: state.voting.open ? '' : 'primary', onclick: () => act('voting', { open: !state.voting.open, dots: Math.min(10, Math.max(1, Number(dots.value) || 3)) }) }, state.voting.open ? tr('voting.close') : tr('voting.open')),
        h('button', { type: 'button', id: 'voting-show', onclick: () => act('voting', { shown: !state.voting.shown }) }, state.voting.shown ? tr('voting.hide') : tr('voting.show')),
      ),
    );
    const boardSection = h(
      'details',
      { class: 'panel-section', open: state.phase === 'reveal' || state.phase === 'dialogue' },
      h('summary', {}, tr('spotlight.title')),
      h(
        'p',
        { class: 'row' },
        h('button', { type: 'button', id: 'lock-toggle', onclick: () => act('lock', { locked: !state.locked }) }, state.locked ? tr('lock.unlock') : tr('lock.lock')),
        h('button', { type: 'button', id: 'spotlight-none', disabled: state.spotlight.kind === 'none', onclick: () => act('spotlight', { kind: 'none', id: '' }) }, tr('spotlight.none')),
      ),
      h('div', { class: 'row' }, state.parties.map((party) => h('button', { type: 'button', dataset: { spotlightParty: party.id }, 'aria-pressed': String(state.spotlight.kind === 'party' && state.spotlight.id === party.id), onclick: () => act('spotlight', { kind: 'party', id: party.id }) }, '★ ', partyChip(party)))),
    );
    const participants = state.members.filter((m) => m.role === 'participant');
    const peopleSection = h(
      'details',
      { class: 'panel-section' },
      h('summary', {}, `${tr('facilitator.participants')} (${participants.filter((m) => m.connected).length}/${state.maxParticipants})`),
      h('p', {}, h('button', { type: 'button', id: 'joins-toggle', onclick: () => act('set-open', { open: !state.open }) }, state.open ? tr('join.closeJoins') : tr('join.openJoins'))),
      h(
        'ul',
        { class: 'people' },
        participants.map((m) => {
          const party = state.parties.find((p) => p.id === m.partyId);
          return h('li', {}, party ? partyChip(party) : null, ' ', h('span', { class: m.connected ? '' : 'away' }, m.name), ' ', h('button', { type: 'button', class: 'danger small', onclick: () => act('kick', { memberId: m.id }) }, tr('kick')));
        }),
      ),
    );
    const agreementSection = h(
      'details',
      { class: 'panel-section', open: state.phase === 'agreement' },
      h('summary', {}, tr('agreement.title')),
      (['sharedValues', 'openQuestions', 'nextSteps'] as const).map((list) => {
        const input = h('input', { maxlength: '300', 'aria-label': tr(`agreement.${list}` as MessageKey), id: `agreement-${list}` });
        const owner = list === 'nextSteps' ? h('select', { 'aria-label': tr('agreement.owner'), id: 'agreement-owner' }, state.parties.map((p) => h('option', { value: p.id }, p.shortName))) : null;
        const items = state.agreement[list] as { id: string; text: string; ownerPartyId?: string }[];
        return h(
          'div',
          { class: 'agreement-list' },
          h('h3', {}, tr(`agreement.${list}` as MessageKey)),
          h('ul', {}, items.map((item) => h('li', {}, item.text, item.ownerPartyId ? [' ', partyChip(state.parties.find((p) => p.id === item.ownerPartyId) ?? { color: '#777777', shortName: '?', name: '' })] : '', ' ', h('button', { type: 'button', class: 'small', 'aria-label': tr('agreement.remove'), onclick: () => act('agreement-remove', { list, itemId: item.id }) }, '✕')))),
          h('form', { class: 'row', onsubmit: async (e: Event) => {
            e.preventDefault();
            if (!input.value.trim()) return;
            const answer = await act('agreement-add', { list, text: input.value, ...(owner ? { ownerPartyId: owner.value } : {}) });
            if (answer.ok) {
              input.value = '';
              // show the new line at once (the redraw waits while the field has focus)
              skipped = false;
              panel.refresh(connection.state);
              document.getElementById(`agreement-${list}`)?.focus();
            }
          } }, input, owner, h('button', { type: 'submit' }, tr('agreement.add'))),
        );
      }),
    );
    const kindLabel = h('input', { id: 'kind-label', maxlength: '40', 'aria-label': tr('kinds.label'), placeholder: tr('kinds.label') });
    const kindDescription = h('input', { id: 'kind-description', maxlength: '160', 'aria-label': tr('kinds.description'), placeholder: tr('kinds.description') });
    const kindCategory = h('select', { id: 'kind-category', 'aria-label': tr('kinds.category') }, state.categories.map((c) => h('option', { value: c.id }, localized(c.label, language()))));
    const kindsSection = h(
      'details',
      { class: 'panel-section' },
      h('summary', {}, tr('kinds.add')),
      h('form', { onsubmit: async (e: Event) => {
        e.preventDefault();
        if (!kindLabel.value.trim()) return;
        const answer = await act('add-kind', { label: kindLabel.value, description: kindDescription.value, category: kindCategory.value });
        if (answer.ok) kindLabel.value = kindDescription.value = '';
      } }, kindLabel, kindDescription, kindCategory, h('button', { type: 'submit' }, tr('agreement.add'))),
    );
    const title = h('input', { id: 'fac-title', value: state.title, maxlength: '120' });
    const focus = h('input', { id: 'fac-focus', value: state.focus, maxlength: '300' });
    const collaboration = h('input', { id: 'fac-collaboration', value: state.collaboration, maxlength: '80' });
    const parties = state.parties.map((party) => {
      const name = h('input', { value: party.name, maxlength: '60', 'aria-label': tr('setup.party.name') });
      const shortName = h('input', { value: party.shortName, maxlength: '6', 'aria-label': tr('setup.party.shortName') });
      const color = h('input', { type: 'color', value: party.color, 'aria-label': tr('setup.party.color') });
      return { party, name, shortName, color, row: h('div', { class: 'setup-party' }, name, shortName, color) };
    });
    const exportSection = h(
      'details',
      { class: 'panel-section', open: state.phase === 'agreement' },
      h('summary', {}, tr('export.title')),
      h(
        'p',
        { class: 'row export-buttons' },
        (['pdf', 'png', 'csv', 'json'] as const).map((format) =>
          h('button', { type: 'button', dataset: { export: format }, onclick: () => download(facilitatorFetch(me(), `/export.${format}`), `vaerdispil.${format}`).catch((e: Error) => toast(e.message, 'error')) }, tr('export.download', { format: format.toUpperCase() })),
        ),
      ),
      compareBlock(state),
    );
    const retention = h('input', { type: 'number', id: 'retention', min: '1', max: '60', value: String(state.retentionMonths) });
    const keysSection = h(
      'details',
      { class: 'panel-section' },
      h('summary', {}, tr('facilitator.keys')),
      h('p', { class: 'row' },
        h('button', { type: 'button', id: 'co-key', onclick: async () => {
          const answer = await act('create-co-key', {});
          if (answer.ok && answer.key) showLink(`${participantLinks(connection).participantUrl.replace(/\/j\/.*$/, '')}/f/${state.id}#key=${answer.key}`);
        } }, tr('facilitator.coLink')),
        h('button', { type: 'button', id: 'rotate-key', class: 'danger', onclick: async () => {
          const answer = await act('rotate-key', {});
          if (answer.ok && answer.key) {
            key = answer.key;
            history.replaceState(null, '', `#key=${answer.key}`);
            rememberWorkshop({ id: state.id, key, title: state.title, code: state.code });
            showLink(location.href);
          }
        } }, tr('facilitator.rotate')),
      ),
      newLink,
      h('label', { class: 'inline' }, tr('retention.label'), retention,
        h('button', { type: 'button', onclick: async () => report(await connection.act('update-workshop', { retentionMonths: Math.min(60, Math.max(1, Math.round(Number(retention.value) || 12))) })) }, tr('facilitator.save'))),
    );
    replaceChildren(
      element,
      h('h2', {}, tr('facilitator.panel')),
      phaseSection,
      timerSection,
      votingSection,
      boardSection,
      peopleSection,
      agreementSection,
      exportSection,
      kindsSection,
      keysSection,
      h(
        'details',
        { class: 'panel-section' },
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
  const newLink = h('p', { class: 'new-link' });
  const showLink = (url: string) =>
    replaceChildren(newLink, h('strong', {}, tr('facilitator.newLink')), h('br', {}), h('code', { id: 'new-facilitator-link' }, url), ' ',
      h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(url).then(() => toast(tr('setup.created.copied'))) }, tr('setup.created.copy')));

  /** Compare with an earlier workshop of this browser's list, or with a JSON file. */
  const comparison = h('div', { class: 'comparison', id: 'comparison' });
  let earlierFile: unknown;
  const compareBlock = (state: WorkshopState) => {
    const others = myWorkshops().filter((w) => w.id !== state.id);
    const pick = h('select', { id: 'compare-pick' }, h('option', { value: '' }, '—'), others.map((w) => h('option', { value: w.id }, `${w.title} (${w.code})`)));
    const file = h('input', { type: 'file', accept: 'application/json,.json', id: 'compare-file' });
    const show = async (json: unknown) => {
      const parsed = parseWorkshopFile(json);
      if (!parsed.ok) return toast(parsed.message, 'error');
      earlierFile = json;
      const earlier = stateFromWorkshopFile(parsed.file);
      replaceChildren(comparison, comparisonView(connection.state, earlier),
        h('button', { type: 'button', id: 'export-pdf-compare', onclick: () => download(facilitatorFetch(me(), '/export.pdf', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ compareWith: earlierFile }) }), 'vaerdispil.pdf').catch((e: Error) => toast(e.message, 'error')) }, tr('export.withCompare')));
    };
    pick.addEventListener('change', async () => {
      const other = others.find((w) => w.id === pick.value);
      if (!other) return;
      const res = await facilitatorFetch(other, '/export.json');
      if (!res.ok) return toast(tr('mine.gone'), 'error');
      await show(await res.json());
    });
    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      if (chosen) await show(await chosen.text());
    });
    return h('div', {}, h('h3', {}, tr('compare.title')), others.length ? h('label', {}, tr('compare.pick'), pick) : h('p', { class: 'muted' }, tr('compare.none')), h('label', {}, tr('compare.file'), file), comparison);
  };

  draw(connection.state);
  element.dataset.phase = connection.state.phase;
  let skipped = false;
  // an update skipped while someone typed is drawn as soon as they leave the field
  element.addEventListener('focusout', () => {
    setTimeout(() => {
      if (skipped && !element.contains(document.activeElement)) panel.refresh(connection.state);
    }, 0);
  });
  const panel = {
    element,
    refresh(state: WorkshopState) {
      // never redraw under someone typing
      if (element.contains(document.activeElement) && ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName ?? '')) {
        skipped = true;
        return;
      }
      skipped = false;
      // keep the sections the facilitator opened, unless the phase changed: then open what the new phase needs
      const open = [...element.querySelectorAll('details')].map((d) => d.open);
      const samePhase = element.dataset.phase === state.phase;
      draw(state);
      element.dataset.phase = state.phase;
      if (samePhase) element.querySelectorAll('details').forEach((d, i) => (d.open = open[i] ?? d.open));
    },
  };
  return panel;
}
