/**
 * The types every business function shares: the event API Gateway sends (REST, proxy
 * integration), the result it expects, the caller the auth middleware resolves, the input a
 * plain operation receives, and Middy's request and middleware over them.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { RouteDefinition } from '../../routes';
import type { CallerRef, OrgApiKeyCaller, UserCaller } from '../store/caller';

export type { CallerRef, OrgApiKeyCaller, UserCaller };

export type HttpEvent = APIGatewayProxyEvent;
export type HttpResponse = APIGatewayProxyResult;

/** What an `auth: 'token'` route knows: the verified token's claims, nothing from the database. */
export interface TokenCaller {
  kind: 'token';
  userId: string;
  email: string;
  sessionId: string;
  exp: number;
}

/** Who acts in an org: a person, or one of its API keys. */
export type OrgCaller = UserCaller | OrgApiKeyCaller;

/** The platform (internal API) caller: it proved the platform key, nothing more. */
export interface PlatformCaller {
  kind: 'platform';
}

export interface AnonymousCaller {
  kind: 'none';
}

/**
 * What the middlewares resolve: an `auth: 'user'` route gets a {@link CallerRef} (who claims to
 * call; the operation's one statement reads their row); `UserCaller` and `OrgApiKeyCaller` are
 * what that statement answers.
 */
export type Caller = TokenCaller | CallerRef | UserCaller | OrgApiKeyCaller | PlatformCaller | AnonymousCaller;

/** The validated input of one operation. */
export interface OperationInput<
  A extends Caller = Caller,
  B = unknown,
  P = Record<string, string>,
  Q = Record<string, string>,
> {
  auth: A;
  body: B;
  params: P;
  query: Q;
}

/** What an operation returns; the dispatcher turns it into an API Gateway response. */
export interface OperationResult {
  status: number;
  /** Serialized as JSON; omitted for 204. */
  body?: unknown;
}

/** The per-request state the middlewares fill in, on Middy's `request.context`. */
export interface HttpContext extends Context {
  route?: RouteDefinition;
  caller?: Caller;
  input?: { body: unknown; params: Record<string, unknown>; query: Record<string, unknown> };
  /** The parsed JSON body, before validation. */
  jsonBody?: unknown;
}

export type HttpRequest = Request<HttpEvent, HttpResponse, Error, HttpContext>;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResponse, Error, HttpContext>;
