/**
 * Demo data around scheduling (called by `parcours seed --demo`, after seedScheduling): the team's
 * reminder policies (the built-in defaults, written down so the admin tab shows who set them), and
 * for the demo client Yanis Benali's booked appointment a waiting-list entry (he would take an
 * earlier slot) and a confirmed taxi conventionné. Idempotent.
 */
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../audit/domain.ts';
import { searchProviders } from '../directory/store.ts';
import { requestLogistics, updateLogistics } from './logistics.ts';
import { setTeamPolicy } from './reminder-policies.ts';
import { defaultReminderPolicy } from './reminders.ts';
import { reminderPolicies } from './schema.ts';
import * as store from './store.ts';
import { findWaitlist, joinWaitlist } from './waitlist.ts';

export async function seedSchedulingExtras(ctx: AppContext, staff: Actor & { id: string }, admin?: Actor & { id: string }): Promise<void> {
  if ((await ctx.db.select({ mode: reminderPolicies.mode }).from(reminderPolicies).limit(1)).length === 0)
    for (const mode of ['in_person', 'teleconsultation'] as const) await setTeamPolicy(ctx, mode, defaultReminderPolicy(mode), admin ?? staff);

  const derm = await ctx.db.query.requests.findFirst({ where: (r, { eq }) => eq(r.specialty, 'dermatology') });
  if (!derm) return;
  const booked = (await store.listAppointments(ctx.db, { requestId: derm.id, limit: 10 })).find((a) => a.status === 'booked');
  if (!booked) return;
  if ((await findWaitlist(ctx, { requestId: derm.id })).length === 0)
    await joinWaitlist(ctx, { clientId: booked.clientId, practitionerId: booked.practitionerId, requestId: derm.id, appointmentId: booked.id }, staff);
  if ((await ctx.db.query.logistics.findFirst({ where: (l, { eq }) => eq(l.appointmentId, booked.id) })) === undefined) {
    const [taxi] = await searchProviders(ctx.db, { kind: 'taxi', limit: 1 });
    const pickUp = new Date(booked.startsAt.getTime() - 45 * 60_000);
    const ride = await requestLogistics(ctx, booked.id, { kind: 'taxi', providerId: taxi?.id ?? null, startsAt: pickUp, costCents: 3850, details: 'Aller-retour depuis le domicile (bon de transport du médecin traitant).' }, staff);
    await updateLogistics(ctx, ride.id, { status: 'confirmed' }, staff);
  }
}
