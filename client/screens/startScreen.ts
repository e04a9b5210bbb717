/** The start page: join with a code, or create a workshop as facilitator. */
import { FIELD_LIMITS } from '../../shared/limits.ts';
import { h, replaceChildren, toast } from '../dom.ts';
import { tr, language, onLanguageChange, LANGUAGES, type Language } from '../i18n.ts';
import { LOCALES } from '../../shared/i18n/languages.ts';
import { createWorkshop, findWorkshop, type CreatedWorkshop } from '../net/api.ts';
import { normalizeJoinCode, isJoinCode, formatJoinCode, JOIN_CODE_LENGTH } from '../../shared/joinCode.ts';
import { MAX_PARTIES, MIN_PARTIES } from '../../shared/geometry.ts';
import { PARTY_PALETTE } from '../../shared/palette.ts';
import { DEFAULT_MAX_PARTICIPANTS, MAX_PARTICIPANTS } from '../../shared/setup.ts';
import { topBar } from './common.ts';
import { facilitatorFetch, forgetWorkshop, myWorkshops } from '../myWorkshops.ts';
import { facilitatorUrl, participantUrl } from '../../shared/links.ts';

/** Show the start page in `root`. */
export function startScreen(root: HTMLElement): void {
  const draw = () =>
    replaceChildren(
      root,
      topBar({}),
      h('main', { class: 'page' }, h('p', { class: 'muted' }, tr('app.tagline')), h('div', { class: 'cards' }, h('div', { class: 'stack' }, joinCard(), mineCard(), importCard(root)), createCard(root))),
    );
  draw();
  onLanguageChange(draw);
}

function joinCard(): HTMLElement {
  const code = h('input', { id: 'join-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: String(JOIN_CODE_LENGTH + 4), placeholder: formatJoinCode('ACDEFGHJ'), class: 'code-input' });
  const message = h('p', { class: 'error-text', role: 'alert' });
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const normal = normalizeJoinCode(code.value);
        const found = isJoinCode(normal) ? await findWorkshop(normal).catch(() => undefined) : undefined;
        if (!found) {
          message.textContent = tr('start.join.notFound');
          return;
        }
        location.assign(participantUrl('', found.code));
      },
    },
    h('label', { for: 'join-code' }, tr('start.join.code')),
    code,
    message,
    h('button', { class: 'primary', type: 'submit' }, tr('start.join.submit')),
  );
  return h('section', { class: 'card' }, h('h2', {}, tr('start.join.title')), h('p', { class: 'muted' }, tr('start.join.lead')), form);
}

function createCard(root: HTMLElement): HTMLElement {
  const title = h('input', { id: 'setup-title', name: 'title', required: true, maxlength: String(FIELD_LIMITS.title), placeholder: tr('setup.title.placeholder') });
  const focus = h('input', { id: 'setup-focus', name: 'focus', maxlength: String(FIELD_LIMITS.focus), placeholder: tr('setup.focus.placeholder') });
  const collaboration = h('input', { id: 'setup-collaboration', name: 'collaboration', maxlength: String(FIELD_LIMITS.collaboration), placeholder: tr('setup.collaboration.placeholder') });
  const lang = h('select', { id: 'setup-language', name: 'language' }, LANGUAGES.map((l) => h('option', { value: l, lang: l }, tr(`lang.${l}`))));
  lang.value = language();
  const deck = h('select', { id: 'setup-deck', name: 'deck' }, h('option', { value: 'default' }, tr('setup.deck.default')), h('option', { value: 'collaboration-factors' }, tr('setup.deck.collaboration-factors')));
  const partnerView = h('input', { id: 'setup-partner-view', type: 'checkbox', checked: true });
  const maxParticipants = h('input', { id: 'setup-max', type: 'number', min: '2', max: String(MAX_PARTICIPANTS), value: String(DEFAULT_MAX_PARTICIPANTS) });
  const parties = h('div', { class: 'parties' });
  const message = h('p', { class: 'error-text', role: 'alert' });

  const addParty = (name = '') => {
    if (parties.children.length >= MAX_PARTIES) return;
    const index = parties.children.length;
    const row = h(
      'div',
      { class: 'party-row' },
      h('input', { name: 'party-name', 'aria-label': tr('setup.party.name'), placeholder: tr('setup.party.name'), value: name, maxlength: String(FIELD_LIMITS.partyName) }),
      h('input', { name: 'party-short', 'aria-label': tr('setup.party.shortName'), placeholder: tr('setup.party.shortName'), maxlength: String(FIELD_LIMITS.partyShortName) }),
      h('input', { name: 'party-color', type: 'color', 'aria-label': tr('setup.party.color'), value: PARTY_PALETTE[index % PARTY_PALETTE.length] }),
      h('button', { type: 'button', 'aria-label': tr('setup.party.remove'), onclick: () => parties.children.length > MIN_PARTIES && row.remove() }, '✕'),
    );
    parties.append(row);
  };
  for (let i = 0; i < 3; i++) addParty();

  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        message.textContent = '';
        const rows = [...parties.querySelectorAll('.party-row')].map((row) => {
          const [name, short, color] = [...row.querySelectorAll('input')] as HTMLInputElement[];
          return { name: name!.value.trim(), shortName: short!.value.trim() || undefined, color: color!.value };
        });
        try {
          const created = await createWorkshop({
            title: title.value.trim(),
            focus: focus.value.trim() || undefined,
            collaboration: collaboration.value.trim() || undefined,
            language: lang.value as Language,
            deck: deck.value as 'default' | 'collaboration-factors',
            partnerView: partnerView.checked,
            maxParticipants: Math.min(MAX_PARTICIPANTS, Math.max(2, Math.round(Number(maxParticipants.value) || DEFAULT_MAX_PARTICIPANTS))),
            parties: rows.filter((r) => r.name !== ''),
          });
          replaceChildren(root, topBar({ title: title.value }), h('main', { class: 'page' }, createdCard(created)));
        } catch (error) {
          message.textContent = (error as Error).message;
        }
      },
    },
    h('label', { for: 'setup-title' }, tr('setup.title')),
    title,
    h('label', { for: 'setup-focus' }, tr('setup.focus')),
    focus,
    h('label', { for: 'setup-collaboration' }, tr('setup.collaboration')),
    collaboration,
    h('label', { for: 'setup-language' }, tr('setup.language')),
    lang,
    h('label', { for: 'setup-deck' }, tr('setup.deck')),
    deck,
    h('label', { class: 'check' }, partnerView, ' ', tr('setup.partnerView')),
    h('label', { for: 'setup-max' }, tr('setup.maxParticipants')),
    maxParticipants,
    h('label', {}, tr('setup.parties')),
    parties,
    h('button', { type: 'button', onclick: () => addParty() }, `+ ${tr('setup.party.add')}`),
    message,
    h('p', {}, h('button', { class: 'primary', type: 'submit', id: 'create-workshop' }, tr('setup.submit'))),
  );
  return h('section', { class: 'card' }, h('h2', {}, tr('start.create.title')), h('p', { class: 'muted' }, tr('start.create.lead')), form);
}

