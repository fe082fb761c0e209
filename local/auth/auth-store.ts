/**
 * The emulator's data: users, sessions and refresh tokens, with GoTrue's semantics. A session is
 * one sign-in; its refresh tokens form a chain (each one used exactly once, its child issued in
 * its place); deleting a session deletes its refresh tokens. Refresh tokens are kept only as
 * SHA-256 hashes, passwords only as scrypt hashes. Every change is reported to `onChange` so the
 * caller can persist it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  userMetadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  emailConfirmedAt: string;
  lastSignInAt: string | null;
  identityId: string;
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
  sessionId: string;
  parentHash: string | null;
  revoked: boolean;
  createdAt: string;
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
  ) {
    for (const user of snapshot.users) this.indexUser({ ...user });
    for (const session of snapshot.sessions) this.sessions.set(session.id, { ...session });
    for (const token of snapshot.refreshTokens) this.refreshTokens.set(token.tokenHash, { ...token });
  }

  snapshot(): AuthStoreSnapshot {
    return {
      users: [...this.users.values()],
      sessions: [...this.sessions.values()],
      refreshTokens: [...this.refreshTokens.values()],
    };
  }

  findUserById(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  /** `email` must already be normalized (lower case). */
  findUserByEmail(email: string): UserRecord | undefined {
    return this.usersByEmail.get(email);
  }

  /** Creates a confirmed user; `undefined` when the email is taken (a concurrent signup won). */
  createUser(input: {
    email: string;
    passwordHash: string;
    userMetadata: Record<string, unknown>;
  }): UserRecord | undefined {
    if (this.usersByEmail.has(input.email)) return undefined;
    const now = new Date().toISOString();
    const user: UserRecord = {
      id: randomUUID(),
      email: input.email,
      passwordHash: input.passwordHash,
      userMetadata: input.userMetadata,
      createdAt: now,
      updatedAt: now,
      emailConfirmedAt: now,
      lastSignInAt: null,
      identityId: randomUUID(),
    };
    this.indexUser(user);
    this.onChange();
    return user;
  }

  /** Starts a session (one sign-in) for the user, recording how they authenticated. */
  createSession(userId: string, method: string): SessionRecord {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    const now = new Date();
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
    const now = new Date().toISOString();
    if (parent) {
      parent.revoked = true;
      parent.updatedAt = now;
      const session = this.sessions.get(sessionId);
      if (session) session.refreshedAt = now;
    }
    this.refreshTokens.set(hashToken(token), {
      tokenHash: hashToken(token),
      sessionId,
      parentHash: parent?.tokenHash ?? null,
      revoked: false,
      createdAt: now,
      updatedAt: now,
    });
    this.onChange();
    return token;
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(hashToken(token));
  }

  /** Revokes every refresh token of the session: what GoTrue does when a spent token is replayed. */
  revokeTokenFamily(sessionId: string): void {
    const now = new Date().toISOString();
    for (const token of this.refreshTokens.values()) {
      if (token.sessionId === sessionId && !token.revoked) {
        token.revoked = true;
        token.updatedAt = now;
      }
    }
    this.onChange();
  }

  /**
   * Deletes sessions, and with them their refresh tokens: `global` every session of the user,
   * `local` only `sessionId`, `others` all but `sessionId`.
   */
  logout(userId: string, sessionId: string | null, scope: LogoutScope): void {
    const doomed = new Set<string>();
    for (const session of this.sessions.values()) {
      if (session.userId !== userId) continue;
      const isThis = session.id === sessionId;
      if (scope === 'global' || (scope === 'local' && isThis) || (scope === 'others' && !isThis))
        doomed.add(session.id);
    }
    for (const id of doomed) this.sessions.delete(id);
    for (const [hash, token] of this.refreshTokens) {
      if (doomed.has(token.sessionId)) this.refreshTokens.delete(hash);
    }
    this.onChange();
  }

  private indexUser(user: UserRecord): void {
    this.users.set(user.id, user);
    this.usersByEmail.set(user.email, user);
  }
}
