/**
 * The start page: join with a code, or create a workshop as facilitator. Every card is built once
 * and its words are set again in place when the language changes, so switching language never
 * loses a half-filled form — nor the card of a workshop just created, with its code and its secret
 * facilitator link (which is remembered in "My workshops" at once, too).
 */
import { FIELD_LIMITS } from '../../shared/limits.ts';
import { h, replaceChildren, setAttr, setText, toast } from '../dom.ts';
import { tr, language, onLanguageChange, LANGUAGES, type Language, type MessageKey } from '../i18n.ts';
import { LOCALES } from '../../shared/i18n/languages.ts';
import { createWorkshop, findWorkshop, type CreatedWorkshop } from '../net/api.ts';
import { normalizeJoinCode, isJoinCode, formatJoinCode, JOIN_CODE_LENGTH } from '../../shared/joinCode.ts';
import { MAX_PARTIES, MIN_PARTIES } from '../../shared/geometry.ts';
import { PARTY_PALETTE } from '../../shared/palette.ts';
import { DEFAULT_MAX_PARTICIPANTS, MAX_PARTICIPANTS } from '../../shared/setup.ts';
import { topBar, updateTopBar } from './common.ts';
import { facilitatorFetch, forgetWorkshop, myWorkshops, rememberWorkshop } from '../myWorkshops.ts';
import { facilitatorUrl, participantUrl, screenUrl } from '../../shared/links.ts';
import { reachableBase } from './reachable.ts';
import { clearFieldErrors, showSetupError } from '../a11y/formErrors.ts';
import { focusHeading } from '../a11y/focus.ts';
import { setPageTitle } from '../a11y/pageTitle.ts';

/** A card of the page: its element, built once, and how it sets its words in the current language. */
interface Card {
  element: HTMLElement;
  update(): void;
}

/** Show the start page in `root`. */
export function startScreen(root: HTMLElement): void {
  const bar = topBar({});
  const tagline = h('p', { class: 'muted' });
  const mine = mineCard();
  let cards: Card[] = [];
  /** Show the card of a workshop just created or imported, in place of the page (it stays through language switches). */
  const showCreated = (created: CreatedWorkshop, title: string) => {
    rememberWorkshop({ id: created.id, key: created.facilitatorKey, title, code: created.code });
    const card = createdCard(created);
    cards = [card];
    updateTopBar(bar, { title });
    replaceChildren(root, bar, h('main', { class: 'page' }, card.element));
    // a new screen: the focus starts at its heading
    focusHeading(card.element);
  };
  const join = joinCard();
  const imports = importCard(showCreated);
  const create = createCard(showCreated);
  cards = [join, mine, imports, create];
  const update = () => {
    if (cards.includes(create)) setPageTitle();
    setText(tagline, tr('app.tagline'));
    for (const card of cards) card.update();
  };
  update();
  replaceChildren(root, bar, h('main', { class: 'page' }, tagline, h('div', { class: 'cards' }, h('div', { class: 'stack' }, join.element, mine.element, imports.element), create.element)));
  onLanguageChange(update);
}

function joinCard(): Card {
  const heading = h('h2');
  const lead = h('p', { class: 'muted' });
  const label = h('label', { for: 'join-code' });
  const code = h('input', { id: 'join-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: String(JOIN_CODE_LENGTH + 4), placeholder: formatJoinCode('ACDEFGHJ'), class: 'code-input' });
  const message = h('p', { class: 'error-text', role: 'alert' });
  const submit = h('button', { class: 'primary', type: 'submit' });
  let notFound = false;
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const normal = normalizeJoinCode(code.value);
        const found = isJoinCode(normal) ? await findWorkshop(normal).catch(() => undefined) : undefined;
        if (!found) {
          notFound = true;
          setText(message, tr('start.join.notFound'));
          return;
        }
        location.assign(participantUrl('', found.code));
      },
    },
    label,
    code,
    message,
    submit,
  );
  return {
    element: h('section', { class: 'card' }, heading, lead, form),
    update() {
      setText(heading, tr('start.join.title'));
      setText(lead, tr('start.join.lead'));
      setText(label, tr('start.join.code'));
      setText(submit, tr('start.join.submit'));
      if (notFound) setText(message, tr('start.join.notFound'));
    },
  };
}

