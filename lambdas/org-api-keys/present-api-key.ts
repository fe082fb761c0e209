/** What a client sees of a key: never its hash, and the secret only in the 201 of its creation. */
import type { OrgApiKey } from '../shared/store/types';

export function presentApiKey(key: OrgApiKey) {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    start: key.start,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}
