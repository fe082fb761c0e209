// @ts-check
/**
 * One Lambda execution environment: a worker thread that imports the function's bundled handler
 * once (the init phase) and then runs invocations one at a time, keeping module state between
 * them as a warm Lambda does.
 *
 * Plain JavaScript on purpose: a worker thread is started by Node itself, outside any TypeScript
 * loader (jest, tsx), and the bundles it runs are JavaScript already.
 *
 * Protocol: → { type: 'invoke', id, event, requestId, deadline }
 *           ← { type: 'ready' } | { type: 'init-error', errorType, errorMessage }
 *           ← { type: 'result', id, ok: true, payload } | { type: 'result', id, ok: false, errorType, errorMessage }
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { assetDir, handler, functionName, functionArn, memoryMb } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @returns {Promise<Function>} */
async function loadHandler() {
  const dot = handler.lastIndexOf('.');
  const modulePath = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs']
    .map((ext) => join(assetDir, modulePath + ext))
    .find((candidate) => existsSync(candidate));
  if (file === undefined)
    throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { name: 'Runtime.ImportModuleError' });
  const mod = await import(pathToFileURL(file).href);
  const fn = mod[exportName] ?? mod.default?.[exportName];
  if (typeof fn !== 'function')
    throw Object.assign(new Error(`${modulePath}.${exportName} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  return fn;
}

/** @param {unknown} error */
function describe(error) {
  if (error instanceof Error) return { errorType: error.name || 'Error', errorMessage: error.message };
  return { errorType: 'Error', errorMessage: typeof error === 'string' ? error : JSON.stringify(error) };
}

/** @type {Function | undefined} */
let fn;
try {
  fn = await loadHandler();
  port.postMessage({ type: 'ready' });
} catch (error) {
  port.postMessage({ type: 'init-error', ...describe(error) });
}

port.on('message', async (message) => {
  if (message.type !== 'invoke' || fn === undefined) return;
  const context = {
    awsRequestId: message.requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  try {
    const result = await fn(message.event, context);
    // Lambda returns the JSON serialization of the result; undefined becomes null.
    const payload = JSON.stringify(result === undefined ? null : result);
    port.postMessage({ type: 'result', id: message.id, ok: true, payload });
  } catch (error) {
    port.postMessage({ type: 'result', id: message.id, ok: false, ...describe(error) });
  }
});
