/**
 * The Supabase Auth (GoTrue) emulator: the subset of `/auth/v1` that `@supabase/supabase-js`
 * uses, with ES256 tokens signed by a persisted key ring and served through a JWKS, on a
 * loopback HTTP server. Local tooling only: never bundled into a Lambda.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatePublishableKey } from './api-key';
import { AuthStore } from './auth-store';
import { createControl, type AuthEmulatorControl } from './control';
import type { EndpointDeps } from './endpoint';
import { createRequestHandler } from './request-handler';
import { AUTH_PREFIX, routeTable } from './route-table';
import { SigningKeyRing } from './signing-keys';
import { loadAuthState, saveAuthState } from './state-file';

export type { AuthEmulatorControl, ClaimOverrides } from './control';
export type { AccessTokenClaims, AccessTokenResponse } from './access-token';

export interface AuthEmulatorOptions {
  /** Default: a free port chosen by the OS. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Where users, sessions, the signing keys and the anon key persist; in memory when absent. */
  dataDir?: string;
  /** Lifetime of access tokens in seconds; default 3600 as Supabase. */
  accessTokenTtlSeconds?: number;
  /** Mounts the `/_local/...` control routes. */
  controlEnabled?: boolean;
}

export interface AuthEmulator {
  /** The project URL a client uses as `SUPABASE_URL`, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** `${url}/auth/v1`, the `iss` of every access token. */
  issuer: string;
  /** `${url}/auth/v1/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The publishable key (`sb_publishable_…`) clients send as `apikey`; persisted with `dataDir`. */
  anonKey: string;
  /** Levers for tests, also over HTTP under `/_local` when `controlEnabled`. */
  control: AuthEmulatorControl;
  /** Stops the server (open connections included) and writes the state a last time. */
  close(): Promise<void>;
}

function validated(
  options: AuthEmulatorOptions,
): Required<Omit<AuthEmulatorOptions, 'dataDir'>> & { dataDir?: string } {
  const { port = 0, host = '127.0.0.1', accessTokenTtlSeconds = 3600, controlEnabled = false, dataDir } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be an integer from 0 to 65535, got ${port}`);
  if (!Number.isInteger(accessTokenTtlSeconds) || accessTokenTtlSeconds < 1) {
    throw new Error(`accessTokenTtlSeconds must be a positive integer, got ${accessTokenTtlSeconds}`);
  }
  return { port, host, accessTokenTtlSeconds, controlEnabled, ...(dataDir === undefined ? {} : { dataDir }) };
}

/**
 * Starts the emulator and resolves once it listens.
 *
 * @example
 * const auth = await startAuthEmulator({ dataDir: '.local/auth', controlEnabled: true });
 * const supabase = createClient(auth.url, auth.anonKey, { auth: { persistSession: false } });
 * await supabase.auth.signUp({ email: 'ada@example.com', password: 'correct horse' });
 * await auth.close();
 */
export async function startAuthEmulator(options: AuthEmulatorOptions = {}): Promise<AuthEmulator> {
  const config = validated(options);
  const saved = config.dataDir === undefined ? undefined : loadAuthState(config.dataDir);
  const anonKey = saved?.anonKey ?? generatePublishableKey();
  const keys = saved ? SigningKeyRing.restore(saved.signingKeys) : await SigningKeyRing.create();

  let store: AuthStore | undefined;
  const persist = () => {
    if (config.dataDir === undefined || !store) return;
    saveAuthState(config.dataDir, { version: 1, anonKey, signingKeys: keys.snapshot(), store: store.snapshot() });
  };
  store = new AuthStore(saved?.store ?? { users: [], sessions: [], refreshTokens: [] }, persist);
  persist();

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const issuer = `${url}${AUTH_PREFIX}`;

  const deps: EndpointDeps = {
    store,
    keys,
    issuer,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    jwks: { available: true },
    persist,
  };
  const control = createControl(deps);
  server.on('request', createRequestHandler(routeTable(config.controlEnabled ? control : undefined), deps, anonKey));

  return {
    url,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    anonKey,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) return reject(error);
          persist();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
