/** The specs function's operations, keyed by the route table's `operation` names. */
import { createSpecOperation } from './create-spec';
import { deleteSpecOperation } from './delete-spec';
import { getSpecOperation } from './get-spec';
import { listSpecsOperation } from './list-specs';
import { updateSpecOperation } from './update-spec';

export const specsOperations = {
  listSpecs: listSpecsOperation,
  createSpec: createSpecOperation,
  getSpec: getSpecOperation,
  updateSpec: updateSpecOperation,
  deleteSpec: deleteSpecOperation,
};
