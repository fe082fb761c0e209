/** The platform key source a function's configuration names: the environment locally, Secrets Manager in AWS. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { PlatformKeyConfig } from './config';
import { secretPlatformKeys, staticPlatformKey, type PlatformKeySource } from './platform-key';
import { secretsManagerReader } from './secret-reader';

/**
 * Built once at cold start; the secret's current and previous versions are read on the first
 * request that needs them and kept fresh (see `secretPlatformKeys`).
 *
 * @example
 * const source = platformKeyFromConfig(loadPlatformKeyConfig(), { region: 'eu-west-1' }, logger);
 */
export function platformKeyFromConfig(
  config: PlatformKeyConfig,
  client: { region: string; endpoint?: string },
  logger: Pick<Logger, 'warn'>,
): PlatformKeySource {
  if (config.kind === 'static') return staticPlatformKey(config.key);
  return secretPlatformKeys(config.secretArn, secretsManagerReader(new SecretsManagerClient(client)), {
    onStaleKeys: (error) =>
      logger.warn('platform key secret could not be read again; the keys read before stay in use', {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
}
