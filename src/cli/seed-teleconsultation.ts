/**
 * Demo teleconsultations: Yanis Benali sees Dr NGUYEN by video shortly after the first start (the
 * room opens 15 minutes before), and again tomorrow; the links are on the « Téléconsultations » page.
 */
import { system } from '../modules/audit/domain.ts';
import { searchPractitioners } from '../modules/directory/store.ts';
import { requests } from '../modules/requests/schema.ts';
import { bookExternal } from '../modules/scheduling/service.ts';
import type { AppContext } from '../platform/context.ts';

export async function seedTeleconsultation(ctx: AppContext): Promise<void> {
  if ((await ctx.db.query.appointments.findFirst({ where: (a, { eq }) => eq(a.mode, 'teleconsultation'), columns: { id: true } })) !== undefined) return;
  const [coordinator] = await ctx.db.query.users.findMany({ where: (u, { eq }) => eq(u.email, 'coordination@parcours.demo'), limit: 1 });
  const [nguyen] = await searchPractitioners(ctx.db, { name: 'nguyen', specialty: 'dermatology', limit: 1 });
  const derm = (await ctx.db.select().from(requests)).find((r) => r.specialty === 'dermatology');
  if (!coordinator || !nguyen || !derm?.clientId) return;
  const staff = { ...system, id: coordinator.id, email: coordinator.email, role: coordinator.role };
  // In 20 minutes (on a 5-minute mark), then the same time tomorrow.
  const soon = new Date(Math.ceil((ctx.now().getTime() + 20 * 60_000) / 300_000) * 300_000);
  for (const startsAt of [soon, new Date(soon.getTime() + 86_400_000)]) {
    await bookExternal(
      ctx,
      { practitionerId: nguyen.id, clientId: derm.clientId, requestId: derm.id, mode: 'teleconsultation', typeCode: 'teleconsultation', startsAt, durationMinutes: 20, confirmedWith: 'Secrétariat du Dr Nguyen (démo)' },
      staff,
    );
  }
}
