/**
 * A pure function of a string, remembered per string: for work a warm process repeats on every
 * request (an app's few SQL texts, a cached policy's patterns). At most `max` strings are kept;
 * the memory is dropped whole when it fills, which costs a recomputation, never a wrong answer.
 *
 * @example
 * const compile = remembered((source) => new RegExp(source), 1000);
 */
export function remembered<T>(read: (key: string) => T, max = 500): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    let value = kept.get(key);
    if (value === undefined) {
      if (kept.size >= max) kept.clear();
      value = read(key);
      kept.set(key, value);
    }
    return value;
  };
}
