import { createRouter, selectMethod } from '../../../../local/gateway/routing';

const resource = (path: string, ...methods: string[]) => ({
  path,
  methods: Object.fromEntries(methods.map((m) => [m, `${m} ${path}`])),
});
const router = createRouter([
  resource('/', 'GET'),
  resource('/api'),
  resource('/api/me', 'GET'),
  resource('/api/specs', 'GET', 'POST'),
  resource('/api/specs/{specId}', 'GET', 'DELETE'),
  resource('/api/specs/{specId}/versions/{version}', 'GET'),
  resource('/api/specs/latest', 'GET'),
  resource('/files/{proxy+}', 'ANY'),
  resource('/{proxy+}', 'ANY'),
]);

describe('the router', () => {
  it('matches the root and literal paths, with null path parameters', () => {
    expect(router.match('/')).toMatchObject({ resource: { path: '/' }, pathParameters: null });
    expect(router.match('/api/me')).toMatchObject({ resource: { path: '/api/me' }, pathParameters: null });
  });

  it('extracts path parameters', () => {
    expect(router.match('/api/specs/42/versions/3')).toMatchObject({
      resource: { path: '/api/specs/{specId}/versions/{version}' },
      pathParameters: { specId: '42', version: '3' },
    });
  });

  it('prefers a literal part over a parameter', () => {
    expect(router.match('/api/specs/latest')?.resource.path).toBe('/api/specs/latest');
    expect(router.match('/api/specs/other')?.resource.path).toBe('/api/specs/{specId}');
  });

  it('keeps parameter values percent-encoded, as a REST API does', () => {
    expect(router.match('/api/specs/a%20b%2Fc')?.pathParameters).toEqual({ specId: 'a%20b%2Fc' });
  });

  it('lets {proxy+} take one or more trailing segments, the most specific greedy resource first', () => {
    expect(router.match('/files/a/b/c.txt')).toMatchObject({
      resource: { path: '/files/{proxy+}' },
      pathParameters: { proxy: 'a/b/c.txt' },
    });
    expect(router.match('/elsewhere/x')).toMatchObject({
      resource: { path: '/{proxy+}' },
      pathParameters: { proxy: 'elsewhere/x' },
    });
  });

  it('falls back to a greedy resource when a deeper literal path does not exist', () => {
    expect(router.match('/api/me/extra')?.resource.path).toBe('/{proxy+}');
  });

  it('finds nothing without a greedy catch-all', () => {
    const strict = createRouter([resource('/api/me', 'GET'), resource('/api/specs/{id}', 'GET')]);
    expect(strict.match('/api/unknown')).toBeUndefined();
    expect(strict.match('/api/specs')).toBeUndefined();
    expect(strict.match('/api/specs/')).toBeUndefined();
    expect(strict.match('/')).toBeUndefined();
  });

  it('ignores one trailing slash', () => {
    expect(router.match('/api/me/')?.resource.path).toBe('/api/me');
  });
});

describe('selectMethod', () => {
  it('picks the exact verb, then ANY, else nothing', () => {
    expect(selectMethod({ GET: 'get', ANY: 'any' }, 'get')).toBe('get');
    expect(selectMethod({ GET: 'get', ANY: 'any' }, 'PATCH')).toBe('any');
    expect(selectMethod({ GET: 'get' }, 'POST')).toBeUndefined();
    expect(selectMethod({ GET: 'get' }, 'HEAD')).toBeUndefined();
  });
});
