/**
 * The CDK app's configuration, read once from context (`cdk.json` or `-c key=value`) and
 * validated. Every knob the stacks use is here with its documented default; a bad value fails
 * the synth with a message that names the key.
 */
import type { Node } from 'constructs';

export interface AppConfig {
  /** API Gateway stage of the public API, and the prefix of every resource name. */
  stageName: string;
  /** A production stage keeps its database (deletion protection, snapshot on removal, longer backups). */
  production: boolean;
  /** `https://<ref>.supabase.co`, or a loopback URL for the local stack. */
  supabaseUrl: string;
  authJwtIssuer: string | undefined;
  authJwtAudience: string | undefined;
  authClockSkewSeconds: number | undefined;
  authAllowAnonymous: boolean;
  /** API Gateway authorizer result cache, 0–3600 s (0 disables). */
  authorizerCacheTtlSeconds: number;
  /** Origins allowed by CORS; empty means no browser origin is allowed. */
  corsAllowedOrigins: string[];
  throttleRateLimit: number;
  throttleBurstLimit: number;
  internalThrottleRateLimit: number;
  internalThrottleBurstLimit: number;
  internalQuotaPerDay: number;
  dbMinCapacity: number;
  dbMaxCapacity: number;
  /** `retain` or `destroy` for stateful resources when the stack is deleted. */
  removalPolicy: 'retain' | 'destroy';
  logRetentionDays: number;
  /**
   * The Secrets Manager `VersionId` API Gateway's platform key is read from. CloudFormation
   * resolves a dynamic reference only when it changes, so a rotation names the new version here.
   */
  platformKeyVersionId: string | undefined;
  /**
   * How long after a rotation the internal functions still accept the platform key's previous
   * version, in whole minutes (0 accepts the current version only).
   */
  platformKeyPreviousVersionGraceMinutes: number;
  /** Where the alarm topic sends email; unset, the topic has no subscription (subscribe it yourself). */
  alarmEmail: string | undefined;
  /**
   * Org API keys (`intello_sk_…`): on, the authorizer accepts them (reading `org_api_keys` as its
   * own read-only database role) and `/api/org/api-keys` manages them; off, a key is refused like
   * any malformed token and those routes answer 404.
   */
  orgApiKeys: boolean;
}

/** Context keys and their defaults (documented in README "Configuration"). */
export const CONTEXT_DEFAULTS = {
  stageName: 'prod',
  authorizerCacheTtlSeconds: 300,
  corsAllowedOrigins: '',
  throttleRateLimit: 100,
  throttleBurstLimit: 200,
  internalThrottleRateLimit: 10,
  internalThrottleBurstLimit: 20,
  internalQuotaPerDay: 100000,
  dbMinCapacity: 0,
  dbMaxCapacity: 4,
  logRetentionDays: 30,
  platformKeyPreviousVersionGraceMinutes: 60,
  orgApiKeys: false,
} as const;

type Context = Pick<Node, 'tryGetContext'>;

/** The retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function str(ctx: Context, key: string): string | undefined {
  const value: unknown = ctx.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new Error(`Context ${key} must be a string, got ${JSON.stringify(value)}`);
  }
  return String(value);
}

function num(ctx: Context, key: string, fallback: number, min: number, max: number): number {
  const raw = str(ctx, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`Context ${key} must be a number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(ctx: Context, key: string, fallback: boolean): boolean {
  const raw = str(ctx, key);
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`Context ${key} must be true or false, got "${raw}"`);
}

function url(ctx: Context, key: string, required: boolean): string | undefined {
  const raw = str(ctx, key);
  if (raw === undefined) {
    if (required)
      throw new Error(`Context ${key} is required, e.g. cdk synth -c ${key}=https://your-project-ref.supabase.co`);
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`Context ${key} must be a URL, got "${raw}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new Error(`Context ${key} must use https (http only for loopback), got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function wholeMinutes(ctx: Context, key: string, fallback: number, max: number): number {
  const minutes = num(ctx, key, fallback, 0, max);
  if (!Number.isInteger(minutes)) throw new Error(`Context ${key} must be a whole number of minutes, got ${minutes}`);
  return minutes;
}

function logRetention(ctx: Context): number {
  const days = num(ctx, 'logRetentionDays', CONTEXT_DEFAULTS.logRetentionDays, 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(days))
    throw new Error(`Context logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}, got ${days}`);
  return days;
}

/**
 * Reads and validates the app's context.
 *
 * @example
 * const config = loadAppConfig(app.node);
 */
