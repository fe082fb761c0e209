import { AuthStore } from '../../../../local/auth/auth-store';

function storeWithUser() {
  let changes = 0;
  const store = new AuthStore({ users: [], sessions: [], refreshTokens: [] }, () => {
    changes += 1;
  });
  const user = store.createUser({ email: 'ada@example.com', passwordHash: 'scrypt$…', userMetadata: {} })!;
  return { store, user, changes: () => changes };
}

describe('the auth store', () => {
  it('refuses a second user with the same email', () => {
    const { store } = storeWithUser();

    expect(store.createUser({ email: 'ada@example.com', passwordHash: 'x', userMetadata: {} })).toBeUndefined();
  });

  it('finds a refresh token by its value but persists only its hash', () => {
    const { store, user } = storeWithUser();
    const session = store.createSession(user.id, 'password');

    const token = store.issueRefreshToken(session.id, null);

    expect(store.findRefreshToken(token)).toMatchObject({ sessionId: session.id, revoked: false, parentHash: null });
    expect(JSON.stringify(store.snapshot())).not.toContain(token);
  });

  it("names the session's currently active token: the last one issued that is not revoked", () => {
    const { store, user } = storeWithUser();
    const session = store.createSession(user.id, 'password');
    const first = store.issueRefreshToken(session.id, null);
    const second = store.issueRefreshToken(session.id, store.findRefreshToken(first)!);

    expect(store.activeRefreshToken(session.id)).toMatchObject({ token: second, parentHash: expect.any(String) });
    store.revokeTokenFamily(session.id);
    expect(store.activeRefreshToken(session.id)).toBeUndefined();
  });

  it('spends the parent when it issues its child', () => {
    const { store, user } = storeWithUser();
    const session = store.createSession(user.id, 'password');
    const first = store.issueRefreshToken(session.id, null);

    const second = store.issueRefreshToken(session.id, store.findRefreshToken(first)!);

    expect(store.findRefreshToken(first)!.revoked).toBe(true);
    expect(store.findRefreshToken(second)).toMatchObject({
      revoked: false,
      parentHash: store.findRefreshToken(first)!.tokenHash,
    });
    expect(store.findSession(session.id)!.refreshedAt).not.toBeNull();
  });

  it('revokes the whole family of a session and nothing else', () => {
    const { store, user } = storeWithUser();
    const one = store.createSession(user.id, 'password');
    const other = store.createSession(user.id, 'password');
    const a = store.issueRefreshToken(one.id, null);
    const b = store.issueRefreshToken(one.id, store.findRefreshToken(a)!);
    const c = store.issueRefreshToken(other.id, null);

    store.revokeTokenFamily(one.id);

    expect(store.findRefreshToken(b)!.revoked).toBe(true);
    expect(store.findRefreshToken(c)!.revoked).toBe(false);
  });

  it.each([
    ['global', [false, false, true]],
    ['local', [false, true, true]],
    ['others', [true, false, true]],
  ] as const)("logs out with scope %s and deletes the ended sessions' refresh tokens", (scope, survivors) => {
    const { store, user } = storeWithUser();
    const someoneElse = store.createUser({ email: 'bob@example.com', passwordHash: 'x', userMetadata: {} })!;
    const sessions = [
      store.createSession(user.id, 'password'),
      store.createSession(user.id, 'password'),
      store.createSession(someoneElse.id, 'password'),
    ];
    const tokens = sessions.map((session) => store.issueRefreshToken(session.id, null));

    store.logout(user.id, sessions[0]!.id, scope);

    expect(sessions.map((session) => store.findSession(session.id) !== undefined)).toEqual(survivors);
    expect(tokens.map((token) => store.findRefreshToken(token) !== undefined)).toEqual(survivors);
  });

  it('records the sign-in on the user and reports every change', () => {
    const { store, user, changes } = storeWithUser();
    const before = changes();

    const session = store.createSession(user.id, 'password');

    expect(store.findUserById(user.id)!.lastSignInAt).toBe(session.createdAt);
    expect(session.amr).toEqual([{ method: 'password', timestamp: Math.floor(Date.parse(session.createdAt) / 1000) }]);
    expect(changes()).toBe(before + 1);
  });
});
