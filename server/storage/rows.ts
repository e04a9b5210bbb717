/** What the SQL stores share: the action log's row and how it becomes a LoggedAction. */
import { ROLES, type Role } from '../../shared/types.ts';
import type { LoggedAction } from './WorkshopStore.ts';

/** One row of the action log, as the SQLite and PostgreSQL stores select it. */
export interface ActionRow {
  seq: number;
  at: number;
  member_id: string;
  role: string;
  party_id: string;
  type: string;
  /** The action as JSON text. */
  action: string;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** The log entry a row holds; throws when the row is not one this code wrote. */
export function loggedActionFromRow(workshopId: string, row: ActionRow): LoggedAction {
  if (!isRole(row.role)) throw new Error(`action ${row.seq} of workshop ${workshopId}: unknown role ${JSON.stringify(row.role)}`);
  return {
    seq: row.seq,
    at: row.at,
    memberId: row.member_id,
    role: row.role,
    partyId: row.party_id,
    type: row.type,
    action: JSON.parse(row.action) as unknown,
  };
}

/** The action as JSON text for the log; `undefined` (which JSON cannot hold) is kept as null. */
export function actionJson(entry: LoggedAction): string {
  return JSON.stringify(entry.action) ?? 'null';
}
