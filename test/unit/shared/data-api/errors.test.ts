import { ApiError } from '../../../../lambdas/shared/api-error';
import { isDataException, sqlStateOf, toApiError } from '../../../../lambdas/shared/data-api/errors';
import { SqlParameterError } from '../../../../lambdas/shared/data-api/params';
import { RetriesExhaustedError } from '../../../../lambdas/shared/data-api/retry';

function databaseError(message: string) {
  return Object.assign(new Error(message), { name: 'DatabaseErrorException', $metadata: { httpStatusCode: 400 } });
}

const UNIQUE = databaseError(
  'ERROR: duplicate key value violates unique constraint "specs_org_name_unique"\n  Detail: Key (org_id, name)=(…, secret) already exists.; SQLState: 23505',
);

describe('sqlStateOf', () => {
  it('reads the SQLState from a DatabaseErrorException, also through causes', () => {
    expect(sqlStateOf(UNIQUE)).toBe('23505');
    expect(sqlStateOf(new ApiError('conflict', 'x', { cause: UNIQUE }))).toBe('23505');
    expect(sqlStateOf(new Error('SQLState: 23505'))).toBeUndefined();
  });
});

describe('isDataException', () => {
  it('is true for SQLSTATE class 22 only', () => {
    expect(['22000', '22008', '22P02', '22001'].map(isDataException)).toEqual([true, true, true, true]);
    expect(['23505', '42P01', '40001', undefined].map(isDataException)).toEqual([false, false, false, false]);
  });
});

describe('toApiError', () => {
  it('maps a unique violation to conflict without leaking the row values', () => {
    const error = toApiError(UNIQUE);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('conflict');
    expect(error.status).toBe(409);
    expect(error.message).not.toMatch(/secret|specs_org_name_unique|SQLState/);
    expect(error.cause).toBe(UNIQUE);
  });

  it('maps foreign-key violations to conflict and check violations to validation_failed', () => {
    expect(
      toApiError(databaseError('ERROR: insert or update violates foreign key constraint; SQLState: 23503')).code,
    ).toBe('conflict');
    expect(
      toApiError(databaseError('ERROR: new row violates check constraint "specs_name_length"; SQLState: 23514')).code,
    ).toBe('validation_failed');
    expect(toApiError(databaseError('ERROR: invalid input syntax for type uuid; SQLState: 22P02')).code).toBe(
      'bad_request',
    );
  });

  it.each([
    ['22008', 'ERROR: date/time field value out of range: "0000-01-01 00:00:00+00"'],
    ['22003', 'ERROR: value "99999999999" is out of range for type integer'],
    ['22021', 'ERROR: invalid byte sequence for encoding "UTF8": 0x00'],
    ['22007', 'ERROR: invalid input syntax for type timestamp with time zone: "x"'],
  ])('maps the data exception %s (a value PostgreSQL refused) to 400 bad_request, never a 500', (state, text) => {
    const error = toApiError(databaseError(`${text}; SQLState: ${state}`));
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect(error.message).toBe('a value is outside what the database accepts');
  });

  it('maps any other SQL error to internal_error with a message that names nothing', () => {
    const cause = databaseError('ERROR: relation "specz" does not exist; Position: 15; SQLState: 42P01');
    const error = toApiError(cause);
    expect(error.code).toBe('internal_error');
    expect(error.status).toBe(500);
    expect(error.message).toBe('internal error');
    expect(error.cause).toBe(cause);
  });

  it('maps exhausted retries, and an unretried 5xx, to service_unavailable', () => {
    const resuming = Object.assign(new Error('resuming'), { name: 'DatabaseResumingException' });
    expect(toApiError(new RetriesExhaustedError(9, resuming))).toMatchObject({
      code: 'service_unavailable',
      status: 503,
    });
    const unavailable = Object.assign(new Error('down'), {
      name: 'ServiceUnavailableError',
      $metadata: { httpStatusCode: 503 },
    });
    expect(toApiError(unavailable).code).toBe('service_unavailable');
  });

  it('maps configuration failures and programming errors to internal_error', () => {
    const denied = Object.assign(new Error('denied'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    expect(toApiError(denied).code).toBe('internal_error');
    expect(toApiError(new SqlParameterError('parameter :x is undefined')).code).toBe('internal_error');
  });

  it('passes an ApiError through unchanged', () => {
    const original = new ApiError('not_found', 'spec not found');
    expect(toApiError(original)).toBe(original);
  });
});
