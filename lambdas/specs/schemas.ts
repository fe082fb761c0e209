/**
 * The input of the specs routes. Strict: `orgId`/`org_id` or any other unknown field is a
 * `validation_failed`, so a client learns at once that the org is not theirs to choose.
 */
import { MAX_PAGE_SIZE } from '../shared/store/page';

const name = { type: 'string', minLength: 1, maxLength: 200, trimmed: true } as const;
// The column allows 2048 characters.
const sourceUrl = { type: 'string', format: 'https-url', maxLength: 2048 } as const;

export const specParams = { specId: { type: 'string', format: 'uuid' } } as const;

export const listSpecsQuery = {
  limit: { type: 'integer', optional: true, min: 1, max: MAX_PAGE_SIZE, fromString: true },
  cursor: { type: 'string', optional: true, minLength: 1, maxLength: 200 },
} as const;

export const createSpecBody = {
  name,
  sourceUrl: { ...sourceUrl, optional: true, nullable: true },
} as const;

export const updateSpecBody = {
  name: { ...name, optional: true },
  sourceUrl: { ...sourceUrl, optional: true, nullable: true },
} as const;

export const SPEC_NOT_FOUND = 'spec not found';
