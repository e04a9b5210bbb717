/**
 * The game's own client (client/net/WorkshopConnection.ts) in Node, for the deployment tests:
 * joins, places pieces and watches connections come back after a process stops or dies.
 */
import { vi } from 'vitest';
import { WorkshopConnection } from '../../client/net/WorkshopConnection.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';

/** A joined participant and what it has been told was stored. */
export interface Participant {
  connection: WorkshopConnection;
  memberId: string;
  partyIndex: number;
  /** Ids of the pieces whose place was acknowledged. */
  acked: string[];
}

/** Join as a participant of party `partyIndex` through `origin`. */
export async function joinParticipant(origin: string, workshop: { id: string; code: string; partyIds: string[] }, name: string, partyIndex: number): Promise<Participant> {
  const connection = await WorkshopConnection.join({ role: 'participant', workshopId: workshop.id, code: workshop.code, name, partyId: workshop.partyIds[partyIndex]!, language: 'da' }, origin);
  return { connection, memberId: connection.me.memberId, partyIndex, acked: [] };
}

/** Place a piece of kind `kindId` in the participant's own area; resolves with its id once acknowledged (throws when refused). */
export async function place(participant: Participant, workshop: { partyIds: string[] }, kindId: string, slot = 0): Promise<string> {
  const partyCount = workshop.partyIds.length;
  // protocol 2 places into an area (the server picks the slot); protocol 1 at a board point
  const fields =
    PROTOCOL_VERSION >= 2
      ? { kindId, areaPartyId: workshop.partyIds[participant.partyIndex]! }
      : { kindId, ...areaSlotPoint(partyCount, participant.partyIndex, slot) };
  const answer = await participant.connection.act('place', fields as never);
  if (!answer.ok) throw new Error(`place ${kindId} refused: ${answer.code}`);
  participant.acked.push(answer.pieceId!);
  return answer.pieceId!;
}

/** Resolves once `connection` is connected again after a drop, with its state holding every piece in `pieceIds`. */
export async function backWithPieces(connection: WorkshopConnection, pieceIds: string[], timeoutMs: number): Promise<void> {
  await vi.waitFor(
    () => {
      if (connection.status !== 'connected') throw new Error(`status ${connection.status}`);
      const have = new Set(connection.state.pieces.map((p) => p.id));
      const missing = pieceIds.filter((id) => !have.has(id));
      if (missing.length) throw new Error(`missing pieces ${missing.join(', ')}`);
    },
    { timeout: timeoutMs, interval: 50 },
  );
}

/** Resolves when `connection` reports a status other than 'connected' (it was dropped or told to go). */
export function dropped(connection: WorkshopConnection, timeoutMs = 30_000): Promise<void> {
  if (connection.status !== 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    const stop = connection.on('status', (status) => {
      if (status === 'connected') return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/** Resolves with the moment (performance.now()) `connection` next reports 'connected'. */
export function reconnectedAt(connection: WorkshopConnection, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected again within ${timeoutMs} ms`)), timeoutMs);
    const stop = connection.on('status', (status) => {
      if (status !== 'connected') return;
      clearTimeout(timer);
      stop();
      resolve(performance.now());
    });
  });
}
