/** What the internal org operations need. */
import type { DataExecutor } from '../shared/data-api/types';
import type { getOrg, setOrgPlan } from '../shared/store/orgs';

export interface InternalOrgsDeps {
  db: DataExecutor;
  store: { getOrg: typeof getOrg; setOrgPlan: typeof setOrgPlan };
}