/** One party of the setup form: its fields keep what was typed; `update` sets their names in the current language. */
function partyRow(index: number, onRemove: (row: HTMLElement) => void): { element: HTMLElement; update(n: number): void } {
  const name = h('input', { name: 'party-name', maxlength: String(FIELD_LIMITS.partyName) });
  const short = h('input', { name: 'party-short', maxlength: String(FIELD_LIMITS.partyShortName) });
  const color = h('input', { name: 'party-color', type: 'color', value: PARTY_PALETTE[index % PARTY_PALETTE.length] });
  const remove = h('button', { type: 'button', class: 'party-remove' }, '✕');
  const element = h('div', { class: 'party-row' }, name, short, color, remove);
  remove.addEventListener('click', () => onRemove(element));
  return {
    element,
    update(n) {
      setAttr(name, 'placeholder', tr('setup.party.name'));
      setAttr(short, 'placeholder', tr('setup.party.shortName'));
      setAttr(name, 'aria-label', tr('setup.party.field', { n, field: tr('setup.party.name') }));
      setAttr(short, 'aria-label', tr('setup.party.field', { n, field: tr('setup.party.shortName') }));
      setAttr(color, 'aria-label', tr('setup.party.field', { n, field: tr('setup.party.color') }));
      setAttr(remove, 'aria-label', tr('setup.party.removeN', { n }));
    },
  };
}

function createCard(onCreated: (created: CreatedWorkshop, title: string) => void): Card {
  const label = (id: string) => h('label', { for: id });
  const labels = {
    title: label('setup-title'),
    focus: label('setup-focus'),
    collaboration: label('setup-collaboration'),
    language: label('setup-language'),
    deck: label('setup-deck'),
    max: label('setup-max'),
    parties: h('label', { id: 'setup-parties-label' }),
  };
  const title = h('input', { id: 'setup-title', name: 'title', required: true, maxlength: String(FIELD_LIMITS.title) });
  const focus = h('input', { id: 'setup-focus', name: 'focus', maxlength: String(FIELD_LIMITS.focus) });
  const collaboration = h('input', { id: 'setup-collaboration', name: 'collaboration', maxlength: String(FIELD_LIMITS.collaboration) });
  const languageOptions = LANGUAGES.map((l) => h('option', { value: l, lang: l }));
  const lang = h('select', { id: 'setup-language', name: 'language' }, languageOptions);
  lang.value = language();
  const DECKS = ['default', 'collaboration-factors'] as const;
  const deckOptions = DECKS.map((id) => h('option', { value: id }));
  const deck = h('select', { id: 'setup-deck', name: 'deck' }, deckOptions);
  const partnerView = h('input', { id: 'setup-partner-view', type: 'checkbox', checked: true });
  const partnerViewText = h('span');
  const maxParticipants = h('input', { id: 'setup-max', type: 'number', min: '2', max: String(MAX_PARTICIPANTS), value: String(DEFAULT_MAX_PARTICIPANTS) });
  const parties = h('div', { class: 'parties', role: 'group', 'aria-labelledby': 'setup-parties-label' });
  const rows: { element: HTMLElement; update(n: number): void }[] = [];
  const message = h('p', { class: 'error-text', role: 'alert' });
  const addButton = h('button', { type: 'button', id: 'setup-add-party' });
  const submit = h('button', { class: 'primary', type: 'submit', id: 'create-workshop' });
  const heading = h('h2');
  const lead = h('p', { class: 'muted' });

  const updateRows = () => rows.forEach((row, i) => row.update(i + 1));
  const removeParty = (element: HTMLElement) => {
    if (rows.length <= MIN_PARTIES) return;
    rows.splice(rows.findIndex((r) => r.element === element), 1);
    element.remove();
    updateRows();
  };
  const addParty = () => {
    if (rows.length >= MAX_PARTIES) return;
    const row = partyRow(rows.length, removeParty);
    rows.push(row);
    parties.append(row.element);
    updateRows();
  };
  for (let i = 0; i < 3; i++) addParty();
  addButton.addEventListener('click', addParty);

  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        setText(message, '');
        clearFieldErrors(event.target as HTMLFormElement);
        const partyInputs = rows.map(({ element }) => {
          const [name, short, color] = [...element.querySelectorAll('input')] as HTMLInputElement[];
          return { name: name!.value.trim(), shortName: short!.value.trim() || undefined, color: color!.value };
        });
        submit.disabled = true;
        try {
          const created = await createWorkshop({
            title: title.value.trim(),
            focus: focus.value.trim() || undefined,
            collaboration: collaboration.value.trim() || undefined,
            language: lang.value as Language,
            deck: deck.value as (typeof DECKS)[number],
            partnerView: partnerView.checked,
            maxParticipants: Math.min(MAX_PARTICIPANTS, Math.max(2, Math.round(Number(maxParticipants.value) || DEFAULT_MAX_PARTICIPANTS))),
            parties: partyInputs.filter((r) => r.name !== ''),
          });
          onCreated(created, title.value.trim());
        } catch (error) {
          setText(message, showSetupError(event.target as HTMLFormElement, error));
        } finally {
          submit.disabled = false;
        }
      },
    },
    labels.title,
    title,
    labels.focus,
    focus,
    labels.collaboration,
    collaboration,
    labels.language,
    lang,
    labels.deck,
    deck,
    h('label', { class: 'check' }, partnerView, ' ', partnerViewText),
    labels.max,
    maxParticipants,
    labels.parties,
    parties,
    addButton,
    message,
    h('p', {}, submit),
  );
  return {
    element: h('section', { class: 'card' }, heading, lead, form),
    update() {
      setText(heading, tr('start.create.title'));
      setText(lead, tr('start.create.lead'));
      const words: [HTMLElement, MessageKey][] = [
        [labels.title, 'setup.title'],
        [labels.focus, 'setup.focus'],
        [labels.collaboration, 'setup.collaboration'],
        [labels.language, 'setup.language'],
        [labels.deck, 'setup.deck'],
        [labels.max, 'setup.maxParticipants'],
        [labels.parties, 'setup.parties'],
        [partnerViewText, 'setup.partnerView'],
        [submit, 'setup.submit'],
      ];
      for (const [el, key] of words) setText(el, tr(key));
      setAttr(title, 'placeholder', tr('setup.title.placeholder'));
      setAttr(focus, 'placeholder', tr('setup.focus.placeholder'));
      setAttr(collaboration, 'placeholder', tr('setup.collaboration.placeholder'));
      LANGUAGES.forEach((l, i) => setText(languageOptions[i]!, tr(`lang.${l}`)));
      DECKS.forEach((id, i) => setText(deckOptions[i]!, tr(`setup.deck.${id}`)));
      setText(addButton, `+ ${tr('setup.party.add')}`);
      updateRows();
    },
  };
}

