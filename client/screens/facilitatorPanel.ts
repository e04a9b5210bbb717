/**
 * The facilitator's panel: the join code and links on top, then one small section per job —
 * phases, timer, voting, spotlight and lock, participants, agreement, export, own value pieces,
 * facilitator keys, setup. Each section is built once and updated in place from every new state,
 * so nothing is ever rebuilt under someone typing: a field keeps its focus and its draft, a new
 * agreement line shows at once, and the timer ticks on. Which sections are open follows the phase
 * when it changes, and is the facilitator's choice in between.
 */
import { h, setAttr, setText, syncChildren, syncField, toast, replaceChildren, type Children } from '../dom.ts';
import { tr, language, type MessageKey } from '../i18n.ts';
import { localized } from '../../shared/deck.ts';
import { DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS } from '../../shared/setup.ts';
import { CSV_SEPARATORS } from '../../shared/i18n/languages.ts';
import { parseWorkshopFile, stateFromWorkshopFile } from '../../shared/workshopFile.ts';
import type { Party, Phase } from '../../shared/types.ts';
import type { WorkshopConnection, ActionAnswer, ClientState } from '../net/WorkshopConnection.ts';
import { download, facilitatorFetch, myWorkshops, rememberWorkshop } from '../myWorkshops.ts';
import { partyChip } from './common.ts';
import { clock, comparisonView, phaseOrder, timerLeft } from './workshopViews.ts';
import { facilitatorUrl, keyFragment, workshopLinks } from '../../shared/links.ts';
import { formatJoinCode } from '../../shared/joinCode.ts';
import { reachableBase } from './reachable.ts';

/** Suggested minutes per phase for a 90-minute workshop. */
const SUGGESTED_MINUTES: Record<Phase, number> = { lobby: 10, 'own-value': 15, 'partner-view': 15, reveal: 10, dialogue: 25, agreement: 15, open: 0 };

/** One section of the panel: built once, then updated in place from each state. */
interface Section {
  element: HTMLDetailsElement;
  update(state: ClientState): void;
  /** Whether the section opens when the workshop enters `phase`. */
  openIn(phase: Phase): boolean;
}

/** What every section acts through. */
interface PanelContext {
  connection: WorkshopConnection;
  /** Send an action; a refusal is shown as a toast. */
  act: WorkshopConnection['act'];
  /** Say "saved", or why not. */
  report(answer: ActionAnswer): void;
  /** The facilitator key this page holds now (it changes when rotated). */
  key(): string;
  setKey(key: string): void;
}

const phaseName = (phase: Phase) => tr(`phase.${phase}` as MessageKey);
const button = (props: Record<string, unknown> = {}, ...children: Children[]) => h('button', { type: 'button', ...props }, ...children);
const details = (summary: HTMLElement, ...children: Children[]) => h('details', { class: 'panel-section' }, summary, ...children);

