import { ApiError } from '../../../lambdas/shared/api-error';
import { validate } from '../../../lambdas/shared/http/validate';

const schema = {
  name: { type: 'string', minLength: 1, maxLength: 5, trimmed: true },
  url: { type: 'string', format: 'https-url', optional: true, nullable: true },
  limit: { type: 'integer', min: 1, max: 100, optional: true, fromString: true },
  plan: { type: 'string', enum: ['free', 'pro'], optional: true },
} as const;

function failure(value: unknown): ApiError {
  try {
    validate(schema, value, 'body');
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('validation passed');
}

describe('validate', () => {
  it('returns the accepted fields, integers parsed from strings', () => {
    expect(validate(schema, { name: 'abc', limit: '20', url: null }, 'body')).toEqual({
      name: 'abc',
      limit: 20,
      url: null,
    });
  });

  it('rejects unknown fields by name, so a smuggled orgId is answered', () => {
    const error = failure({ name: 'a', orgId: 'x', org_id: 'y' });
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      { field: 'body.orgId', message: 'is not allowed' },
      { field: 'body.org_id', message: 'is not allowed' },
    ]);
  });

  it('lists every problem, one detail per field', () => {
    const error = failure({ name: '', limit: '0', plan: 'gold', url: 'http://x.example' });
    expect(error.details?.map((d) => d.field)).toEqual(['body.name', 'body.url', 'body.limit', 'body.plan']);
    expect(error.message).toContain('body.name must not be empty');
  });

  it('refuses a lone surrogate, which PostgreSQL could only store as U+FFFD', () => {
    for (const name of ['a\ud800b', 'a\udfff']) {
      expect(failure({ name }).details).toEqual([
        { field: 'body.name', message: 'must be well-formed Unicode (no lone surrogates)' },
      ]);
    }
    expect(failure({ name: 'ok', url: 'https://example.com/\ud800' }).details).toEqual([
      { field: 'body.url', message: 'must be well-formed Unicode (no lone surrogates)' },
    ]);
  });

  it('counts characters, not UTF-16 units, for lengths', () => {
    expect(validate(schema, { name: '😀😀😀😀😀' }, 'body')).toEqual({ name: '😀😀😀😀😀' });
    expect(failure({ name: '😀😀😀😀😀😀' }).details).toEqual([
      { field: 'body.name', message: 'must be at most 5 characters' },
    ]);
  });

  it.each([
    ['a missing required field', {}, 'is required'],
    ['a number for a string', { name: 5 }, 'must be a string'],
    ['surrounding whitespace', { name: ' a' }, 'must not start or end with whitespace or contain control characters'],
    [
      'a control character',
      { name: 'a\u0000b' },
      'must not start or end with whitespace or contain control characters',
    ],
  ])('rejects %s', (_, value, message) => {
    expect(failure(value).details).toEqual([{ field: 'body.name', message }]);
  });

  it.each(['20.5', '1e2', ' 5', '0x10', '', '-0', '101', '999999999999999999999'])(
    'rejects the integer string %p',
    (limit) => {
      expect(failure({ name: 'a', limit }).details?.[0]?.field).toBe('body.limit');
    },
  );

  it.each([
    'http://a.example',
    'javascript:alert(1)',
    'https://user:pw@a.example',
    'https://',
    'not a url',
    ' https://a.example',
    'https://a.example/\n',
  ])('rejects %p as an https URL', (url) => {
    expect(failure({ name: 'a', url }).details).toEqual([{ field: 'body.url', message: 'must be an https URL' }]);
  });

  it.each([null, [], 'text', 5])('rejects %p where an object is expected', (value) => {
    expect(failure(value).details).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('bounds the details and the field names it echoes', () => {
    const hostile = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${'k'.repeat(1000)}${i}`, 1]));
    const error = failure({ name: 'a', ...hostile });
    expect(error.details).toHaveLength(20);
    expect(error.details?.[0]?.field.length).toBeLessThan(80);
    expect(error.message.length).toBeLessThan(400);
  });

  it('treats __proto__ as an unknown field, not as a prototype', () => {
    const error = failure(JSON.parse('{"name":"a","__proto__":{"admin":true}}'));
    expect(error.details).toEqual([{ field: 'body.__proto__', message: 'is not allowed' }]);
  });
});
