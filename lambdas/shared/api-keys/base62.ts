/**
 * Fixed-width base62 (`0-9A-Za-z`) for the API key's random part and checksum. Fixed width, so
 * every key has the same length and a truncated one is refused by its shape alone.
 */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const BASE = 62n;

/**
 * `value` as exactly `width` base62 digits, most significant first. Throws when it does not fit.
 *
 * @example
 * encodeBase62(61n, 3); // '00z'
 */
export function encodeBase62(value: bigint, width: number): string {
  let rest = value;
  let out = '';
  for (let i = 0; i < width; i++) {
    out = BASE62_ALPHABET[Number(rest % BASE)] + out;
    rest /= BASE;
  }
  if (rest !== 0n) throw new RangeError(`value does not fit in ${width} base62 digits`);
  return out;
}

/** Bytes as one big-endian unsigned integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** How many base62 digits `bytes` random bytes need: ceil(8·bytes / log2 62). */
export function base62Width(bytes: number): number {
  return Math.ceil((8 * bytes) / Math.log2(62));
}
