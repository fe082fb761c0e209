/**
 * The AWS control-plane calls the local functions make, on loopback: SSM (the registry of the
 * stages that use the authorizer, read from the synth) and API Gateway's management endpoint
 * (the authorizer cache flush). Only a function whose template reads the registry
 * (`AUTHORIZER_CONSUMERS_PATH`, the org-api-keys function with keys on) is pointed at them.
 */
import type { RestApiModel } from './gateway/model';
import type { AssemblyFunction } from './gateway/cloud-assembly';
import { startManagementServer, type ManagementServer } from './gateway/management-server';
import type { GatewayServer } from './gateway/server';
import { startSsmServer, type SsmServer } from './ssm/server';

export interface LocalControlPlane {
  ssm: SsmServer;
  management: ManagementServer;
  /** Makes a served API's stage flushable through the management endpoint. */
  register(api: RestApiModel, server: GatewayServer): void;
  /** The endpoint variables `fn` needs, if it calls the control plane. */
  environmentFor(fn: AssemblyFunction): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts both endpoints on free loopback ports.
 *
 * @example
 * const controlPlane = await startLocalControlPlane({ host: '127.0.0.1', ssmParameters: assembly.ssmParameters });
 */
export async function startLocalControlPlane(options: {
  host: string;
  ssmParameters: Record<string, string>;
}): Promise<LocalControlPlane> {
  const ssm = await startSsmServer({ parameters: options.ssmParameters, host: options.host });
  let management: ManagementServer;
  try {
    management = await startManagementServer({ host: options.host });
  } catch (error) {
    await ssm.close();
    throw error;
  }
  return {
    ssm,
    management,
    register(api, server) {
      management.register({
        restApiId: api.apiId,
        stageName: server.stageName,
        flushAuthorizerCache: () => server.flushAuthorizerCache(),
      });
    },
    environmentFor(fn): Record<string, string> {
      return 'AUTHORIZER_CONSUMERS_PATH' in fn.environment
        ? { SSM_ENDPOINT: ssm.url, API_GATEWAY_ENDPOINT: management.url }
        : {};
    },
    async close() {
      await management.close().catch(() => undefined);
      await ssm.close();
    },
  };
}
