/**
 * Reading a secret's string value from Secrets Manager. The client is created once per
 * container by the caller and passed in.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from './platform-key';

/**
 * A {@link SecretReader} over a Secrets Manager client.
 *
 * @example
 * const read = secretsManagerReader(new SecretsManagerClient({}));
 * const key = await read('arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform-key');
 */
export function secretsManagerReader(client: SecretsManagerClient): SecretReader {
  return async function readSecretString(secretArn) {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return result.SecretString;
  };
}
