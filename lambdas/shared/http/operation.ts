/**
 * How a function declares its operations: the plain function and the schemas of its input.
 * The schemas are checked by the validation middleware before the function runs, so the
 * function receives exactly the typed input its signature names.
 */
import type { Caller, OperationInput, OperationResult } from './types';
import type { Infer, ObjectSchema } from './validate';

type InferOr<S, Fallback> = S extends ObjectSchema ? Infer<S> : Fallback;

/** One route's plain function and input schemas, as the dispatcher holds it. */
export interface OperationSpec<D> {
  body?: ObjectSchema;
  query?: ObjectSchema;
  params?: ObjectSchema;
  /** The 404 message when a path parameter is malformed (a non-UUID id is simply not found). */
  notFound?: string;
  // The dispatcher only hands over input the schemas accepted; the spec's own type ties them together.
  // biome-ignore lint/suspicious/noExplicitAny: the schemas, not this type, tie an operation's input to its run.
  run: (input: OperationInput<any, any, any, any>, deps: D) => Promise<OperationResult>;
}

/**
 * Declares an operation, typing `run`'s input from the schemas.
 *
 * @example
 * export const createSpecOperation = operation<SpecsDeps, UserCaller>()({
 *   body: createSpecBody,
 *   run: createSpec,
 * });
 */
export function operation<D, A extends Caller>() {
  return function defineOperation<
    B extends ObjectSchema | undefined = undefined,
    Q extends ObjectSchema | undefined = undefined,
    P extends ObjectSchema | undefined = undefined,
  >(spec: {
    body?: B;
    query?: Q;
    params?: P;
    notFound?: string;
    run: (
      input: OperationInput<
        A,
        InferOr<B, undefined>,
        InferOr<P, Record<string, never>>,
        InferOr<Q, Record<string, never>>
      >,
      deps: D,
    ) => Promise<OperationResult>;
  }): OperationSpec<D> {
    return spec as OperationSpec<D>;
  };
}
