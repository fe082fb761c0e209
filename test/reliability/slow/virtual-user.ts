/**
 * One simulated client of the load run: a user of its own org, with a model of what the API told
 * it (its org, its specs). Each step picks an operation from the mix, sends it, and checks the
 * answer against the model — status, error code, body fields — and against the rules every
 * response obeys (security headers, envelope, no internals). A write changes the model only
 * when the API said it succeeded, so the invariant check afterwards compares the database with
 * exactly what clients were told.
 */
import { randomUUID } from 'node:crypto';
import type { HttpAnswer, HttpClient } from '../support/http-client';
import { errorCode, universalProblems } from '../support/response-checks';
import type { ExpectedOrg } from '../support/invariants';
import type { Tally } from './tally';

/** What answers besides the model's are correct in the current phase. */
export interface PhaseRules {
  /** Database faults are injected: any call that reads or writes may answer 503 `service_unavailable` (nothing written). */
  databaseFaults: boolean;
}

export interface LoadTarget {
  client: HttpClient;
  publicApiUrl: string;
  internalApiUrl: string;
  platformApiKey: string;
  tally: Tally;
  rules: () => PhaseRules;
  /** Tokens that must be refused: `[token, expected code]`. */
  badTokens: readonly (readonly [string, 'unauthorized' | 'token_expired'])[];
  /** A valid token of a user who never synced. */
  unsyncedToken: string;
  /** Another client's spec ids, to probe tenant isolation. */
  foreignSpecId: (self: VirtualUser) => string | undefined;
}

interface Spec {
  name: string;
  sourceUrl: string | null;
}

type Check = (answer: HttpAnswer) => string[];

const MAX_SPECS = 25;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/**
 * What an answer says about a write: `done` (the expected success), `refused` (a definite no:
 * any 4xx, 429, 503 — nothing may have been written), `unknown` (a 502 or 504, or no answer: it
 * may have happened, or may still happen, as an integration timeout does not stop the function).
 */
export type Outcome = 'done' | 'refused' | 'unknown';

export class VirtualUser {
  orgId: string | undefined;
  readonly specs = new Map<string, Spec>();
  readonly refusedNames = new Set<string>();
  readonly refusedSourceUrls = new Set<string>();
  /** False after a write with an unknown outcome: the model's specs are no longer exact. */
  exact = true;
  #sequence = 0;

  constructor(
    readonly index: number,
    readonly userId: string,
    readonly token: string,
  ) {}

  /** What the invariant check compares with the database. */
  expected(): ExpectedOrg | undefined {
    return this.orgId
      ? {
          userId: this.userId,
          orgId: this.orgId,
          specs: this.specs,
          exact: this.exact,
          refusedNames: this.refusedNames,
          refusedSourceUrls: this.refusedSourceUrls,
        }
      : undefined;
  }

