-- Teams: an org has members (users rows, one org per user, role in users.role), invitations,
-- and an append-only audit log. Seats and roles are enforced by the store under the org's row
-- lock (SELECT … FROM orgs WHERE id = … FOR UPDATE), not by these constraints alone.

-- When a member joined the org they are in now: moving between orgs resets it, created_at does not.
ALTER TABLE users ADD COLUMN joined_at timestamptz(3) NOT NULL DEFAULT now();

-- Members are listed oldest first, id as the tie-break (the list cursor is (joined_at, id)).
CREATE INDEX users_org_joined ON users (org_id, joined_at, id);

-- "Is this email already a member?" compares case-insensitively.
CREATE INDEX users_org_email ON users (org_id, lower(email));

-- A removed or leaving member's users row is deleted, and the specs they created stay with the
-- org. created_by keeps the creator's Supabase id (the same `sub` if they ever come back) rather
-- than being nulled, so the column stays NOT NULL and the API's createdBy keeps its shape; it is
-- a record of who created the spec, not a membership, so it no longer references users.
ALTER TABLE specs DROP CONSTRAINT specs_created_by_fkey;

CREATE TABLE org_invitations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  email       text NOT NULL CONSTRAINT org_invitations_email_lower CHECK (email = lower(email) AND char_length(email) BETWEEN 3 AND 320),
  role        text NOT NULL CONSTRAINT org_invitations_role_known CHECK (role IN ('admin', 'member')),
  -- Hex SHA-256 of the token; the token itself is never stored.
  token_hash  text NOT NULL CONSTRAINT org_invitations_token_hash_unique UNIQUE
                             CONSTRAINT org_invitations_token_hash_hex CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- Who invited (a users id; no reference, so removing the inviter keeps the invitation's history).
  invited_by  uuid NOT NULL,
  -- pending → accepted | revoked | replaced (a re-invite); "expired" is pending past expires_at.
  status      text NOT NULL DEFAULT 'pending'
                CONSTRAINT org_invitations_status_known CHECK (status IN ('pending', 'accepted', 'revoked', 'replaced')),
  created_at  timestamptz(3) NOT NULL,
  expires_at  timestamptz(3) NOT NULL,
  -- When it left `pending`, and, when accepted, by whom.
  closed_at   timestamptz(3),
  accepted_by uuid,
  CONSTRAINT org_invitations_expires_after_created CHECK (expires_at > created_at),
  CONSTRAINT org_invitations_closed_when_not_pending CHECK ((status = 'pending') = (closed_at IS NULL)),
  CONSTRAINT org_invitations_accepted_by_when_accepted CHECK ((status = 'accepted') = (accepted_by IS NOT NULL))
);

-- One pending invitation per (org, email); also the index behind seat counting and the list.
CREATE UNIQUE INDEX org_invitations_one_pending ON org_invitations (org_id, email) WHERE status = 'pending';

-- The audit log: append-only. The application only INSERTs and SELECTs; rows go only with their
-- org (ON DELETE CASCADE when an empty org is deleted).
CREATE TABLE org_events (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id     uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  action     text NOT NULL CONSTRAINT org_events_action_known CHECK (action IN (
               'member.joined', 'member.role_changed', 'member.removed', 'member.left',
               'invitation.created', 'invitation.revoked', 'invitation.accepted',
               'org.renamed', 'org.plan_changed')),
  -- The acting user's id; NULL when the platform (internal API) acted.
  actor_id   uuid,
  -- What was acted on: {"type": "user" | "invitation" | "org", "id": …}.
  target     jsonb NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- clock_timestamp(), not now(): two events of one transaction keep their order.
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);

-- Newest first within an org, id as the tie-break (the list cursor is (created_at, id)).
CREATE INDEX org_events_org_created ON org_events (org_id, created_at DESC, id DESC);