/** The phase buttons in order, previous / next, the free board, and the run sheet's hint. */
function phaseSection({ connection, act }: PanelContext): Section {
  const summary = h('summary');
  const steps = h('div', { class: 'phase-steps', role: 'group' });
  const step = (by: number) => {
    const order = phaseOrder(connection.state);
    const target = order[order.indexOf(connection.state.phase) + by];
    if (target) void act('set-phase', { phase: target });
  };
  const prev = button({ id: 'phase-prev', onclick: () => step(-1) });
  const next = button({ class: 'primary', id: 'phase-next', onclick: () => step(1) });
  const free = button({ class: 'small', dataset: { phase: 'open' }, onclick: () => act('set-phase', { phase: 'open' }) });
  const freeLead = h('span', { class: 'muted' });
  const guideTitle = h('strong');
  const guideText = h('span');
  const markCurrent = (el: HTMLButtonElement, current: boolean) => {
    el.classList.toggle('primary', current);
    setAttr(el, 'aria-pressed', String(current));
  };
  return {
    // the free board stands apart, below the run sheet: between the phase buttons it was clicked by mistake
    element: details(summary, steps, h('p', { class: 'row' }, prev, next), h('p', { class: 'guide' }, guideTitle, guideText), h('p', { class: 'free-board' }, free, ' ', freeLead)),
    openIn: () => true,
    update(state) {
      const order = phaseOrder(state);
      const at = order.indexOf(state.phase);
      setText(summary, phaseName(state.phase));
      syncChildren(
        steps,
        order.map((phase, i) => ({ phase, i })),
        ({ phase }) => phase,
        ({ phase }) => button({ dataset: { phase }, onclick: () => act('set-phase', { phase }) }),
        (el, { phase, i }) => {
          setText(el, `${i + 1}. ${phaseName(phase)}`);
          markCurrent(el, phase === state.phase);
        },
      );
      setText(prev, `← ${tr('phase.previous')}`);
      prev.disabled = at <= 0;
      setText(next, `${tr('phase.next')} →`);
      next.disabled = at < 0 || at >= order.length - 1;
      setText(free, tr('phase.open'));
      setText(freeLead, tr('phase.open.lead'));
      markCurrent(free, state.phase === 'open');
      const minutes = SUGGESTED_MINUTES[state.phase];
      setText(guideTitle, minutes ? `${tr('guide.title')} (${tr('guide.minutes', { minutes })}): ` : `${tr('guide.title')}: `);
      setText(guideText, tr(`guide.${state.phase}` as MessageKey));
    },
  };
}

/** The shared timer: its time left (ticking by itself), minutes, reset, start and pause. */
function timerSection({ connection, act }: PanelContext): Section {
  const summary = h('summary');
  const minutesLabel = h('span');
  const minutes = h('input', { type: 'number', id: 'timer-minutes', min: '1', max: '240' });
  const seconds = () => Math.max(10, Math.round(Number(minutes.value) * 60));
  const reset = button({ id: 'timer-reset', onclick: () => act('timer', { op: 'reset', seconds: seconds() }) });
  const pause = button({ id: 'timer-pause', onclick: () => act('timer', { op: 'pause' }) });
  const start = button({
    class: 'primary',
    id: 'timer-start',
    onclick: async () => {
      if (!connection.state.timer.durationMs) await act('timer', { op: 'reset', seconds: seconds() });
      await act('timer', { op: 'start' });
    },
  });
  const tick = () => {
    const state = connection.state;
    setText(summary, `${tr('timer.title')} ${state.timer.durationMs ? clock(timerLeft(state, connection.serverNow())) : ''}`);
  };
  setInterval(tick, 500);
  return {
    element: details(summary, h('p', { class: 'row' }, h('label', { class: 'inline' }, minutesLabel, minutes), reset, pause, start)),
    openIn: () => false,
    update(state) {
      tick();
      setText(minutesLabel, tr('timer.minutes'));
      setAttr(minutes, 'aria-label', tr('timer.minutes'));
      syncField(minutes, String(Math.round((state.timer.durationMs || 600_000) / 60_000)));
      setText(reset, tr('timer.reset'));
      setText(pause, tr('timer.pause'));
      setText(start, tr('timer.start'));
      pause.hidden = !state.timer.running;
      start.hidden = state.timer.running;
    },
  };
}

/** The dot-vote: dots per participant, open or close it, show or hide the result. */
function votingSection({ connection, act }: PanelContext): Section {
  const summary = h('summary');
  const dotsLabel = h('span');
  const dots = h('input', { type: 'number', id: 'voting-dots', min: '1', max: '10' });
  const toggle = button({ id: 'voting-toggle', onclick: () => act('voting', { open: !connection.state.voting.open, dots: Math.min(10, Math.max(1, Number(dots.value) || 3)) }) });
  const show = button({ id: 'voting-show', onclick: () => act('voting', { shown: !connection.state.voting.shown }) });
  const paused = h('p', { class: 'muted', id: 'voting-paused' });
  return {
    element: details(summary, h('label', { class: 'inline' }, dotsLabel, dots), h('p', { class: 'row' }, toggle, show), paused),
    openIn: (phase) => phase === 'dialogue',
    update(state) {
      setText(summary, tr('vote.title'));
      setText(dotsLabel, tr('voting.dots'));
      setAttr(dots, 'aria-label', tr('voting.dots'));
      syncField(dots, String(state.voting.dots));
      setText(toggle, state.voting.open ? tr('voting.close') : tr('voting.open'));
      toggle.classList.toggle('primary', !state.voting.open);
      setText(show, state.voting.shown ? tr('voting.hide') : tr('voting.show'));
      // a locked board pauses the vote and does not let it open: nobody could spend a dot
      toggle.disabled = state.locked && !state.voting.open;
      paused.hidden = !state.locked;
      setText(paused, tr('voting.paused'));
    },
  };
}

