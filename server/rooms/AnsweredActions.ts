/**
 * The answers a room gave, per member and action id, so an action resent after a reconnect is
 * applied once and answered again; and the actions still being stored, so a copy arriving
 * meanwhile is not applied twice.
 */
import type { ServerMessages } from '../../shared/protocol.ts';

/** An answer to one action. */
export type ActionAnswer = ServerMessages['ack'] | ServerMessages['error'];

/** How many answers are kept per member. */
const KEPT_PER_MEMBER = 200;

/** Answered and in-flight actions of one room. */
export class AnsweredActions {
  private readonly answers = new Map<string, Map<string, ActionAnswer>>();
  private readonly inFlight = new Set<string>();

  /** The answer already given to `aid` of `memberId`, if any. */
  earlier(memberId: string, aid: string): ActionAnswer | undefined {
    return this.answers.get(memberId)?.get(aid);
  }

  /** Keep the answer to an action id (the last KEPT_PER_MEMBER per member). */
  remember(memberId: string, aid: string, answer: ActionAnswer): void {
    let answers = this.answers.get(memberId);
    if (!answers) this.answers.set(memberId, (answers = new Map()));
    answers.set(aid, answer);
    if (answers.size > KEPT_PER_MEMBER) answers.delete(answers.keys().next().value!);
  }

  /** True when the action is accepted and still being stored. */
  isInFlight(memberId: string, aid: string): boolean {
    return this.inFlight.has(flightKey(memberId, aid));
  }

  /** Mark the action as being stored (true) or settled (false). */
  setInFlight(memberId: string, aid: string, flying: boolean): void {
    if (flying) this.inFlight.add(flightKey(memberId, aid));
    else this.inFlight.delete(flightKey(memberId, aid));
  }
}

function flightKey(memberId: string, aid: string): string {
  return `${memberId}\u0000${aid}`;
}
