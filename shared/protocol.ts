/**
 * Every message between client and server, in one place. Client → server messages are
 * untrusted: the server parses each with `parseClientMessage` before anything else sees it.
 */
import { z } from 'zod';
import { LANGUAGES } from './i18n/languages.ts';
import { BOARD_SIZE } from './geometry.ts';
import { FIELD_LIMITS, MAX_DOTS, MAX_PARTICIPANTS, MAX_RETENTION_MONTHS, TIMER_SECONDS } from './limits.ts';
import { ACTION_REFUSALS, type RejectionCode } from './errors.ts';
import { PHASES, type Role } from './types.ts';

/** The lists of the agreement. */
export const AGREEMENT_LISTS = ['sharedValues', 'openQuestions', 'nextSteps'] as const;

/** Version of this protocol; a client speaking another gets `protocol-version`. */
export const PROTOCOL_VERSION = 3;

/** Longest note on a piece. */
export const NOTE_MAX = FIELD_LIMITS.note;
/** Longest name of a blank "own value" piece. */
export const LABEL_MAX = FIELD_LIMITS.label;
/** Longest display name of a person. */
export const NAME_MAX = FIELD_LIMITS.personName;

const version = z.literal(PROTOCOL_VERSION);
/** A client-chosen id for an action, echoed in the answer so it can be matched (and later deduplicated). */
const actionId = z.string().min(1).max(64).regex(/^[\w.:-]+$/);
const id = z.string().min(1).max(64).regex(/^[\w-]+$/);
// Board coordinates: finite and in a generous margin around the board (drags may leave it).
const coordinate = z.number().finite().min(-BOARD_SIZE).max(2 * BOARD_SIZE);
/** A point on the board: where a piece was dropped, which the layout takes as "near here". */
const point = z.object({ x: coordinate, y: coordinate }).strict();
const text = (max: number) => z.string().max(max);
/** A name or title: surrounding spaces are dropped before the length check. */
const name = (max: number) => z.string().trim().min(1).max(max);
const importance = z.number().int().min(1).max(3);

const action = <T extends z.ZodRawShape>(shape: T) => z.object({ v: version, aid: actionId, ...shape }).strict();

