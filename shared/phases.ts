/** What each phase allows. The rules read this table; the facilitator moves between phases. */
import { PHASES, type Phase } from './types.ts';

/** Where participants may place pieces in a phase: nowhere, in their own area, in others' areas, or anywhere. */
export type Placing = 'none' | 'own' | 'others' | 'any';

/** The rules of one phase. */
export interface PhaseRules {
  placing: Placing;
  /** Whether participants may move, edit and remove their party's pieces. */
  editing: boolean;
  /** Whether a party's pieces are hidden from other parties (they see only counts). */
  hidden: boolean;
}

/** The rules of every phase. */
export const PHASE_RULES: Record<Phase, PhaseRules> = {
  lobby: { placing: 'none', editing: false, hidden: true },
  'own-value': { placing: 'own', editing: true, hidden: true },
  'partner-view': { placing: 'others', editing: true, hidden: true },
  reveal: { placing: 'none', editing: false, hidden: false },
  dialogue: { placing: 'none', editing: true, hidden: false },
  agreement: { placing: 'none', editing: false, hidden: false },
  open: { placing: 'any', editing: true, hidden: false },
};

/** The phases in which participants may move, edit and remove their party's pieces. */
export const EDITING_PHASES: readonly Phase[] = PHASES.filter((phase) => PHASE_RULES[phase].editing);
