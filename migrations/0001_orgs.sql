-- Organisations: every tenant row hangs off one. Times are timestamptz(3): millisecond precision,
-- so a time read back through the Data API and a JS Date round-trip exactly (list cursors rely on it).
CREATE TABLE orgs (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL CONSTRAINT orgs_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
  plan       text NOT NULL DEFAULT 'free' CONSTRAINT orgs_plan_known CHECK (plan IN ('free', 'pro', 'enterprise')),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