  /** Sends one request and checks it; the answer is returned only when it was the expected one, with its outcome. */
  async #call(
    target: LoadTarget,
    operation: string,
    request: { method: string; url: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
    expected: { status: number; code?: string; touchesDatabase?: boolean; check?: Check; alsoAccept?: number[] },
  ): Promise<{ answer: HttpAnswer | undefined; outcome: Outcome }> {
    const headers: Record<string, string> = { ...request.headers };
    const token = request.token === undefined ? this.token : request.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let answer: HttpAnswer;
    try {
      answer = await target.client.send({
        method: request.method,
        url: request.url,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
    } catch (error) {
      target.tally.record(operation, undefined, [
        `transport: ${error instanceof Error ? error.message : String(error)}`,
      ]);
      return { answer: undefined, outcome: 'unknown' };
    }
    const rules = target.rules();
    const problems = universalProblems(answer);
    const touchesDatabase = expected.touchesDatabase ?? true;
    const allowed =
      (answer.status === 429 && errorCode(answer) === 'rate_limited') ||
      (rules.databaseFaults && touchesDatabase && answer.status === 503 && errorCode(answer) === 'service_unavailable');
    const asExpected =
      (answer.status === expected.status && (expected.code === undefined || errorCode(answer) === expected.code)) ||
      (expected.alsoAccept ?? []).includes(answer.status);
    if (!allowed) {
      if (!asExpected)
        problems.push(
          `expected ${expected.status}${expected.code ? ` ${expected.code}` : ''}, got ${answer.status} ${answer.body.slice(0, 200)}`,
        );
      else if (expected.check) problems.push(...expected.check(answer));
    }
    target.tally.record(operation, answer, problems);
    // A throttled client backs off, as the SDKs do, instead of spinning on the gateway's 429.
    if (answer.status === 429) await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    const outcome: Outcome =
      answer.status === 502 || answer.status === 504
        ? 'unknown'
        : asExpected && answer.status < 300
          ? 'done'
          : 'refused';
    return { answer: asExpected && !allowed && problems.length === 0 ? answer : undefined, outcome };
  }

  /** `POST /auth/sync` until it succeeds (bounded): the first step of every client. */
  async sync(target: LoadTarget, deadline: number): Promise<boolean> {
    // After an attempt with an unknown outcome the user may exist: then 200 is the right answer.
    let mayExist = false;
    while (Date.now() < deadline && !this.orgId) {
      const { answer, outcome } = await this.#call(
        target,
        'sync',
        { method: 'POST', url: `${target.publicApiUrl}/auth/sync` },
        {
          status: 201,
          alsoAccept: mayExist ? [200] : [],
          check: (a) => {
            const body = a.json as { user?: { id?: string; role?: string }; org?: { id?: string; plan?: string } };
            return body.user?.id === this.userId && body.user.role === 'owner' && typeof body.org?.id === 'string'
              ? []
              : [`sync answered ${a.body.slice(0, 200)}`];
          },
        },
      );
      if (answer) this.orgId = (answer.json as { org: { id: string } }).org.id;
      else if (outcome === 'unknown') mayExist = true;
      if (!answer) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.orgId !== undefined;
  }

  /** One operation from the mix. */
  async step(target: LoadTarget): Promise<void> {
    const roll = Math.random() * 100;
    const ids = [...this.specs.keys()];
    if (roll < 20) return this.#getMe(target);
    if (roll < 36) return this.#listSpecs(target);
    if (roll < 52 || ids.length === 0)
      return this.specs.size >= MAX_SPECS ? this.#deleteSpec(target, pick(ids)) : this.#createSpec(target);
    if (roll < 62) return this.#getSpec(target, pick(ids));
    if (roll < 70) return this.#updateSpec(target, pick(ids));
    if (roll < 77) return this.#deleteSpec(target, pick(ids));
    if (roll < 82) return this.#resync(target);
    if (roll < 90) return this.#badToken(target);
    if (roll < 93) return this.#unsynced(target);
    return this.#foreignSpec(target);
  }

  async #getMe(target: LoadTarget): Promise<void> {
    await this.#call(
      target,
      'getMe',
      { method: 'GET', url: `${target.publicApiUrl}/api/me` },
      {
        status: 200,
        check: (a) => {
          const body = a.json as { user?: { id?: string }; org?: { id?: string } };
          return body.user?.id === this.userId && body.org?.id === this.orgId
            ? []
            : [`me is someone else: ${a.body.slice(0, 200)}`];
        },
      },
    );
  }

