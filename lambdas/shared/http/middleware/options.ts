/**
 * Option checking shared by the middleware factories: an unknown option (a typo) or a missing
 * required one fails when the handler module loads, not on the first request.
 */

/**
 * Merges `options` over `defaults`, refusing keys `defaults` does not name and `undefined` for
 * the ones listed in `required`.
 *
 * @example
 * const options = checkOptions('cors', { allowedOrigins: [] as string[] }, opts, ['allowedOrigins']);
 */
export function checkOptions<T extends object>(
  middleware: string,
  defaults: T,
  options: Partial<T>,
  required: readonly (keyof T)[] = [],
): T {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(defaults, key)) throw new TypeError(`${middleware}: unknown option "${key}"`);
  }
  const merged = { ...defaults, ...options };
  for (const key of required) {
    if (merged[key] === undefined) throw new TypeError(`${middleware}: option "${String(key)}" is required`);
  }
  return merged;
}