/** Lock the board, and the spotlight on a party's area (or none). */
function spotlightSection({ connection, act }: PanelContext): Section {
  const summary = h('summary');
  const lock = button({ id: 'lock-toggle', onclick: () => act('lock', { locked: !connection.state.locked }) });
  const none = button({ id: 'spotlight-none', onclick: () => act('spotlight', { kind: 'none', id: '' }) });
  const parties = h('div', { class: 'row' });
  return {
    element: details(summary, h('p', { class: 'row' }, lock, none), parties),
    openIn: (phase) => phase === 'reveal' || phase === 'dialogue',
    update(state) {
      setText(summary, tr('spotlight.title'));
      setText(lock, state.locked ? tr('lock.unlock') : tr('lock.lock'));
      setText(none, tr('spotlight.none'));
      none.disabled = state.spotlight.kind === 'none';
      syncChildren(
        parties,
        state.parties,
        (party) => party.id,
        (party) => button({ dataset: { spotlightParty: party.id }, onclick: () => act('spotlight', { kind: 'party', id: party.id }) }),
        (el, party) => {
          showChip(el, party, '★ ');
          setAttr(el, 'aria-pressed', String(state.spotlight.kind === 'party' && state.spotlight.id === party.id));
        },
      );
    },
  };
}

/** Who has joined, away or not; closing and opening joins; removing someone. */
function peopleSection({ connection, act }: PanelContext): Section {
  const summary = h('summary');
  const joins = button({ id: 'joins-toggle', onclick: () => act('set-open', { open: !connection.state.open }) });
  const approval = button({ id: 'approve-toggle', onclick: () => act('set-approval', { approveJoins: !connection.state.approveJoins }) });
  const people = h('ul', { class: 'people' });
  return {
    element: details(summary, h('p', {}, joins, ' ', approval), people),
    openIn: () => false,
    update(state) {
      const participants = state.members.filter((m) => m.role === 'participant');
      setText(summary, `${tr('facilitator.participants')} (${participants.filter((m) => m.connected).length}/${state.maxParticipants})`);
      setText(joins, state.open ? tr('join.closeJoins') : tr('join.openJoins'));
      setText(approval, state.approveJoins ? tr('join.approveOff') : tr('join.approveOn'));
      syncChildren(
        people,
        // a screen waiting to be let in is listed too, so that it can be let in or turned away
        state.members.filter((m) => m.role === 'participant' || state.waiting.includes(m.id)),
        (m) => m.id,
        (m) => h('li', {}, h('span', {}), ' ', h('span', {}), ' ', button({ class: 'small', onclick: () => act('admit', { memberId: m.id }) }), ' ', button({ class: 'danger small', onclick: () => act('kick', { memberId: m.id }) })),
        (li, m) => {
          const [chip, name, admit, kick] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
          const party = state.parties.find((p) => p.id === m.partyId);
          const waiting = state.waiting.includes(m.id);
          showChip(chip, party);
          setText(name, waiting ? `${m.name} (${tr('join.waitingMark')})` : m.name);
          name.className = m.connected ? '' : 'away';
          admit.hidden = !waiting;
          setText(admit, tr('admit'));
          setText(kick, tr('kick'));
        },
      );
    },
  };
}

const AGREEMENT_LISTS = ['sharedValues', 'openQuestions', 'nextSteps'] as const;
type AgreementList = (typeof AGREEMENT_LISTS)[number];

