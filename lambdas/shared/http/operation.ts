/**
 * How a function declares its operations: the schemas of its input and the plain function that
 * runs it. The schemas are checked by the validation middleware before the function runs, and
 * they alone type its input: the function is written inline, so the input type is never spelled
 * out a second time.
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
  // The dispatcher only hands over input the schemas accepted; `operation` ties them together.
  // biome-ignore lint/suspicious/noExplicitAny: the schemas, not this type, tie an operation's input to its run.
  run: (input: OperationInput<any, any, any, any>, deps: D) => Promise<OperationResult>;
}

/**
 * Declares an operation, typing `run`'s input from the schemas. The returned spec keeps that
 * type, so `spec.run` can be called directly with typed input.
 *
 * @example
 * export const createSpecOperation = operation<SpecsDeps, UserCaller>()({
 *   body: createSpecBody,
 *   run: async function createSpec({ auth, body }, deps) {
 *     // body: { name: string; sourceUrl?: string | null }, inferred from createSpecBody
 *   },
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
  }) {
    return spec;
  };
}
