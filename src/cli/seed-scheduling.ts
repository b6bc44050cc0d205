/**
 * Demo agendas: every demo practitioner consults Monday to Friday (9:00–12:30, 14:00–18:00) at
 * their practice, teleconsulting ones also Tuesday and Thursday evenings; the demo requests get a
 * shortlist, one appointment is booked and one proposal waits for the client's choice; the team's
 * reminder policies, a waiting-list entry and a confirmed taxi (seed-extras.ts).
 */
import { eq } from 'drizzle-orm';
import { system } from '../modules/audit/domain.ts';
import { practicePlaces } from '../modules/directory/schema.ts';
import { searchPractitioners } from '../modules/directory/store.ts';
import { addToShortlist } from '../modules/matching/service.ts';
import { requests } from '../modules/requests/schema.ts';
import { book, propose, searchSlots } from '../modules/scheduling/service.ts';
import { seedSchedulingExtras } from '../modules/scheduling/seed-extras.ts';
import { replaceSchedule } from '../modules/scheduling/store.ts';
import type { AppContext } from '../platform/context.ts';

export async function seedScheduling(ctx: AppContext): Promise<void> {
  if ((await ctx.db.query.weeklyHours.findFirst({ columns: { id: true } })) !== undefined) return;
  const everyone = await searchPractitioners(ctx.db, { limit: 500 });
  for (const p of everyone) {
    const [place] = await ctx.db.select().from(practicePlaces).where(eq(practicePlaces.practitionerId, p.id)).limit(1);
    if (!place) continue;
    const week = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { placeId: place.id, weekday, startTime: '09:00', endTime: '12:30', modes: ['in_person'] },
      { placeId: place.id, weekday, startTime: '14:00', endTime: '18:00', modes: ['in_person'] },
    ]);
    const tele = p.teleconsultation ? [2, 4].map((weekday) => ({ placeId: null, weekday, startTime: '18:00', endTime: '20:00', modes: ['teleconsultation'] })) : [];
    await replaceSchedule(ctx.db, p.id, {
      hours: [...week, ...tele],
      types: [
        { code: 'first', label: 'Première consultation', durationMinutes: 30, mode: 'in_person' },
        { code: 'followup', label: 'Consultation de suivi', durationMinutes: 20, mode: 'in_person' },
        ...(p.teleconsultation ? [{ code: 'teleconsultation', label: 'Téléconsultation', durationMinutes: 20, mode: 'teleconsultation' }] : []),
      ],
      rules: { minNoticeMinutes: 120, bufferMinutes: 0, slotStepMinutes: 30, cancellationNoticeHours: 24 },
    });
  }

  const [advisor] = await ctx.db.query.users.findMany({ where: (u, { eq }) => eq(u.email, 'coordination@parcours.demo'), limit: 1 });
  if (!advisor) return;
  const staff = { ...system, id: advisor.id, email: advisor.email, role: advisor.role };
  const all = await ctx.db.select().from(requests);
  const inDays = (days: number) => new Date(ctx.now().getTime() + days * 86_400_000);

  // Yanis Benali's mole: two dermatologists shortlisted, the partner chosen and booked in a few days.
  const derm = all.find((r) => r.specialty === 'dermatology');
  const byName = async (name: string, specialty: string) => (await searchPractitioners(ctx.db, { name, specialty, limit: 1 }))[0];
  const klein = await byName('klein', 'dermatology');
  const nguyen = await byName('nguyen', 'dermatology');
  if (derm && klein && nguyen) {
    await addToShortlist(ctx, derm.id, { practitionerId: klein.id, maxKm: 30 }, staff);
    await addToShortlist(ctx, derm.id, { practitionerId: nguyen.id, maxKm: 30 }, staff);
    const [free] = await searchSlots(ctx, { practitionerIds: [klein.id], mode: 'in_person', from: inDays(3), to: inDays(10), perPractitioner: 1 });
    const slot = free?.slots[0];
    if (slot && derm.clientId) await book(ctx, { practitionerId: klein.id, clientId: derm.clientId, requestId: derm.id, typeCode: 'first', mode: 'in_person', startsAt: slot.start }, staff);
  }

  // Marguerite Fontaine's cardiac ultrasound: two cardiologists in Lyon shortlisted, three slots proposed.
  const cardio = all.find((r) => r.specialty === 'cardiology');
  const marchand = await byName('marchand', 'cardiology');
  const rocher = await byName('rocher', 'cardiology');
  if (cardio && marchand && rocher) {
    await addToShortlist(ctx, cardio.id, { practitionerId: marchand.id, maxKm: 30 }, staff);
    await addToShortlist(ctx, cardio.id, { practitionerId: rocher.id, maxKm: 30 }, staff);
    const [free] = await searchSlots(ctx, { practitionerIds: [rocher.id], mode: 'in_person', from: inDays(5), to: inDays(12), perPractitioner: 3 });
    const slots = free?.slots ?? [];
    if (slots.length === 3) await propose(ctx, { requestId: cardio.id, holdHours: 72, slots: slots.map((s) => ({ practitionerId: rocher.id, startsAt: s.start, typeCode: 'first', mode: 'in_person' as const })) }, staff);
  }

  // The team's reminder policies; Yanis Benali on the waiting list and a confirmed taxi.
  const [admin] = await ctx.db.query.users.findMany({ where: (u, { eq }) => eq(u.email, 'admin@parcours.demo'), limit: 1 });
  await seedSchedulingExtras(ctx, staff, admin ? { ...system, id: admin.id, email: admin.email, role: admin.role } : undefined);
}
