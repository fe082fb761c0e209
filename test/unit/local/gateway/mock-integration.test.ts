import { answerMock, requestedMockStatus } from '../../../../local/gateway/mock-integration';

const preflight = {
  statusCode: 204,
  headers: {
    'Access-Control-Allow-Origin': "'*'",
    'Access-Control-Allow-Methods': "'OPTIONS,GET'",
    Vary: 'method.request.header.Origin',
  },
  templates: {},
};

describe('MOCK integrations', () => {
  it('answers the default integration response with its static headers', () => {
    expect(answerMock([preflight], requestedMockStatus({ 'application/json': '{ statusCode: 200 }' }))).toEqual({
      ok: true,
      statusCode: 204,
      headers: [
        ['Content-Type', 'application/json'],
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Methods', 'OPTIONS,GET'],
      ],
      body: '',
    });
  });

  it('selects a response by its pattern on the requested status', () => {
    const notFound = {
      statusCode: 404,
      selectionPattern: '4\\d\\d',
      headers: {},
      templates: { 'application/json': '{"gone":true}' },
    };
    expect(answerMock([preflight, notFound], 404)).toMatchObject({ ok: true, statusCode: 404, body: '{"gone":true}' });
    expect(answerMock([preflight, notFound], 200)).toMatchObject({ ok: true, statusCode: 204 });
  });

  it('copies a request header when the response maps one', () => {
    expect(answerMock([preflight], 200, { origin: 'https://app.example' })).toMatchObject({
      headers: expect.arrayContaining([['Vary', 'https://app.example']]),
    });
  });

  it('fails without any integration response', () => {
    expect(answerMock([], 200)).toMatchObject({ ok: false });
  });

  it('reads the requested status, 200 by default', () => {
    expect(requestedMockStatus({ 'application/json': '{"statusCode": 404}' })).toBe(404);
    expect(requestedMockStatus(undefined)).toBe(200);
  });
});
