import { corsHeaders } from '../../../lambdas/shared/http/cors';

describe('corsHeaders', () => {
  it('echoes a listed origin and nothing for another', () => {
    expect(corsHeaders('https://app.intello.io', ['https://app.intello.io'])).toEqual({
      vary: 'origin',
      'access-control-allow-origin': 'https://app.intello.io',
    });
    expect(corsHeaders('https://evil.example', ['https://app.intello.io'])).toEqual({ vary: 'origin' });
    expect(corsHeaders(undefined, ['https://app.intello.io'])).toEqual({ vary: 'origin' });
  });
});
