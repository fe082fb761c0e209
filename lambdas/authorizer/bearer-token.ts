/**
 * The first gate: the identity header must be exactly `Bearer <jwt>`, the JWT at most 8 KiB and
 * made of three base64url segments whose first two decode to JSON objects. Nothing here trusts
 * the content; it only makes sure there is something well-formed to verify.
 */
import { reject } from './errors';

/** The largest accepted access token, in bytes (the token is ASCII once the shape is checked). */
export const MAX_TOKEN_BYTES = 8192;

const SCHEME = 'Bearer ';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A JWT split into its parts, header and payload parsed but not yet trusted. */
export interface DecodedToken {
  header: Record<string, unknown>;
  headerB64: string;
  payload: Record<string, unknown>;
  payloadB64: string;
  signatureB64: string;
}

/**
 * The token from an `Authorization` header value, or a `TokenRejectedError`.
 *
 * @example
 * extractBearerToken('Bearer eyJ...'); // 'eyJ...'
 * extractBearerToken('bearer eyJ...'); // throws TokenRejectedError('unauthorized', ...)
 */
export function extractBearerToken(authorization: unknown): string {
  if (typeof authorization !== 'string' || !authorization.startsWith(SCHEME)) {
    throw reject('Authorization header must be "Bearer " followed by a Supabase access token');
  }
  const token = authorization.slice(SCHEME.length);
  if (token.length > MAX_TOKEN_BYTES) throw reject('access token is larger than 8 KiB');
  if (!COMPACT_JWS.test(token)) throw reject('access token must be a JWT: three base64url segments separated by dots');
  return token;
}

function decodeSegment(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    // A length of 4n+1 cannot come from any byte string: reject rather than let the decoder guess.
    if (segment.length % 4 === 1) throw new Error('impossible base64url length');
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch (cause) {
    throw reject(`token ${part} is not base64url-encoded JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw reject(`token ${part} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Splits a token that passed {@link extractBearerToken} and parses its header and payload.
 *
 * @example
 * const { header, payload } = decodeToken(token);
 */
export function decodeToken(token: string): DecodedToken {
  const [headerB64 = '', payloadB64 = '', signatureB64 = ''] = token.split('.');
  return {
    header: decodeSegment(headerB64, 'header'),
    headerB64,
    payload: decodeSegment(payloadB64, 'payload'),
    payloadB64,
    signatureB64,
  };
}
