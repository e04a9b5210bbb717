/** Turn an error from the server (a join refusal or a rejected action) into words. */
import { tr, type MessageKey } from '../i18n.ts';
import { STRINGS } from '../../shared/i18n/index.ts';

/** The human text for a rejection code or a thrown join error. */
export function errorText(error: unknown): string {
  const code = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const key = `error.${code}` as MessageKey;
  return key in STRINGS.da ? tr(key) : tr('error.generic');
}
