/**
 * Per-statement overhead of the local Data API, measured in one run and printed side by side:
 * the same statement issued (1) directly on the server (`pg` on one connection), (2) as the
 * ExecuteStatement JSON POSTed to the emulator with Node's `http` (keep-alive, response parsed),
 * and (3) through the path the Lambdas use locally (`@aws-sdk/client-rds-data` → HTTP →
 * emulator → `pg` pool). (3) − (2) is the SDK's own cost per call (middleware, serialization,
 * SigV4, its HTTP handler), which the deployed functions pay on AWS too. The server is a
 * throwaway embedded PostgreSQL 17, or the one of `DATABASE_URL`. Rounds alternate between the
 * paths so drift on a shared machine hits all three; the figures are medians of per-round means.
 * Run with `npm run bench:data-api`.
 */
import http from 'node:http';
import { ExecuteStatementCommand, RDSDataClient, type SqlParameter } from '@aws-sdk/client-rds-data';
import pg from 'pg';
import { openLocalDatabase } from '../local/data-api/local-database';
import { startDataApiServer } from '../local/data-api/server';

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

const UNSIGNED =
  'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/rds-data/aws4_request, SignedHeaders=host, Signature=0';

async function meanMicros(run: Run): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < PER_ROUND; i += 1) await run(i);
  return ((performance.now() - started) * 1000) / PER_ROUND;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(paths: Run[]): Promise<number[]> {
  for (const path of paths) await meanMicros(path);
  const rounds: number[][] = paths.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1)
    for (const [i, path] of paths.entries()) rounds[i]!.push(await meanMicros(path));
  return rounds.map(median);
}

/**
 * POSTs `body` to the emulator's ExecuteStatement route and parses the answer, as a client without
 * the SDK would. The emulator wants an `Authorization` header but checks no signature: a constant
 * one stands in, so the SDK's signing is part of what (3) − (2) measures.
 */
function rawPost(url: URL, agent: http.Agent, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: UNSIGNED,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('aborted', () => reject(new Error('the emulator closed the response early')));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200)
            return reject(new Error(`emulator answered ${response.statusCode}: ${text}`));
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface DirectBackend {
  query(sql: string, values: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

async function benchBackend(name: string, connectionString: string, direct: DirectBackend): Promise<string[]> {
  const server = await startDataApiServer({ connectionString });
  const client = new RDSDataClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const target = { resourceArn: server.resourceArn, secretArn: server.secretArn, database: server.database };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const executeUrl = new URL('/Execute', server.url);
  const rows: string[] = [];
  try {
    for (const sql of SETUP) await direct.query(sql, []);
    for (const statement of STATEMENTS) {
      const [viaPg, viaHttp, viaSdk] = await measure([
        (i) => direct.query(statement.direct.sql, statement.direct.values(i)),
        (i) =>
          rawPost(
            executeUrl,
            agent,
            JSON.stringify({ ...target, sql: statement.sql, parameters: statement.params(i) }),
          ),
        (i) =>
          client.send(new ExecuteStatementCommand({ ...target, sql: statement.sql, parameters: statement.params(i) })),
      ]);
      rows.push(
        [
          name.padEnd(10),
          statement.label.padEnd(20),
          viaPg!.toFixed(0).padStart(10),
          viaHttp!.toFixed(0).padStart(14),
          viaSdk!.toFixed(0).padStart(12),
          (viaSdk! - viaHttp!).toFixed(0).padStart(10),
          `${(viaSdk! / viaPg!).toFixed(1)}×`.padStart(7),
        ].join(' '),
      );
    }
  } finally {
    await direct.query(`DROP TABLE IF EXISTS ${TABLE}`, []).catch(() => undefined);
    await client
      .send(new ExecuteStatementCommand({ ...target, sql: `DROP TABLE IF EXISTS ${TABLE}` }))
      .catch(() => undefined);
    client.destroy();
    agent.destroy();
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
    'HTTP→emulator'.padStart(14),
    'SDK→emulator'.padStart(12),
    'SDK own'.padStart(10),
    'ratio'.padStart(7),
  ].join(' '),
);
console.log('(SDK own = SDK→emulator − HTTP→emulator; ratio = SDK→emulator ÷ direct)');

const database = await openLocalDatabase(
  process.env.DATABASE_URL ? { kind: 'server', url: process.env.DATABASE_URL } : { kind: 'embedded', dir: undefined },
);
const connection = new pg.Client({ connectionString: database.connectionString });
await connection.connect();
try {
  const label = process.env.DATABASE_URL ? 'postgres' : 'embedded';
  for (const row of await benchBackend(label, database.connectionString, {
    query: (sql, values) => connection.query(sql, values),
    close: () => connection.end(),
  }))
    console.log(row);
} finally {
  await database.close();
}
