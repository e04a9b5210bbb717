/**
 * Which connection each member acts through now. A seat can move to another tab or device
 * (the newer connection wins); a reconnect of the same connection keeps it.
 */
export class Sessions {
  private readonly active = new Map<string, string>();

  /** Make `sessionId` the connection `memberId` acts through; returns the session it replaces, if another. */
  claim(memberId: string, sessionId: string): string | undefined {
    const previous = this.active.get(memberId);
    this.active.set(memberId, sessionId);
    return previous !== undefined && previous !== sessionId ? previous : undefined;
  }

  /** True when `sessionId` is the connection `memberId` acts through now. */
  isActive(memberId: string, sessionId: string): boolean {
    return this.active.get(memberId) === sessionId;
  }

  /** True when `memberId` acts through a connection other than `sessionId`. */
  movedAway(memberId: string, sessionId: string): boolean {
    const active = this.active.get(memberId);
    return active !== undefined && active !== sessionId;
  }

  /** The connection `memberId` acts through, if any. */
  sessionOf(memberId: string): string | undefined {
    return this.active.get(memberId);
  }
}
