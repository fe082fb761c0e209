-- Least-privilege roles (docs/DATA.md "Database roles"). The master user runs the migrations and
-- nothing else; the functions connect through the Data API as these roles, each with its own
-- Secrets Manager secret. Roles are created without LOGIN: the migration function gives each its
-- password (and LOGIN) from its secret after the migrations. Roles belong to the whole server, so
-- every statement here is idempotent: a second database on one server, or a re-run, is harmless.
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'intello_app') THEN
    CREATE ROLE intello_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'intello_authorizer') THEN
    CREATE ROLE intello_authorizer NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  END IF;
END
$roles$;

-- No role but the owner creates objects: no tables in public (PostgreSQL 15+ already revokes this
-- from PUBLIC; said again so it holds whatever the server's history), no temporary tables.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- REVOKE names a database, and the migrations do not know theirs: the cluster's, or a test file's.
DO $temp$
BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$temp$;

GRANT USAGE ON SCHEMA public TO intello_app, intello_authorizer;

-- The application role: DML on the application tables, nothing else.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO intello_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO intello_app;

-- The migration ledger is the runner's: the application may read it (a deep health check asks
-- whether the migrations are current) but never write it.
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM intello_app;

-- Tables and sequences that later migrations create (as the migration role, which runs this) are
-- granted to the application role by default. A later table the application must not write
-- says so with its own REVOKE in the migration that creates it.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO intello_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO intello_app;

-- intello_authorizer gets no table yet: the API keys migration grants it SELECT on the keys table
-- and nothing else.
