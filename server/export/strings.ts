/**
 * Strings the exports need that the shared i18n tables do not have yet. Same keys in both
 * languages; meant to move into shared/i18n/da.ts and en.ts.
 */
import type { Language } from '../../shared/i18n/languages.ts';

const da = {
  'export.report': 'Rapport',
  'export.date': 'Dato',
  'export.parties': 'Parter',
  'export.categories': 'Kategorier',
  'export.board': 'Spillepladen',
  'export.key': 'Brikkens kant og mærke: den part, der lagde den. Prikker: vigtighed (1–3).',
  'export.key.votes': 'Tal i cirklen: stemmer.',
  'export.values': 'Værdier pr. part',
  'export.values.lead': 'For hver part: værdibrikkerne i partens felt – partens eget syn over for partnernes syn.',
  'export.perception.shared': 'Fælles',
  'export.perception.blind-spot': 'Blind vinkel',
  'export.perception.unseen': 'Uset',
  'export.perception.shared.explain': 'Parten selv og mindst én partner har lagt værdien.',
  'export.perception.blind-spot.explain': 'Partnerne ser værdien for parten, men parten har ikke selv lagt den.',
  'export.perception.unseen.explain': 'Parten har selv lagt værdien, men ingen partner har lagt den.',
  'export.view.own': 'Eget syn',
  'export.view.partner': 'Partnersyn',
  'export.byFacilitator': 'via tovholder',
  'export.col.party': 'Part',
  'export.col.value': 'Værdi',
  'export.col.category': 'Kategori',
  'export.col.placedBy': 'Lagt af',
  'export.col.view': 'Syn',
  'export.col.perception': 'Opfattelse',
  'export.col.importance': 'Vigtighed',
  'export.col.votes': 'Stemmer',
  'export.col.note': 'Note',
  'export.summary': 'Værdier: {values} · Fælles: {shared} · Blind vinkel: {blindSpots} · Uset: {unseen}',
  'export.party.empty': 'Ingen værdibrikker i partens felt.',
  'export.balance': 'Balance',
  'export.balance.lead': 'Hvor meget værdi hver part får ifølge brikkerne i partens felt.',
  'export.col.pieces': 'Brikker',
  'export.col.own': 'Egne',
  'export.col.fromPartners': 'Fra partnere',
  'export.col.importanceSum': 'Samlet vigtighed',
  'export.balance.low': 'Lav',
  'export.balance.warning': 'Er samarbejdet meningsfuldt for alle?',
  'export.balance.warningDetail': 'Få eller ingen værdier for: {parties}.',
  'export.agreement': 'Aftale',
  'export.agreement.sharedValues': 'Fælles værdier',
  'export.agreement.openQuestions': 'Åbne spørgsmål',
  'export.agreement.nextSteps': 'Næste skridt',
  'export.agreement.step': 'Skridt',
  'export.agreement.owner': 'Ansvarlig',
  'export.page': 'Side {page} af {pages}',
  'export.continued': '(fortsat)',
} as const;

/** A key of the export strings. */
export type ExportStringKey = keyof typeof da;

const en: Record<ExportStringKey, string> = {
  'export.report': 'Report',
  'export.date': 'Date',
  'export.parties': 'Parties',
  'export.categories': 'Categories',
  'export.board': 'The board',
  'export.key': "A piece's edge and tag: the party that placed it. Dots: importance (1–3).",
  'export.key.votes': 'Number in the circle: votes.',
  'export.values': 'Values per party',
  'export.values.lead': "For each party: the value pieces in its area – the party's own view against its partners' view.",
  'export.perception.shared': 'Shared',
  'export.perception.blind-spot': 'Blind spot',
  'export.perception.unseen': 'Unseen',
  'export.perception.shared.explain': 'The party itself and at least one partner placed the value.',
  'export.perception.blind-spot.explain': 'Partners see this value for the party, but the party did not place it itself.',
  'export.perception.unseen.explain': 'The party placed the value itself, but no partner did.',
  'export.view.own': 'Own view',
  'export.view.partner': 'Partner view',
  'export.byFacilitator': 'via facilitator',
  'export.col.party': 'Party',
  'export.col.value': 'Value',
  'export.col.category': 'Category',
  'export.col.placedBy': 'Placed by',
  'export.col.view': 'View',
  'export.col.perception': 'Perception',
  'export.col.importance': 'Importance',
  'export.col.votes': 'Votes',
  'export.col.note': 'Note',
  'export.summary': 'Values: {values} · Shared: {shared} · Blind spots: {blindSpots} · Unseen: {unseen}',
  'export.party.empty': "No value pieces in the party's area.",
  'export.balance': 'Balance',
  'export.balance.lead': "How much value each party receives, going by the pieces in its area.",
  'export.col.pieces': 'Pieces',
  'export.col.own': 'Own',
  'export.col.fromPartners': 'From partners',
  'export.col.importanceSum': 'Total importance',
  'export.balance.low': 'Low',
  'export.balance.warning': 'Is the collaboration meaningful for all?',
  'export.balance.warningDetail': 'Little or no value for: {parties}.',
  'export.agreement': 'Agreement',
  'export.agreement.sharedValues': 'Shared values',
  'export.agreement.openQuestions': 'Open questions',
  'export.agreement.nextSteps': 'Next steps',
  'export.agreement.step': 'Step',
  'export.agreement.owner': 'Owner',
  'export.page': 'Page {page} of {pages}',
  'export.continued': '(continued)',
};

/** The export strings per language. */
export const exportStrings: Record<Language, Record<ExportStringKey, string>> = { da, en };

/** The export string `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function exportText(lang: Language, key: ExportStringKey, params: Record<string, string | number> = {}): string {
  const template = exportStrings[lang]?.[key] ?? exportStrings.da[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
