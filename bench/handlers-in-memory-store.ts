/**
 * An in-memory store with the real store's signatures, for `bench/handlers.ts` only: it takes the
 * database out of the measurement so what remains is the middleware stack's own cost. It keeps
 * the org scoping but not every rule of the real store (no unique names, no cursor paging).
 */
import { randomUUID } from 'node:crypto';
import type { DataExecutor } from '../lambdas/shared/data-api/types';
import type { Org, OrgWithSeats, Page, Plan, Spec, User } from '../lambdas/shared/store/types';
import type { ActingCaller, Scope } from '../lambdas/shared/store/caller';
import type { CreatorScope, SpecPatch } from '../lambdas/shared/store/specs';
import { seatsOf } from '../lambdas/shared/store/seats';

export function createInMemoryStore() {
  const users = new Map<string, User>();
  const orgs = new Map<string, Org>();
  const specs = new Map<string, Spec>();
  const now = () => new Date().toISOString();
  // The caller's org, as the real store's statement reads it (an unknown caller sees nothing).
  const orgOf = (scope: Scope | CreatorScope): string =>
    'caller' in scope ? (users.get(scope.caller.id)?.orgId ?? '') : scope.orgId;

  return {
    /** A synced user and their org. */
    seed(userId: string): { user: User; org: Org } {
      const org: Org = { id: randomUUID(), name: 'bench', plan: 'free', createdAt: now() };
      const user: User = {
        id: userId,
        orgId: org.id,
        email: 'bench@example.com',
        role: 'owner',
        createdAt: now(),
        lastSyncedAt: now(),
      };
      orgs.set(org.id, org);
      users.set(user.id, user);
      return { user, org };
    },
    async findUserById(_db: DataExecutor, { userId }: { userId: string }): Promise<User | null> {
      return users.get(userId) ?? null;
    },
    async getOrg(
      _db: DataExecutor,
      args: Scope & { now?: Date },
    ): Promise<(OrgWithSeats & { readBy?: ActingCaller }) | null> {
      const orgId = orgOf(args);
      const org = orgs.get(orgId);
      if (!org) return null;
      const memberCount = [...users.values()].filter((u) => u.orgId === orgId).length;
      const user = 'caller' in args ? users.get(args.caller.id) : undefined;
      const seats = seatsOf(org.plan, { members: memberCount, pendingInvitations: 0 });
      if (user === undefined) return { ...org, memberCount, seats };
      const readBy: ActingCaller = {
        kind: 'user',
        userId: user.id,
        orgId: user.orgId,
        role: user.role,
        email: user.email,
      };
      return { ...org, memberCount, seats, readBy };
    },
    async setOrgPlan(_db: DataExecutor, { orgId, plan }: { orgId: string; plan: Plan }): Promise<Org | null> {
      const org = orgs.get(orgId);
      if (!org) return null;
      org.plan = plan;
      return org;
    },
    async createSpec(
      _db: DataExecutor,
      args: CreatorScope & { name: string; sourceUrl?: string | null },
    ): Promise<Spec> {
      const spec: Spec = {
        id: randomUUID(),
        orgId: orgOf(args),
        name: args.name,
        sourceUrl: args.sourceUrl ?? null,
        createdBy: 'caller' in args ? args.caller.id : args.createdBy,
        createdAt: now(),
        updatedAt: now(),
      };
      // Bounded without eviction (deleting a Map's oldest keys in a loop gets slow): the bench creates specs in a loop.
      if (specs.size < 1000) specs.set(spec.id, spec);
      return spec;
    },
    async getSpec(_db: DataExecutor, { specId, ...scope }: Scope & { specId: string }): Promise<Spec | null> {
      const orgId = orgOf(scope);
      const spec = specs.get(specId);
      return spec && spec.orgId === orgId ? spec : null;
    },
    async listSpecs(
      _db: DataExecutor,
      { limit = 20, ...scope }: Scope & { limit?: number; cursor?: string | null },
    ): Promise<Page<Spec>> {
      const orgId = orgOf(scope);
      const items: Spec[] = [];
      for (const spec of specs.values()) if (spec.orgId === orgId && items.length < limit) items.push(spec);
      return { items, nextCursor: null };
    },
    async updateSpec(
      _db: DataExecutor,
      { specId, patch, ...scope }: Scope & { specId: string; patch: SpecPatch },
    ): Promise<Spec | null> {
      const orgId = orgOf(scope);
      const spec = specs.get(specId);
      if (!spec || spec.orgId !== orgId) return null;
      Object.assign(spec, patch, { updatedAt: now() });
      return spec;
    },
    async deleteSpec(_db: DataExecutor, { specId, ...scope }: Scope & { specId: string }): Promise<boolean> {
      const orgId = orgOf(scope);
      const spec = specs.get(specId);
      return spec !== undefined && spec.orgId === orgId && specs.delete(specId);
    },
  };
}
