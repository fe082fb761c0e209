import { ApiError } from '../../../lambdas/shared/api-error';
import {
  MissingAuthorizerContextError,
  tokenCaller,
  USER_NOT_SYNCED_MESSAGE,
  settleCaller,
  userRef,
} from '../../../lambdas/shared/http/auth-context';
import { ROUTES } from '../../../lambdas/routes';
import { authorizerContext } from '../../support/apigw-events';

const sub = '7b0c3f4e-2a51-4d8e-9a0b-6f1f2b3c4d5e';
const now = 1_800_000_000;
const clock = { nowSeconds: now, clockSkewSeconds: 30 };

describe('tokenCaller', () => {
  it('reads the stringified authorizer context', () => {
    const caller = tokenCaller(
      authorizerContext({ sub, email: 'ada@example.com', exp: now + 600, sessionId: 's-1' }),
      clock,
    );
    expect(caller).toEqual({ kind: 'token', userId: sub, email: 'ada@example.com', sessionId: 's-1', exp: now + 600 });
  });

  it('accepts a token past exp but within the leeway', () => {
    expect(tokenCaller(authorizerContext({ sub, exp: now - 30 }), clock).exp).toBe(now - 30);
  });

  it('answers token_expired for a cached Allow whose token expired beyond the leeway', () => {
    const statement = () => tokenCaller(authorizerContext({ sub, exp: now - 31 }), clock);
    expect(statement).toThrow(ApiError);
    expect(statement).toThrow('token has expired, sign in again or refresh the session');
    try {
      statement();
    } catch (error) {
      expect((error as ApiError).code).toBe('token_expired');
      expect((error as ApiError).status).toBe(401);
    }
  });

  it.each([
    ['a missing context', undefined],
    ['a null context', null],
    ['no sub nor principalId', { exp: String(now + 60) }],
    ['a non-UUID sub', { ...authorizerContext({ sub, exp: now + 60 }), sub: 'admin', principalId: 'admin' }],
    [
      'a principalId that differs from sub',
      { ...authorizerContext({ sub, exp: now + 60 }), principalId: '00000000-0000-4000-8000-000000000000' },
    ],
    ['no exp', { ...authorizerContext({ sub, exp: now + 60 }), exp: undefined }],
    ['a non-numeric exp', { ...authorizerContext({ sub, exp: now + 60 }), exp: '1e99' }],
  ])('answers 401 unauthorized for %s (a misconfigured route)', (_, context) => {
    expect(() => tokenCaller(context as Record<string, unknown> | undefined, clock)).toThrow(
      MissingAuthorizerContextError,
    );
  });
});

describe('settleCaller for a person', () => {
  const token = tokenCaller(authorizerContext({ sub, email: 'token@example.com', exp: now + 600 }), clock);
  const route = { ...ROUTES.find((r) => r.operation === 'getMe')!, minRole: 'admin' as const };
  const ref = userRef(token, route, new Date(now * 1000));
  const rowWith = (role: string) => async (id: string) => ({
    id,
    orgId: 'org-from-row',
    role,
    email: 'row@example.com',
  });

  it('takes the org, role and email from the users row, never from the token', async () => {
    const caller = await settleCaller(ref, route, { findCaller: rowWith('owner') });
    expect(caller).toEqual({
      kind: 'user',
      userId: sub,
      orgId: 'org-from-row',
      role: 'owner',
      email: 'row@example.com',
    });
  });

  it('answers 428 user_not_synced with the documented message when there is no row', async () => {
    const promise = settleCaller(ref, route, { findCaller: async () => null });
    await expect(promise).rejects.toThrow(ApiError);
    await expect(promise).rejects.toMatchObject({
      code: 'user_not_synced',
      status: 428,
      message: USER_NOT_SYNCED_MESSAGE,
    });
    expect(USER_NOT_SYNCED_MESSAGE).toBe('user account not synced, call POST /auth/sync first');
  });

  it('answers 403 forbidden when the role in the row is below the route minimum', async () => {
    await expect(settleCaller(ref, route, { findCaller: rowWith('member') })).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
  });
});
