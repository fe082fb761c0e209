import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCloudAssembly, type CloudAssembly } from '../../../../local/gateway/cloud-assembly';
import { localFunctionDefinitions } from '../../../../local/gateway/functions';
import { buildApiModels, type RestApiModel } from '../../../../local/gateway/model';
import {
  AUTHORIZER_PARAMETER,
  DISABLED_KEY,
  INTERNAL_KEY,
  PUBLIC_PLAN_KEY,
  synthFixtureApp,
  TOKEN_REGEX,
  type FixtureApp,
} from './fixture-app';

describe('template parsing of a synthesized app', () => {
  let fixture: FixtureApp;
  let assembly: CloudAssembly;
  let models: RestApiModel[];
  const publicApi = () => models.find((model) => model.name === 'PublicApi')!;
  const internalApi = () => models.find((model) => model.name === 'InternalApi')!;

  beforeAll(() => {
    fixture = synthFixtureApp();
    assembly = loadCloudAssembly(fixture.outdir);
    models = buildApiModels(assembly, { secrets: fixture.secrets });
  });
  afterAll(() => fixture.cleanup());

  it('reads both stacks and finds every function with its bundled asset', () => {
    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual(['FixtureAuth', 'FixtureApi']);
    const authorizer = assembly.functions.find((fn) => fn.stackName === 'FixtureAuth')!;
    expect(authorizer).toMatchObject({
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      timeoutSeconds: 1,
      memoryMb: 128,
    });
    expect(existsSync(join(authorizer.assetDir!, 'index.mjs'))).toBe(true);
  });

  it('publishes the SSM parameters the stacks define, resolved', () => {
    const authorizer = assembly.functions.find((fn) => fn.stackName === 'FixtureAuth')!;
    expect(assembly.ssmParameters[AUTHORIZER_PARAMETER]).toBe(authorizer.arn);
  });

  it('resolves function environment variables, including one that comes through the SSM parameter', () => {
    const echo = assembly.functions.find((fn) => fn.logicalId.startsWith('EchoFn'))!;
    const authorizer = assembly.functions.find((fn) => fn.stackName === 'FixtureAuth')!;
    expect(echo.environment).toEqual({ GREETING: 'hello', AUTHORIZER_ARN: authorizer.arn });
  });

  it('builds the resource tree with every method and its Lambda target', () => {
    const paths = Object.fromEntries(
      publicApi().resources.map((resource) => [resource.path, Object.keys(resource.methods).sort()]),
    );
    expect(paths).toEqual({
      '/': ['GET'],
      '/health': ['GET'],
      '/impatient': ['GET'],
      '/api': [],
      '/api/me': ['GET'],
      '/api/uncached': ['GET'],
      '/api/specs': [],
      '/api/specs/{specId}': ['ANY'],
      '/files': [],
      '/files/{proxy+}': ['ANY'],
    });
    const me = publicApi().resources.find((resource) => resource.path === '/api/me')!.methods['GET']!;
    expect(me).toMatchObject({
      authorizationType: 'CUSTOM',
      apiKeyRequired: false,
      integration: { type: 'AWS_PROXY', timeoutMs: 29000 },
    });
    expect(me.integration.type === 'AWS_PROXY' && me.integration.target?.definition?.logicalId).toMatch(/^EchoFn/);
  });

  it('resolves the authorizer imported from the other stack through SSM to that stack’s function', () => {
    const me = publicApi().resources.find((resource) => resource.path === '/api/me')!.methods['GET']!;
    const authorizer = publicApi().authorizers[me.authorizerId!]!;
    expect(authorizer).toMatchObject({
      type: 'TOKEN',
      identityHeader: 'Authorization',
      validationRegex: TOKEN_REGEX,
      ttlSeconds: 300,
    });
    expect(authorizer.target?.definition).toMatchObject({ stackName: 'FixtureAuth' });
    expect(authorizer.target?.functionArn).toBe(assembly.ssmParameters[AUTHORIZER_PARAMETER]);
    const uncached = Object.values(publicApi().authorizers).find((candidate) => candidate.id !== authorizer.id)!;
    expect(uncached.ttlSeconds).toBe(0);
  });

  it('reads gateway responses with their status, headers and templates', () => {
    expect(publicApi().gatewayResponses.ACCESS_DENIED).toEqual({
      type: 'ACCESS_DENIED',
      statusCode: 401,
      headers: { 'Access-Control-Allow-Origin': "'*'" },
      templates: {
        'application/json': '{"error":{"code":"$context.authorizer.code","message":$context.error.messageString}}',
      },
    });
    expect(publicApi().gatewayResponses.DEFAULT_5XX).toMatchObject({
      headers: { 'Access-Control-Allow-Origin': "'*'" },
    });
  });

  it('reads the stage, the binary media types and each API’s own usage plans and keys', () => {
    expect(publicApi().stages.map((stage) => stage.name)).toEqual(['v1']);
    expect(publicApi().binaryMediaTypes).toEqual(['image/png']);
    expect(internalApi().stages.map((stage) => stage.name)).toEqual(['internal']);
    expect(internalApi().usagePlans).toEqual([
      expect.objectContaining({
        stages: [{ stage: 'internal', methodThrottles: {} }],
        throttle: { rateLimit: 1, burstLimit: 3 },
      }),
    ]);
    expect(
      internalApi()
        .apiKeys.map((key) => [key.value, key.enabled])
        .sort(),
    ).toEqual([
      [DISABLED_KEY, false],
      [INTERNAL_KEY, true],
    ]);
    expect(publicApi().apiKeys.map((key) => key.value)).toEqual([PUBLIC_PLAN_KEY]);
  });

  it('marks an API key whose secret was not supplied as unknown, with a warning', () => {
    const internal = buildApiModels(assembly).find((model) => model.name === 'InternalApi');
    expect(internal!.apiKeys.find((key) => key.enabled)?.value).toBeUndefined();
    expect(internal!.warnings).toEqual([expect.stringContaining('API key value unknown locally')]);
  });

  it('produces runnable definitions with local overrides on top of the template environment', () => {
    const definitions = localFunctionDefinitions(assembly, {
      environment: (fn): Record<string, string> => (fn.stackName === 'FixtureApi' ? { GREETING: 'local' } : {}),
    });
    expect(
      definitions.find((definition) => definition.name.startsWith('FixtureApi-EchoFn'))?.environment,
    ).toMatchObject({ GREETING: 'local' });
    expect(definitions).toHaveLength(2);
  });
});