/** Schemas of every client → server message, keyed by the Colyseus message type. */
export const clientMessages = {
  /**
   * Lay a value kind from the tray in a party's area (since protocol 2; a point before): the
   * server chooses the slot, the free one of the placer's sub-zone nearest to `near` (a drop point),
   * or the first free one without it (tap-to-place, the keyboard).
   */
  place: action({
    kindId: id,
    areaPartyId: id,
    near: point.optional(),
    /** Name of a blank "own value" piece. */
    label: text(LABEL_MAX).optional(),
    note: text(NOTE_MAX).optional(),
    importance: importance.optional(),
    /** Facilitator only: the party the piece is placed for. */
    forPartyId: id.optional(),
  }),
  /** Take hold of a placed piece to drag it. */
  grab: action({ pieceId: id }),
  /** Let go of a held piece without moving it. */
  release: action({ pieceId: id }),
  /**
   * Put a piece elsewhere (releases it): into the area of `areaPartyId` (its own area when absent),
   * at the free slot nearest to `near` (where it is, or the first free slot in another area, without it).
   */
  move: action({ pieceId: id, areaPartyId: id.optional(), near: point.optional() }),
  /** Change a piece's note, importance or (for a blank kind) name. */
  edit: action({
    pieceId: id,
    note: text(NOTE_MAX).optional(),
    importance: importance.optional(),
    label: text(LABEL_MAX).optional(),
  }),
  /** Take a piece off the board. */
  remove: action({ pieceId: id }),
  /** Transient drag position of a held piece or of a kind being dragged from the tray; never stored. */
  drag: z
    .object({ v: version, x: coordinate, y: coordinate, pieceId: id.optional(), kindId: id.optional() })
    .strict()
    .refine((m) => (m.pieceId === undefined) !== (m.kindId === undefined), 'exactly one of pieceId and kindId'),
  /** The tray drag ended without a drop on the board. */
  'drag-end': z.object({ v: version }).strict(),
  /** Facilitator: change the workshop's title, focus question or the collaboration's name. */
  'update-workshop': action({
    title: name(FIELD_LIMITS.title).optional(),
    focus: text(FIELD_LIMITS.focus).optional(),
    collaboration: text(FIELD_LIMITS.collaboration).optional(),
    partnerView: z.boolean().optional(),
    maxParticipants: z.number().int().min(2).max(MAX_PARTICIPANTS).optional(),
    retentionMonths: z.number().int().min(1).max(MAX_RETENTION_MONTHS).optional(),
  }),
  /** Facilitator: rename or recolour a party. */
  'update-party': action({
    partyId: id,
    name: name(FIELD_LIMITS.partyName).optional(),
    shortName: name(FIELD_LIMITS.partyShortName).optional(),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  }),
  /** Facilitator: add a party (up to 8). */
  'add-party': action({
    name: name(FIELD_LIMITS.partyName),
    shortName: name(FIELD_LIMITS.partyShortName).optional(),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  }),
  /** Facilitator: remove a party that nobody has joined and that holds no pieces. */
  'remove-party': action({ partyId: id }),
  /** Facilitator: move the workshop to a phase (forwards or back). */
  'set-phase': action({ phase: z.enum(PHASES) }),
  /** Facilitator: open or close the workshop to new participants. */
  'set-open': action({ open: z.boolean() }),
  /** Facilitator: let newcomers in only once admitted one by one (true), or let everyone in again, the waiting too (false). */
  'set-approval': action({ approveJoins: z.boolean() }),
  /** Facilitator: let a waiting participant or screen in. */
  admit: action({ memberId: id }),
  /** Facilitator: remove a participant from the workshop (its seat is banned), or turn away a waiting screen. */
  kick: action({ memberId: id }),
  /** Facilitator: lock or unlock the board (when locked only the facilitator changes it). */
  lock: action({ locked: z.boolean() }),
  /** Facilitator: spotlight a party or a piece, or nothing. */
  spotlight: action({ kind: z.enum(['none', 'party', 'piece']), id: z.string().max(64).regex(/^[\w-]*$/) }),
  /** Facilitator: open or close the dot-vote, set the dots each participant gets, show or hide the result. */
  voting: action({ open: z.boolean().optional(), dots: z.number().int().min(1).max(MAX_DOTS).optional(), shown: z.boolean().optional() }),
  /** Participant: put one of their dots on a piece. */
  vote: action({ pieceId: id }),
  /** Participant: take one of their dots back from a piece. */
  unvote: action({ pieceId: id }),
  /** Facilitator: start, pause or reset the shared timer (reset may set a new length). */
  timer: action({ op: z.enum(['start', 'pause', 'reset']), seconds: z.number().int().min(TIMER_SECONDS.min).max(TIMER_SECONDS.max).optional() }),
  /** Facilitator: add a line to the agreement. */
  'agreement-add': action({ list: z.enum(AGREEMENT_LISTS), text: name(FIELD_LIMITS.agreementText), ownerPartyId: id.optional() }),
  /** Facilitator: change a line of the agreement. */
  'agreement-update': action({ list: z.enum(AGREEMENT_LISTS), itemId: id, text: name(FIELD_LIMITS.agreementText).optional(), ownerPartyId: id.optional() }),
  /** Facilitator: remove a line of the agreement. */
  'agreement-remove': action({ list: z.enum(AGREEMENT_LISTS), itemId: id }),
  /** Facilitator: add a custom value kind to this workshop's deck. */
  'add-kind': action({ label: name(LABEL_MAX), description: text(FIELD_LIMITS.kindDescription).optional(), category: id }),
  /** Facilitator: make an extra facilitator key for a co-facilitator (answered with the key). */
  'create-co-key': action({}),
  /** Facilitator: replace every facilitator key with a new one; old links stop working at once (answered with the key). */
  'rotate-key': action({}),
  /** Undo: a participant their own last change, the facilitator the last change of anyone. */
  undo: action({}),
  /** Anyone: the language this person reads error messages in. */
  'set-language': action({ language: z.enum(LANGUAGES) }),
} as const;

/** The Colyseus message types a client may send. */
export type ClientMessageType = keyof typeof clientMessages;
/** The parsed payload of a client message of type `T`. */
export type ClientMessage<T extends ClientMessageType = ClientMessageType> = z.infer<(typeof clientMessages)[T]>;
/** A parsed client message together with its type. */
export type AnyClientMessage = { [T in ClientMessageType]: { type: T; payload: ClientMessage<T> } }[ClientMessageType];

/** Stable codes for every way a message or an action can be refused (the list lives in shared/errors.ts). */
export const REJECTION_CODES = ACTION_REFUSALS;
/** A stable rejection code. */
export type { RejectionCode };

/** The outcome of parsing one client message. */
export type ParseResult =
  | { ok: true; message: AnyClientMessage }
  | { ok: false; code: RejectionCode; detail: string; aid?: string };

