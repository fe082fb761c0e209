/**
 * Typed reads of the optional fields of a JSON body, with GoTrue's answers for the wrong type
 * (its JSON decoder refuses a field of the wrong type as `bad_json`) and for a malformed phone.
 */
import { AuthError } from '../auth-error';

function wrongType(field: string, expected: string): AuthError {
  return new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${field} must be ${expected}`);
}

/**
 * The field when it is a string, `undefined` when absent or `null`, else `bad_json`.
 *
 * @example
 * optionalString({ email: 'a@example.com' }, 'email'); // 'a@example.com'
 */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(field, 'a string');
  return value;
}

/** The field when it is a JSON object, `undefined` when absent or `null`, else `bad_json`. */
export function optionalObject(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(field, 'an object');
  return value as Record<string, unknown>;
}

/** The field when it is a boolean, `false` when absent or `null`, else `bad_json`. */
export function optionalBoolean(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw wrongType(field, 'a boolean');
  return value;
}

/**
 * GoTrue's `validatePhone`: `+` and spaces dropped, then E.164 digits, else `validation_failed`.
 *
 * @example
 * validatePhone('+1 555 0100'); // '15550100'
 */
export function validatePhone(phone: string): string {
  const digits = phone.replace(/^\+/, '').replaceAll(' ', '');
  if (!/^[1-9][0-9]{1,14}$/.test(digits)) {
    throw new AuthError(400, 'validation_failed', 'Invalid phone number format (E.164 required)');
  }
  return digits;
}
