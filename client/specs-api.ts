/** The typed specs methods: `client.specs.list/get/create/update/delete` (and `all`, every page). */
import type { ApiRequest } from './api-transport';
import type { CreateSpecInput, ListSpecsOptions, Spec, SpecPage, UpdateSpecInput } from './types';

type Send = <T>(request: ApiRequest) => Promise<T>;

const specPath = (specId: string) => `/api/specs/${encodeURIComponent(specId)}`;

/**
 * @example
 * const { items, nextCursor } = await client.specs.list({ limit: 50 });
 * await client.specs.update(items[0].id, { sourceUrl: null });
 */
export class SpecsApi {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** One page, newest first. */
  list(options: ListSpecsOptions = {}): Promise<SpecPage> {
    return this.#send<SpecPage>({
      method: 'GET',
      path: '/api/specs',
      query: { limit: options.limit, cursor: options.cursor },
    });
  }

  /**
   * Every spec of the org, page after page.
   *
   * @example
   * for await (const spec of client.specs.all()) console.log(spec.name);
   */
  async *all(options: { pageSize?: number } = {}): AsyncGenerator<Spec> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ limit: options.pageSize, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** Throws `IntelloApiError` `not_found` when the org has no such spec. */
  get(specId: string): Promise<Spec> {
    return this.#send<Spec>({ method: 'GET', path: specPath(specId) });
  }

  /** Throws `IntelloApiError` `conflict` when the org already has a spec with this name. */
  create(input: CreateSpecInput): Promise<Spec> {
    return this.#send<Spec>({ method: 'POST', path: '/api/specs', body: input });
  }

  update(specId: string, patch: UpdateSpecInput): Promise<Spec> {
    return this.#send<Spec>({ method: 'PATCH', path: specPath(specId), body: patch });
  }

  delete(specId: string): Promise<void> {
    return this.#send<void>({ method: 'DELETE', path: specPath(specId) });
  }
}
