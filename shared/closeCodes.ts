/**
 * WebSocket close codes the server ends a connection with, named once for server and client.
 * 4001 is Colyseus's own SERVER_SHUTDOWN: it means "rejoin with backoff", whether one process
 * stops or a process of a deployment drains.
 */
export const CLOSE_CODES = {
  /** A facilitator removed this participant. */
  kicked: 4000,
  /** The server (or this process of a deployment) is stopping: come back with backoff. */
  shutdown: 4001,
  /** The facilitator key this connection used was rotated away. */
  wrongKey: 4003,
  /** The workshop was deleted. */
  workshopDeleted: 4004,
  /** Too many messages over the limits: the connection was closed for abuse. */
  rateLimited: 4008,
  /** The same seat is now used on another device or tab. */
  seatTaken: 4009,
} as const;

/** A close code from CLOSE_CODES. */
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
