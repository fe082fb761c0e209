/**
 * The first gate: the identity header must be exactly `Bearer <jwt>`, the JWT at most 8 KiB and
 * made of three base64url segments whose first two decode to JSON objects. Nothing here trusts
 * the content; it only makes sure there is something well-formed to verify.
 */
import { reject } from './errors';

/** The largest accepted access token, in bytes (the token is ASCII once the shape is checked). */
export const MAX_TOKEN_BYTES = 8192;

const BEARER_JWS = /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/;

/** A JWT split into its parts, header and payload parsed but not yet trusted. */
export interface DecodedToken {
  header: Record<string, unknown>;
  headerB64: string;
  payload: Record<string, unknown>;
  payloadB64: string;
  signatureB64: string;
}

function decodeSegment(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    // A length of 4n+1 cannot come from any byte string: refuse rather than let the decoder guess.
    if (segment.length % 4 !== 1) value = JSON.parse(Buffer.from(segment, 'base64url').toString());
  } catch {
    // reported below, with every other non-object
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw reject(`token ${part} is not a base64url-encoded JSON object`);
  return value as Record<string, unknown>;
}

/** The JWT of a header value shaped `Bearer <three base64url segments>`, or the rejection for its shape. */
function bearerShaped(authorization: unknown): string {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) {
    throw reject('Authorization header must be "Bearer <access token>"');
  }
  if (authorization.length > 'Bearer '.length + MAX_TOKEN_BYTES) throw reject('access token is larger than 8 KiB');
  if (!BEARER_JWS.test(authorization)) throw reject('access token must be a JWT: three base64url segments');
  return authorization.slice(7);
}

/**
 * The JWT of an `Authorization` header value once its shape is checked (scheme, size, three
 * base64url segments, no segment of an impossible length), or a `TokenRejectedError`. Nothing
 * is decoded: aws-jwt-verify decodes the token once, and {@link decodeBearerToken} gives the
 * precise message when it cannot.
 *
 * @example
 * bearerJwt('Bearer eyJ...'); // 'eyJ...'
 * bearerJwt('bearer eyJ...'); // throws TokenRejectedError('unauthorized', ...)
 */
export function bearerJwt(authorization: unknown): string {
  const jwt = bearerShaped(authorization);
  const dot = jwt.indexOf('.');
  // A segment of 4n+1 characters is refused by decodeSegment before any decoder guesses.
  if (dot % 4 === 1 || (jwt.indexOf('.', dot + 1) - dot - 1) % 4 === 1) decodeBearerToken(authorization);
  return jwt;
}

/**
 * The token of an `Authorization` header value, split and parsed, or a `TokenRejectedError`.
 *
 * @example
 * const { header, payload } = decodeBearerToken('Bearer eyJ...');
 * decodeBearerToken('bearer eyJ...'); // throws TokenRejectedError('unauthorized', ...)
 */
export function decodeBearerToken(authorization: unknown): DecodedToken {
  const [headerB64 = '', payloadB64 = '', signatureB64 = ''] = bearerShaped(authorization).split('.');
  return {
    header: decodeSegment(headerB64, 'header'),
    headerB64,
    payload: decodeSegment(payloadB64, 'payload'),
    payloadB64,
    signatureB64,
  };
}
