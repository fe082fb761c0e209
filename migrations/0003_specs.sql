-- Specs belong to one org; names are unique within it.
CREATE TABLE specs (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id     uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name       text NOT NULL CONSTRAINT specs_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
  source_url text CONSTRAINT specs_source_url_length CHECK (char_length(source_url) BETWEEN 1 AND 2048),
  created_by uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT specs_org_name_unique UNIQUE (org_id, name),
  CONSTRAINT specs_updated_after_created CHECK (updated_at >= created_at)
);

-- The list order: newest first within an org, id as the tie-break (see the store's cursor).
CREATE INDEX specs_org_created ON specs (org_id, created_at DESC, id DESC);

-- updated_at moves on every update even when a caller forgets to set it.
CREATE FUNCTION specs_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  -- A ';' here must not split the statement: the runner skips dollar-quoted bodies.
  NEW.updated_at := greatest(now(), OLD.created_at);
  RETURN NEW;
END;
$body$;

CREATE TRIGGER specs_touch_updated_at
  BEFORE UPDATE ON specs
  FOR EACH ROW EXECUTE FUNCTION specs_touch_updated_at();
