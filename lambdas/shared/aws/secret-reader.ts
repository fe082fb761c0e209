/**
 * Reading one version of a Secrets Manager secret. Two users: the platform key's current and
 * previous versions (lambdas/shared/http/platform-key.ts) and the database roles' passwords
 * (lambdas/migrate).
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** The Secrets Manager staging labels of a secret's newest version and the one before it. */
export type SecretVersionStage = 'AWSCURRENT' | 'AWSPREVIOUS';

/** One version of a secret as Secrets Manager reports it. */
export interface SecretVersion {
  /** `undefined` when the version holds no string. */
  value: string | undefined;
  /** When this version was created (ms since the epoch), `undefined` if not reported. */
  createdAtMs: number | undefined;
}

/**
 * Reads a secret's version; `undefined` when that version does not exist (a secret never
 * rotated, or one whose `AWSPREVIOUS` label was removed, has no previous version). The Secrets
 * Manager client in production, anything in tests.
 */
export type SecretReader = (secretArn: string, versionStage: SecretVersionStage) => Promise<SecretVersion | undefined>;

/**
 * A {@link SecretReader} over a Secrets Manager client. `GetSecretValue` reports the version's
 * `CreatedDate` with its value, so the grace needs no second call (nor `DescribeSecret` rights).
 * A missing `AWSPREVIOUS` version (a secret never rotated, or the label removed) is `undefined`;
 * every other failure, a missing secret included, is thrown.
 */
export function secretsManagerReader(client: SecretsManagerClient): SecretReader {
  return async function readSecretVersion(secretArn, versionStage) {
    try {
      const result = await client.send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage: versionStage }));
      return { value: result.SecretString, createdAtMs: result.CreatedDate?.getTime() };
    } catch (error) {
      if (versionStage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
}
