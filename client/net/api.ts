/** Calls to the HTTP API. */
import type { WorkshopSetup } from '../../shared/setup.ts';
import type { WorkshopState } from '../../shared/types.ts';

/** Public facts about a workshop, as GET /api/workshops/:code gives them (server/http.ts publicInfo). */
export type WorkshopInfo = Pick<WorkshopState, 'id' | 'code' | 'title' | 'focus' | 'collaboration' | 'language' | 'open' | 'phase' | 'parties'> & {
  participantUrl: string;
  screenUrl: string;
};

/** What the facilitator gets when creating a workshop. */
export interface CreatedWorkshop {
  id: string;
  code: string;
  facilitatorKey: string;
  participantUrl: string;
  screenUrl: string;
  facilitatorUrl: string;
}

/** Create a workshop; throws an Error whose message names the bad field. */
export async function createWorkshop(setup: WorkshopSetup): Promise<CreatedWorkshop> {
  const res = await fetch('/api/workshops', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(setup) });
  const body = await res.json();
  // the code and the refused field go with the error, so the form can mark the field in the person's language
  if (!res.ok) throw Object.assign(new Error(body.message ?? res.statusText), { code: body.error, field: body.field });
  return body as CreatedWorkshop;
}

/** Look a workshop up by its join code; undefined when there is none. */
export async function findWorkshop(code: string): Promise<WorkshopInfo | undefined> {
  const res = await fetch(`/api/workshops/${encodeURIComponent(code)}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(res.statusText);
  return (await res.json()) as WorkshopInfo;
}