function linkRow(label: string, url: string, name: string): HTMLElement[] {
  return [
    h('dt', {}, label),
    h(
      'dd',
      {},
      h('code', { dataset: { link: name } }, url),
      h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(url).then(() => toast(tr('setup.created.copied'))) }, tr('setup.created.copy')),
    ),
  ];
}

function createdCard(created: CreatedWorkshop): HTMLElement {
  return h(
    'section',
    { class: 'card created' },
    h('h2', {}, tr('setup.created.title')),
    h('p', {}, tr('setup.created.code')),
    // in readable groups (ACDE FGHJ): each group its own span, so the text is still the code
    h('p', { class: 'code-big', id: 'created-code', 'aria-label': formatJoinCode(created.code) }, formatJoinCode(created.code).split(' ').map((group) => h('span', { class: 'code-group' }, group))),
    h(
      'dl',
      { class: 'links' },
      linkRow(tr('setup.created.participant'), created.participantUrl, 'participant'),
      linkRow(tr('setup.created.screen'), created.screenUrl, 'screen'),
      linkRow(tr('setup.created.facilitator'), created.facilitatorUrl, 'facilitator'),
    ),
    h('p', { class: 'warning' }, tr('setup.created.keep')),
    h('p', { class: 'row' }, h('a', { href: created.facilitatorUrl }, h('button', { class: 'primary', type: 'button', tabindex: '-1' }, tr('setup.created.open')))),
  );
}

/** The workshops this browser has opened as facilitator, with their last use; open or delete them. */
function mineCard(): HTMLElement {
  const list = h('ul', { class: 'mine', id: 'my-workshops' });
  const mine = myWorkshops();
  if (mine.length === 0) list.append(h('li', { class: 'muted' }, tr('mine.none')));
  for (const workshop of mine) {
    const status = h('span', { class: 'muted' });
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
    list.append(item);
    void facilitatorFetch(workshop, '/summary').then(async (res) => {
      if (!res.ok) {
        status.textContent = tr('mine.gone');
        return;
      }
      const summary = (await res.json()) as { updatedAt: number };
      status.textContent = tr('mine.updated', { date: new Date(summary.updatedAt).toLocaleDateString(LOCALES[language()]) });
    });
  }
  return h('section', { class: 'card' }, h('h2', {}, tr('mine.title')), list);
}

/** Import a workshop file as a copy to continue or as a template. */
function importCard(root: HTMLElement): HTMLElement {
  const file = h('input', { type: 'file', id: 'import-file', accept: 'application/json,.json' });
  const as = h('select', { id: 'import-as' }, h('option', { value: 'copy' }, tr('import.copy')), h('option', { value: 'template' }, tr('import.template')));
  const message = h('p', { class: 'error-text', role: 'alert' });
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, tr('import.title')),
    h(
      'form',
      {
        onsubmit: async (e: Event) => {
          e.preventDefault();
          message.textContent = '';
          const chosen = file.files?.[0];
          if (!chosen) return;
          let json: unknown;
          try {
            json = JSON.parse(await chosen.text());
          } catch {
            message.textContent = tr('import.notJson');
            return;
          }
          const res = await fetch('/api/workshops/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file: json, as: as.value }) });
          const body = await res.json();
          if (!res.ok) {
            message.textContent = body.message ?? res.statusText;
            return;
          }
          replaceChildren(root, topBar({}), h('main', { class: 'page' }, createdCard(body as CreatedWorkshop)));
        },
      },
      h('label', { for: 'import-file' }, tr('import.file')),
      file,
      h('label', { for: 'import-as' }, tr('import.title')),
      as,
      message,
      h('p', {}, h('button', { type: 'submit', id: 'import-submit' }, tr('import.submit'))),
    ),
  );
}
