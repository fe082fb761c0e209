import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { encodeBase62 } from '../../../../lambdas/shared/api-keys/base62';
import {
  API_KEY_LENGTH,
  API_KEY_PREFIX,
  apiKeyChecksum,
  generateApiKey,
  parseApiKey,
} from '../../../../lambdas/shared/api-keys/key-format';

const KEY_RE = /^intello_sk_[0-9A-Za-z]{43}[0-9A-Za-z]{6}$/;

describe('generateApiKey', () => {
  it('builds intello_sk_ + 43 base62 characters of 32 random bytes + a 6-character CRC32 checksum', () => {
    const { secret } = generateApiKey();
    expect(secret).toMatch(KEY_RE);
    expect(secret).toHaveLength(API_KEY_LENGTH);
    expect(API_KEY_LENGTH).toBe(60);
    const random = secret.slice(11, 54);
    expect(secret.slice(54)).toBe(encodeBase62(BigInt(crc32(random)), 6));
  });

  it('encodes the random bytes as one big-endian number, so all zeros and all ones are the extremes', () => {
    const zeros = generateApiKey(new Uint8Array(32));
    expect(zeros.secret.slice(11, 54)).toBe('0'.repeat(43));
    const ones = generateApiKey(new Uint8Array(32).fill(255));
    expect(BigInt(`0x${'ff'.repeat(32)}`)).toBe(
      [...ones.secret.slice(11, 54)].reduce(
        (acc, ch) => acc * 62n + BigInt('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.indexOf(ch)),
        0n,
      ),
    );
  });

  it('stores the hex SHA-256 of the whole key and a start of the prefix plus 4 random characters', () => {
    const { secret, hash, start } = generateApiKey();
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(start).toBe(secret.slice(0, 15));
    expect(start.startsWith(API_KEY_PREFIX)).toBe(true);
  });

  it('gives a different key every time', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateApiKey().secret));
    expect(secrets.size).toBe(200);
  });

  it('refuses a random part of the wrong size', () => {
    expect(() => generateApiKey(new Uint8Array(16))).toThrow('an API key needs 32 bytes');
  });
});

describe('parseApiKey', () => {
  const valid = generateApiKey(new Uint8Array(32).map((_, i) => i * 7 + 3)).secret;
  const random = valid.slice(11, 54);
  const checksum = valid.slice(54);
  const swapCase = (ch: string): string => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase());
  const firstLetter = [...random].findIndex((ch) => /[A-Za-z]/.test(ch));

  it('accepts a well-formed key and returns its hash', () => {
    expect(parseApiKey(valid)).toEqual({
      ok: true,
      secret: valid,
      hash: createHash('sha256').update(valid).digest('hex'),
    });
  });

  const malformed: Array<[string, string]> = [
    ['an empty string', ''],
    ['the prefix alone', API_KEY_PREFIX],
    ['a GitHub prefix', `ghp_${random}${checksum}`],
    ['a Stripe-like prefix', `sk_live_${random}${checksum}`],
    ['the prefix in upper case', `INTELLO_SK_${random}${checksum}`],
    ['the prefix in mixed case', `Intello_sk_${random}${checksum}`],
    ['a dash instead of an underscore', `intello-sk_${random}${checksum}`],
    ['the publishable-looking prefix', `intello_pk_${random}${checksum}`],
    ['a key truncated by one character', valid.slice(0, -1)],
    ['a key truncated to the start', valid.slice(0, 15)],
    ['a key without its checksum', `${API_KEY_PREFIX}${random}`],
    ['an extra character at the end', `${valid}0`],
    ['an extra character in the middle', `${API_KEY_PREFIX}${random}x${checksum}`],
    ['a leading space', ` ${valid}`],
    ['a trailing space', `${valid} `],
    ['a trailing newline', `${valid}\n`],
    ['a tab inside', `${API_KEY_PREFIX}${random.slice(0, 10)}\t${random.slice(11)}${checksum}`],
    ['a Cyrillic а in the random part', `${API_KEY_PREFIX}${random.slice(0, 5)}а${random.slice(6)}${checksum}`],
    ['a Greek Ο in the checksum', `${API_KEY_PREFIX}${random}${checksum.slice(0, 5)}Ο`],
    ['a full-width digit', `${API_KEY_PREFIX}１${random.slice(1)}${checksum}`],
    ['a zero-width space', `${API_KEY_PREFIX}${random}\u200b${checksum}`],
    ['a base64 character', `${API_KEY_PREFIX}${random.slice(0, -1)}+${checksum}`],
    ['a base64url character', `${API_KEY_PREFIX}${random.slice(0, -1)}-${checksum}`],
    ['a JWT', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'],
  ];

  it.each(malformed)('refuses %s as malformed', (_name, text) => {
    expect(parseApiKey(text)).toEqual({ ok: false, message: 'API key is malformed' });
  });

  const wrongChecksum: Array<[string, string]> = [
    [
      'a checksum off by one character',
      `${API_KEY_PREFIX}${random}${checksum.slice(0, 5)}${checksum[5] === '0' ? '1' : '0'}`,
    ],
    ['a checksum of zeros', `${API_KEY_PREFIX}${random}000000`],
    ['one random character changed', `${API_KEY_PREFIX}${random[0] === 'A' ? 'B' : 'A'}${random.slice(1)}${checksum}`],
    ['two random characters swapped', `${API_KEY_PREFIX}${random[1]}${random[0]}${random.slice(2)}${checksum}`],
    [
      'one random letter in the other case',
      `${API_KEY_PREFIX}${random.slice(0, firstLetter)}${swapCase(random[firstLetter]!)}${random.slice(firstLetter + 1)}${checksum}`,
    ],
    ['the whole random part in upper case', `${API_KEY_PREFIX}${random.toUpperCase()}${checksum}`],
    ['the whole random part in lower case', `${API_KEY_PREFIX}${random.toLowerCase()}${checksum}`],
    ['another key’s checksum', `${API_KEY_PREFIX}${random}${apiKeyChecksum('0'.repeat(43))}`],
  ];

  it.each(wrongChecksum)('refuses %s by its checksum', (_name, text) => {
    // Some of these differ from the valid key only where they must: guard against a no-op case.
    expect(text).not.toBe(valid);
    expect(text).toMatch(KEY_RE);
    expect(parseApiKey(text)).toEqual({ ok: false, message: 'API key checksum does not match' });
  });
});