export function loadAppConfig(ctx: Context): AppConfig {
  const stageName = str(ctx, 'stageName') ?? CONTEXT_DEFAULTS.stageName;
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(stageName))
    throw new Error(`Context stageName must match ^[a-z][a-z0-9-]{0,30}$, got "${stageName}"`);
  const removal = str(ctx, 'removalPolicy');
  const production = bool(ctx, 'production', stageName === 'prod');
  if (removal !== undefined && removal !== 'retain' && removal !== 'destroy') {
    throw new Error(`Context removalPolicy must be retain or destroy, got "${removal}"`);
  }
  const dbMinCapacity = num(ctx, 'dbMinCapacity', CONTEXT_DEFAULTS.dbMinCapacity, 0, 256);
  const dbMaxCapacity = num(ctx, 'dbMaxCapacity', CONTEXT_DEFAULTS.dbMaxCapacity, 1, 256);
  if (dbMaxCapacity < dbMinCapacity) throw new Error('Context dbMaxCapacity must be at least dbMinCapacity');
  const skew = str(ctx, 'authClockSkewSeconds');
  const platformKeyVersionId = str(ctx, 'platformKeyVersionId');
  if (platformKeyVersionId !== undefined && !/^[A-Za-z0-9-]{32,64}$/.test(platformKeyVersionId)) {
    throw new Error(
      `Context platformKeyVersionId must be a Secrets Manager VersionId (32-64 letters, digits or dashes), got "${platformKeyVersionId}"`,
    );
  }
  const alarmEmail = str(ctx, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    throw new Error(`Context alarmEmail must be an email address, got "${alarmEmail}"`);
  }
  return {
    stageName,
    production,
    supabaseUrl: url(ctx, 'supabaseUrl', true) as string,
    authJwtIssuer: str(ctx, 'authJwtIssuer'),
    authJwtAudience: str(ctx, 'authJwtAudience'),
    authClockSkewSeconds: skew === undefined ? undefined : num(ctx, 'authClockSkewSeconds', 30, 0, 300),
    authAllowAnonymous: bool(ctx, 'authAllowAnonymous', false),
    authorizerCacheTtlSeconds: num(
      ctx,
      'authorizerCacheTtlSeconds',
      CONTEXT_DEFAULTS.authorizerCacheTtlSeconds,
      0,
      3600,
    ),
    corsAllowedOrigins: (str(ctx, 'corsAllowedOrigins') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    throttleRateLimit: num(ctx, 'throttleRateLimit', CONTEXT_DEFAULTS.throttleRateLimit, 1, 10000),
    throttleBurstLimit: num(ctx, 'throttleBurstLimit', CONTEXT_DEFAULTS.throttleBurstLimit, 1, 5000),
    internalThrottleRateLimit: num(
      ctx,
      'internalThrottleRateLimit',
      CONTEXT_DEFAULTS.internalThrottleRateLimit,
      1,
      10000,
    ),
    internalThrottleBurstLimit: num(
      ctx,
      'internalThrottleBurstLimit',
      CONTEXT_DEFAULTS.internalThrottleBurstLimit,
      1,
      5000,
    ),
    internalQuotaPerDay: num(ctx, 'internalQuotaPerDay', CONTEXT_DEFAULTS.internalQuotaPerDay, 1, 1e9),
    dbMinCapacity,
    dbMaxCapacity,
    removalPolicy: removal ?? (production ? 'retain' : 'destroy'),
    logRetentionDays: logRetention(ctx),
    platformKeyVersionId,
    // The functions refuse more than a week (lambdas/shared/http/config.ts); so does the synth.
    platformKeyPreviousVersionGraceMinutes: wholeMinutes(
      ctx,
      'platformKeyPreviousVersionGraceMinutes',
      CONTEXT_DEFAULTS.platformKeyPreviousVersionGraceMinutes,
      10_080,
    ),
    alarmEmail,
    orgApiKeys: bool(ctx, 'orgApiKeys', CONTEXT_DEFAULTS.orgApiKeys),
  };
}
