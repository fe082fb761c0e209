/**
 * Per-statement overhead of the local Data API, measured in one run and printed side by side:
 * the same statement issued (1) directly on the backend (PGlite in-process / `pg` on one
 * connection) and (2) through the emulator path the Lambdas use locally
 * (`@aws-sdk/client-rds-data` → HTTP → emulator → PGlite worker / `pg` pool).
 * PostgreSQL is measured too when `DATABASE_URL` is set. Rounds alternate between the two paths
 * so drift on a shared machine hits both; the figures are medians of per-round means.
 * Run with `npm run bench:data-api`.
 */
import { ExecuteStatementCommand, RDSDataClient, type SqlParameter } from '@aws-sdk/client-rds-data';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { startDataApiServer, type DataApiServerOptions } from '../local/data-api/server';

const ROUNDS = 7;
const PER_ROUND = 200;
const TABLE = 'bench_data_api';

interface Statement {
  label: string;
  /** The statement in Data API form (named parameters). */
  sql: string;
  params: (i: number) => SqlParameter[];
  /** The same statement in positional form with its values, for the direct path. */
  direct: { sql: string; values: (i: number) => unknown[] };
}

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i % 1000).padStart(12, '0')}`;
const STATEMENTS: Statement[] = [
  { label: 'SELECT 1', sql: 'SELECT 1', params: () => [], direct: { sql: 'SELECT 1', values: () => [] } },
  {
    label: 'point read by uuid',
    sql: `SELECT id, name, created_at FROM ${TABLE} WHERE id = :id`,
    params: (i) => [{ name: 'id', value: { stringValue: uuid(i) }, typeHint: 'UUID' }],
    direct: { sql: `SELECT id, name, created_at FROM ${TABLE} WHERE id = $1::uuid`, values: (i) => [uuid(i)] },
  },
  {
    label: 'update one row',
    sql: `UPDATE ${TABLE} SET name = :name WHERE id = :id`,
    params: (i) => [
      { name: 'name', value: { stringValue: `n${i}` } },
      { name: 'id', value: { stringValue: uuid(i) }, typeHint: 'UUID' },
    ],
    direct: { sql: `UPDATE ${TABLE} SET name = $1 WHERE id = $2::uuid`, values: (i) => [`n${i}`, uuid(i)] },
  },
];

const SETUP = [
  `DROP TABLE IF EXISTS ${TABLE}`,
  `CREATE TABLE ${TABLE} (id uuid PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  `INSERT INTO ${TABLE} (id, name) SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'n' || g FROM generate_series(0, 999) g`,
];

type Run = (i: number) => Promise<unknown>;

async function meanMicros(run: Run): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < PER_ROUND; i += 1) await run(i);
  return ((performance.now() - started) * 1000) / PER_ROUND;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(direct: Run, emulated: Run): Promise<{ direct: number; emulated: number }> {
  await meanMicros(direct);
  await meanMicros(emulated);
  const d: number[] = [];
  const e: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    d.push(await meanMicros(direct));
    e.push(await meanMicros(emulated));
  }
  return { direct: median(d), emulated: median(e) };
}

interface DirectBackend {
  query(sql: string, values: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

async function benchBackend(
  name: string,
  backend: DataApiServerOptions['backend'],
  direct: DirectBackend,
): Promise<string[]> {
  const server = await startDataApiServer({ backend });
  const client = new RDSDataClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const target = { resourceArn: server.resourceArn, secretArn: server.secretArn, database: server.database };
  const rows: string[] = [];
  try {
    // The PGlite paths are two databases (in-process and the emulator's worker); PostgreSQL is one.
    for (const sql of SETUP) await direct.query(sql, []);
    if (backend.kind === 'pglite')
      for (const sql of SETUP) await client.send(new ExecuteStatementCommand({ ...target, sql }));
    for (const statement of STATEMENTS) {
      const result = await measure(
        (i) => direct.query(statement.direct.sql, statement.direct.values(i)),
        (i) =>
          client.send(new ExecuteStatementCommand({ ...target, sql: statement.sql, parameters: statement.params(i) })),
      );
      rows.push(
        [
          name.padEnd(10),
          statement.label.padEnd(20),
          result.direct.toFixed(0).padStart(10),
          result.emulated.toFixed(0).padStart(12),
          (result.emulated - result.direct).toFixed(0).padStart(10),
          `${(result.emulated / result.direct).toFixed(1)}×`.padStart(7),
        ].join(' '),
      );
    }
  } finally {
    await direct.query(`DROP TABLE IF EXISTS ${TABLE}`, []).catch(() => undefined);
    await client
      .send(new ExecuteStatementCommand({ ...target, sql: `DROP TABLE IF EXISTS ${TABLE}` }))
      .catch(() => undefined);
    client.destroy();
    await server.close();
    await direct.close();
  }
  return rows;
}

console.log(`Per-statement latency, µs (median of ${ROUNDS} rounds × ${PER_ROUND} sequential statements)`);
console.log(
  [
    'backend'.padEnd(10),
    'statement'.padEnd(20),
    'direct'.padStart(10),
    'SDK→emulator'.padStart(12),
    'overhead'.padStart(10),
    'ratio'.padStart(7),
  ].join(' '),
);

// PGlite: the direct path is an in-process instance; the emulator runs its own in a worker.
const dataDirLess = new PGlite();
await dataDirLess.waitReady;
for (const row of await benchBackend(
  'pglite',
  { kind: 'pglite' },
  {
    query: (sql, values) => dataDirLess.query(sql, values),
    close: () => dataDirLess.close(),
  },
))
  console.log(row);

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  const connection = new pg.Client({ connectionString: databaseUrl });
  await connection.connect();
  for (const row of await benchBackend(
    'postgres',
    { kind: 'postgres', connectionString: databaseUrl },
    {
      query: (sql, values) => connection.query(sql, values),
      close: () => connection.end(),
    },
  ))
    console.log(row);
} else {
  console.log('postgres   (skipped: set DATABASE_URL to measure a real PostgreSQL server)');
}
