import { boolEnv, ConfigError, intEnv, listEnv, requireEnv } from '../../../lambdas/shared/env';

describe('env', () => {
  it('names the missing variable when a required one is unset', () => {
    expect(() => requireEnv('SUPABASE_URL', {})).toThrow(ConfigError);
    expect(() => requireEnv('SUPABASE_URL', { SUPABASE_URL: '  ' })).toThrow(
      'Environment variable SUPABASE_URL is required',
    );
  });

  it('parses integers within range and rejects the rest', () => {
    expect(intEnv('N', 30, { min: 0, max: 300 }, {})).toBe(30);
    expect(intEnv('N', 30, { min: 0, max: 300 }, { N: '45' })).toBe(45);
    expect(() => intEnv('N', 30, { min: 0, max: 300 }, { N: '4.5' })).toThrow('must be an integer');
    expect(() => intEnv('N', 30, { min: 0, max: 300 }, { N: '301' })).toThrow('between 0 and 300');
  });

  it('accepts only true or false for booleans', () => {
    expect(boolEnv('B', false, { B: 'TRUE' })).toBe(true);
    expect(() => boolEnv('B', false, { B: 'yes' })).toThrow('must be "true" or "false"');
  });

  it('splits comma-separated lists', () => {
    expect(listEnv('L', { L: 'https://a.example, ,https://b.example' })).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
