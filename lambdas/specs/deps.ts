/** What the specs operations need: an executor and the org-scoped spec store. */
import type { DataExecutor } from '../shared/data-api/types';
import type { createSpec, deleteSpec, getSpec, listSpecs, updateSpec } from '../shared/store/specs';

export interface SpecsDeps {
  db: DataExecutor;
  store: {
    createSpec: typeof createSpec;
    getSpec: typeof getSpec;
    listSpecs: typeof listSpecs;
    updateSpec: typeof updateSpec;
    deleteSpec: typeof deleteSpec;
  };
}
