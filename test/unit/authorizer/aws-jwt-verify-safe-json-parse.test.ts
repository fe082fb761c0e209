import fc from 'fast-check';
import { safeJsonParse as librarySafeJsonParse } from 'aws-jwt-verify/safe-json-parse';
import { isJsonObject, safeJsonParse } from '../../../lambdas/authorizer/aws-jwt-verify-safe-json-parse';

/** Keys that reach prototypes or look like they could, mixed with ordinary ones. */
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'sub', 'role', 'app_metadata'),
  fc.string({ maxLength: 6 }),
);

/** JSON texts, written by hand so that "__proto__" appears as a literal key (and repeated keys occur). */
const { json } = fc.letrec<{ json: string; array: string; object: string }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('null', 'true', 'false', '0', '-1.5e3', '"x"'),
    fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(key, tie('json')), { maxLength: 5 })
    .map((entries) => `{${entries.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`),
}));

/** Every object in `value`, itself included. */
function objectsIn(value: unknown): object[] {
  if (typeof value !== 'object' || value === null) return [];
  return [value, ...Object.values(value).flatMap(objectsIn)];
}

describe("the bundles' substitute for aws-jwt-verify's safeJsonParse", () => {
  it('returns what the library returns for any JSON text, hostile keys included', () => {
    fc.assert(
      fc.property(json, (text) => {
        expect(safeJsonParse(text)).toStrictEqual(librarySafeJsonParse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves no own __proto__ or constructor key and no foreign prototype at any depth', () => {
    fc.assert(
      fc.property(json, (text) => {
        for (const object of objectsIn(safeJsonParse(text))) {
          expect(Object.hasOwn(object, '__proto__')).toBe(false);
          expect(Object.hasOwn(object, 'constructor')).toBe(false);
          expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(object));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('drops a smuggled prototype inside claims nested in arrays', () => {
    const claims = safeJsonParse(
      '{"sub":"a","amr":[{"method":"otp","__proto__":{"role":"service_role"},"constructor":{"prototype":{"x":1}}}]}',
    );

    expect(claims).toStrictEqual({ sub: 'a', amr: [{ method: 'otp' }] });
    const [entry] = (claims as { amr: Record<string, unknown>[] }).amr;
    expect({ ...entry }.role).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it('parses nesting as deep as an 8 KiB token can hold, like the library where its reviver has the stack for it', () => {
    const nested = (depth: number): string =>
      `{"user_metadata":${'['.repeat(depth)}{"__proto__":1}${']'.repeat(depth)}}`;

    expect(safeJsonParse(nested(1000))).toStrictEqual(librarySafeJsonParse(nested(1000)));
    // 3,000 levels fit in 8 KiB; the library's recursive reviver overflows the stack near 2,300
    // here (a parse error), while the walk parses it: a difference only for such a document.
    let inner = (safeJsonParse(nested(3000)) as { user_metadata: unknown }).user_metadata;
    for (let depth = 0; depth < 3000; depth += 1) inner = (inner as unknown[])[0];
    expect(inner).toStrictEqual({});
  });

  it('throws on text that is not JSON, as JSON.parse does', () => {
    expect(() => safeJsonParse('{"sub":')).toThrow(SyntaxError);
    expect(() => librarySafeJsonParse('{"sub":')).toThrow(SyntaxError);
  });

  it('tells JSON objects from arrays, null and primitives', () => {
    expect([{}, [], null, 'x', 1].map(isJsonObject)).toEqual([true, false, false, false, false]);
  });
});
