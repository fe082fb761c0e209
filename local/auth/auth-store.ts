/**
 * The emulator's data: users, sessions and refresh tokens, with GoTrue's semantics. A session is
 * one sign-in; its refresh tokens form a chain (each one spent by its use, its child issued in
 * its place); deleting a session deletes its refresh tokens. Refresh tokens are looked up by
 * SHA-256 hash and persisted only as such; a live one keeps its value in memory, because GoTrue
 * answers a forgiven reuse with the session's current token. Passwords are kept only as scrypt
 * hashes. Time comes from the injected clock, so tests
 * can drive it. Every change is reported to `onChange` so the caller can persist it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  userMetadata: Record<string, unknown>;
  /** Beyond `{provider, providers}`, which are always set; absent in states written before it existed. */
  appMetadata?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** `null` for a user an admin created without `email_confirm`. */
  emailConfirmedAt: string | null;
  lastSignInAt: string | null;
  identityId: string;
  /**
   * True for a user made through the admin API: GoTrue copies the email identity's fields into
   * `user_metadata` at sign-up only. Absent (false) for signed-up users and older states.
   */
  createdByAdmin?: boolean;
}

export interface AmrEntry {
  method: string;
  timestamp: number;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: string;
  refreshedAt: string | null;
  amr: AmrEntry[];
}

export interface RefreshTokenRecord {
  tokenHash: string;
  /** The token itself while it is live (not revoked), in memory only; dropped once spent. */
  token?: string;
  sessionId: string;
  parentHash: string | null;
  revoked: boolean;
  createdAt: string;
  /** When it was last changed: for a spent token, when it was spent (GoTrue's reuse interval counts from it). */
  updatedAt: string;
}

/** Everything the store holds, as persisted. */
export interface AuthStoreSnapshot {
  users: UserRecord[];
  sessions: SessionRecord[];
  refreshTokens: RefreshTokenRecord[];
}

export type LogoutScope = 'global' | 'local' | 'others';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * In-memory tables with the operations the endpoints need.
 *
 * @example
 * const store = new AuthStore({ users: [], sessions: [], refreshTokens: [] }, () => persist());
 * const user = store.createUser({ email: 'a@example.com', passwordHash, userMetadata: {} });
 * const session = store.createSession(user.id, 'password');
 * const refreshToken = store.issueRefreshToken(session.id, null);
 */
