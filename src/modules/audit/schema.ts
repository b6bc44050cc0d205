import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The access log (journal d'accès). Append-only: a trigger in the migrations rejects UPDATE,
 * DELETE and TRUNCATE, so not even a bug or an admin query through the app can rewrite history.
 * No foreign keys: an event must outlive whatever it points to.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull().default('success'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    clientId: uuid('client_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    check('audit_events_outcome_check', sql`${t.outcome} in ('success','failure','denied')`),
    index('audit_events_occurred_idx').on(t.occurredAt),
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_events_client_idx').on(t.clientId, t.occurredAt),
    index('audit_events_action_idx').on(t.action, t.occurredAt),
  ],
);
