/** The input of the internal org routes. */
import { PLANS } from '../shared/store/types';

export const orgParams = { orgId: { type: 'string', format: 'uuid' } } as const;
export const setPlanBody = { plan: { type: 'string', enum: PLANS } } as const;
export const ORG_NOT_FOUND = 'org not found';
