/**
 * The Supabase Auth (GoTrue) emulator: the subset of `/auth/v1` that `@supabase/supabase-js`
 * uses, with ES256 tokens signed by a persisted key ring and served through a JWKS, on a
 * loopback HTTP server. Local tooling only: never bundled into a Lambda.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApiKeys,
  generateJwtSecret,
  generatePublishableKey,
  generateSecretKey,
  legacyServiceRoleKey,
} from './api-key';
import { AuthStore } from './auth-store';
import { createControl, type AuthEmulatorControl } from './control';
import type { EndpointDeps } from './endpoint';
import { allowedHostNames, generateControlToken, isLoopbackInterface } from './local-access';
import { createRequestHandler } from './request-handler';
import { AUTH_PREFIX, routeTable } from './route-table';
import { SigningKeyRing } from './signing-keys';
import { loadAuthState, saveAuthState } from './state-file';

export type { AuthEmulatorControl, ClaimOverrides } from './control';
export type { AccessTokenClaims, AccessTokenResponse } from './access-token';
export { CONTROL_TOKEN_HEADER } from './local-access';

export interface AuthEmulatorOptions {
  /** Default: a free port chosen by the OS. */
  port?: number;
  /** Default `127.0.0.1`. Anything but a loopback interface is refused unless `allowRemote`. */
  host?: string;
  /**
   * Listen on a non-loopback `host`, and answer any `Host` header. The control routes still need
   * the control token. Default false.
   */
  allowRemote?: boolean;
  /** Where users, sessions, the signing keys and the API keys persist; in memory when absent. */
  dataDir?: string;
  /** Lifetime of access tokens in seconds; default 3600 as Supabase. */
  accessTokenTtlSeconds?: number;
  /** How long a spent refresh token still refreshes, in seconds; default 10 as the Supabase CLI. */
  refreshTokenReuseIntervalSeconds?: number;
  /** Mounts the `/_local/...` control routes, behind a control token generated at start. */
  controlEnabled?: boolean;
  /** The emulator's clock (in-process callers only: tests drive the reuse interval with it). */
  now?: () => Date;
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
  /** The secret key (`sb_secret_…`): the admin API accepts it; persisted with `dataDir`. */
  serviceRoleKey: string;
  /** The legacy `service_role` key, an HS256 JWT; the admin API accepts it too. */
  legacyServiceRoleKey: string;
  /** What `/_local` requests send as `X-Local-Control-Token`; `undefined` unless `controlEnabled`. */
  controlToken: string | undefined;
  /** Levers for tests, also over HTTP under `/_local` when `controlEnabled`. */
  control: AuthEmulatorControl;
  /** Stops the server (open connections included) and writes the state a last time. */
  close(): Promise<void>;
}

function validated(options: AuthEmulatorOptions) {
  const {
    port = 0,
    host = '127.0.0.1',
    allowRemote = false,
    accessTokenTtlSeconds = 3600,
    refreshTokenReuseIntervalSeconds = 10,
    controlEnabled = false,
    now = () => new Date(),
    dataDir,
  } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be an integer from 0 to 65535, got ${port}`);
  if (!Number.isInteger(accessTokenTtlSeconds) || accessTokenTtlSeconds < 1) {
    throw new Error(`accessTokenTtlSeconds must be a positive integer, got ${accessTokenTtlSeconds}`);
  }
  if (!Number.isInteger(refreshTokenReuseIntervalSeconds) || refreshTokenReuseIntervalSeconds < 0) {
    throw new Error(
      `refreshTokenReuseIntervalSeconds must be a non-negative integer, got ${refreshTokenReuseIntervalSeconds}`,
    );
  }
  if (!allowRemote && !isLoopbackInterface(host)) {
    throw new Error(
      `refusing to listen on ${host}: not a loopback interface, and the emulator mints valid tokens for anyone who reaches it (pass allowRemote / --allow-remote to do it anyway)`,
    );
  }
  return {
    port,
    host,
    allowRemote,
    accessTokenTtlSeconds,
    refreshTokenReuseIntervalSeconds,
    controlEnabled,
    now,
    dataDir,
  };
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
  const jwtSecret = saved?.jwtSecret ?? generateJwtSecret();
  const apiKeys: ApiKeys = {
    publishable: saved?.anonKey ?? generatePublishableKey(),
    secret: saved?.serviceRoleKey ?? generateSecretKey(),
    legacyServiceRole: saved?.legacyServiceRoleKey ?? (await legacyServiceRoleKey(jwtSecret, config.now())),
  };
  const keys = saved ? SigningKeyRing.restore(saved.signingKeys) : await SigningKeyRing.create();

  let store: AuthStore | undefined;
  const persist = () => {
    if (config.dataDir === undefined || !store) return;
    saveAuthState(config.dataDir, {
      version: 1,
      anonKey: apiKeys.publishable,
      serviceRoleKey: apiKeys.secret,
      jwtSecret,
      legacyServiceRoleKey: apiKeys.legacyServiceRole,
      signingKeys: keys.snapshot(),
      store: store.snapshot(),
    });
  };
  store = new AuthStore(saved?.store ?? { users: [], sessions: [], refreshTokens: [] }, persist, config.now);
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
    refreshTokenReuseIntervalSeconds: config.refreshTokenReuseIntervalSeconds,
    apiKeys,
    jwtSecret,
    now: config.now,
    jwks: { available: true },
    persist,
  };
  const control = createControl(deps);
  const controlToken = config.controlEnabled ? generateControlToken() : undefined;
  server.on(
    'request',
    createRequestHandler({
      routes: routeTable(config.controlEnabled ? control : undefined),
      deps,
      controlToken,
      allowedHosts: config.allowRemote ? undefined : allowedHostNames(config.host),
    }),
  );

  return {
    url,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    anonKey: apiKeys.publishable,
    serviceRoleKey: apiKeys.secret,
    legacyServiceRoleKey: apiKeys.legacyServiceRole,
    controlToken,
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
