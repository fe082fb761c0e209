/**
 * Who owns an embedded PostgreSQL directory. `owner.pid` holds the pid of the Node process that
 * started the server in it. The server does not die with its parent: after a `kill -9` of
 * `npm start` it runs on, holding the data directory. The next start reads `owner.pid`: a live
 * owner means another process uses the directory (refused); a dead one means the server still
 * named in PostgreSQL's own `postmaster.pid` is an orphan, which is stopped before we start.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EmbeddedPostgresError } from './embedded-postgres-error';

const OWNER_FILE = 'owner.pid';

/** Whether a process with this pid exists (EPERM: it does, but belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string, line = 0): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.split('\n')[line]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether `pid` is a postgres server on `dataDir` (Linux checks its command line; elsewhere, that it lives). */
function isServerOn(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(argv[0] ?? '') === 'postgres' && argv.includes(dataDir);
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Stops the server a dead owner left on `dataDir`: SIGINT (PostgreSQL's fast shutdown), then
 * SIGKILL after 10 s. Returns its pid, or undefined when none was running. A `postmaster.pid`
 * naming no server (a crash, a reused pid) is removed so PostgreSQL does not refuse to start.
 */
export async function stopOrphan(dataDir: string): Promise<number | undefined> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const pid = readPid(lockFile);
  if (pid === undefined) return undefined;
  if (!isServerOn(pid, dataDir)) {
    rmSync(lockFile, { force: true });
    return undefined;
  }
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 10_000))) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
  return pid;
}

/**
 * Claims `dir` for this process: refuses when a live process owns it, stops the orphan server of
 * a dead owner, then records our pid. Returns the orphan's pid when one was stopped.
 *
 * @example
 * const orphan = await claimDirectory(dir, path.join(dir, 'data'));
 */
export async function claimDirectory(dir: string, dataDir: string): Promise<number | undefined> {
  const ownerFile = path.join(dir, OWNER_FILE);
  const owner = readPid(ownerFile);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new EmbeddedPostgresError(
      `${dir} is in use by process ${owner} (another npm start?); stop it, or set LOCAL_DIR to another folder`,
    );
  }
  const orphan = await stopOrphan(dataDir);
  writeFileSync(ownerFile, `${process.pid}\n`);
  return orphan;
}

/** Gives `dir` up (after the server stopped). */
export function releaseDirectory(dir: string): void {
  if (readPid(path.join(dir, OWNER_FILE)) === process.pid) rmSync(path.join(dir, OWNER_FILE), { force: true });
}
