/** The input of the org API key routes. */
import { API_KEY_SCOPES } from '../shared/api-keys/scopes';

/** The default and the bounds of `expiresInDays` (GitHub's longest lifetime is 366 days). */
export const DEFAULT_EXPIRES_IN_DAYS = 90;
export const MAX_EXPIRES_IN_DAYS = 366;

export const createApiKeyBody = {
  name: { type: 'string', minLength: 1, maxLength: 100, trimmed: true },
  scopes: { type: 'enumList', values: API_KEY_SCOPES },
  expiresInDays: { type: 'integer', min: 1, max: MAX_EXPIRES_IN_DAYS, optional: true },
} as const;

export const apiKeyParams = { keyId: { type: 'string', format: 'uuid' } } as const;
export const API_KEY_NOT_FOUND = 'API key not found';
