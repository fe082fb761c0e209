/**
 * The role each pooled connection runs under. A call under a role secret runs as that role
 * (`secret-roles.ts`); a connection keeps the role it was last switched to, so a call under the
 * role it already has costs one statement, not three (`SET ROLE`, the statement, `RESET ROLE`):
 * docs/PERFORMANCE.md, "After the second profile".
 *
 * The session user is the server's owner, so SQL can switch the role itself. A connection that
 * may have been switched by anything but this class is never pooled again:
 * - SQL whose text may switch it (below), matched comments and strings included;
 * - any change PostgreSQL reports of `is_superuser` (a ParameterStatus message, sent whenever the
 *   current role's superuser flag changes): this catches a switch made where the text does not
 *   show it, inside a function or through `EXECUTE`;
 * - a switch of ours that failed.
 */
import type pg from 'pg';

const MAY_CHANGE_ROLE =
  /\b(?:set\s+(?:session\s+|local\s+)?role|reset\s+(?:role|all)|session\s+authorization|discard)\b|\bset_config\s*\(/i;

interface RoleState {
  /** The role we put the session under (null: the connection's own user); undefined: unknown. */
  role: string | null | undefined;
  /** PostgreSQL reported an `is_superuser` change since our last switch. */
  reported: boolean;
}

/** The part of `pg`'s connection that hears the server's ParameterStatus messages. */
interface PgConnection {
  on(event: 'parameterStatus', listener: (message: { parameterName: string }) => void): void;
}

/** The roles of one backend's connections. */
export class SessionRoles {
  private readonly states = new WeakMap<pg.PoolClient, RoleState>();

  /**
   * Puts the session under `role` (null: the connection's own user) unless it already is. If the
   * switch fails, the role is unknown and {@link intact} says so.
   */
  async enter(client: pg.PoolClient, role: string | null): Promise<void> {
    const state = this.stateOf(client);
    if (state.role !== role || state.reported) {
      state.role = undefined;
      await client.query(role === null ? 'RESET ROLE' : `SET SESSION ROLE "${role.replaceAll('"', '""')}"`);
      state.role = role;
    }
    state.reported = false;
  }

  /** Called with every statement's text before it runs. */
  noteSql(client: pg.PoolClient, sql: string): void {
    if (MAY_CHANGE_ROLE.test(sql)) this.stateOf(client).role = undefined;
  }

  /** Whether the session is still under the role of our last switch, so the connection may be pooled. */
  intact(client: pg.PoolClient): boolean {
    const state = this.stateOf(client);
    return state.role !== undefined && !state.reported;
  }

  private stateOf(client: pg.PoolClient): RoleState {
    let state = this.states.get(client);
    if (state === undefined) {
      const created: RoleState = { role: null, reported: false };
      const { connection } = client as unknown as { connection: PgConnection };
      connection.on('parameterStatus', (message) => {
        if (message.parameterName === 'is_superuser') created.reported = true;
      });
      this.states.set(client, created);
      state = created;
    }
    return state;
  }
}
