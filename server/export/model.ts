/**
 * What every export shows, worked out once from the plain state: the language, the date,
 * the votes and the agreement (from the state unless the caller passes them), names and
 * labels, and each piece's perception from the reveal's comparison.
 */
import { localized, type ValueCategory, type ValueKind } from '../../shared/deck.ts';
import { compareParty, type PartyComparison, type Perception } from '../../shared/reveal.ts';
import { LOCALES, type Language } from '../../shared/i18n/languages.ts';
import type { Party, PlacedPiece, WorkshopState } from '../../shared/types.ts';

/** The agreement as the exports take it: lines of text, next steps with the owning party. */
export interface AgreementInput {
  sharedValues: readonly (string | { text: string })[];
  openQuestions: readonly (string | { text: string })[];
  nextSteps: readonly { text: string; ownerPartyId: string }[];
}

/** Options every export takes; all optional, the state provides the defaults. */
export interface ExportOptions {
  /** Dot-vote count per piece; by default the state's votes are counted. */
  votesFor?: (pieceId: string) => number;
  /** The agreement to print; by default the state's. */
  agreement?: AgreementInput;
  /** The date printed on the export; by default the workshop's creation time. */
  date?: Date | number;
  /** The language of the export; by default the workshop's. */
  language?: Language;
}

/** The agreement ready to print: plain lines and next steps with their owner resolved. */
export interface ExportAgreement {
  sharedValues: string[];
  openQuestions: string[];
  nextSteps: { text: string; owner: Party | undefined }[];
}

/** Everything an export needs besides the state, resolved once. */
export interface ExportModel {
  state: WorkshopState;
  lang: Language;
  /** The date in the export's language ("14. november 2023" / "14 November 2023"). */
  date: string;
  /** Whether votes are shown (a vote count was given, or the state has votes). */
  hasVotes: boolean;
  votes: (pieceId: string) => number;
  /** The agreement, or undefined when it has no lines. */
  agreement: ExportAgreement | undefined;
  comparisons: PartyComparison[];
  party: (id: string) => Party | undefined;
  kind: (id: string) => ValueKind | undefined;
  category: (kindId: string) => ValueCategory | undefined;
  /** The label a piece shows: its own name for a blank kind, else the kind's label. */
  valueLabel: (piece: Pick<PlacedPiece, 'kindId' | 'label'>) => string;
  perception: (piece: PlacedPiece) => Perception;
}

/** Format `date` as a long date in `lang`, in Danish time (the workshops take place in Denmark). */
export function formatDate(date: Date | number, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Copenhagen',
  }).format(typeof date === 'number' ? new Date(date) : date);
}

const lineText = (line: string | { text: string }) => (typeof line === 'string' ? line : line.text);

/** Resolve the options against the state. */
export function exportModel(state: WorkshopState, options: ExportOptions = {}): ExportModel {
  const lang = options.language ?? state.language;
  const parties = new Map(state.parties.map((p) => [p.id, p]));
  const kinds = new Map(state.kinds.map((k) => [k.id, k]));
  const categories = new Map(state.categories.map((c) => [c.id, c]));

  const counts = new Map<string, number>();
  for (const vote of state.votes) counts.set(vote.pieceId, (counts.get(vote.pieceId) ?? 0) + 1);
  const votes = options.votesFor ?? ((pieceId: string) => counts.get(pieceId) ?? 0);

  const source = options.agreement ?? state.agreement;
  let agreement: ExportAgreement | undefined;
  if (source.sharedValues.length + source.openQuestions.length + source.nextSteps.length > 0) {
    agreement = {
      sharedValues: source.sharedValues.map(lineText),
      openQuestions: source.openQuestions.map(lineText),
      nextSteps: source.nextSteps.map((s) => ({ text: s.text, owner: parties.get(s.ownerPartyId) })),
    };
  }

  const comparisons = state.parties.map((p) => compareParty(state, p.id));
  const perceptions = new Map<string, Perception>();
  for (const comparison of comparisons)
    for (const value of comparison.values) for (const piece of [...(value.own ? [value.own] : []), ...value.partners]) perceptions.set(piece.id, value.perception);

  return {
    state,
    lang,
    date: formatDate(options.date ?? state.createdAt, lang),
    hasVotes: options.votesFor !== undefined || state.votes.length > 0,
    votes,
    agreement,
    comparisons,
    party: (id) => parties.get(id),
    kind: (id) => kinds.get(id),
    category: (kindId) => categories.get(kinds.get(kindId)?.category ?? ''),
    valueLabel: (piece) => piece.label || (kinds.has(piece.kindId) ? localized(kinds.get(piece.kindId)!.label, lang) : piece.kindId),
    perception: (piece) => perceptions.get(piece.id) ?? (piece.placedByPartyId === piece.areaPartyId ? 'unseen' : 'blind-spot'),
  };
}
