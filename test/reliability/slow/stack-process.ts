/**
 * The local stack in a process of its own, so the load run measures the stack's resident memory
 * and not the load generator's. Started by `stack-child.ts` with an IPC channel; it sends
 * `{type:'ready', endpoints, database, databaseUrl}` once serving, then answers control
 * messages (faults, JWKS, keys, tokens, memory, counters) until told to stop.
 */
import { startReliabilityStack } from '../support/reliability-stack';
import type { ControlRequest } from './stack-control';

const send = (message: unknown) => process.send?.(message);

async function main(): Promise<void> {
  const stack = await startReliabilityStack();
  const auth = stack.auth;
  if (!auth) throw new Error('the reliability stack needs its own auth emulator (unset SUPABASE_URL)');

  // Observe, without changing, what the gateways get from the functions: the runtime never
  // rejects, failures come back as results, and a 502 or 504 needs its reason in the report.
  const failures: Record<string, { count: number; samples: string[] }> = {};
  const invocations: Record<string, number> = {};
  const invoke = stack.lambdas.invoke.bind(stack.lambdas);
  stack.lambdas.invoke = async (name, event, options) => {
    const result = await invoke(name, event, options);
    invocations[name] = (invocations[name] ?? 0) + 1;
    if (!result.ok) {
      const key = `${name}: ${result.kind} ${result.errorType}`;
      const entry = (failures[key] ??= { count: 0, samples: [] });
      entry.count += 1;
      if (entry.samples.length < 3) entry.samples.push(result.errorMessage.slice(0, 300));
    }
    return result;
  };

  async function answer(request: ControlRequest): Promise<unknown> {
    switch (request.op) {
      case 'rss':
        return process.memoryUsage().rss;
      case 'inject':
        stack.dataApi.faults.inject(request.fault);
        return null;
      case 'clear-faults':
        stack.dataApi.faults.clear();
        return null;
      case 'jwks':
        auth!.control.setJwksAvailable(request.available);
        return null;
      case 'rotate':
        return (await auth!.control.rotateSigningKey()).kid;
      case 'sign':
        return auth!.control.signAccessToken(request.claims);
      case 'flush-authorizer-cache':
        stack.publicApi.flushAuthorizerCache();
        return null;
      case 'stats':
        return {
          public: stack.publicApi.stats,
          internal: stack.internalApi.stats,
          invocations,
          failures,
        };
      case 'stop':
        await stack.close();
        setImmediate(() => process.exit(0));
        return null;
    }
  }

  process.on('message', (message: { id: number; request: ControlRequest }) => {
    answer(message.request).then(
      (value) => send({ type: 'reply', id: message.id, value }),
      (error: unknown) =>
        send({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // The parent died without saying stop: do not outlive it.
  process.on('disconnect', () => void stack.close().finally(() => process.exit(0)));
  send({
    type: 'ready',
    endpoints: stack.endpoints,
    database: stack.database.description,
    databaseUrl: stack.databaseUrl,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
