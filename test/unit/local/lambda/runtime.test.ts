import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLambdaRuntime,
  type LambdaRuntime,
  type LocalFunctionDefinition,
} from '../../../../local/lambda/runtime';

const root = mkdtempSync(join(tmpdir(), 'lambda-runtime-'));

function fn(name: string, source: string, extra: Partial<LocalFunctionDefinition> = {}): LocalFunctionDefinition {
  const assetDir = join(root, name);
  mkdirSync(assetDir, { recursive: true });
  writeFileSync(join(assetDir, 'index.mjs'), source);
  return { name, assetDir, handler: 'index.handler', environment: {}, timeoutSeconds: 3, ...extra };
}

const counter = `let calls = 0; export const handler = async () => ({ calls: ++calls, greeting: process.env.GREETING ?? null, leaked: process.env.RUNTIME_TEST_PARENT_ONLY ?? null });`;
const hangs = `let calls = 0; export const handler = async (event) => { calls += 1; if (event.hang) await new Promise(() => {}); return { calls }; };`;
const crashes = `let calls = 0; export const handler = async (event) => { calls += 1; if (event.crash === 'exit') process.exit(3); if (event.crash) { setTimeout(() => { throw new Error('boom'); }); await new Promise(() => {}); } return { calls }; };`;
const throws = `let calls = 0; export const handler = async () => { calls += 1; if (calls === 1) throw new Error('Unauthorized'); return { calls }; };`;
const slow = `export const handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return 'done'; };`;

describe('the local Lambda runtime', () => {
  let runtime: LambdaRuntime;
  afterEach(async () => runtime?.close());
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('cold-starts on the first call and keeps module state on the next', async () => {
    runtime = createLambdaRuntime([fn('counter', counter)]);
    const first = await runtime.invoke('counter', {});
    const second = await runtime.invoke('counter', {});
    expect(first).toMatchObject({ ok: true, coldStart: true, payload: { calls: 1 } });
    expect(second).toMatchObject({ ok: true, coldStart: false, payload: { calls: 2 } });
    expect(runtime.stats('counter')).toMatchObject({ invocations: 2, coldStarts: 1 });
  });

  it('gives each function its own environment and none of the emulator process environment', async () => {
    process.env.RUNTIME_TEST_PARENT_ONLY = 'secret';
    runtime = createLambdaRuntime([
      fn('hello', counter, { environment: { GREETING: 'hello' } }),
      fn('bonjour', counter, { environment: { GREETING: 'bonjour' } }),
    ]);
    const [hello, bonjour] = await Promise.all([runtime.invoke('hello', {}), runtime.invoke('bonjour', {})]);
    delete process.env.RUNTIME_TEST_PARENT_ONLY;
    expect(hello).toMatchObject({ ok: true, payload: { greeting: 'hello', leaked: null } });
    expect(bonjour).toMatchObject({ ok: true, payload: { greeting: 'bonjour', leaked: null } });
  });

  it('sets the variables Lambda defines and passes a context with the request id and remaining time', async () => {
    const source = `export const handler = async (event, context) => ({ env: { region: process.env.AWS_REGION, name: process.env.AWS_LAMBDA_FUNCTION_NAME, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE }, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis(), arn: context.invokedFunctionArn });`;
    runtime = createLambdaRuntime(
      [
        fn('ctx', source, {
          memoryMb: 256,
          arn: 'arn:aws:lambda:us-east-1:000000000000:function:ctx',
          timeoutSeconds: 5,
        }),
      ],
      { region: 'eu-west-3' },
    );
    const result = await runtime.invoke('ctx', {}, { requestId: 'req-1' });
    expect(result).toMatchObject({
      ok: true,
      payload: {
        env: { region: 'eu-west-3', name: 'ctx', memory: '256' },
        requestId: 'req-1',
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:ctx',
      },
    });
    const remaining = (result as { payload: { remaining: number } }).payload.remaining;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(5000);
  });

  it('enforces the timeout by discarding the environment, so the next call is a cold start', async () => {
    runtime = createLambdaRuntime([fn('hangs', hangs, { timeoutSeconds: 0.3 })]);
    await runtime.invoke('hangs', {});
    const timedOut = await runtime.invoke('hangs', { hang: true });
    const after = await runtime.invoke('hangs', {});
    expect(timedOut).toMatchObject({
      ok: false,
      kind: 'timeout',
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 0.30 seconds',
    });
    expect(after).toMatchObject({ ok: true, coldStart: true, payload: { calls: 1 } });
    expect(runtime.stats('hangs')).toMatchObject({ timeouts: 1, coldStarts: 2 });
  });

  it('reports an uncaught error as a crash and recovers with a cold start', async () => {
    runtime = createLambdaRuntime([fn('crashes', crashes)]);
    const crashed = await runtime.invoke('crashes', { crash: true });
    const after = await runtime.invoke('crashes', {});
    expect(crashed).toMatchObject({ ok: false, kind: 'crash' });
    expect(after).toMatchObject({ ok: true, coldStart: true, payload: { calls: 1 } });
  });

  it('reports process.exit as a crash', async () => {
    runtime = createLambdaRuntime([fn('exits', crashes)]);
    const crashed = await runtime.invoke('exits', { crash: 'exit' });
    expect(crashed).toMatchObject({ ok: false, kind: 'crash', errorMessage: expect.stringContaining('exit status 3') });
    expect(await runtime.invoke('exits', {})).toMatchObject({ ok: true, payload: { calls: 1 } });
  });

  it('returns a thrown error as a function error and keeps the environment warm', async () => {
    runtime = createLambdaRuntime([fn('throws', throws)]);
    const failed = await runtime.invoke('throws', {});
    const next = await runtime.invoke('throws', {});
    expect(failed).toEqual({
      ok: false,
      kind: 'function-error',
      errorType: 'Error',
      errorMessage: 'Unauthorized',
      coldStart: true,
    });
    expect(next).toMatchObject({ ok: true, coldStart: false, payload: { calls: 2 } });
  });

  it('reports a module that fails to load as an init error, and a missing handler export', async () => {
    runtime = createLambdaRuntime([
      fn('broken', `throw new Error('no config');`),
      fn('unexported', `export const other = async () => 1;`),
    ]);
    expect(await runtime.invoke('broken', {})).toMatchObject({
      ok: false,
      kind: 'init-error',
      errorMessage: 'no config',
    });
    expect(await runtime.invoke('unexported', {})).toMatchObject({
      ok: false,
      kind: 'init-error',
      errorType: 'Runtime.HandlerNotFound',
    });
    expect(await runtime.invoke('absent', {})).toMatchObject({ ok: false, kind: 'not-found' });
  });

  it('serializes the result as JSON, undefined becoming null', async () => {
    runtime = createLambdaRuntime([
      fn('shapes', `export const handler = async (e) => e.undef ? undefined : { date: new Date(0), n: 1 };`),
    ]);
    expect(await runtime.invoke('shapes', { undef: true })).toMatchObject({ ok: true, payload: null });
    expect(await runtime.invoke('shapes', {})).toMatchObject({
      ok: true,
      payload: { date: '1970-01-01T00:00:00.000Z', n: 1 },
    });
  });

  it('runs concurrent calls in separate environments, up to the limit', async () => {
    runtime = createLambdaRuntime([fn('slow', slow), fn('single', slow)], { maxEnvironments: 2 });
    await Promise.all([
      runtime.invoke('slow', { ms: 100 }),
      runtime.invoke('slow', { ms: 100 }),
      runtime.invoke('slow', { ms: 100 }),
    ]);
    expect(runtime.stats('slow').coldStarts).toBe(2);
  });
});
