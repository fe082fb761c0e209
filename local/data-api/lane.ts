/**
 * A first-come-first-served lock. PGlite is one PostgreSQL session, so the emulator gives it
 * to one holder at a time: a single autocommit statement, or a whole Data API transaction from
 * BeginTransaction to Commit/Rollback, so one client's open transaction never captures another
 * client's statements.
 */
export class Lane {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  /**
   * Waits for the lane and returns the function that gives it back (idempotent).
   *
   * @example
   * const release = await lane.acquire();
   * try { await work(); } finally { release(); }
   */
  async acquire(): Promise<() => void> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    };
  }

  /** How many callers are queued behind the holder. */
  get queued(): number {
    return this.waiting.length;
  }
}