/** The three agreement lists, each with its lines and a field that adds one with Enter. */
function agreementSection(ctx: PanelContext): Section {
  const summary = h('summary');
  const lists = AGREEMENT_LISTS.map((list) => agreementList(ctx, list));
  return {
    element: details(summary, lists.map((l) => l.element)),
    openIn: (phase) => phase === 'agreement',
    update(state) {
      setText(summary, tr('agreement.title'));
      for (const list of lists) list.update(state);
    },
  };
}

function agreementList({ act }: PanelContext, list: AgreementList) {
  const heading = h('h3');
  const lines = h('ul');
  const input = h('input', { maxlength: '300', id: `agreement-${list}` });
  const owner = list === 'nextSteps' ? h('select', { id: 'agreement-owner' }) : null;
  const add = h('button', { type: 'submit' });
  const form = h('form', { class: 'row' }, input, owner, add);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    // the field is ready for the next line at once; the line shows when the state that holds it arrives
    input.value = '';
    const answer = await act('agreement-add', { list, text, ...(owner ? { ownerPartyId: owner.value } : {}) });
    if (!answer.ok && input.value === '') input.value = text;
  });
  return {
    element: h('div', { class: 'agreement-list' }, heading, lines, form),
    update(state: ClientState) {
      const title = tr(`agreement.${list}` as MessageKey);
      setText(heading, title);
      setAttr(input, 'aria-label', title);
      setText(add, tr('agreement.add'));
      if (owner) {
        setAttr(owner, 'aria-label', tr('agreement.owner'));
        syncChildren(owner, state.parties, (p) => p.id, (p) => h('option', { value: p.id }), (option, p) => setText(option, p.shortName));
      }
      const items: readonly { id: string; text: string; ownerPartyId?: string }[] = state.agreement[list];
      syncChildren(
        lines,
        items,
        (item) => item.id,
        (item) => h('li', {}, h('span', {}), h('span', {}), ' ', button({ class: 'small', onclick: () => act('agreement-remove', { list, itemId: item.id }) }, '✕')),
        (li, item) => {
          const [text, chip, remove] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
          setText(text, item.text);
          if (item.ownerPartyId) showChip(chip, state.parties.find((p) => p.id === item.ownerPartyId) ?? { color: '#777777', shortName: '?', name: '' }, ' ');
          else replaceChildren(chip);
          setAttr(remove, 'aria-label', tr('agreement.remove'));
        },
      );
    },
  };
}

/** Downloads (PDF, PNG, CSV, JSON) and the comparison with an earlier board. */
function exportSection(ctx: PanelContext): Section {
  const { connection } = ctx;
  const me = () => ({ id: connection.state.id, key: ctx.key() });
  const summary = h('summary');
  const formats = ['pdf', 'png', 'csv', 'json'] as const;
  // the CSV's separator: by default what a spreadsheet in the workshop's language expects, else the facilitator's choice
  const separatorText = h('span');
  const semicolon = h('option', { value: ';' });
  const comma = h('option', { value: ',' });
  const separator = h('select', { id: 'csv-sep' }, semicolon, comma);
  let separatorChosen = false;
  separator.addEventListener('change', () => (separatorChosen = true));
  const query = (format: (typeof formats)[number]) => (format === 'csv' ? `?sep=${encodeURIComponent(separator.value)}` : '');
  const downloads = formats.map((format) =>
    button({ dataset: { export: format }, onclick: () => download(facilitatorFetch(me(), `/export.${format}${query(format)}`), `vaerdispil.${format}`).catch((e: Error) => toast(e.message, 'error')) }),
  );
  const compare = compareBlock(connection, me);
  return {
    element: details(summary, h('p', { class: 'row export-buttons' }, downloads), h('label', { class: 'inline csv-sep' }, separatorText, separator), compare.element),
    openIn: (phase) => phase === 'agreement',
    update(state) {
      setText(summary, tr('export.title'));
      downloads.forEach((el, i) => setText(el, tr('export.download', { format: formats[i]!.toUpperCase() })));
      setText(separatorText, tr('export.csv.separator'));
      setText(semicolon, tr('export.csv.semicolon'));
      setText(comma, tr('export.csv.comma'));
      if (!separatorChosen) separator.value = CSV_SEPARATORS[state.language];
      compare.update(state);
    },
  };
}

