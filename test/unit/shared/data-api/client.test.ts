/**
 * The client's use of the retry policy, on a stubbed `send`: a throttling answer followed by
 * success, or a 503 on a write, cannot be provoked on demand from a real service, and the
 * emulator's fault injection (used by the integration suite) fails every kind of call alike.
 * Everything that a real database can show is tested in test/integration/store.
 */
import { ExecuteStatementCommand, BeginTransactionCommand } from '@aws-sdk/client-rds-data';
import { ApiError } from '../../../../lambdas/shared/api-error';
import { createDataApiClient, type DataApiSender } from '../../../../lambdas/shared/data-api/client';
import { uuid } from '../../../../lambdas/shared/data-api/params';

const CONFIG = {
  region: 'us-east-1',
  resourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:test',
  secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:test',
  database: 'intello',
  retry: {
    sleep: async () => undefined,
    now: (() => {
      let t = 0;
      return () => (t += 100);
    })(),
  },
};

function sdkError(name: string, httpStatusCode: number) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

/** A sender that throws the queued failures first, then answers `answer`. */
function stubSender(
  failures: Error[],
  answer: unknown = { records: [], columnMetadata: [], numberOfRecordsUpdated: 0 },
) {
  const sent: unknown[] = [];
  const sender: DataApiSender = {
    async send(command) {
      sent.push(command);
      const failure = failures.shift();
      if (failure) throw failure;
      return answer;
    },
  };
  return { sender, sent };
}

describe('createDataApiClient', () => {
  it('resends a SELECT after a 503 but not an INSERT', async () => {
    const read = stubSender([sdkError('ServiceUnavailableError', 503)]);
    await createDataApiClient(CONFIG, read.sender).query('SELECT 1');
    expect(read.sent).toHaveLength(2);

    const write = stubSender([sdkError('ServiceUnavailableError', 503)]);
    const error = await createDataApiClient(CONFIG, write.sender)
      .query('INSERT INTO orgs (name) VALUES (:name)', { name: 'a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(write.sent).toHaveLength(1);
  });

  it('resends a write marked idempotent after throttling', async () => {
    const write = stubSender([sdkError('ThrottlingException', 400)]);
    await createDataApiClient(CONFIG, write.sender).query(
      'DELETE FROM specs WHERE id = :id',
      { id: uuid('0b9e2f3a-6a4c-4d8e-9f10-2b3c4d5e6f70') },
      { idempotent: true },
    );
    expect(write.sent).toHaveLength(2);
  });

  it('sends named parameters with type hints and asks for column metadata', async () => {
    const { sender, sent } = stubSender([]);
    await createDataApiClient(CONFIG, sender).query('SELECT * FROM orgs WHERE id = :id', {
      id: uuid('0B9E2F3A-6A4C-4D8E-9F10-2B3C4D5E6F70'),
    });
    const command = sent[0] as ExecuteStatementCommand;
    expect(command).toBeInstanceOf(ExecuteStatementCommand);
    expect(command.input).toMatchObject({
      resourceArn: CONFIG.resourceArn,
      secretArn: CONFIG.secretArn,
      database: 'intello',
      includeResultMetadata: true,
      parameters: [{ name: 'id', value: { stringValue: '0b9e2f3a-6a4c-4d8e-9f10-2b3c4d5e6f70' }, typeHint: 'UUID' }],
    });
  });

  it('refuses missing and unused parameters before sending anything', async () => {
    const { sender, sent } = stubSender([]);
    const db = createDataApiClient(CONFIG, sender);
    await expect(db.query('SELECT :a, :b::int', { a: 1 })).rejects.toMatchObject({
      code: 'internal_error',
      cause: { message: 'missing parameters: b' },
    });
    await expect(db.query('SELECT :a', { a: 1, c: 2 })).rejects.toMatchObject({
      cause: { message: 'parameters not used by the statement: c' },
    });
    expect(sent).toHaveLength(0);
  });

  it('retries BeginTransaction while the database resumes', async () => {
    const { sender, sent } = stubSender(
      [sdkError('DatabaseResumingException', 400), sdkError('DatabaseResumingException', 400)],
      { transactionId: 'tx-1' },
    );
    await expect(createDataApiClient(CONFIG, sender).beginTransaction()).resolves.toBe('tx-1');
    expect(sent).toHaveLength(3);
    expect(sent[0]).toBeInstanceOf(BeginTransactionCommand);
  });

  it('does not resend a commit after a 503, whose outcome is unknown', async () => {
    const { sender, sent } = stubSender([sdkError('ServiceUnavailableError', 503)]);
    await expect(createDataApiClient(CONFIG, sender).commitTransaction('tx-1')).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    expect(sent).toHaveLength(1);
  });
});
