/**
 * `GET /api/me`: the caller and their org, in one Data API call (the caller's row and the org
 * read in one statement). A person sees `{user, org}`; an org API key sees `{apiKey, org}`.
 */
import { ApiError } from '../shared/api-error';
import type { DataExecutor } from '../shared/data-api/types';
import { actorIdOf } from '../shared/http/api-key-caller';
import { operation } from '../shared/http/operation';
import { presentOrg, presentUser } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { getOrg } from '../shared/store/orgs';

export interface MeDeps {
  db: DataExecutor;
  store: { getOrg: typeof getOrg };
}

export const meOperations = {
  getMe: operation<MeDeps, CallerRef>()({
    run: async function getMe({ auth }, deps) {
      const org = await deps.store.getOrg(deps.db, { caller: auth });
      // users.org_id references orgs with ON DELETE RESTRICT, and a key goes with its org (ON
      // DELETE CASCADE): a missing org is a broken invariant.
      if (org?.readBy === undefined)
        throw new ApiError('internal_error', 'internal error', {
          cause: new Error(`org of caller ${actorIdOf(auth)} not found`),
        });
      const caller = org.readBy;
      if (caller.kind === 'orgApiKey') {
        const { keyId, name, scopes, start, expiresAt } = caller;
        return { status: 200, body: { apiKey: { id: keyId, name, scopes, start, expiresAt }, org: presentOrg(org) } };
      }
      return {
        status: 200,
        body: {
          user: presentUser({ id: caller.userId, email: caller.email, role: caller.role }),
          org: presentOrg(org),
        },
      };
    },
  }),
};