/** Compare with an earlier workshop of this browser's list, or with a JSON file. */
function compareBlock(connection: WorkshopConnection, me: () => { id: string; key: string }) {
  const heading = h('h3');
  const pickText = h('span');
  const pick = h('select', { id: 'compare-pick' });
  const pickLabel = h('label', {}, pickText, pick);
  const none = h('p', { class: 'muted' });
  const fileText = h('span');
  const file = h('input', { type: 'file', accept: 'application/json,.json', id: 'compare-file' });
  const comparison = h('div', { class: 'comparison', id: 'comparison' });
  const others = () => myWorkshops().filter((w) => w.id !== connection.state.id);
  const show = async (json: unknown) => {
    const parsed = parseWorkshopFile(json);
    if (!parsed.ok) return toast(parsed.message, 'error');
    const earlier = stateFromWorkshopFile(parsed.file);
    replaceChildren(
      comparison,
      comparisonView(connection.state, earlier),
      button({
        id: 'export-pdf-compare',
        onclick: () =>
          download(facilitatorFetch(me(), '/export.pdf', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ compareWith: json }) }), 'vaerdispil.pdf').catch((e: Error) => toast(e.message, 'error')),
      }, tr('export.withCompare')),
    );
  };
  pick.addEventListener('change', async () => {
    const other = others().find((w) => w.id === pick.value);
    if (!other) return;
    const res = await facilitatorFetch(other, '/export.json');
    if (!res.ok) return toast(tr('mine.gone'), 'error');
    await show(await res.json());
  });
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (chosen) await show(await chosen.text());
  });
  return {
    element: h('div', {}, heading, pickLabel, none, h('label', {}, fileText, file), comparison),
    update(_state: ClientState) {
      const list = others();
      setText(heading, tr('compare.title'));
      setText(pickText, tr('compare.pick'));
      setText(none, tr('compare.none'));
      setText(fileText, tr('compare.file'));
      pickLabel.hidden = list.length === 0;
      none.hidden = list.length > 0;
      syncChildren(pick, [{ id: '', title: '—', code: '' }, ...list], (w) => w.id, (w) => h('option', { value: w.id }), (option, w) => setText(option, w.id ? `${w.title} (${w.code})` : w.title));
    },
  };
}

/** A value kind of the facilitator's own: name, description, category. */
function kindsSection({ act }: PanelContext): Section {
  const summary = h('summary');
  const label = h('input', { id: 'kind-label', maxlength: '40' });
  const description = h('input', { id: 'kind-description', maxlength: '160' });
  const category = h('select', { id: 'kind-category' });
  const add = h('button', { type: 'submit' });
  const form = h('form', {}, label, description, category, add);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!label.value.trim()) return;
    const answer = await act('add-kind', { label: label.value, description: description.value, category: category.value });
    if (answer.ok) label.value = description.value = '';
  });
  return {
    element: details(summary, form),
    openIn: () => false,
    update(state) {
      setText(summary, tr('kinds.add'));
      for (const [field, key] of [[label, 'kinds.label'], [description, 'kinds.description']] as const) {
        setAttr(field, 'aria-label', tr(key));
        setAttr(field, 'placeholder', tr(key));
      }
      setAttr(category, 'aria-label', tr('kinds.category'));
      syncChildren(category, state.categories, (c) => c.id, (c) => h('option', { value: c.id }), (option, c) => setText(option, localized(c.label, language())));
      setText(add, tr('agreement.add'));
    },
  };
}

