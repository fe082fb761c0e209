/**
 * Runs PGlite in a worker thread: its queries execute synchronously inside WebAssembly, so on
 * the server's thread they would freeze every other request (and "Transaction is still running
 * a query" could never be observed). Loaded by Node directly (type stripping), so it imports
 * only packages and uses only erasable TypeScript.
 *
 * Protocol: `{ id, sql, values, types }` → `{ id, result }` | `{ id, error }`; `{ id, close: true }`
 * closes the database. Statements go through the extended protocol with explicit parameter
 * OIDs, and every value comes back in PostgreSQL's text format.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, protocol } from '@electric-sql/pglite';

interface QueryRequest {
  id: number;
  sql?: string;
  values?: Array<string | null>;
  types?: number[];
  close?: boolean;
}

const { serialize } = protocol;
const port = parentPort!;
const options = workerData as { dataDir?: string; settings: Record<string, string> };

const db = new PGlite(options.dataDir);
await db.waitReady;
for (const [name, value] of Object.entries(options.settings)) {
  await db.exec(`SET ${name} = '${value.replaceAll("'", "''")}'`);
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: QueryRequest) => {
  queue = queue.then(() => handle(request));
});
port.postMessage({ ready: true });

async function handle(request: QueryRequest): Promise<void> {
  if (request.close) {
    await db.close();
    port.postMessage({ id: request.id, result: null });
    return;
  }
  try {
    const result = await run(request.sql ?? '', request.values ?? [], request.types ?? []);
    port.postMessage({ id: request.id, result });
  } catch (error) {
    const e = error as Record<string, unknown>;
    port.postMessage({
      id: request.id,
      error: {
        code: e.code,
        message: e.message,
        detail: e.detail,
        hint: e.hint,
        position: e.position,
        where: e.where,
      },
    });
  }
}

async function run(sql: string, values: Array<string | null>, types: number[]) {
  const messages: Array<Record<string, unknown>> = [];
  const send = async (message: Uint8Array) => {
    const { messages: answer } = await db.execProtocol(message, { syncToFs: false });
    messages.push(...(answer as unknown as Array<Record<string, unknown>>));
  };
  try {
    await send(serialize.parse({ text: sql, types }));
    await send(serialize.bind({ values }));
    await send(serialize.describe({ type: 'P' }));
    await send(serialize.execute({}));
  } finally {
    await send(serialize.sync());
    // ReadyForQuery says whether the session is idle ('I') or inside a transaction ('T'/'E');
    // only a committed state is worth flushing to the data directory.
    const ready = messages.findLast((m) => m.name === 'readyForQuery');
    if (ready?.status === 'I') await db.syncToFs();
  }
  let fields: unknown[] | undefined;
  const rows: unknown[] = [];
  let command = '';
  for (const message of messages) {
    if (message.name === 'rowDescription') {
      fields = (message.fields as Array<Record<string, unknown>>).map((f) => ({
        name: f.name,
        tableID: f.tableID,
        columnID: f.columnID,
        dataTypeID: f.dataTypeID,
        dataTypeModifier: f.dataTypeModifier,
      }));
    } else if (message.name === 'dataRow') {
      rows.push(message.fields);
    } else if (message.name === 'commandComplete') {
      command = message.text as string;
    }
  }
  return { fields, rows, command };
}
