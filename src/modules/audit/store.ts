import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from './schema.ts';
import type { Actor, AuditEntry } from './domain.ts';

export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: actor.id,
    actorEmail: actor.email,
    actorRole: actor.role,
    ip: actor.ip,
    userAgent: actor.userAgent,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    clientId: entry.clientId ?? null,
    details: entry.details ?? null,
  });
}

export interface AuditFilter {
  actorId?: string | undefined;
  clientId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listAudit(db: Db, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.actorId) where.push(eq(auditEvents.actorId, f.actorId));
  if (f.clientId) where.push(eq(auditEvents.clientId, f.clientId));
  if (f.action) where.push(eq(auditEvents.action, f.action));
  if (f.from) where.push(gte(auditEvents.occurredAt, f.from));
  if (f.to) where.push(lte(auditEvents.occurredAt, f.to));
  if (f.beforeId) where.push(lt(auditEvents.id, f.beforeId));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(f.limit + 1);
  return { events: rows.slice(0, f.limit), more: rows.length > f.limit };
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action);
  return rows.map((r) => r.action);
}
