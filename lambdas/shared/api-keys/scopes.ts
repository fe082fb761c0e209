/** What an org API key may do. Each route in `lambdas/routes.ts` names the scope it needs. */
export const API_KEY_SCOPES = ['specs:read', 'specs:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && (API_KEY_SCOPES as readonly string[]).includes(value);
}
