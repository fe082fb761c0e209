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
   * Waits for the lane and returns the function that gives it back (idempotent). After
   * `timeoutMs` of waiting it rejects with `onTimeout()` and leaves the queue.
   *
   * @example
   * const release = await lane.acquire(45_000, () => new Error('busy'));
   * try { await work(); } finally { release(); }
   */
  async acquire(
    timeoutMs = Infinity,
    onTimeout: () => Error = () => new Error('Timed out waiting for the lane'),
  ): Promise<() => void> {
    if (this.held) {
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = Number.isFinite(timeoutMs)
          ? setTimeout(() => {
              this.waiting.splice(this.waiting.indexOf(turn), 1);
              reject(onTimeout());
            }, timeoutMs)
          : undefined;
        this.waiting.push(turn);
      });
    }
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
