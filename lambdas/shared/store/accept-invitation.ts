/**
 * Accepting an invitation: the one way into an org other than creating it. One statement, a
 * call of `accept_invitation` (migration 0007): the inviting org and the caller's current org
 * (if any) are locked in id order, the invitation is re-read under that lock (so of N concurrent
 * accepts of one token exactly one sees it pending), and the caller's users row is created in,
 * or moved to, the inviting org.
 */
import { ApiError } from '../api-error';
import { json, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { hashInvitationToken, INVITATION_NOT_FOUND } from './invitations';
import { LAST_OWNER_MESSAGE } from './members';
import { SEAT_LIMITS } from './plans';
import type { Org, Plan, Role, User } from './types';

export interface AcceptResult {
  user: User;
  org: Org;
}

interface AcceptRow {
  outcome: string;
  user_id: string;
  user_org_id: string;
  user_email: string | null;
  user_role: Role;
  user_created_at: string;
  user_last_synced_at: string;
  org_name: string;
  org_plan: Plan;
  org_created_at: string;
}

const RETRY_MESSAGE = 'your account changed while accepting, retry';

/** The refusals `accept_invitation` (migration 0007) answers with. */
function refusalOf(row: AcceptRow | undefined): ApiError {
  switch (row?.outcome) {
    case 'not_found':
      return new ApiError('not_found', INVITATION_NOT_FOUND);
    case 'email_mismatch':
      return new ApiError(
        'invitation_email_mismatch',
        'this invitation was sent to another email address: sign in with that address to accept it',
      );
    case 'expired':
      return new ApiError('invitation_expired', 'this invitation has expired: ask for a new one');
    case 'changed':
      return new ApiError('service_unavailable', RETRY_MESSAGE);
    case 'already_member':
      return new ApiError('already_member', 'you are already a member of this organization');
    case 'seat_limit':
      return new ApiError(
        'seat_limit_reached',
        `the organization's ${row.org_plan} plan has no free seat for another member: its owner must upgrade the plan`,
      );
    case 'last_owner':
      return new ApiError('last_owner', `you are the last owner of your current organization: ${LAST_OWNER_MESSAGE}`);
    case 'org_not_empty':
      return new ApiError(
        'org_not_empty',
        'you are the only member of your current organization and it still has specs: delete them (or invite someone to keep them) before joining another organization',
      );
    default:
      return new ApiError('internal_error', 'internal error', { cause: new Error(`outcome ${row?.outcome}`) });
  }
}

/**
 * Accepts the invitation whose token is `token` for the verified caller (`userId`, and the
 * token's verified `email`, which must equal the invitation's, case-insensitively).
 * - unknown, revoked, replaced or used token → `not_found`; email differs →
 *   `invitation_email_mismatch`; past its expiry at `now` → `invitation_expired`;
 * - already in this org → `already_member`; the org has no seat for one more member (after a
 *   downgrade) → `seat_limit_reached`;
 * - never synced: the users row is created in the inviting org, no personal org is made;
 * - in another org: refused when they are its last owner and others remain (`last_owner`), or
 *   its only member and it still has specs (`org_not_empty`); an org left empty is deleted.
 * One statement, one Data API call: `accept_invitation` (migration 0007) locks both orgs in id
 * order and re-reads the invitation under the locks.
 */
export async function acceptInvitation(
  db: DataExecutor,
  { token, userId, email, now }: { token: string; userId: string; email: string | null; now: Date },
): Promise<AcceptResult> {
  const { rows } = await db.query<AcceptRow>(
    'SELECT * FROM accept_invitation(:tokenHash, :userId, :email, :now::timestamptz, :seatLimits::jsonb)',
    {
      tokenHash: hashInvitationToken(token),
      userId: uuid(userId),
      email,
      now: now.toISOString(),
      seatLimits: json(SEAT_LIMITS),
    },
  );
  const row = rows[0];
  if (row?.outcome !== 'ok') throw refusalOf(row);
  return {
    user: {
      id: row.user_id,
      orgId: row.user_org_id,
      email: row.user_email,
      role: row.user_role,
      createdAt: row.user_created_at,
      lastSyncedAt: row.user_last_synced_at,
    },
    org: { id: row.user_org_id, name: row.org_name, plan: row.org_plan, createdAt: row.org_created_at },
  };
}