/** Co-facilitator links, rotating the key, and how long the workshop is kept. */
function keysSection(ctx: PanelContext): Section {
  const { connection, act } = ctx;
  const summary = h('summary');
  const newLink = h('p', { class: 'new-link' });
  const showLink = (url: string) =>
    replaceChildren(newLink, h('strong', {}, tr('facilitator.newLink')), h('br', {}), h('code', { id: 'new-facilitator-link' }, url), ' ',
      button({ onclick: () => navigator.clipboard?.writeText(url).then(() => toast(tr('setup.created.copied'))) }, tr('setup.created.copy')));
  const coKey = button({
    id: 'co-key',
    onclick: async () => {
      const answer = await act('create-co-key', {});
      if (answer.ok && answer.key) showLink(facilitatorUrl(connection.linkBase(), connection.state.id, answer.key));
    },
  });
  const rotate = button({
    id: 'rotate-key',
    class: 'danger',
    onclick: async () => {
      const answer = await act('rotate-key', {});
      if (answer.ok && answer.key) {
        const state = connection.state;
        ctx.setKey(answer.key);
        history.replaceState(null, '', keyFragment(answer.key));
        rememberWorkshop({ id: state.id, key: answer.key, title: state.title, code: state.code });
        showLink(location.href);
      }
    },
  });
  const retentionText = h('span');
  const retention = h('input', { type: 'number', id: 'retention', min: '1', max: String(MAX_RETENTION_MONTHS) });
  const saveRetention = button({
    onclick: async () => ctx.report(await connection.act('update-workshop', { retentionMonths: Math.min(MAX_RETENTION_MONTHS, Math.max(1, Math.round(Number(retention.value) || DEFAULT_RETENTION_MONTHS))) })),
  });
  return {
    element: details(summary, h('p', { class: 'row' }, coKey, rotate), newLink, h('label', { class: 'inline' }, retentionText, retention, saveRetention)),
    openIn: () => false,
    update(state) {
      setText(summary, tr('facilitator.keys'));
      setText(coKey, tr('facilitator.coLink'));
      setText(rotate, tr('facilitator.rotate'));
      setText(retentionText, tr('retention.label'));
      syncField(retention, String(state.retentionMonths));
      setText(saveRetention, tr('facilitator.save'));
    },
  };
}

/**
 * The join code and the participant and shared-screen links, at the top of the panel where the
 * facilitator finds them while the room is joining. Links point where phones reach the server
 * (its network address when this page was opened on 127.0.0.1).
 */
