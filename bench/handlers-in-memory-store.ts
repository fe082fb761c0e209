/**
 * An in-memory store with the real store's signatures, for `bench/handlers.ts` only: it takes the
 * database out of the measurement so what remains is the middleware stack's own cost. It keeps
 * the org scoping but not every rule of the real store (no unique names, no cursor paging).
 */
import { randomUUID } from 'node:crypto';
import type { DataExecutor } from '../lambdas/shared/data-api/types';
import type { Org, OrgWithSeats, Page, Plan, Spec, User } from '../lambdas/shared/store/types';
import type { SpecPatch } from '../lambdas/shared/store/specs';
import { seatsOf } from '../lambdas/shared/store/seats';

export function createInMemoryStore() {
  const users = new Map<string, User>();
  const orgs = new Map<string, Org>();
  const specs = new Map<string, Spec>();
  const now = () => new Date().toISOString();

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
    async getOrg(_db: DataExecutor, { orgId }: { orgId: string; now?: Date }): Promise<OrgWithSeats | null> {
      const org = orgs.get(orgId);
      if (!org) return null;
      const memberCount = [...users.values()].filter((u) => u.orgId === orgId).length;
      return { ...org, memberCount, seats: seatsOf(org.plan, { members: memberCount, pendingInvitations: 0 }) };
    },
    async setOrgPlan(_db: DataExecutor, { orgId, plan }: { orgId: string; plan: Plan }): Promise<Org | null> {
      const org = orgs.get(orgId);
      if (!org) return null;
      org.plan = plan;
      return org;
    },
    async createSpec(
      _db: DataExecutor,
      args: { orgId: string; createdBy: string; name: string; sourceUrl?: string | null },
    ): Promise<Spec> {
      const spec: Spec = {
        id: randomUUID(),
        orgId: args.orgId,
        name: args.name,
        sourceUrl: args.sourceUrl ?? null,
        createdBy: args.createdBy,
        createdAt: now(),
        updatedAt: now(),
      };
      // Bounded without eviction (deleting a Map's oldest keys in a loop gets slow): the bench creates specs in a loop.
      if (specs.size < 1000) specs.set(spec.id, spec);
      return spec;
    },
    async getSpec(_db: DataExecutor, { orgId, specId }: { orgId: string; specId: string }): Promise<Spec | null> {
      const spec = specs.get(specId);
      return spec && spec.orgId === orgId ? spec : null;
    },
    async listSpecs(
      _db: DataExecutor,
      { orgId, limit = 20 }: { orgId: string; limit?: number; cursor?: string | null },
    ): Promise<Page<Spec>> {
      const items: Spec[] = [];
      for (const spec of specs.values()) if (spec.orgId === orgId && items.length < limit) items.push(spec);
      return { items, nextCursor: null };
    },
    async updateSpec(
      _db: DataExecutor,
      { orgId, specId, patch }: { orgId: string; specId: string; patch: SpecPatch },
    ): Promise<Spec | null> {
      const spec = specs.get(specId);
      if (!spec || spec.orgId !== orgId) return null;
      Object.assign(spec, patch, { updatedAt: now() });
      return spec;
    },
    async deleteSpec(_db: DataExecutor, { orgId, specId }: { orgId: string; specId: string }): Promise<boolean> {
      const spec = specs.get(specId);
      return spec !== undefined && spec.orgId === orgId && specs.delete(specId);
    },
  };
}
