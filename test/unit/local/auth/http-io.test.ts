import { apiVersionOf } from '../../../../local/auth/http-io';

describe('API version negotiation', () => {
  it.each([
    ['2024-01-01', '2024-01-01'],
    ['2025-06-30', '2024-01-01'],
    ['2023-12-31', null],
    ['2024-13-01', null],
    ['2024-02-30', null],
    ['yesterday', null],
    [undefined, null],
  ])('maps the request header %p to the API version %p', (header, version) => {
    expect(apiVersionOf(header === undefined ? {} : { 'x-supabase-api-version': header })).toBe(version);
  });
});