function joinBlock(connection: WorkshopConnection): { element: HTMLElement; update(state: ClientState): void } {
  const codeText = h('span', { class: 'muted' });
  const code = h('strong', { class: 'code fac-code', id: 'fac-code' });
  const participant = h('a', { target: '_blank', rel: 'noopener', id: 'fac-participant-link' });
  const screen = h('a', { target: '_blank', rel: 'noopener', id: 'fac-screen-link', class: 'button-link' });
  let base = connection.linkBase();
  let shownCode = '';
  const update = (state: ClientState) => {
    const links = workshopLinks(base, state);
    setText(codeText, tr('facilitator.joinCode'));
    if (shownCode !== state.code) {
      shownCode = state.code;
      // in readable groups (ACDE FGHJ): each group its own span, so the text is still the code
      setAttr(code, 'aria-label', formatJoinCode(state.code));
      replaceChildren(code, formatJoinCode(state.code).split(' ').map((group) => h('span', { class: 'code-group' }, group)));
    }
    setAttr(participant, 'href', links.participantUrl);
    setText(participant, links.participantUrl.replace(/^https?:\/\//, ''));
    setAttr(screen, 'href', links.screenUrl);
    setText(screen, tr('facilitator.openScreen'));
  };
  void reachableBase(connection.me.baseUrl).then((reach) => {
    base = reach.base;
    update(connection.state);
  });
  return { element: h('div', { class: 'fac-join', id: 'fac-join' }, h('div', {}, codeText, ' ', code), h('div', { class: 'row' }, participant, screen)), update };
}

/** Title, focus question, the collaboration at the centre, and each party's name, short name and colour. */
function setupSection({ connection, report }: PanelContext): Section {
  const summary = h('summary');
  const field = (id: string, maxlength: number) => h('input', { id, maxlength: String(maxlength) });
  const title = field('fac-title', 120);
  const focus = field('fac-focus', 300);
  const collaboration = field('fac-collaboration', 80);
  const labels = { title: h('label', { for: 'fac-title' }), focus: h('label', { for: 'fac-focus' }), collaboration: h('label', { for: 'fac-collaboration' }), parties: h('label') };
  const parties = h('div');
  const rowFields = (row: Element) => row.children as unknown as [HTMLInputElement, HTMLInputElement, HTMLInputElement];
  const save = button({
    class: 'primary',
    onclick: async () => {
      const answers = [await connection.act('update-workshop', { title: title.value, focus: focus.value, collaboration: collaboration.value })];
      for (const row of [...parties.children]) {
        const [name, shortName, color] = rowFields(row);
        const party = connection.state.parties.find((p) => p.id === (row as HTMLElement).dataset.party);
        if (!party) continue;
        const changed = name.value !== party.name || shortName.value !== party.shortName || color.value !== party.color;
        if (changed) answers.push(await connection.act('update-party', { partyId: party.id, name: name.value, shortName: shortName.value, color: color.value }));
      }
      report(answers.find((a) => !a.ok) ?? answers[0]!);
    },
  });
  return {
    element: details(summary, labels.title, title, labels.focus, focus, labels.collaboration, collaboration, labels.parties, parties, h('p', {}, save)),
    openIn: () => false,
    update(state) {
      setText(summary, tr('facilitator.setup'));
      setText(labels.title, tr('setup.title'));
      setText(labels.focus, tr('setup.focus'));
      setText(labels.collaboration, tr('setup.collaboration'));
      setText(labels.parties, tr('setup.parties'));
      syncField(title, state.title);
      syncField(focus, state.focus);
      syncField(collaboration, state.collaboration);
      syncChildren(
        parties,
        state.parties,
        (p) => p.id,
        (p) => h('div', { class: 'setup-party', dataset: { party: p.id } }, h('input', { maxlength: '60' }), h('input', { maxlength: '6' }), h('input', { type: 'color' })),
        (row, p) => {
          const [name, shortName, color] = rowFields(row);
          syncField(name, p.name);
          syncField(shortName, p.shortName);
          syncField(color, p.color);
          setAttr(name, 'aria-label', tr('setup.party.name'));
          setAttr(shortName, 'aria-label', tr('setup.party.shortName'));
          setAttr(color, 'aria-label', tr('setup.party.color'));
        },
      );
      setText(save, tr('facilitator.save'));
    },
  };
}

/** Show a party's chip (after `before`) in `el`, rebuilding it only when the party's look changed. */
function showChip(el: HTMLElement, party: Pick<Party, 'color' | 'shortName' | 'name'> | undefined, before = ''): void {
  const look = party ? `${before}|${party.color}|${party.shortName}|${party.name}` : '';
  if (el.dataset.look === look) return;
  el.dataset.look = look;
  replaceChildren(el, party ? [before, partyChip(party)] : null);
}

/** Build the panel; `refresh` updates every section in place from a new state (or a new language). */
export function facilitatorPanel(connection: WorkshopConnection, initialKey: string) {
  let key = initialKey;
  const context: PanelContext = {
    connection,
    act: async (...args) => {
      const answer = await connection.act(...args);
      if (!answer.ok) toast(answer.message, 'error');
      return answer;
    },
    report: (answer) => (answer.ok ? toast(tr('facilitator.saved')) : toast(answer.message, 'error')),
    key: () => key,
    setKey: (next) => (key = next),
  };
  const sections = [phaseSection, timerSection, votingSection, spotlightSection, peopleSection, agreementSection, exportSection, kindsSection, keysSection, setupSection].map((make) => make(context));
  const join = joinBlock(connection);
  const heading = h('h2');
  const element = h('section', { class: 'facilitator-panel' }, heading, join.element, sections.map((s) => s.element));
  let phase: Phase | undefined;
  const refresh = (state: ClientState) => {
    setText(heading, tr('facilitator.panel'));
    setAttr(element, 'aria-label', tr('facilitator.panel'));
    join.update(state);
    for (const section of sections) section.update(state);
    // a new phase opens what it needs; in between, the sections stay as the facilitator left them
    if (state.phase !== phase) {
      phase = state.phase;
      element.dataset.phase = phase;
      for (const section of sections) section.element.open = section.openIn(phase);
    }
  };
  refresh(connection.state);
  return { element, refresh };
}