/** A link of the created card with a copy button; `code` is kept to point it elsewhere (a network address instead of 127.0.0.1). */
function linkRow(name: string, url: string): { dt: HTMLElement; dd: HTMLElement; code: HTMLElement; copy: HTMLButtonElement } {
  const code = h('code', { dataset: { link: name } }, url);
  const copy = h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(code.textContent ?? '').then(() => toast(tr('setup.created.copied'))) });
  return { dt: h('dt'), dd: h('dd', {}, code, copy), code, copy };
}

/** The card of a workshop just made: its code, its three links, and the advice to keep the facilitator link safe. */
function createdCard(created: CreatedWorkshop): Card {
  const heading = h('h2');
  const codeText = h('p');
  const rows = {
    participant: linkRow('participant', created.participantUrl),
    screen: linkRow('screen', created.screenUrl),
    facilitator: linkRow('facilitator', created.facilitatorUrl),
  };
  const keep = h('p', { class: 'warning' });
  const remembered = h('p', { class: 'muted', id: 'created-remembered' });
  const lanNote = h('p', { class: 'warning', id: 'created-lan', hidden: true });
  const open = h('button', { class: 'primary', type: 'button', tabindex: '-1' });
  let loopback = '';
  // a page on 127.0.0.1 hands phones the server's network address instead (the facilitator's own link may stay local)
  void reachableBase('').then((reach) => {
    if (!reach.loopback || reach.unreachable) return;
    loopback = reach.loopback;
    setText(rows.participant.code, participantUrl(reach.base, created.code));
    setText(rows.screen.code, screenUrl(reach.base, created.code));
    lanNote.hidden = false;
    update();
  });
  const update = () => {
    setPageTitle(tr('setup.created.title'));
    setText(heading, tr('setup.created.title'));
    setText(codeText, tr('setup.created.code'));
    setText(rows.participant.dt, tr('setup.created.participant'));
    setText(rows.screen.dt, tr('setup.created.screen'));
    setText(rows.facilitator.dt, tr('setup.created.facilitator'));
    for (const row of Object.values(rows)) setText(row.copy, tr('setup.created.copy'));
    setText(keep, tr('setup.created.keep'));
    setText(remembered, tr('setup.created.remembered'));
    if (loopback) setText(lanNote, tr('screen.lan.warning', { address: loopback }).replace(/:$/, '.'));
    setText(open, tr('setup.created.open'));
  };
  update();
  return {
    element: h(
      'section',
      { class: 'card created', id: 'created-card' },
      heading,
      codeText,
      // in readable groups (ACDE FGHJ): each group its own span, so the text is still the code
      h('p', { class: 'code-big', id: 'created-code', 'aria-label': formatJoinCode(created.code) }, formatJoinCode(created.code).split(' ').map((group) => h('span', { class: 'code-group' }, group))),
      h('dl', { class: 'links' }, Object.values(rows).map((row) => [row.dt, row.dd])),
      lanNote,
      keep,
      remembered,
      h('p', { class: 'row' }, h('a', { href: created.facilitatorUrl }, open)),
    ),
    update,
  };
}

