/** The store: one module per aggregate, re-exported for handlers. */
export * from './types';
export { findUserById, syncUser, orgNameFor, type SyncResult } from './users';
export { getOrg, setOrgPlan } from './orgs';
export {
  createSpec,
  getSpec,
  listSpecs,
  updateSpec,
  deleteSpec,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type SpecPatch,
} from './specs';
