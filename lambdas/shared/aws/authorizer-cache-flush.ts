/**
 * After an org API key is revoked: flush API Gateway's authorizer cache on every stage that uses
 * the shared authorizer, so services that reuse it (and do not re-check keys, as Intello's own
 * handlers do) stop honouring a cached Allow. The `SupabaseAuthorizer` construct registers each
 * consuming stage as an SSM parameter under one path (`<path>/<restApiId>` = `<restApiId>/<stage>`).
 *
 * Best effort: a 429 or a 5xx is retried with capped, jittered backoff within a time budget; a
 * stage that still fails is logged and left (its cached Allow then lasts at most the TTL). Nothing
 * here throws: the revocation itself is already committed.
 */
import { sendSignedRequest, type AwsServiceEndpoint, type SignedRequest, type SignedResponse } from './signed-request';

/** One API stage whose authorizer cache is flushed. */
export interface ConsumerStage {
  restApiId: string;
  stageName: string;
}

/** What the flush needs to reach AWS, read from the function's configuration. */
export interface AuthorizerCacheFlushConfig {
  /** The SSM path under which consuming stages are registered (`/intello/<stage>/authorizer/consumers`). */
  consumersPath: string;
  ssm: AwsServiceEndpoint;
  apiGateway: AwsServiceEndpoint;
}

/** The calls and clocks the flush runs on: real ones in Lambda, loopback servers in tests. */
export interface FlushDeps {
  send: (endpoint: AwsServiceEndpoint, request: SignedRequest) => Promise<SignedResponse>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  /** A Powertools Logger fits. */
  log: {
    info(message: string, extra: Record<string, unknown>): void;
    warn(message: string, extra: Record<string, unknown>): void;
    error(message: string, extra: Record<string, unknown>): void;
  };
}

/** How long the whole flush may take, and how its retries back off. */
export interface FlushLimits {
  /** Well inside the function's 28 s timeout, after the revocation's own Data API calls. */
  budgetMs: number;
  attemptTimeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_FLUSH_LIMITS: FlushLimits = {
  budgetMs: 10_000,
  attemptTimeoutMs: 3_000,
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
};

/** The stages that were flushed and those that were not, for the log and the tests. */
export interface FlushReport {
  flushed: ConsumerStage[];
  failed: Array<ConsumerStage & { reason: string }>;
  /** Set when the registry itself could not be read (then nothing was flushed). */
  registryError?: string;
}

class AwsCallError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AwsCallError';
  }
}

/** A status worth another try: throttling (429) or AWS's own trouble (5xx). */
function retryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function describe(response: SignedResponse): string {
  try {
    const parsed = JSON.parse(response.body) as { __type?: string; message?: string; Message?: string };
    const type = parsed.__type?.split('#').pop();
    return `${response.status}${type ? ` ${type}` : ''}: ${parsed.message ?? parsed.Message ?? ''}`.trim();
  } catch {
    return `${response.status}`;
  }
}

/** Calls `once` until it succeeds, fails for good, runs out of attempts, or would pass `deadline`. */
async function withRetries<T>(
  deps: FlushDeps,
  limits: FlushLimits,
  deadline: number,
  once: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const remaining = deadline - deps.now();
    try {
      return await once(AbortSignal.timeout(Math.max(1, Math.min(limits.attemptTimeoutMs, remaining))));
    } catch (error) {
      // No answer at all (network, timeout) is as transient as a 5xx.
      const retryable = error instanceof AwsCallError ? error.retryable : true;
      const delay = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + deps.random() / 2);
      if (!retryable || attempt >= limits.maxAttempts || deps.now() + delay >= deadline) throw error;
      await deps.sleep(delay);
    }
  }
}

async function listConsumerStages(
  config: AuthorizerCacheFlushConfig,
  deps: FlushDeps,
  limits: FlushLimits,
  deadline: number,
): Promise<ConsumerStage[]> {
  const stages: ConsumerStage[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const response = await withRetries(deps, limits, deadline, async (signal) => {
      const answer = await deps.send(config.ssm, {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParametersByPath' },
        body: JSON.stringify({ Path: config.consumersPath, Recursive: false, ...(token ? { NextToken: token } : {}) }),
        signal,
      });
      if (answer.status !== 200)
        throw new AwsCallError(`GetParametersByPath ${describe(answer)}`, retryableStatus(answer.status));
      return JSON.parse(answer.body) as { Parameters?: Array<{ Value?: string }>; NextToken?: string };
    });
    for (const parameter of response.Parameters ?? []) {
      const match = /^([a-z0-9]+)\/([A-Za-z0-9_-]+)$/.exec(parameter.Value ?? '');
      if (match) stages.push({ restApiId: match[1]!, stageName: match[2]! });
      else
        deps.log.warn('authorizer consumer registration is not <restApiId>/<stageName>; skipped', {
          value: parameter.Value,
        });
    }
    nextToken = response.NextToken;
  } while (nextToken);
  return stages;
}

async function flushStage(
  stage: ConsumerStage,
  config: AuthorizerCacheFlushConfig,
  deps: FlushDeps,
  limits: FlushLimits,
  deadline: number,
): Promise<void> {
  await withRetries(deps, limits, deadline, async (signal) => {
    const answer = await deps.send(config.apiGateway, {
      method: 'DELETE',
      path: `/restapis/${encodeURIComponent(stage.restApiId)}/stages/${encodeURIComponent(stage.stageName)}/cache/authorizers`,
      headers: { accept: 'application/json' },
      signal,
    });
    if (answer.status !== 202 && answer.status !== 200)
      throw new AwsCallError(`FlushStageAuthorizersCache ${describe(answer)}`, retryableStatus(answer.status));
  });
}

/**
 * Flushes every registered stage's authorizer cache; never throws. Stages are flushed side by
 * side, each with its own retries, all within one budget.
 *
 * @example
 * const report = await flushAuthorizerCaches(config, liveFlushDeps(logger));
 */
export async function flushAuthorizerCaches(
  config: AuthorizerCacheFlushConfig,
  deps: FlushDeps,
  limits: FlushLimits = DEFAULT_FLUSH_LIMITS,
): Promise<FlushReport> {
  const deadline = deps.now() + limits.budgetMs;
  let stages: ConsumerStage[];
  try {
    stages = await listConsumerStages(config, deps, limits, deadline);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.log.error('authorizer caches not flushed: the consumer registry could not be read', {
      consumersPath: config.consumersPath,
      reason,
    });
    return { flushed: [], failed: [], registryError: reason };
  }
  const outcomes = await Promise.all(
    stages.map(async (stage) => {
      try {
        await flushStage(stage, config, deps, limits, deadline);
        return { stage };
      } catch (error) {
        return { stage, reason: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const report: FlushReport = { flushed: [], failed: [] };
  for (const outcome of outcomes) {
    if (outcome.reason === undefined) report.flushed.push(outcome.stage);
    else report.failed.push({ ...outcome.stage, reason: outcome.reason });
  }
  for (const failure of report.failed)
    deps.log.warn('authorizer cache not flushed: a cached Allow on this stage lasts until its TTL ends', {
      ...failure,
    });
  deps.log.info('authorizer caches flushed after a key revocation', {
    flushed: report.flushed.length,
    failed: report.failed.length,
  });
  return report;
}

/**
 * The real calls: signed fetches, real timers and clock.
 *
 * @example
 * await flushAuthorizerCaches(config, liveFlushDeps(logger));
 */
export function liveFlushDeps(log: FlushDeps['log']): FlushDeps {
  return {
    send: sendSignedRequest,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: Math.random,
    log,
  };
}
