-- Users: one row per Supabase user; id is the token's `sub`, never generated here.
CREATE TABLE users (
  id             uuid PRIMARY KEY,
  org_id         uuid NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  email          text CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 3 AND 320),
  role           text NOT NULL CONSTRAINT users_role_known CHECK (role IN ('owner', 'admin', 'member')),
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  last_synced_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Member counts and "users of an org" look-ups.
CREATE INDEX users_org_id ON users (org_id);
