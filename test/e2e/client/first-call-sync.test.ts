import type { IntelloClient } from '../../../client';
import { newMachineAccount, signIn, START_TIMEOUT_MS, startClientStack, wireRecorder, type ClientStack } from './harness';

let stack: ClientStack;

beforeAll(async () => {
  stack = await startClientStack({ ttlSeconds: 3600 });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

describe('a new machine account', () => {
  let client: IntelloClient;

  it('gets its first call answered through one automatic sync', async () => {
    const wire = wireRecorder(stack.endpoints.publicApiUrl);
    const account = await newMachineAccount(stack);
    client = await signIn(stack, account, wire);

    const me = await client.me();

    expect(me).toEqual({ user: { id: client.userId, email: account.email, role: 'owner' }, org: { id: expect.any(String), name: expect.any(String), plan: 'free' } });
    expect(client.stats).toMatchObject({ syncs: 1, requests: 3, retries: 0, tokenRejections: 0 });
    expect(wire.apiRequests).toBe(3);
  });

  it('is not synced again on the calls that follow', async () => {
    const spec = await client.specs.create({ name: 'Billing API', sourceUrl: 'https://example.com/openapi.json' });
    const page = await client.specs.list();
    const renamed = await client.specs.update(spec.id, { name: 'Billing API v2', sourceUrl: null });
    await client.specs.delete(spec.id);
    const gone = client.specs.get(spec.id);

    expect(page.items.map((s) => s.id)).toEqual([spec.id]);
    expect(renamed).toMatchObject({ id: spec.id, name: 'Billing API v2', sourceUrl: null, createdBy: client.userId });
    await expect(gone).rejects.toMatchObject({ name: 'IntelloApiError', status: 404, code: 'not_found', message: 'spec not found', requestId: expect.any(String) });
    expect(client.stats.syncs).toBe(1);
  });

  it('surfaces the API validation error with its details', async () => {
    const call = client.specs.create({ name: '' });

    await expect(call).rejects.toMatchObject({ status: 400, code: 'validation_failed', details: [{ field: 'body.name', message: 'must not be empty' }] });
  });
});
