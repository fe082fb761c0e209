import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../lambdas/shared/api-error';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { withTransaction } from '../../../lambdas/shared/data-api/transaction';
import { createSpec, deleteSpec, getSpec, listSpecs, updateSpec } from '../../../lambdas/shared/store/specs';
import type { Spec } from '../../../lambdas/shared/store/types';
import { testDb } from '../../support/database';
import { newOwner, uniqueName } from '../../support/store-fixtures';

const db = testDb();
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('createSpec and getSpec', () => {
  it('creates a spec in the org and reads it back as a camelCase object with ISO times', async () => {
    const { user, org } = await newOwner(db);
    const created = await createSpec(db, {
      orgId: org.id,
      createdBy: user.id,
      name: 'Billing API',
      sourceUrl: 'https://example.com/openapi.json',
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      orgId: org.id,
      name: 'Billing API',
      sourceUrl: 'https://example.com/openapi.json',
      createdBy: user.id,
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: created.createdAt,
    });
    await expect(getSpec(db, { orgId: org.id, specId: created.id })).resolves.toEqual(created);
  });

  it('stores a missing source URL as null', async () => {
    const { user, org } = await newOwner(db);
    const spec = await createSpec(db, { orgId: org.id, createdBy: user.id, name: 'No source' });
    expect(spec.sourceUrl).toBeNull();
  });

  it('answers conflict for a name the org already uses, and allows it in another org', async () => {
    const a = await newOwner(db);
    const b = await newOwner(db);
    await createSpec(db, { orgId: a.org.id, createdBy: a.user.id, name: 'Same name' });
    const error = await createSpec(db, { orgId: a.org.id, createdBy: a.user.id, name: 'Same name' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'conflict',
      status: 409,
      message: 'a spec with this name already exists in the organization',
    });
    await expect(createSpec(db, { orgId: b.org.id, createdBy: b.user.id, name: 'Same name' })).resolves.toMatchObject({
      orgId: b.org.id,
    });
  });

  it('answers validation_failed for an empty or over-long name, from the database check', async () => {
    const { user, org } = await newOwner(db);
    await expect(createSpec(db, { orgId: org.id, createdBy: user.id, name: '' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(createSpec(db, { orgId: org.id, createdBy: user.id, name: 'x'.repeat(201) })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(createSpec(db, { orgId: org.id, createdBy: user.id, name: 'x'.repeat(200) })).resolves.toMatchObject({
      name: 'x'.repeat(200),
    });
  });

  it('answers conflict when the creator does not exist or is a member of another org', async () => {
    const { org } = await newOwner(db);
    const other = await newOwner(db);
    await expect(createSpec(db, { orgId: org.id, createdBy: randomUUID(), name: 'Orphan' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(createSpec(db, { orgId: org.id, createdBy: other.user.id, name: 'Stranger' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'the creator is not a member of the organization',
    });
  });

  it('keeps quotes and SQL-looking text as plain data', async () => {
    const { user, org } = await newOwner(db);
    const name = `Robert'); DROP TABLE specs;-- :orgId ${randomUUID()}`;
    const spec = await createSpec(db, { orgId: org.id, createdBy: user.id, name });
    await expect(getSpec(db, { orgId: org.id, specId: spec.id })).resolves.toMatchObject({ name });
  });

  it('returns null for an unknown or malformed id', async () => {
    const { org } = await newOwner(db);
    await expect(getSpec(db, { orgId: org.id, specId: randomUUID() })).resolves.toBeNull();
    await expect(getSpec(db, { orgId: org.id, specId: 'not-a-uuid' })).resolves.toBeNull();
  });
});

describe('org scoping', () => {
  async function twoOrgsAndASpec() {
    const owner = await newOwner(db);
    const other = await newOwner(db);
    const spec = await createSpec(db, { orgId: owner.org.id, createdBy: owner.user.id, name: uniqueName('scoped') });
    return { owner, other, spec };
  }

  async function rawRow(specId: string) {
    const { rows } = await db.query('SELECT org_id, name, source_url, updated_at FROM specs WHERE id = :id', {
      id: uuid(specId),
    });
    return rows[0];
  }

  it('reports another org’s spec exactly as a spec that does not exist, on get', async () => {
    const { other, spec } = await twoOrgsAndASpec();
    const foreign = await getSpec(db, { orgId: other.org.id, specId: spec.id });
    const missing = await getSpec(db, { orgId: other.org.id, specId: randomUUID() });
    expect(foreign).toBeNull();
    expect(foreign).toEqual(missing);
  });

  it('does not update another org’s spec and leaves it unchanged', async () => {
    const { other, spec } = await twoOrgsAndASpec();
    const before = await rawRow(spec.id);
    const foreign = await updateSpec(db, {
      orgId: other.org.id,
      specId: spec.id,
      patch: { name: 'hijacked', sourceUrl: 'https://evil.example' },
    });
    const missing = await updateSpec(db, { orgId: other.org.id, specId: randomUUID(), patch: { name: 'hijacked' } });
    expect(foreign).toBeNull();
    expect(foreign).toEqual(missing);
    expect(await rawRow(spec.id)).toEqual(before);
  });

  it('does not delete another org’s spec', async () => {
    const { other, spec } = await twoOrgsAndASpec();
    const foreign = await deleteSpec(db, { orgId: other.org.id, specId: spec.id });
    const missing = await deleteSpec(db, { orgId: other.org.id, specId: randomUUID() });
    expect(foreign).toBe(false);
    expect(foreign).toBe(missing);
    expect(await rawRow(spec.id)).toBeDefined();
  });

  it('lists only the org’s own specs', async () => {
    const { owner, other, spec } = await twoOrgsAndASpec();
    await createSpec(db, { orgId: other.org.id, createdBy: other.user.id, name: uniqueName('theirs') });
    const mine = await listSpecs(db, { orgId: owner.org.id });
    expect(mine.items.map((s) => s.id)).toEqual([spec.id]);
    const theirs = await listSpecs(db, { orgId: other.org.id });
    expect(theirs.items.map((s) => s.orgId)).toEqual([other.org.id]);
  });
});

describe('updateSpec', () => {
  it('changes only the given fields and moves updated_at forward', async () => {
    const { user, org } = await newOwner(db);
    const spec = await createSpec(db, {
      orgId: org.id,
      createdBy: user.id,
      name: 'Before',
      sourceUrl: 'https://example.com/a',
    });
    // Back-date the row past its trigger, so an update that left updated_at alone reads 2001 back.
    const past = '2001-02-03T04:05:06.000Z';
    await withTransaction(db, async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        'UPDATE specs SET created_at = :past::timestamptz, updated_at = :past::timestamptz WHERE id = :id',
        {
          past,
          id: uuid(spec.id),
        },
      );
    });
    const renamed = await updateSpec(db, { orgId: org.id, specId: spec.id, patch: { name: 'After' } });
    expect(renamed).toMatchObject({ name: 'After', sourceUrl: 'https://example.com/a', createdAt: past });
    expect(Date.parse(renamed!.updatedAt)).toBeGreaterThan(Date.parse(past));
    const cleared = await updateSpec(db, { orgId: org.id, specId: spec.id, patch: { sourceUrl: null } });
    expect(cleared).toMatchObject({ name: 'After', sourceUrl: null });
  });

  it('answers conflict when renaming onto a name the org already uses', async () => {
    const { user, org } = await newOwner(db);
    await createSpec(db, { orgId: org.id, createdBy: user.id, name: 'Taken' });
    const spec = await createSpec(db, { orgId: org.id, createdBy: user.id, name: 'Free' });
    await expect(updateSpec(db, { orgId: org.id, specId: spec.id, patch: { name: 'Taken' } })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(getSpec(db, { orgId: org.id, specId: spec.id })).resolves.toMatchObject({ name: 'Free' });
  });
});

describe('deleteSpec', () => {
  it('deletes once, then reports nothing to delete', async () => {
    const { user, org } = await newOwner(db);
    const spec = await createSpec(db, { orgId: org.id, createdBy: user.id, name: 'Doomed' });
    await expect(deleteSpec(db, { orgId: org.id, specId: spec.id })).resolves.toBe(true);
    await expect(deleteSpec(db, { orgId: org.id, specId: spec.id })).resolves.toBe(false);
    await expect(getSpec(db, { orgId: org.id, specId: spec.id })).resolves.toBeNull();
  });
});

describe('listSpecs', () => {
  async function orgWithSpecs(count: number) {
    const owner = await newOwner(db);
    const specs: Spec[] = [];
    for (let i = 0; i < count; i++) {
      specs.push(
        await createSpec(db, {
          orgId: owner.org.id,
          createdBy: owner.user.id,
          name: `spec ${String(i).padStart(2, '0')}`,
        }),
      );
    }
    return { ...owner, specs };
  }

  /** The list order: created_at, then id, both descending. */
  function newestFirst(specs: Spec[]): Spec[] {
    return [...specs].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    );
  }

  it('pages through every spec exactly once, newest first', async () => {
    const { org, specs } = await orgWithSpecs(7);
    const seen: Spec[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listSpecs(db, { orgId: org.id, limit: 3, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.id)).toEqual(newestFirst(specs).map((s) => s.id));
  });

  it('neither repeats nor skips a spec when specs are added or deleted between pages', async () => {
    const { user, org, specs } = await orgWithSpecs(6);
    const ordered = newestFirst(specs);
    const first = await listSpecs(db, { orgId: org.id, limit: 2 });
    expect(first.items.map((s) => s.id)).toEqual(ordered.slice(0, 2).map((s) => s.id));
    await createSpec(db, { orgId: org.id, createdBy: user.id, name: 'added after page one' });
    await deleteSpec(db, { orgId: org.id, specId: ordered[1]!.id });
    await deleteSpec(db, { orgId: org.id, specId: ordered[3]!.id });
    const rest = await listSpecs(db, { orgId: org.id, limit: 10, cursor: first.nextCursor });
    expect(rest.items.map((s) => s.id)).toEqual([ordered[2]!, ordered[4]!, ordered[5]!].map((s) => s.id));
    expect(rest.nextCursor).toBeNull();
  });

  it('keeps a stable order among specs created in the same millisecond', async () => {
    const { user, org } = await newOwner(db);
    const at = '2026-01-01 00:00:00.123';
    for (let i = 0; i < 5; i++) {
      await db.query(
        `INSERT INTO specs (org_id, name, created_by, created_at, updated_at)
         VALUES (:orgId, :name, :userId, (:at::timestamp AT TIME ZONE 'UTC'), (:at::timestamp AT TIME ZONE 'UTC'))`,
        { orgId: uuid(org.id), name: `tie ${i}`, userId: uuid(user.id), at },
      );
    }
    const first = await listSpecs(db, { orgId: org.id, limit: 2 });
    const second = await listSpecs(db, { orgId: org.id, limit: 2, cursor: first.nextCursor });
    const third = await listSpecs(db, { orgId: org.id, limit: 2, cursor: second.nextCursor });
    const ids = [...first.items, ...second.items, ...third.items].map((s) => s.id);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(third.nextCursor).toBeNull();
    expect(first.items[0]!.createdAt).toBe('2026-01-01T00:00:00.123Z');
  });

  it('returns an empty last page without a cursor', async () => {
    const { org } = await newOwner(db);
    await expect(listSpecs(db, { orgId: org.id })).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('returns no next cursor when the page is exactly full', async () => {
    const { org } = await orgWithSpecs(2);
    const page = await listSpecs(db, { orgId: org.id, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it('refuses a limit outside 1–100 and a cursor it did not make', async () => {
    const { org } = await newOwner(db);
    for (const limit of [0, 101, 2.5, -1]) {
      await expect(listSpecs(db, { orgId: org.id, limit })).rejects.toMatchObject({
        code: 'validation_failed',
        status: 400,
      });
    }
    const id = randomUUID();
    for (const cursor of [
      'garbage!',
      Buffer.from('2026-01-01T00:00:00.000Z|nope').toString('base64url'),
      'x'.repeat(300),
      // Dates JavaScript parses but PostgreSQL refuses (year 0) or that no row was ever created at.
      ...['0000-01-01T00:00:00.000Z', '2026-02-31T00:00:00.000Z', '2026-01-01T24:00:00.000Z'].map((at) =>
        Buffer.from(`${at}|${id}`).toString('base64url'),
      ),
    ]) {
      await expect(listSpecs(db, { orgId: org.id, cursor })).rejects.toMatchObject({
        code: 'validation_failed',
        message: 'cursor is invalid',
      });
    }
  });

  it('accepts a cursor at either end of the years PostgreSQL and JavaScript share', async () => {
    const { org } = await orgWithSpecs(1);
    for (const at of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const cursor = Buffer.from(`${at}|${randomUUID()}`).toString('base64url');
      await expect(listSpecs(db, { orgId: org.id, cursor })).resolves.toMatchObject({ nextCursor: null });
    }
  });

  it('accepts the maximum page size', async () => {
    const { org } = await orgWithSpecs(1);
    await expect(listSpecs(db, { orgId: org.id, limit: 100 })).resolves.toMatchObject({ nextCursor: null });
  });
});
