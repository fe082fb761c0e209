/**
 * The client against the local Data API: what the real service's strictness means for callers.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../lambdas/shared/api-error';
import { sqlStateOf } from '../../../lambdas/shared/data-api/errors';
import { decimal, json, uuid } from '../../../lambdas/shared/data-api/params';
import { withTransaction } from '../../../lambdas/shared/data-api/transaction';
import { testDb } from '../../support/database';
import { newOwner } from '../../support/store-fixtures';

const db = testDb();

describe('parameters', () => {
  it('needs uuid() to compare a uuid column: a plain string is bound as text, as on AWS', async () => {
    const { org } = await newOwner(db);
    const error = await db.query('SELECT id FROM orgs WHERE id = :id', { id: org.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'internal_error', message: 'internal error' });
    expect(sqlStateOf(error)).toBe('42883');
    await expect(db.query('SELECT id FROM orgs WHERE id = :id', { id: uuid(org.id) })).resolves.toMatchObject({
      rows: [{ id: org.id }],
    });
  });

  it('round-trips every supported kind of value with its PostgreSQL type', async () => {
    const at = new Date('2026-05-06T07:08:09.123Z');
    const { rows } = await db.query(
      `SELECT :text AS text, :long AS long, :double AS double, :bool AS bool, :nothing::text AS nothing,
              :at AS at, :big AS big, :amount AS amount, :doc AS doc, :list AS list, :id AS id,
              pg_typeof(:at2)::text AS at_type, pg_typeof(:amount2)::text AS amount_type, pg_typeof(:doc2)::text AS doc_type`,
      {
        text: 'héllo',
        long: 42,
        double: 1.25,
        bool: true,
        nothing: null,
        at,
        big: 2n ** 70n,
        amount: decimal('12.50'),
        doc: { a: [1, { b: null }] },
        list: json([1, 2]),
        id: uuid('0B9E2F3A-6A4C-4D8E-9F10-2B3C4D5E6F70'),
        at2: at,
        amount2: decimal('1'),
        doc2: { x: 1 },
      },
    );
    expect(rows[0]).toEqual({
      text: 'héllo',
      long: 42,
      double: 1.25,
      bool: true,
      nothing: null,
      at: '2026-05-06T07:08:09.123Z',
      big: '1180591620717411303424',
      amount: '12.50',
      doc: { a: [1, { b: null }] },
      list: [1, 2],
      id: '0b9e2f3a-6a4c-4d8e-9f10-2b3c4d5e6f70',
      at_type: 'timestamp without time zone',
      amount_type: 'numeric',
      doc_type: 'json',
    });
  });

  it('reads timestamptz columns as ISO-8601 UTC whatever offset was written', async () => {
    const { rows } = await db.query<{ t: string }>(`SELECT '2026-01-02 03:04:05.6+02'::timestamptz(3) AS t`);
    expect(rows[0]!.t).toBe('2026-01-02T01:04:05.600Z');
  });

  it('answers 400 bad_request, never a 500, when PostgreSQL refuses a bound value (SQLSTATE class 22)', async () => {
    for (const [sql, params] of [
      ['SELECT CAST(:at AS timestamptz) AS at', { at: '0000-01-01T00:00:00Z' }],
      ['SELECT CAST(:n AS integer) AS n', { n: '99999999999' }],
    ] as const) {
      await expect(db.query(sql, params)).rejects.toMatchObject({ code: 'bad_request', status: 400 });
    }
  });

  it('reports the affected-row count of DML without RETURNING', async () => {
    const a = await newOwner(db);
    const { rowCount, rows } = await db.query('UPDATE users SET last_synced_at = now() WHERE id = :id', {
      id: uuid(a.user.id),
    });
    expect(rowCount).toBe(1);
    expect(rows).toEqual([]);
  });
});

describe('withTransaction', () => {
  it('commits what the function wrote', async () => {
    const name = `tx-${randomUUID()}`;
    const id = await withTransaction(db, async (tx) => {
      const { rows } = await tx.query<{ id: string }>('INSERT INTO orgs (name) VALUES (:name) RETURNING id', { name });
      return rows[0]!.id;
    });
    await expect(db.query('SELECT name FROM orgs WHERE id = :id', { id: uuid(id) })).resolves.toMatchObject({
      rows: [{ name }],
    });
  });

  it('rolls back and rethrows when the function throws', async () => {
    const name = `tx-${randomUUID()}`;
    const boom = new Error('boom');
    await expect(
      withTransaction(db, async (tx) => {
        await tx.query('INSERT INTO orgs (name) VALUES (:name)', { name });
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(db.query('SELECT 1 FROM orgs WHERE name = :name', { name })).resolves.toMatchObject({ rows: [] });
  });

  it('rolls back when a statement fails, with the mapped error', async () => {
    const name = `tx-${randomUUID()}`;
    const error = await withTransaction(db, async (tx) => {
      await tx.query('INSERT INTO orgs (name) VALUES (:name)', { name });
      await tx.query(`INSERT INTO orgs (name, plan) VALUES (:name, 'gold')`, { name });
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed' });
    await expect(db.query('SELECT 1 FROM orgs WHERE name = :name', { name })).resolves.toMatchObject({ rows: [] });
  });

  it('sends concurrent calls of one transaction one at a time, so Promise.all is safe', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `tx-${i}-${randomUUID()}`);
    await withTransaction(db, (tx) =>
      Promise.all(names.map((name) => tx.query('INSERT INTO orgs (name) VALUES (:name)', { name }))),
    );
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orgs WHERE name LIKE :pattern', {
      pattern: `tx-%`,
    });
    expect(rows[0]!.n).toBeGreaterThanOrEqual(8);
    for (const name of names)
      await expect(db.query('SELECT 1 FROM orgs WHERE name = :name', { name })).resolves.toMatchObject({ rows: [{}] });
  });

  it('joins an outer transaction instead of opening a second one', async () => {
    const name = `tx-${randomUUID()}`;
    await expect(
      withTransaction(db, async (outer) => {
        await withTransaction(outer, (inner) => inner.query('INSERT INTO orgs (name) VALUES (:name)', { name }));
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    await expect(db.query('SELECT 1 FROM orgs WHERE name = :name', { name })).resolves.toMatchObject({ rows: [] });
  });

  it('refuses a call made after the transaction ended', async () => {
    let leaked: { query: (sql: string) => Promise<unknown> } | undefined;
    await withTransaction(db, async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query('SELECT 1')).rejects.toMatchObject({ code: 'internal_error' });
  });
});
