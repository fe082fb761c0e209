import { parseProxyResponse } from '../../../../local/gateway/proxy-response';

const plain = { binaryMediaTypes: [] as string[], accept: undefined };

describe('parseProxyResponse', () => {
  it('takes statusCode, headers and body, defaulting the content type to JSON', () => {
    expect(parseProxyResponse({ statusCode: 201, headers: { 'X-A': '1' }, body: '{"ok":true}' }, plain)).toEqual({
      ok: true,
      statusCode: 201,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-A', '1'],
      ],
      body: Buffer.from('{"ok":true}'),
    });
  });

  it('answers 200 with an empty body when both are absent, and accepts a numeric string status', () => {
    expect(parseProxyResponse({}, plain)).toMatchObject({ ok: true, statusCode: 200, body: Buffer.alloc(0) });
    expect(parseProxyResponse({ statusCode: '404' }, plain)).toMatchObject({ ok: true, statusCode: 404 });
  });

  it('merges multiValueHeaders, which win for a name in both, and stringifies booleans', () => {
    const parsed = parseProxyResponse(
      { headers: { 'Set-Cookie': 'a=1', 'X-Flag': true }, multiValueHeaders: { 'Set-Cookie': ['b=2', 'c=3'] } },
      plain,
    );
    expect(parsed).toMatchObject({
      ok: true,
      headers: [
        ['Content-Type', 'application/json'],
        ['Set-Cookie', 'b=2'],
        ['Set-Cookie', 'c=3'],
        ['X-Flag', 'true'],
      ],
    });
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an array', [1]],
    ['an unknown field', { statusCode: 200, body: '', cookies: ['a=1'] }],
    ['a non-numeric status', { statusCode: 'OK' }],
    ['an object body', { statusCode: 200, body: { ok: true } }],
    ['a numeric header value', { headers: { 'X-N': 1 } }],
    ['a multi-value header that is not a list', { multiValueHeaders: { 'X-N': 'a' } }],
    ['headers that are a list', { headers: ['X-N'] }],
  ])('refuses %s as a malformed proxy response', (_, payload) => {
    expect(parseProxyResponse(payload, plain)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Malformed Lambda proxy response'),
    });
  });

  it('decodes a base64 body when the request accepts a binary media type, and passes the text on otherwise', () => {
    const payload = {
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.from([0, 1, 2]).toString('base64'),
      isBase64Encoded: true,
    };
    expect(parseProxyResponse(payload, { binaryMediaTypes: ['image/png'], accept: 'image/png' })).toMatchObject({
      body: Buffer.from([0, 1, 2]),
    });
    expect(
      parseProxyResponse(payload, { binaryMediaTypes: ['application/octet-stream'], accept: undefined }),
    ).toMatchObject({ body: Buffer.from([0, 1, 2]) });
    expect(parseProxyResponse(payload, { binaryMediaTypes: [], accept: 'image/png' })).toMatchObject({
      body: Buffer.from('AAEC'),
    });
  });
});
