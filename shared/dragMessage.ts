/**
 * The live drag message, checked by hand. Drags arrive up to 30 times a second per dragger, so
 * the room checks them without zod; this accepts exactly what `clientMessages.drag` in
 * protocol.ts accepts (test/shared/dragMessage.test.ts holds the two together on random input).
 * A message refused here goes the slow way, through parseClientMessage, which says why.
 */
import { BOARD_SIZE } from './geometry.ts';
import { PROTOCOL_VERSION, type ClientMessage } from './protocol.ts';

const MIN = -BOARD_SIZE;
const MAX = 2 * BOARD_SIZE;
// the protocol's id: 1 to 64 of [A-Za-z0-9_-], each one UTF-16 unit, so the length check is the same
const ID = /^[\w-]{1,64}$/;

const isCoordinate = (value: unknown): boolean => typeof value === 'number' && value >= MIN && value <= MAX;
const isOptionalId = (value: unknown): boolean => value === undefined || (typeof value === 'string' && ID.test(value));

/** True when `payload` is a well-formed drag of this protocol version (never throws on what msgpack decodes). */
export function isDragMessage(payload: unknown): payload is ClientMessage<'drag'> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const message = payload as Record<string, unknown>;
  // zod's strict object: every enumerable key (inherited ones too) must be one of the declared
  for (const key in message) {
    if (key !== 'v' && key !== 'x' && key !== 'y' && key !== 'pieceId' && key !== 'kindId') return false;
  }
  const { v, x, y, pieceId, kindId } = message;
  // the comparisons refuse NaN; ±Infinity are outside the range
  return v === PROTOCOL_VERSION && isCoordinate(x) && isCoordinate(y) && isOptionalId(pieceId) && isOptionalId(kindId) && (pieceId === undefined) !== (kindId === undefined);
}
