import { loadAuthorizerCacheFlushConfig } from '../../../../lambdas/shared/aws/authorizer-cache-flush-config';
import { ConfigError } from '../../../../lambdas/shared/env';

const base = { AWS_REGION: 'eu-west-1', AUTHORIZER_CONSUMERS_PATH: '/intello/prod/authorizer/consumers' };

describe('the authorizer cache flush configuration', () => {
  it('reaches SSM and API Gateway in the function region by default', () => {
    expect(loadAuthorizerCacheFlushConfig(base)).toEqual({
      consumersPath: '/intello/prod/authorizer/consumers',
      ssm: { service: 'ssm', region: 'eu-west-1', url: 'https://ssm.eu-west-1.amazonaws.com' },
      apiGateway: { service: 'apigateway', region: 'eu-west-1', url: 'https://apigateway.eu-west-1.amazonaws.com' },
    });
  });

  it('takes loopback endpoints for the local stack', () => {
    const config = loadAuthorizerCacheFlushConfig({
      ...base,
      SSM_ENDPOINT: 'http://127.0.0.1:4100',
      API_GATEWAY_ENDPOINT: 'http://localhost:4101/',
    });
    expect(config.ssm.url).toBe('http://127.0.0.1:4100');
    expect(config.apiGateway.url).toBe('http://localhost:4101');
  });

  it('refuses an endpoint override that is not loopback, so a deployed function cannot be pointed elsewhere', () => {
    const load = () => loadAuthorizerCacheFlushConfig({ ...base, API_GATEWAY_ENDPOINT: 'https://evil.example.com' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('API_GATEWAY_ENDPOINT is for the local stack only and must be a loopback URL');
  });

  it('requires the registry path, without a trailing slash', () => {
    expect(() => loadAuthorizerCacheFlushConfig({ AWS_REGION: 'eu-west-1' })).toThrow(
      'Environment variable AUTHORIZER_CONSUMERS_PATH is required',
    );
    expect(() => loadAuthorizerCacheFlushConfig({ ...base, AUTHORIZER_CONSUMERS_PATH: '/intello/prod/' })).toThrow(
      'AUTHORIZER_CONSUMERS_PATH must be an SSM path without a trailing slash',
    );
  });
});
