/**
 * The team's reminder policy per appointment mode (table reminder_policies), and the rules that
 * apply to one appointment: practitioner's own list > team policy > built-in defaults
 * (resolveReminderRules in reminders.ts, pure).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { usersByIds } from '../identity/store.ts';
import { type AppointmentMode, defaultReminderPolicy, type ReminderRule, type ReminderSource, reminderRuleIssues, resolveReminderRules, sortReminderRules } from './reminders.ts';
import { bookingRules, reminderPolicies } from './schema.ts';

export const APPOINTMENT_MODES = ['in_person', 'teleconsultation'] as const satisfies readonly AppointmentMode[];

/** Refuses an invalid list with a 400 naming each faulty field (French/English messages). */
export function assertReminderRules(rules: readonly ReminderRule[], prefix = 'rules'): void {
  const issues = reminderRuleIssues(rules, prefix);
  if (issues.length) throw new DomainError('validation_failed', 400, {}, issues);
}

export async function teamPolicies(db: Db): Promise<Partial<Record<AppointmentMode, ReminderRule[]>>> {
  const rows = await db.select().from(reminderPolicies);
  return Object.fromEntries(rows.map((r) => [r.mode, r.rules]));
}

export async function policiesView(ctx: AppContext) {
  const rows = await ctx.db.select().from(reminderPolicies);
  const users = await usersByIds(
    ctx.db,
    rows.flatMap((r) => (r.updatedById ? [r.updatedById] : [])),
  );
  return {
    policies: APPOINTMENT_MODES.map((mode) => {
      const row = rows.find((r) => r.mode === mode);
      const by = row?.updatedById ? users.get(row.updatedById) : undefined;
      return {
        mode,
        rules: sortReminderRules(row?.rules ?? defaultReminderPolicy(mode)),
        defaults: defaultReminderPolicy(mode),
        custom: Boolean(row),
        updatedAt: row?.updatedAt.toISOString() ?? null,
        updatedBy: by ? { id: by.id, name: by.displayName } : null,
      };
    }),
  };
}

export async function setTeamPolicy(ctx: AppContext, mode: AppointmentMode, rules: ReminderRule[], actor: Actor) {
  assertReminderRules(rules);
  const sorted = sortReminderRules(rules);
  await ctx.db
    .insert(reminderPolicies)
    .values({ mode, rules: sorted, updatedById: actor.id ?? null, updatedAt: ctx.now() })
    .onConflictDoUpdate({ target: reminderPolicies.mode, set: { rules: sorted, updatedById: actor.id ?? null, updatedAt: ctx.now() } });
  await recordAudit(ctx.db, actor, { action: 'scheduling.reminder_policy_updated', targetType: 'reminder_policy', targetId: mode, details: { rules: sorted } });
  return policiesView(ctx);
}

/** Back to the built-in defaults for the mode (the row is removed). */
export async function resetTeamPolicy(ctx: AppContext, mode: AppointmentMode, actor: Actor) {
  await ctx.db.delete(reminderPolicies).where(eq(reminderPolicies.mode, mode));
  await recordAudit(ctx.db, actor, { action: 'scheduling.reminder_policy_updated', targetType: 'reminder_policy', targetId: mode, details: { reset: true } });
  return policiesView(ctx);
}

/** The rules for an appointment of this practitioner and mode, and where they come from. */
export async function reminderRulesFor(db: Db, practitionerId: string, mode: AppointmentMode): Promise<{ rules: ReminderRule[]; source: ReminderSource }> {
  const [[own], team] = await Promise.all([db.select({ reminders: bookingRules.reminders }).from(bookingRules).where(eq(bookingRules.practitionerId, practitionerId)), teamPolicies(db)]);
  return resolveReminderRules({ mode, practitioner: own?.reminders ?? null, team });
}
