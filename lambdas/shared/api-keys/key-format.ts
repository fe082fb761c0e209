/**
 * The org API key: `intello_sk_` + 32 random bytes in base62 (43 characters) + the CRC32 of
 * those 43 characters in base62 (6 characters), 60 characters in all. GitHub's token scheme:
 * the typed prefix lets secret scanners find a leaked key with few false positives, and the
 * checksum lets anyone (our authorizer first) refuse a mistyped or made-up key without a
 * database read. The checksum is not a secret and proves nothing about the key's validity.
 *
 * Only SHA-256 of the whole key is stored: a high-entropy random key needs no slow hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { base62Width, bytesToBigInt, encodeBase62 } from './base62';

export const API_KEY_PREFIX = 'intello_sk_';
export const API_KEY_RANDOM_BYTES = 32;
export const API_KEY_RANDOM_LENGTH = base62Width(API_KEY_RANDOM_BYTES);
export const API_KEY_CHECKSUM_LENGTH = 6;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + API_KEY_RANDOM_LENGTH + API_KEY_CHECKSUM_LENGTH;
/** How many random characters `start` shows after the prefix. */
export const API_KEY_START_CHARS = 4;

const KEY_SHAPE = new RegExp(
  `^${API_KEY_PREFIX}([0-9A-Za-z]{${API_KEY_RANDOM_LENGTH}})([0-9A-Za-z]{${API_KEY_CHECKSUM_LENGTH}})$`,
);

/** The 6-character checksum of a key's random part. */
export function apiKeyChecksum(randomPart: string): string {
  return encodeBase62(BigInt(crc32(randomPart)), API_KEY_CHECKSUM_LENGTH);
}

/** A new key: the secret, shown once, and what is stored of it. */
export interface GeneratedApiKey {
  secret: string;
  /** Hex SHA-256 of `secret`. */
  hash: string;
  /** The prefix and the first 4 random characters, for display. */
  start: string;
}

/**
 * A fresh key from `randomBytes(32)`.
 *
 * @example
 * const { secret, hash, start } = generateApiKey(); // secret: 'intello_sk_3kT9…Qe81Zx'
 */
export function generateApiKey(random: Uint8Array = randomBytes(API_KEY_RANDOM_BYTES)): GeneratedApiKey {
  if (random.length !== API_KEY_RANDOM_BYTES) throw new RangeError(`an API key needs ${API_KEY_RANDOM_BYTES} bytes`);
  const randomPart = encodeBase62(bytesToBigInt(random), API_KEY_RANDOM_LENGTH);
  const secret = `${API_KEY_PREFIX}${randomPart}${apiKeyChecksum(randomPart)}`;
  return { secret, hash: hashApiKey(secret), start: apiKeyStart(secret) };
}

/** Hex SHA-256 of the whole key, as stored in `org_api_keys.key_hash`. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** `intello_sk_` + the first 4 random characters. */
export function apiKeyStart(secret: string): string {
  return secret.slice(0, API_KEY_PREFIX.length + API_KEY_START_CHARS);
}

/** True when `text` starts with the key prefix: what the authorizer dispatches on. */
export function looksLikeApiKey(text: string): boolean {
  return text.startsWith(API_KEY_PREFIX);
}

export type ParsedApiKey = { ok: true; secret: string; hash: string } | { ok: false; message: string };

/**
 * Checks a candidate key's shape and checksum without the database.
 *
 * @example
 * parseApiKey('intello_sk_…'); // { ok: true, secret, hash }
 * parseApiKey('intello_sk_abc'); // { ok: false, message: 'API key is malformed' }
 */
export function parseApiKey(text: string): ParsedApiKey {
  const match = KEY_SHAPE.exec(text);
  if (match === null) return { ok: false, message: 'API key is malformed' };
  const [, randomPart = '', checksum] = match;
  if (apiKeyChecksum(randomPart) !== checksum) return { ok: false, message: 'API key checksum does not match' };
  return { ok: true, secret: text, hash: hashApiKey(text) };
}
