import { ApiError } from '../../../lambdas/shared/api-error';
import { MAX_BODY_BYTES, parseJsonBody } from '../../../lambdas/shared/http/json-body';

function parse(body: string, ...rest: [contentType?: string | undefined, isBase64Encoded?: boolean]) {
  const contentType = rest.length === 0 ? 'application/json' : rest[0];
  return parseJsonBody({ body, contentType, isBase64Encoded: rest[1] ?? false });
}

function codeOf(statement: () => unknown): string {
  try {
    statement();
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  return 'passed';
}

describe('parseJsonBody', () => {
  it('parses JSON sent as application/json, with or without a utf-8 charset', () => {
    expect(parse('{"a":1}')).toEqual({ a: 1 });
    expect(parse('{"a":1}', 'Application/JSON; charset=UTF-8')).toEqual({ a: 1 });
  });

  it('decodes a base64-encoded body', () => {
    expect(parse(Buffer.from('{"a":"é"}').toString('base64'), 'application/json', true)).toEqual({ a: 'é' });
  });

  it.each([
    ['no content type', undefined],
    ['text/plain', 'text/plain'],
    ['form encoding', 'application/x-www-form-urlencoded'],
    ['a look-alike', 'application/jsonp'],
    ['another charset', 'application/json; charset=latin1'],
  ])('answers 415 for %s', (_, contentType) => {
    expect(codeOf(() => parse('{}', contentType))).toBe('unsupported_media_type');
  });

  it('answers 413 past 256 KiB, counted in UTF-8 bytes', () => {
    expect(codeOf(() => parse(`"${'a'.repeat(MAX_BODY_BYTES)}"`))).toBe('payload_too_large');
    expect(codeOf(() => parse(`"${'é'.repeat(MAX_BODY_BYTES / 2)}"`))).toBe('payload_too_large');
    expect(
      codeOf(() => parse(Buffer.alloc(MAX_BODY_BYTES + 3, 0x20).toString('base64'), 'application/json', true)),
    ).toBe('payload_too_large');
    expect(parse(`"${'a'.repeat(MAX_BODY_BYTES - 2)}"`)).toHaveLength(MAX_BODY_BYTES - 2);
  });

  it.each([
    ['truncated JSON', '{"a":'],
    ['single quotes', "{'a':1}"],
    ['a trailing comma', '{"a":1,}'],
    ['NaN', '{"a":NaN}'],
  ])('answers 400 bad_request for %s', (_, body) => {
    expect(codeOf(() => parse(body))).toBe('bad_request');
  });

  it('parses nesting as deep as the size limit allows without exhausting the stack', () => {
    expect(Array.isArray(parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBe(true);
  });

  it('answers 400 for invalid base64 and invalid UTF-8', () => {
    expect(codeOf(() => parse('not base64!', 'application/json', true))).toBe('bad_request');
    expect(codeOf(() => parse(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), 'application/json', true))).toBe(
      'bad_request',
    );
  });
});