  async #listSpecs(target: LoadTarget): Promise<void> {
    // The model is exact only while no write of this client is in flight; steps are sequential.
    await this.#call(
      target,
      'listSpecs',
      { method: 'GET', url: `${target.publicApiUrl}/api/specs?limit=100` },
      {
        status: 200,
        check: (a) => {
          const items = (a.json as { items?: { id: string; name: string; sourceUrl: string | null }[] }).items;
          if (!Array.isArray(items)) return [`list without items: ${a.body.slice(0, 200)}`];
          if (!this.exact) return [];
          const seen = new Map(items.map((item) => [item.id, item]));
          const problems: string[] = [];
          if (seen.size !== this.specs.size)
            problems.push(`list has ${seen.size} specs, the client has ${this.specs.size}`);
          for (const [id, spec] of this.specs) {
            const item = seen.get(id);
            if (!item || item.name !== spec.name || item.sourceUrl !== spec.sourceUrl)
              problems.push(`list lacks or alters spec ${id}`);
          }
          return problems;
        },
      },
    );
  }

  async #createSpec(target: LoadTarget): Promise<void> {
    const existing = [...this.specs.values()];
    const duplicate = existing.length > 0 && Math.random() < 0.15;
    const name = duplicate ? pick(existing).name : `spec ${this.index}-${++this.#sequence}`;
    const sourceUrl = Math.random() < 0.5 ? `https://example.com/${this.index}/${this.#sequence}.yaml` : null;
    const { answer, outcome } = await this.#call(
      target,
      duplicate ? 'createSpec (duplicate name)' : 'createSpec',
      { method: 'POST', url: `${target.publicApiUrl}/api/specs`, body: { name, sourceUrl } },
      duplicate
        ? { status: 409, code: 'conflict', alsoAccept: this.exact ? [] : [201] }
        : {
            status: 201,
            check: (a) => {
              const spec = a.json as { id?: string; name?: string; sourceUrl?: string | null; createdBy?: string };
              return typeof spec.id === 'string' &&
                spec.name === name &&
                spec.sourceUrl === sourceUrl &&
                spec.createdBy === this.userId
                ? []
                : [`created spec is ${a.body.slice(0, 200)}`];
            },
          },
    );
    if (duplicate) return;
    if (answer) this.specs.set((answer.json as { id: string }).id, { name, sourceUrl });
    else if (outcome === 'refused') this.refusedNames.add(name);
    else if (outcome === 'unknown') this.exact = false;
  }

  async #getSpec(target: LoadTarget, id: string): Promise<void> {
    const spec = this.specs.get(id)!;
    const { answer } = await this.#call(
      target,
      'getSpec',
      { method: 'GET', url: `${target.publicApiUrl}/api/specs/${id}` },
      {
        status: 200,
        // A delete with an unknown outcome may have happened.
        alsoAccept: this.exact ? [] : [404],
        check: (a) => {
          if (!this.exact) return [];
          const body = a.json as { id?: string; name?: string; sourceUrl?: string | null };
          return body.id === id && body.name === spec.name && body.sourceUrl === spec.sourceUrl
            ? []
            : [`spec ${id} is ${a.body.slice(0, 200)}, expected ${JSON.stringify(spec)}`];
        },
      },
    );
    if (answer?.status === 404) this.specs.delete(id);
  }

  async #updateSpec(target: LoadTarget, id: string): Promise<void> {
    const spec = this.specs.get(id)!;
    const sourceUrl = `https://example.com/${this.index}/updated-${++this.#sequence}.json`;
    const { answer, outcome } = await this.#call(
      target,
      'updateSpec',
      { method: 'PATCH', url: `${target.publicApiUrl}/api/specs/${id}`, body: { sourceUrl } },
      {
        status: 200,
        alsoAccept: this.exact ? [] : [404],
        check: (a) => {
          if (!this.exact) return [];
          const body = a.json as { id?: string; name?: string; sourceUrl?: string | null };
          return body.id === id && body.name === spec.name && body.sourceUrl === sourceUrl
            ? []
            : [`updated spec is ${a.body.slice(0, 200)}`];
        },
      },
    );
    if (answer?.status === 200) this.specs.set(id, { ...spec, sourceUrl });
    else if (answer?.status === 404) this.specs.delete(id);
    else if (outcome === 'refused') this.refusedSourceUrls.add(sourceUrl);
    else if (outcome === 'unknown') this.exact = false;
  }

  async #deleteSpec(target: LoadTarget, id: string): Promise<void> {
    const { answer, outcome } = await this.#call(
      target,
      'deleteSpec',
      { method: 'DELETE', url: `${target.publicApiUrl}/api/specs/${id}` },
      { status: 204, alsoAccept: this.exact ? [] : [404] },
    );
    if (answer) this.specs.delete(id);
    else if (outcome === 'unknown') this.exact = false;
  }

  async #resync(target: LoadTarget): Promise<void> {
    await this.#call(
      target,
      'sync (again)',
      { method: 'POST', url: `${target.publicApiUrl}/auth/sync` },
      {
        status: 200,
        check: (a) =>
          (a.json as { org?: { id?: string } }).org?.id === this.orgId
            ? []
            : [`sync moved the user to another org: ${a.body.slice(0, 200)}`],
      },
    );
  }

  async #badToken(target: LoadTarget): Promise<void> {
    const [token, code] = pick(target.badTokens);
    await this.#call(
      target,
      `bad token (${code})`,
      { method: 'GET', url: `${target.publicApiUrl}/api/specs`, token },
      { status: 401, code, touchesDatabase: false },
    );
  }

  async #unsynced(target: LoadTarget): Promise<void> {
    await this.#call(
      target,
      'unsynced user',
      { method: 'GET', url: `${target.publicApiUrl}/api/me`, token: target.unsyncedToken },
      { status: 428, code: 'user_not_synced' },
    );
  }

  async #foreignSpec(target: LoadTarget): Promise<void> {
    const id = target.foreignSpecId(this) ?? randomUUID();
    const method = pick(['GET', 'PATCH', 'DELETE'] as const);
    await this.#call(
      target,
      `another org's spec (${method})`,
      {
        method,
        url: `${target.publicApiUrl}/api/specs/${id}`,
        ...(method === 'PATCH' ? { body: { name: 'taken over' } } : {}),
      },
      { status: 404, code: 'not_found' },
    );
  }
}

