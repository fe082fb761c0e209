/** The Middy request and middleware types of the business functions. */
import type { MiddlewareObj, Request } from '@middy/core';
import type { HttpContext, HttpEvent, HttpResponse } from '../types';

export type HttpRequest = Request<HttpEvent, HttpResponse, Error, HttpContext>;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResponse, Error, HttpContext>;