/** Validate an untrusted message: known type, right version, right shape. Never throws. */
export function parseClientMessage(type: unknown, payload: unknown): ParseResult {
  try {
    return parseUnsafe(type, payload);
  } catch {
    // hostile payloads (throwing getters, proxies) end here instead of in the room
    return { ok: false, code: 'bad-message', detail: 'unreadable message' };
  }
}

function parseUnsafe(type: unknown, payload: unknown): ParseResult {
  const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  const rawAid = isObject ? (payload as { aid?: unknown }).aid : undefined;
  const aid = typeof rawAid === 'string' && /^[\w.:-]{1,64}$/.test(rawAid) ? rawAid : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(clientMessages, type)) {
    return { ok: false, code: 'unknown-message', detail: typeof type === 'string' ? type.slice(0, 40) : typeof type, aid };
  }
  if (!isObject) return { ok: false, code: 'bad-message', detail: 'the message must be an object', aid };
  if ((payload as { v?: unknown }).v !== PROTOCOL_VERSION) return { ok: false, code: 'protocol-version', detail: `expected v=${PROTOCOL_VERSION}`, aid };
  const schema = clientMessages[type as ClientMessageType];
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join('.') || '(message)'}: ${issue.message}` : 'invalid';
    return { ok: false, code: 'bad-message', detail, aid };
  }
  return { ok: true, message: { type, payload: parsed.data } as AnyClientMessage };
}

/**
 * Why join options that do not parse are refused: another protocol version — a page older (or
 * newer) than the server, which only a reload mends — or a malformed join.
 */
export function joinOptionsRefusal(options: unknown): 'protocol-version' | 'bad-message' {
  const v = typeof options === 'object' && options !== null ? (options as { v?: unknown }).v : undefined;
  return v === PROTOCOL_VERSION ? 'bad-message' : 'protocol-version';
}

/** How a person joins a workshop room (the options of `joinOrCreate`). */
export const JoinOptions = z.discriminatedUnion('role', [
  z
    .object({
      role: z.literal('participant'),
      v: version,
      workshopId: id,
      code: z.string().min(1).max(FIELD_LIMITS.typedJoinCode),
      name: z.string().trim().min(1).max(NAME_MAX),
      partyId: id,
      language: z.enum(LANGUAGES).optional(),
    })
    .strict(),
  z.object({ role: z.literal('screen'), v: version, workshopId: id, code: z.string().min(1).max(FIELD_LIMITS.typedJoinCode), language: z.enum(LANGUAGES).optional() }).strict(),
  /** A participant coming back (after a reload, or on another device) with the seat token from its welcome. */
  z
    .object({
      role: z.literal('rejoin'),
      v: version,
      workshopId: id,
      code: z.string().min(1).max(FIELD_LIMITS.typedJoinCode),
      seat: z.string().min(16).max(128),
      language: z.enum(LANGUAGES).optional(),
    })
    .strict(),
  z
    .object({
      role: z.literal('facilitator'),
      v: version,
      workshopId: id,
      key: z.string().min(16).max(128),
      name: z.string().trim().min(1).max(NAME_MAX).optional(),
      language: z.enum(LANGUAGES).optional(),
    })
    .strict(),
]);
/** Parsed join options. */
export type JoinOptions = z.infer<typeof JoinOptions>;

// ---- server → client ---------------------------------------------------------------------

/** Every message the server sends, keyed by type. */
export interface ServerMessages {
  /** Sent once on join: who this connection is. */
  welcome: { memberId: string; role: Role; partyId: string; protocol: number; /** PUBLIC_URL, or '' to use the page's own origin. */ baseUrl: string; /** The server's clock (ms since epoch), so timers count down alike everywhere. */ serverTime: number; /** A participant's seat token: keep it to come back as the same member. */ seatToken?: string };
  /** An action was accepted. */
  ack: { aid: string; pieceId?: string; /** A new facilitator key, only in answer to create-co-key and rotate-key. */ key?: string };
  /** A message or action was refused; the client stays connected. */
  error: { aid?: string; code: RejectionCode; message: string; detail?: string };
  /**
   * Live drags of others (since protocol 2; one `drag` message per drag before): what the room
   * received in one turn of its event loop, at most one frame per receiver per turn. `moves` holds
   * the latest position of each dragger that moved (a held piece or a kind from the tray), `ends`
   * the members whose drag ended (dropped, cancelled or gone). A member is in at most one of them.
   * Since protocol 3 a batch that carries others' drags may carry the receiver's own position too
   * (the whole room shares one encoded frame): a client skips its own memberId. A batch holding
   * only the receiver's own drag is never sent.
   */
  drags: { moves: { memberId: string; partyId: string; pieceId?: string; kindId?: string; x: number; y: number }[]; ends: string[] };
}
