/**
 * Form errors shown where they belong: next to the field, in the person's language, with
 * `aria-invalid` and `aria-describedby` on the field, and the focus on the first field to correct.
 * The API names the field it refused (`{ error, field }`, shared/errors.ts); `setupFieldError` turns
 * a refused workshop setup into the create form's field and the words for it.
 */
import { MAX_PARTIES, MIN_PARTIES } from '../../shared/geometry.ts';
import { MAX_PARTICIPANTS } from '../../shared/limits.ts';
import { STRINGS } from '../../shared/i18n/index.ts';
import { tr, type MessageKey } from '../i18n.ts';

/** One field to correct and what to say about it. */
export interface FieldError {
  field: HTMLElement;
  message: string;
}

let counter = 0;

/** Take every error mark out of `form`. */
export function clearFieldErrors(form: HTMLElement): void {
  for (const note of form.querySelectorAll('.field-error')) note.remove();
  for (const field of form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')) {
    field.removeAttribute('aria-invalid');
    const rest = (field.dataset.describedBy ?? '').trim();
    if (rest) field.setAttribute('aria-describedby', rest);
    else field.removeAttribute('aria-describedby');
    delete field.dataset.describedBy;
  }
}

/**
 * Mark each field of `errors` invalid, put its words right after it (after its row, for a field in
 * a row of fields) as its description, and move the focus to the first one. A field's mark goes as
 * soon as it is changed.
 */
export function showFieldErrors(form: HTMLElement, errors: readonly FieldError[]): void {
  clearFieldErrors(form);
  for (const { field, message } of errors) {
    const note = document.createElement('p');
    note.className = 'field-error error-text';
    note.id = `field-error-${++counter}`;
    note.textContent = message;
    const row = field.closest('.party-row');
    (row ?? field).after(note);
    field.dataset.describedBy = field.getAttribute('aria-describedby') ?? '';
    field.setAttribute('aria-describedby', `${note.id} ${field.dataset.describedBy}`.trim());
    field.setAttribute('aria-invalid', 'true');
    field.addEventListener('input', () => {
      if (field.getAttribute('aria-invalid') !== 'true') return;
      note.remove();
      field.removeAttribute('aria-invalid');
      const rest = field.dataset.describedBy ?? '';
      if (rest) field.setAttribute('aria-describedby', rest);
      else field.removeAttribute('aria-describedby');
      delete field.dataset.describedBy;
    }, { once: true });
  }
  errors[0]?.field.focus();
}

/** An error from the API: its code and the field it names (client/net/api.ts throws these). */
interface ApiError {
  code?: unknown;
  field?: unknown;
}

/**
 * The create form's field that a refused setup names (`parties.2.shortName` → the short name of the
 * third organisation sent, counting only rows with a name), with words for it; undefined when the
 * error names no field of the form.
 */
export function setupFieldError(form: HTMLElement, error: unknown): FieldError | undefined {
  const field = typeof (error as ApiError | null)?.field === 'string' ? ((error as ApiError).field as string) : '';
  const byId = (id: string) => form.querySelector<HTMLElement>(`#${id}`);
  const sentRows = [...form.querySelectorAll<HTMLElement>('.party-row')].filter((row) => (row.querySelector<HTMLInputElement>('input[name=party-name]')?.value.trim() ?? '') !== '');
  const simple: Record<string, [string, MessageKey, Record<string, number>?]> = {
    title: ['setup-title', 'form.error.required'],
    maxParticipants: ['setup-max', 'form.error.range', { min: 2, max: MAX_PARTICIPANTS }],
  };
  const known = simple[field];
  if (known) {
    const el = byId(known[0]);
    return el ? { field: el, message: tr(known[1], known[2]) } : undefined;
  }
  if (field === 'parties') {
    const el = form.querySelector<HTMLElement>('.party-row input[name=party-name]');
    return el ? { field: el, message: tr('form.error.parties', { min: MIN_PARTIES, max: MAX_PARTIES }) } : undefined;
  }
  const party = /^parties\.(\d+)\.(name|shortName|color)$/.exec(field);
  if (party) {
    const input = sentRows[Number(party[1])]?.querySelector<HTMLInputElement>(`input[name=${party[2] === 'name' ? 'party-name' : party[2] === 'shortName' ? 'party-short' : 'party-color'}]`);
    if (!input) return undefined;
    // a name or short name is refused only when empty or the same as another's (lengths are held by maxlength)
    const empty = input.value.trim() === '';
    return { field: input, message: tr(empty ? 'form.error.required' : (`form.error.${party[2]}` as MessageKey)) };
  }
  return undefined;
}

/** The words for an error of the API as a whole: its code's words in the person's language, else what it said. */
export function apiErrorText(error: unknown): string {
  const code = (error as ApiError | null)?.code;
  if (typeof code === 'string' && `error.${code}` in STRINGS.da) return tr(`error.${code}` as MessageKey);
  return error instanceof Error ? error.message : tr('error.generic');
}

/** Show a refused workshop setup on the create form: the field marked, or the whole error; returns the words for the form's message line. */
export function showSetupError(form: HTMLElement, error: unknown): string {
  const fieldError = setupFieldError(form, error);
  if (!fieldError) {
    clearFieldErrors(form);
    return apiErrorText(error);
  }
  showFieldErrors(form, [fieldError]);
  return tr('form.error.summary');
}
