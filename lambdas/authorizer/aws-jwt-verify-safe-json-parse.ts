/**
 * aws-jwt-verify's `safe-json-parse` module, substituted in every Lambda bundle by
 * `LAMBDA_SUBSTITUTIONS` in `lib/bundling.ts`. The same result as the library's: plain
 * `JSON.parse`, then every object (nested ones and those inside arrays included) loses its own
 * `__proto__` and `constructor` keys, so a token cannot smuggle a prototype into code that
 * spreads or merges its claims. The library does the deletion in a `JSON.parse` reviver, which
 * V8 runs several times slower than a parse followed by this walk: on a Supabase access token it
 * was a quarter of the authorizer's own CPU per request (see docs/PERFORMANCE.md). The
 * equivalence is a property test (`test/unit/authorizer/aws-jwt-verify-safe-json-parse.test.ts`).
 * Unbundled code (the tests) uses the original.
 */

/**
 * True for a JSON object, not `null`, an array or a primitive (the library's own check).
 *
 * @example
 * isJsonObject({}); // true
 * isJsonObject([]); // false
 */
export function isJsonObject(j: unknown): boolean {
  return typeof j === 'object' && !Array.isArray(j) && j !== null;
}

/** Deletes own `__proto__` and `constructor` keys from `value` and everything it contains. */
function stripPrototypeKeys(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) stripPrototypeKeys(item);
    return;
  }
  const record = value as Record<string, unknown>;
  // JSON.parse makes "__proto__" an own data property, which delete removes; the inherited
  // accessor is untouched, as with the library's reviver.
  // biome-ignore lint/suspicious/noProto: removing the key is the point; no prototype is read or set.
  delete record['__proto__'];
  delete record['constructor'];
  for (const key in record) stripPrototypeKeys(record[key]);
}

/**
 * `JSON.parse(s)` without any own `__proto__` or `constructor` key at any depth.
 *
 * @example
 * safeJsonParse('{"sub":"a","__proto__":{"admin":true}}'); // { sub: 'a' }
 */
export function safeJsonParse(s: string): unknown {
  const value: unknown = JSON.parse(s);
  stripPrototypeKeys(value);
  return value;
}