describe('template parsing without the auth stack', () => {
  it('keeps the authorizer, unresolved, with a warning instead of skipping it', () => {
    const fixture = synthFixtureApp({ withoutAuthStack: true });
    try {
      const api = buildApiModels(loadCloudAssembly(fixture.outdir), { secrets: fixture.secrets }).find(
        (model) => model.name === 'PublicApi',
      )!;
      const authorizers = Object.values(api.authorizers);
      expect(authorizers).toHaveLength(2);
      expect(authorizers.every((authorizer) => authorizer.target === undefined)).toBe(true);
      expect(api.warnings).toContainEqual(
        expect.stringContaining(`SSM parameter ${AUTHORIZER_PARAMETER} is defined by no stack`),
      );
    } finally {
      fixture.cleanup();
    }
  });

  it('finds assets through the asset manifest when the templates carry no asset metadata', () => {
    const fixture = synthFixtureApp({ assetMetadata: false });
    try {
      const assembly = loadCloudAssembly(fixture.outdir);
      expect(
        assembly.stacks[0]!.template.Resources![assembly.functions[0]!.logicalId]!.Metadata?.['aws:asset:path'],
      ).toBeUndefined();
      expect(
        assembly.functions.every((fn) => fn.assetDir !== undefined && existsSync(join(fn.assetDir, 'index.mjs'))),
      ).toBe(true);
    } finally {
      fixture.cleanup();
    }
  });

  it('names the directory when it is not a cloud assembly', () => {
    expect(() => loadCloudAssembly('/nonexistent-dir')).toThrow(
      '/nonexistent-dir is not a cloud assembly: manifest.json is missing',
    );
  });
});