/**
 * The platform's client on the internal API, paced under its usage plan (10 rps): reads a user
 * and its org and checks them against the clients' models; sometimes a wrong key.
 */
export async function platformStep(target: LoadTarget, users: readonly VirtualUser[]): Promise<void> {
  const synced = users.filter((user) => user.orgId);
  const user = synced.length ? pick(synced) : undefined;
  const roll = Math.random();
  const send = async (
    operation: string,
    url: string,
    key: string,
    expected: { status: number; code?: string; check?: Check },
  ) => {
    let answer: HttpAnswer;
    try {
      answer = await target.client.send({ method: 'GET', url, headers: { 'x-api-key': key } });
    } catch (error) {
      target.tally.record(operation, undefined, [
        `transport: ${error instanceof Error ? error.message : String(error)}`,
      ]);
      return;
    }
    const rules = target.rules();
    const problems = universalProblems(answer);
    const allowed = rules.databaseFaults && answer.status === 503 && errorCode(answer) === 'service_unavailable';
    if (!allowed) {
      if (answer.status !== expected.status || (expected.code !== undefined && errorCode(answer) !== expected.code))
        problems.push(
          `expected ${expected.status} ${expected.code ?? ''}, got ${answer.status} ${answer.body.slice(0, 200)}`,
        );
      else if (expected.check) problems.push(...expected.check(answer));
    }
    target.tally.record(operation, answer, problems);
  };
  if (!user || roll < 0.1) {
    await send(
      'internal: wrong key',
      `${target.internalApiUrl}/internal/users/${randomUUID()}`,
      'not-the-platform-key-0123456789',
      { status: 403, code: 'forbidden' },
    );
  } else if (roll < 0.55) {
    await send('internal: getUser', `${target.internalApiUrl}/internal/users/${user.userId}`, target.platformApiKey, {
      status: 200,
      check: (a) =>
        (a.json as { id?: string; orgId?: string }).orgId === user.orgId
          ? []
          : [`internal user is ${a.body.slice(0, 200)}`],
    });
  } else {
    await send('internal: getOrg', `${target.internalApiUrl}/internal/orgs/${user.orgId}`, target.platformApiKey, {
      status: 200,
      check: (a) => {
        const org = a.json as { id?: string; memberCount?: number };
        return org.id === user.orgId && org.memberCount === 1 ? [] : [`internal org is ${a.body.slice(0, 200)}`];
      },
    });
  }
}