/** The workshops this browser has opened or created as facilitator, with their last use; open or delete them. */
function mineCard(): Card {
  const heading = h('h2');
  const list = h('ul', { class: 'mine', id: 'my-workshops' });
  const none = h('li', { class: 'muted' });
  /** Per workshop: when it was last used, once the server has said (or that it is gone). */
  const used = new Map<string, { updatedAt: number } | 'gone'>();
  const statusText = (id: string) => {
    const status = used.get(id);
    return status === undefined ? '' : status === 'gone' ? tr('mine.gone') : tr('mine.updated', { date: new Date(status.updatedAt).toLocaleDateString(LOCALES[language()]) });
  };
  const draw = () => {
    const mine = myWorkshops();
    setText(none, tr('mine.none'));
    replaceChildren(
      list,
      mine.length === 0
        ? none
        : mine.map((workshop) => {
            const status = h('span', { class: 'muted' }, statusText(workshop.id));
            const item = h(
              'li',
              { dataset: { workshop: workshop.id } },
              h('a', { href: facilitatorUrl('', workshop.id, workshop.key) }, workshop.title),
              ' ',
              h('code', {}, workshop.code),
              ' ',
              status,
              ' ',
              h('button', {
                type: 'button',
                class: 'danger small',
                onclick: async () => {
                  if (!confirm(tr('mine.confirmDelete', { title: workshop.title }))) return;
                  const res = await facilitatorFetch(workshop, '', { method: 'DELETE' });
                  if (res.ok || res.status === 403) {
                    forgetWorkshop(workshop.id);
                    item.remove();
                  } else toast(tr('error.generic'), 'error');
                },
              }, tr('mine.delete')),
            );
            if (!used.has(workshop.id)) {
              void facilitatorFetch(workshop, '/summary').then(async (res) => {
                used.set(workshop.id, res.ok ? ((await res.json()) as { updatedAt: number }) : 'gone');
                setText(status, statusText(workshop.id));
              });
            }
            return item;
          }),
    );
  };
  return {
    element: h('section', { class: 'card' }, heading, list),
    update() {
      setText(heading, tr('mine.title'));
      draw();
    },
  };
}

/** Import a workshop file as a copy to continue or as a template. */
function importCard(onCreated: (created: CreatedWorkshop, title: string) => void): Card {
  const heading = h('h2');
  const fileLabel = h('label', { for: 'import-file' });
  const file = h('input', { type: 'file', id: 'import-file', accept: 'application/json,.json' });
  const asLabel = h('label', { for: 'import-as' });
  const copy = h('option', { value: 'copy' });
  const template = h('option', { value: 'template' });
  const as = h('select', { id: 'import-as' }, copy, template);
  const message = h('p', { class: 'error-text', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'import-submit' });
  let notJson = false;
  const form = h(
    'form',
    {
      onsubmit: async (e: Event) => {
        e.preventDefault();
        notJson = false;
        setText(message, '');
        const chosen = file.files?.[0];
        if (!chosen) return;
        let json: unknown;
        try {
          json = JSON.parse(await chosen.text());
        } catch {
          notJson = true;
          setText(message, tr('import.notJson'));
          return;
        }
        const res = await fetch('/api/workshops/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file: json, as: as.value }) });
        const body = await res.json();
        if (!res.ok) {
          setText(message, body.message ?? res.statusText);
          return;
        }
        const created = body as CreatedWorkshop;
        const title = (json as { workshop?: { title?: unknown } }).workshop?.title;
        onCreated(created, typeof title === 'string' && title ? title : created.code);
      },
    },
    fileLabel,
    file,
    asLabel,
    as,
    message,
    h('p', {}, submit),
  );
  return {
    element: h('section', { class: 'card' }, heading, form),
    update() {
      setText(heading, tr('import.title'));
      setText(fileLabel, tr('import.file'));
      setText(asLabel, tr('import.title'));
      setText(copy, tr('import.copy'));
      setText(template, tr('import.template'));
      setText(submit, tr('import.submit'));
      if (notJson) setText(message, tr('import.notJson'));
    },
  };
}
