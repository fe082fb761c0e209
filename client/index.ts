/**
 * `client/`: the Intello API client for customer automation with a machine account.
 * See client/README.md.
 */
export { IntelloClient, type ApiKeyOptions, type ClientStats, type SignInOptions } from './intello-client';
export {
  IntelloApiError,
  IntelloAuthError,
  IntelloError,
  IntelloNetworkError,
  type IntelloErrorCode,
  type IntelloValidationDetail,
} from './errors';
export type { IntelloClientEvent, IntelloClientEventListener } from './events';
export type { ApiRequest, HttpMethod } from './api-transport';
export type { RetryOptions } from './retry-policy';
export type { RefreshOptions } from './session-keeper';
export type { ClientRuntime } from './runtime';
export type {
  CreateSpecInput,
  ListSpecsOptions,
  Me,
  OrgPlan,
  Spec,
  SpecPage,
  SyncResult,
  UpdateSpecInput,
} from './types';
export type { SpecsApi } from './specs-api';
