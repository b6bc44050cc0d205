import type { Role } from '../modules/identity/domain.ts';
import { system } from '../modules/audit/domain.ts';
import { createAccount } from '../modules/identity/service.ts';
import { findUserByEmail } from '../modules/identity/store.ts';
import type { AppContext } from '../platform/context.ts';
import { seedDirectory } from './seed-directory.ts';
import { seedClientPharmacies, seedJourney } from './seed-journey.ts';
import { seedScheduling } from './seed-scheduling.ts';
import { seedTeleconsultation } from './seed-teleconsultation.ts';
import { seedConsent } from '../modules/consent/seed.ts';
import { seedPreparation } from '../modules/preparation/seed.ts';
import { seedRecords } from '../modules/records/seed.ts';
import { seedReimbursement } from '../modules/reimbursement/seed.ts';
import { seedBilling } from '../modules/billing/seed.ts';
import { seedFollowup } from '../modules/followup/seed.ts';

/** Fake people only. The shared password is printed at start: demo data is not for production. */
export const DEMO_PASSWORD = 'Parcours-demo-2026';
export const demoAccounts: { email: string; displayName: string; role: Role }[] = [
  { email: 'admin@parcours.demo', displayName: 'Alice Administratrice', role: 'admin' },
  { email: 'conseil@parcours.demo', displayName: 'Camille Conseil', role: 'advisor' },
  { email: 'coordination@parcours.demo', displayName: 'Karim Coordination', role: 'coordinator' },
  { email: 'dr.martin@parcours.demo', displayName: 'Dr Hélène Martin', role: 'practitioner' },
  { email: 'client@parcours.demo', displayName: 'Paul Client', role: 'client' },
];

/** Idempotent: what exists is left as it is. Returns how many accounts were created. */
export async function seedDemo(ctx: AppContext): Promise<number> {
  let created = 0;
  for (const account of demoAccounts) {
    if (await findUserByEmail(ctx.db, account.email)) continue;
    await createAccount(ctx, { ...account, password: DEMO_PASSWORD }, system);
    created++;
  }
  await seedJourney(ctx);
  await seedDirectory(ctx);
  await seedClientPharmacies(ctx);
  await seedScheduling(ctx);
  await seedTeleconsultation(ctx);
  await seedPreparation(ctx);
  await seedConsent(ctx);
  await seedRecords(ctx);
  await seedReimbursement(ctx);
  await seedBilling(ctx);
  await seedFollowup(ctx);
  return created;
}

export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const first = await ctx.db.query.users.findFirst({ columns: { id: true } });
  return first === undefined;
}