export class AuthStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly usersByEmail = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(
    snapshot: AuthStoreSnapshot,
    private readonly onChange: () => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const user of snapshot.users) this.indexUser({ ...user });
    for (const session of snapshot.sessions) this.sessions.set(session.id, { ...session });
    for (const token of snapshot.refreshTokens) this.refreshTokens.set(token.tokenHash, { ...token });
  }

  snapshot(): AuthStoreSnapshot {
    return {
      users: [...this.users.values()],
      sessions: [...this.sessions.values()],
      // A live token's value stays in memory: never on disk (after a restart a forgiven reuse
      // cannot answer with the current token, and the reuse interval decides alone).
      refreshTokens: [...this.refreshTokens.values()].map(({ token: _inMemoryOnly, ...persisted }) => persisted),
    };
  }

  findUserById(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  /** `email` must already be normalized (lower case). */
  findUserByEmail(email: string): UserRecord | undefined {
    return this.usersByEmail.get(email);
  }

  /** Every user, newest first (GoTrue's default order for the admin list). */
  listUsers(): UserRecord[] {
    return [...this.users.values()].reverse();
  }

  /**
   * Creates a user, confirmed unless `emailConfirmed` is false; `undefined` when the email or the
   * id is taken (a concurrent signup won).
   */
  createUser(input: {
    email: string;
    passwordHash: string;
    userMetadata: Record<string, unknown>;
    appMetadata?: Record<string, unknown>;
    emailConfirmed?: boolean;
    id?: string;
    createdByAdmin?: boolean;
  }): UserRecord | undefined {
    if (this.usersByEmail.has(input.email) || (input.id && this.users.has(input.id))) return undefined;
    const now = this.now().toISOString();
    const user: UserRecord = {
      id: input.id ?? randomUUID(),
      email: input.email,
      passwordHash: input.passwordHash,
      userMetadata: input.userMetadata,
      appMetadata: input.appMetadata ?? {},
      createdAt: now,
      updatedAt: now,
      emailConfirmedAt: input.emailConfirmed === false ? null : now,
      lastSignInAt: null,
      identityId: randomUUID(),
      ...(input.createdByAdmin ? { createdByAdmin: true } : {}),
    };
    this.indexUser(user);
    this.onChange();
    return user;
  }

  /**
   * Applies a change to a user; `false` (and nothing changed) when the new email belongs to
   * another user. A new password ends the user's other sessions, every one when `keepSessionId`
   * is null, as GoTrue's `UpdatePassword` does.
   */
  updateUser(
    user: UserRecord,
    change: {
      email?: string;
      passwordHash?: string;
      keepSessionId?: string | null;
      userMetadata?: Record<string, unknown>;
      appMetadata?: Record<string, unknown>;
      confirmEmail?: boolean;
    },
  ): boolean {
    if (change.email !== undefined && change.email !== user.email) {
      if (this.usersByEmail.has(change.email)) return false;
      this.usersByEmail.delete(user.email);
      user.email = change.email;
      this.usersByEmail.set(user.email, user);
    }
    const now = this.now().toISOString();
    if (change.passwordHash !== undefined) {
      user.passwordHash = change.passwordHash;
      this.deleteSessions((session) => session.userId === user.id && session.id !== change.keepSessionId);
    }
    if (change.userMetadata) user.userMetadata = mergeMetadata(user.userMetadata, change.userMetadata);
    if (change.appMetadata) user.appMetadata = mergeMetadata(user.appMetadata ?? {}, change.appMetadata);
    if (change.confirmEmail && !user.emailConfirmedAt) user.emailConfirmedAt = now;
    user.updatedAt = now;
    this.onChange();
    return true;
  }

  /** Deletes the user with its sessions and refresh tokens. */
  deleteUser(user: UserRecord): void {
    this.users.delete(user.id);
    this.usersByEmail.delete(user.email);
    this.deleteSessions((session) => session.userId === user.id);
    this.onChange();
  }

  /** Starts a session (one sign-in) for the user, recording how they authenticated. */
  createSession(userId: string, method: string): SessionRecord {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    const now = this.now();
    user.lastSignInAt = now.toISOString();
    user.updatedAt = user.lastSignInAt;
    const session: SessionRecord = {
      id: randomUUID(),
      userId,
      createdAt: now.toISOString(),
      refreshedAt: null,
      amr: [{ method, timestamp: Math.floor(now.getTime() / 1000) }],
    };
    this.sessions.set(session.id, session);
    this.onChange();
    return session;
  }

  findSession(id: string): SessionRecord | undefined {
    return this.sessions.get(id);
  }

  /** Issues a refresh token in the session, spending `parent` if given. Returns the token itself. */
  issueRefreshToken(sessionId: string, parent: RefreshTokenRecord | null): string {
    const token = randomBytes(24).toString('base64url');
    const now = this.now().toISOString();
    if (parent) this.spend(parent, now);
    const record: RefreshTokenRecord = {
      tokenHash: hashToken(token),
      token,
      sessionId,
      parentHash: parent?.tokenHash ?? null,
      revoked: false,
      createdAt: now,
      updatedAt: now,
    };
    this.refreshTokens.set(record.tokenHash, record);
    this.onChange();
    return token;
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(hashToken(token));
  }

  /**
   * The session's currently active refresh token (the last one issued that is not revoked), as
   * GoTrue's `FindCurrentlyActiveRefreshToken`.
   */
  activeRefreshToken(sessionId: string): RefreshTokenRecord | undefined {
    let active: RefreshTokenRecord | undefined;
    for (const token of this.refreshTokens.values()) {
      if (token.sessionId === sessionId && !token.revoked) active = token;
    }
    return active;
  }

  /** Records a refresh of the session that issued no new refresh token (GoTrue's forgiven reuse). */
  markRefreshed(session: SessionRecord): void {
    session.refreshedAt = this.now().toISOString();
    this.onChange();
  }

  /** Revokes every refresh token of the session: what GoTrue does when a spent token is replayed. */
  revokeTokenFamily(sessionId: string): void {
    const now = this.now().toISOString();
    for (const token of this.refreshTokens.values()) {
      if (token.sessionId === sessionId && !token.revoked) {
        token.revoked = true;
        token.updatedAt = now;
        delete token.token;
      }
    }
    this.onChange();
  }

  /**
   * Deletes sessions, and with them their refresh tokens: `global` every session of the user,
   * `local` only `sessionId`, `others` all but `sessionId`.
   */
  logout(userId: string, sessionId: string | null, scope: LogoutScope): void {
    this.deleteSessions((session) => {
      if (session.userId !== userId) return false;
      const isThis = session.id === sessionId;
      return scope === 'global' || (scope === 'local' && isThis) || (scope === 'others' && !isThis);
    });
    this.onChange();
  }

  private spend(token: RefreshTokenRecord, now: string): void {
    // GoTrue marks the token revoked again on every swap, which moves its `updated_at` (and so
    // the end of its reuse interval) to now, even for a token spent before.
    token.revoked = true;
    token.updatedAt = now;
    delete token.token;
    const session = this.sessions.get(token.sessionId);
    if (session) session.refreshedAt = now;
  }

  private deleteSessions(doomed: (session: SessionRecord) => boolean): void {
    const ids = new Set<string>();
    for (const session of this.sessions.values()) if (doomed(session)) ids.add(session.id);
    for (const id of ids) this.sessions.delete(id);
    for (const [hash, token] of this.refreshTokens) {
      if (ids.has(token.sessionId)) this.refreshTokens.delete(hash);
    }
  }

  private indexUser(user: UserRecord): void {
    this.users.set(user.id, user);
    this.usersByEmail.set(user.email, user);
  }
}

/** GoTrue's metadata update: each key set, or removed when its value is `null`. */
function mergeMetadata(current: Record<string, unknown>, updates: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
