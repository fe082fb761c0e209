import { AuthError } from '../../../../local/auth/auth-error';
import { assertAcceptablePassword, normalizeEmail } from '../../../../local/auth/credentials';

function caught(statement: () => unknown): AuthError {
  try {
    statement();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
}

describe('credential validation', () => {
  it('lower-cases a valid email', () => {
    expect(normalizeEmail('Ada.Lovelace@Example.COM')).toBe('ada.lovelace@example.com');
  });

  it.each([['not-an-email'], ['xx:;x@x.x'], ['a b@example.com'], [42], [null], [`${'a'.repeat(250)}@example.com`]])(
    'refuses %p as an email with validation_failed',
    (value) => {
      const error = caught(() => normalizeEmail(value));

      expect([error.status, error.code, error.message]).toEqual([
        400,
        'validation_failed',
        'Unable to validate email address: invalid format',
      ]);
    },
  );

  it('accepts passwords from 6 to 72 bytes', () => {
    expect(() => assertAcceptablePassword('123456')).not.toThrow();
    expect(() => assertAcceptablePassword('x'.repeat(72))).not.toThrow();
  });

  it('calls a password under 6 bytes weak, with the reason "length"', () => {
    const error = caught(() => assertAcceptablePassword('12345'));

    expect([error.status, error.code, error.message]).toEqual([
      422,
      'weak_password',
      'Password should be at least 6 characters.',
    ]);
    expect(error.weakPasswordReasons).toEqual(['length']);
  });

  it('counts bytes as GoTrue does, so three two-byte characters are long enough', () => {
    expect(() => assertAcceptablePassword('ééé')).not.toThrow();
  });

  it('refuses a missing or over-long password with validation_failed', () => {
    expect(caught(() => assertAcceptablePassword(undefined)).message).toBe('Signup requires a valid password');
    expect(caught(() => assertAcceptablePassword(123456)).code).toBe('validation_failed');
    expect(caught(() => assertAcceptablePassword('x'.repeat(73))).message).toBe(
      'Password cannot be longer than 72 characters',
    );
  });
});
