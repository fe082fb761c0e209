/**
 * Reading a secret version's string value from Secrets Manager. The client is created once per
 * container by the caller and passed in.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from './platform-key';

/**
 * A {@link SecretReader} over a Secrets Manager client. A missing `AWSPREVIOUS` version (a secret
 * never rotated) is `undefined`; every other failure, a missing secret included, is thrown.
 *
 * @example
 * const read = secretsManagerReader(new SecretsManagerClient({}));
 * const key = await read('arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform-key', 'AWSCURRENT');
 */
export function secretsManagerReader(client: SecretsManagerClient): SecretReader {
  return async function readSecretString(secretArn, versionStage) {
    try {
      const result = await client.send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage: versionStage }));
      return result.SecretString;
    } catch (error) {
      if (versionStage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
}
