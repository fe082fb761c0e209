import { loadLocalConfig } from '../../../local/config';

describe('the local stack configuration', () => {
  it('turns org API keys on by default so a newcomer can try them', () => {
    expect(loadLocalConfig({}).orgApiKeys).toBe(true);
  });

  it('turns org API keys off with LOCAL_ORG_API_KEYS=false', () => {
    expect(loadLocalConfig({ LOCAL_ORG_API_KEYS: 'false' }).orgApiKeys).toBe(false);
    expect(loadLocalConfig({ LOCAL_ORG_API_KEYS: 'true' }).orgApiKeys).toBe(true);
  });

  it('refuses a LOCAL_ORG_API_KEYS that is neither true nor false', () => {
    expect(() => loadLocalConfig({ LOCAL_ORG_API_KEYS: 'yes' })).toThrow(
      'LOCAL_ORG_API_KEYS must be true or false, got "yes"',
    );
  });

  it('serves the example service on port 3002 unless LOCAL_EXAMPLE_API_PORT says otherwise', () => {
    expect(loadLocalConfig({}).exampleApiPort).toBe(3002);
    expect(loadLocalConfig({ LOCAL_EXAMPLE_API_PORT: '0' }).exampleApiPort).toBe(0);
    expect(() => loadLocalConfig({ LOCAL_EXAMPLE_API_PORT: 'x' })).toThrow(
      'LOCAL_EXAMPLE_API_PORT must be a port number',
    );
  });
});
