/**
 * The identifiers a client must send to the local Data API. They are shaped like real ARNs so
 * that configuration validated for AWS accepts them unchanged.
 */

/** The cluster ARN the emulator answers for (`resourceArn`). */
export const LOCAL_RESOURCE_ARN = 'arn:aws:rds:us-east-1:000000000000:cluster:intello-local';

/** The secret ARN the emulator accepts (`secretArn`). */
export const LOCAL_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:intello-local-db-AbCdEf';

/** The database name the emulator accepts (`database`; omitting it means this one). */
export const LOCAL_DATABASE = 'intello';

/** Service limits the emulator enforces, from the Data API documentation. */
export const LIMITS = {
  responseBytes: 1024 * 1024,
  formattedRecordsBytes: 10 * 1024 * 1024,
  requestBytes: 4 * 1024 * 1024,
  sqlCharacters: 65_536,
} as const;
