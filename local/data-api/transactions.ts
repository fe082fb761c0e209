/**
 * Open Data API transactions: each holds its own backend session from BeginTransaction until
 * commit, rollback, a SQL error (which aborts it, as on AWS), or `idleTimeoutMs` without a call.
 * One call at a time per transaction: a second concurrent call is refused at once, as on
 * Aurora Serverless v2.
 */
import { randomBytes } from 'node:crypto';
import type { Backend, Session, SessionTarget, TransactionSession } from './backend';
import { DataApiError } from './errors';

interface OpenTransaction {
  session: TransactionSession;
  busy: boolean;
  timer?: NodeJS.Timeout;
}

/** Events the registry reports (for the server's structured log). */
export type TransactionEvent = { event: 'transaction_expired' | 'transaction_aborted'; transactionId: string };

/** The open transactions of one emulator. */
export class TransactionRegistry {
  private readonly open = new Map<string, OpenTransaction>();

  constructor(
    private readonly backend: Backend,
    private readonly idleTimeoutMs: number,
    private readonly report: (event: TransactionEvent) => void = () => undefined,
  ) {}

  /**
   * Holds a session, issues BEGIN (as `role` when given, see `secret-roles.ts`) and returns the
   * new transaction's id.
   *
   * @example
   * const id = await registry.begin({ database: undefined, role: null });
   */
  async begin(target: SessionTarget): Promise<string> {
    const session = await this.backend.begin(target);
    // The real ids are opaque base64 strings of up to 192 characters.
    const id = randomBytes(96).toString('base64');
    const transaction: OpenTransaction = { session, busy: false };
    this.open.set(id, transaction);
    this.armIdleTimer(id, transaction);
    return id;
  }

  /** Runs `work` on the transaction's session; a failure inside it aborts the transaction. */
  async run<T>(id: string, work: (session: Session) => Promise<T>): Promise<T> {
    const transaction = this.claim(id);
    try {
      return await work(transaction.session);
    } catch (error) {
      if (!(error instanceof DataApiError)) {
        await this.end(id, transaction, 'ROLLBACK').catch(() => undefined);
        this.report({ event: 'transaction_aborted', transactionId: id });
      }
      throw error;
    } finally {
      transaction.busy = false;
      if (this.open.get(id) === transaction) this.armIdleTimer(id, transaction);
    }
  }

  /** Commits; the transaction is gone afterwards whatever COMMIT answers. */
  async commit(id: string): Promise<void> {
    await this.end(id, this.claim(id), 'COMMIT');
  }

  /** Rolls back; the transaction is gone afterwards. */
  async rollback(id: string): Promise<void> {
    await this.end(id, this.claim(id), 'ROLLBACK');
  }

  /** Rolls back every open transaction (server shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.open].map(([id, transaction]) => this.end(id, transaction, 'ROLLBACK').catch(() => undefined)),
    );
  }

  /** How many transactions are open. */
  get size(): number {
    return this.open.size;
  }

  private claim(id: string): OpenTransaction {
    const transaction = this.open.get(id);
    if (!transaction) throw new DataApiError('TransactionNotFoundException', `Transaction ${id} is not found`);
    if (transaction.busy) throw new DataApiError('DatabaseErrorException', 'Transaction is still running a query');
    transaction.busy = true;
    clearTimeout(transaction.timer);
    return transaction;
  }

  private async end(id: string, transaction: OpenTransaction, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    this.open.delete(id);
    clearTimeout(transaction.timer);
    try {
      await transaction.session.query(command);
    } finally {
      await transaction.session.release();
    }
  }

  private armIdleTimer(id: string, transaction: OpenTransaction): void {
    clearTimeout(transaction.timer);
    transaction.timer = setTimeout(() => {
      if (this.open.get(id) !== transaction || transaction.busy) return;
      this.report({ event: 'transaction_expired', transactionId: id });
      void this.end(id, transaction, 'ROLLBACK').catch(() => undefined);
    }, this.idleTimeoutMs);
    transaction.timer.unref();
  }
}
