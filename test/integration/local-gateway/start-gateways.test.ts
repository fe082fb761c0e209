import { selectApi, startGateways } from '../../../local/gateway/start-gateways';
import type { RestApiModel } from '../../../local/gateway/model';
import { INTERNAL_KEY, synthFixtureApp, type FixtureApp } from '../../unit/local/gateway/fixture-app';

describe('startGateways', () => {
  let fixture: FixtureApp;
  beforeAll(() => {
    fixture = synthFixtureApp();
  });
  afterAll(() => fixture.cleanup());

  it('serves each selected API from cdk.out with the local environment, and stops them all', async () => {
    const gateways = await startGateways({
      cdkOutDir: fixture.outdir,
      apis: [{ api: 'PublicApi' }, { api: 'InternalApi' }],
      secrets: fixture.secrets,
      environment: { GREETING: 'local' },
    });
    const health = await fetch(`${gateways.servers.PublicApi!.url}/health`).then((r) => r.json() as Promise<any>);
    const orgs = await fetch(`${gateways.servers.InternalApi!.url}/internal/orgs`, {
      headers: { 'x-api-key': INTERNAL_KEY },
    });
    await gateways.close();
    expect(health.env.GREETING).toBe('local');
    expect(health.event.requestContext.stage).toBe('v1');
    expect(orgs.status).toBe(200);
    await expect(fetch(`${gateways.servers.PublicApi!.url}/health`)).rejects.toThrow();
  });

  it('refuses a selector that names no API', async () => {
    await expect(startGateways({ cdkOutDir: fixture.outdir, apis: [{ api: 'nope' }] })).rejects.toThrow(
      'no RestApi matches "nope"',
    );
  });
});

describe('selectApi', () => {
  const model = (name: string, logicalId: string) => ({ name, logicalId }) as RestApiModel;
  const models = [
    model('intello-prod-public', 'PublicApi1A2B3C4D'),
    model('intello-prod-internal', 'InternalApi5E6F7A8B'),
  ];

  it('finds an API by name, name suffix, logical id or construct id', () => {
    expect(selectApi(models, 'intello-prod-public').logicalId).toBe('PublicApi1A2B3C4D');
    expect(selectApi(models, 'internal').logicalId).toBe('InternalApi5E6F7A8B');
    expect(selectApi(models, 'InternalApi5E6F7A8B').name).toBe('intello-prod-internal');
    expect(selectApi(models, 'PublicApi').name).toBe('intello-prod-public');
  });

  it('refuses an ambiguous selector', () => {
    expect(() => selectApi([...models, model('other-public', 'Other')], 'public')).toThrow(
      '"public" matches several RestApis',
    );
  });
});
