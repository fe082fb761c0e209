/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * `lib/bundling.ts`). Lambda always hands a function its role's credentials in the environment,
 * so the SDK's full default chain (SSO, INI files, IMDS, web identity, the STS and SSO clients
 * behind them) is ~100 KiB of bundle and cold-start parse time that never runs. This reads the
 * same variables `fromEnv` reads, and fails like it when they are missing. The SDK reads its
 * own credentials; this is the one exception to "only env.ts reads process.env".
 */

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Same signature as the SDK's `defaultProvider(init)`: returns a credential provider. */
export function defaultProvider(_init?: unknown): () => Promise<Credentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw Object.assign(
        new Error('AWS credentials are not in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)'),
        { name: 'CredentialsProviderError' },
      );
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    const expiration = process.env.AWS_CREDENTIAL_EXPIRATION;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration: new Date(expiration) } : {}),
    };
  };
}
