-- Org API keys (issue 16): machine credentials an org owns. A key belongs to the org, not to a
-- person: created_by records who created it and references nothing, so the key survives its
-- creator leaving. Only SHA-256 of the whole key is stored; the secret is shown once.
CREATE TABLE org_api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Deleting an org deletes its keys: a key of a deleted org is simply not found.
  org_id       uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name         text NOT NULL CONSTRAINT org_api_keys_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
  -- Hex SHA-256 of the whole key (prefix and checksum included).
  key_hash     text NOT NULL CONSTRAINT org_api_keys_key_hash_hex CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  -- The prefix and the first 4 random characters, for display (`intello_sk_AbCd`).
  start        text NOT NULL CONSTRAINT org_api_keys_start_shape CHECK (start ~ '^intello_sk_[0-9A-Za-z]{4}$'),
  scopes       text[] NOT NULL CONSTRAINT org_api_keys_scopes_known
                 CHECK (cardinality(scopes) BETWEEN 1 AND 2 AND scopes <@ ARRAY['specs:read', 'specs:write']::text[]),
  -- The users id of the admin or owner who created it; no reference (see above).
  created_by   uuid NOT NULL,
  created_at   timestamptz(3) NOT NULL,
  expires_at   timestamptz(3) NOT NULL,
  revoked_at   timestamptz(3),
  -- Written at most once a minute per key by the request functions, never by the authorizer.
  last_used_at timestamptz(3),
  CONSTRAINT org_api_keys_expires_after_created CHECK (expires_at > created_at)
);

-- The authorizer's and the handlers' lookup: one key per hash, O(1).
CREATE UNIQUE INDEX org_api_keys_key_hash ON org_api_keys (key_hash);

-- The management list: newest first within an org, id as the tie-break.
CREATE INDEX org_api_keys_org_created ON org_api_keys (org_id, created_at DESC, id DESC);

-- The authorizer reads this table and nothing else (intello_app has DML through the default
-- privileges of 0004).
GRANT SELECT ON org_api_keys TO intello_authorizer;

-- The audit log learns the two key events.
ALTER TABLE org_events DROP CONSTRAINT org_events_action_known;
ALTER TABLE org_events ADD CONSTRAINT org_events_action_known CHECK (action IN (
  'member.joined', 'member.role_changed', 'member.removed', 'member.left',
  'invitation.created', 'invitation.revoked', 'invitation.accepted',
  'org.renamed', 'org.plan_changed',
  'api_key.created', 'api_key.revoked'));
