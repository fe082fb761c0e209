/** The short quickstart `npm start` prints once the stack is up. */
import type { LocalEndpoints } from './stack';

/** A curl session and a supabase-js snippet against the running stack. */
export function quickstart(e: LocalEndpoints, endpointsFile: string): string {
  const anon = e.supabaseAnonKey || '<your anon key>';
  return `
Intello local stack is up. Endpoints are in ${endpointsFile}.

  public API    ${e.publicApiUrl}        (GET /health, POST /auth/sync, /api/...)
  internal API  ${e.internalApiUrl}        (x-api-key: ${e.platformApiKey})
  example API   ${e.exampleApiUrl}        (GET /orders: another service reusing the authorizer)
  Supabase Auth ${e.supabaseUrl}/auth/v1
  Data API      ${e.dataApiEndpoint}

curl session:
  TOKEN=$(curl -s -X POST '${e.supabaseUrl}/auth/v1/signup' -H 'apikey: ${anon}' -H 'content-type: application/json' \\
    -d '{"email":"ada@example.com","password":"correct-horse-42"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  # (already signed up? use ${e.supabaseUrl}/auth/v1/token?grant_type=password with the same body)
  curl -s ${e.publicApiUrl}/api/me -H "Authorization: Bearer $TOKEN"            # 428 user_not_synced
  curl -s -X POST ${e.publicApiUrl}/auth/sync -H "Authorization: Bearer $TOKEN"  # 201 {user, org}
  curl -s ${e.publicApiUrl}/api/me -H "Authorization: Bearer $TOKEN"            # 200
  curl -s -X POST ${e.publicApiUrl}/api/specs -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"name":"petstore"}'
  # org API keys (on unless LOCAL_ORG_API_KEYS=false): the secret is shown once
  curl -s -X POST ${e.publicApiUrl}/api/org/api-keys -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"name":"ci","scopes":["specs:read"]}'

supabase-js:
  import { createClient } from '@supabase/supabase-js';
  const supabase = createClient('${e.supabaseUrl}', '${anon}');
  const { data } = await supabase.auth.signInWithPassword({ email: 'ada@example.com', password: 'correct-horse-42' });
  await fetch('${e.publicApiUrl}/auth/sync', { method: 'POST', headers: { Authorization: \`Bearer \${data.session.access_token}\` } });

Ctrl-C stops everything.`;
}
