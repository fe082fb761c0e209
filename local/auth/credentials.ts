/**
 * Validation of the email and password a client sends, with GoTrue's rules and messages: email
 * lower-cased and checked for shape, passwords of 6 to 72 bytes (GoTrue's default minimum and
 * its bcrypt-inherited maximum).
 */
import { AuthError } from './auth-error';

export const MIN_PASSWORD_BYTES = 6;
export const MAX_PASSWORD_BYTES = 72;
/** The format check of GoTrue's email validator (github.com/badoux/checkmail `ValidateFormat`). */
const EMAIL_SHAPE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * The normalized email, or a `validation_failed` error.
 *
 * @example
 * normalizeEmail('Ada@Example.com'); // 'ada@example.com'
 */
export function normalizeEmail(value: unknown): string {
  if (typeof value !== 'string' || value.length > 255 || !EMAIL_SHAPE.test(value)) {
    throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  }
  return value.toLowerCase();
}

/**
 * Checks a new password: `validation_failed` when absent or too long, `weak_password` (with
 * reasons `["length"]`) when shorter than {@link MIN_PASSWORD_BYTES}.
 *
 * @example
 * assertAcceptablePassword('12345'); // throws weak_password
 */
export function assertAcceptablePassword(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new AuthError(400, 'validation_failed', 'Signup requires a valid password');
  }
  checkPasswordStrength(value);
}

/**
 * GoTrue's `checkPasswordStrength`: `validation_failed` past {@link MAX_PASSWORD_BYTES},
 * `weak_password` under {@link MIN_PASSWORD_BYTES} (the empty password included).
 *
 * @example
 * checkPasswordStrength(''); // throws weak_password
 */
export function checkPasswordStrength(value: string): void {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) {
    throw new AuthError(400, 'validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  if (bytes < MIN_PASSWORD_BYTES) {
    throw new AuthError(422, 'weak_password', `Password should be at least ${MIN_PASSWORD_BYTES} characters.`, {
      weakPasswordReasons: ['length'],
    });
  }
}
