/**
 * Names for the statements the emulator sees again and again, so PostgreSQL parses and plans
 * them once per connection rather than on every call. An app statement (the caller's row
 * composed with the operation's SQL) took 0.45 ms to plan and 0.17 ms to run; planned once, a
 * call costs about a fifth (docs/PERFORMANCE.md, "After the second profile").
 *
 * Only what cannot change an answer is named:
 * - a query or DML (`SELECT`, `WITH`, `INSERT`, …), never a utility statement;
 * - outside a Data API transaction only, where a stale plan's error can be retried (below);
 * - from its second sighting, so one-off SQL never holds server memory;
 * - at most {@link PER_CONNECTION} names per connection.
 *
 * PostgreSQL re-plans a named statement by itself after DDL on the tables it reads, and checks
 * privileges at every execution. The one thing it will not do is change a `SELECT *`'s result
 * columns: it answers `0A000 cached plan must not change result type` at Bind, before the
 * statement runs. So names are forgotten whenever a statement through the emulator may have
 * changed a table (its command tag), and a statement that still meets that error (DDL made by
 * other means) is run again unnamed: see `postgres-backend.ts`.
 */

import { mayChangeColumns } from './source-columns';

/** Names kept per connection; past it, statements go unnamed on that connection. */
export const PER_CONNECTION = 200;
/**
 * Distinct statements remembered (an app has tens); the memory is dropped when it fills, so at
 * most 500 texts of the 64 KiB the service allows are held, as in the SQL scan's memory.
 */
const REMEMBERED = 500;

const NAMEABLE = /^\s*\(*\s*(?:select|with|insert|update|delete|merge|values|table)\b/i;

/** The error PostgreSQL raises when a named statement's result columns changed under it. */
export function isStalePlanError(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}

/** The statement names of one emulator, shared by all its connections. */
export class PreparedStatements {
  /** Statement (parameter types and text) → its name, or null when seen once. */
  private readonly seen = new Map<string, string | null>();
  private readonly namedOn = new WeakMap<object, Set<string>>();
  private generation = 0;
  private next = 0;

  /**
   * The name to run `text` under on `connection`, or undefined to run it unnamed.
   *
   * @example
   * statements.nameFor(client, 'SELECT * FROM orgs WHERE id = $1', [2950], 'intello_app'); // undefined, then 'dapi_0_1'
   */
  nameFor(connection: object, text: string, types: number[], role: string | null): string | undefined {
    if (!NAMEABLE.test(text)) return undefined;
    // The role is part of the statement: PostgreSQL checks some privileges (a schema's USAGE)
    // only when it parses, so a statement parsed as the owner must not run named as a role.
    const key = `${role ?? ''}\u0000${types.join(',')}\u0000${text}`;
    let name = this.seen.get(key);
    if (name === undefined) {
      if (this.seen.size >= REMEMBERED) this.seen.clear();
      this.seen.set(key, null);
      return undefined;
    }
    if (name === null) {
      name = `dapi_${this.generation}_${++this.next}`;
      this.seen.set(key, name);
    }
    let names = this.namedOn.get(connection);
    if (names === undefined) this.namedOn.set(connection, (names = new Set()));
    if (!names.has(name)) {
      if (names.size >= PER_CONNECTION) return undefined;
      names.add(name);
    }
    return name;
  }

  /** Whether `connection` holds as many names as it may: better closed than kept without them. */
  full(connection: object): boolean {
    return (this.namedOn.get(connection)?.size ?? 0) >= PER_CONNECTION;
  }

  /** Called with the command tag of every statement; forgets every name after possible DDL. */
  noteCommand(command: string): void {
    if (mayChangeColumns(command)) this.forget();
  }

  /** New names for every statement from now on (the old ones are left unused on their connections). */
  forget(): void {
    this.seen.clear();
    this.generation += 1;
  }
}
