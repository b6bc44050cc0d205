/**
 * Demo (fake data): a practitioner account `cardiologue@parcours.demo` linked to a demo
 * cardiologist of the directory, and the demo client's consent letting that cardiologist see their
 * results for six months. Idempotent. Runs after the directory and the demo accounts are seeded.
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { system } from '../audit/domain.ts';
import { searchPractitioners } from '../directory/store.ts';
import { createAccount } from '../identity/service.ts';
import { findUserByEmail, updateUser } from '../identity/store.ts';
import { consents } from '../records/schema.ts';
import { practitionerName } from './domain.ts';
import { grantConsent } from './service.ts';

export const CARDIOLOGIST_EMAIL = 'cardiologue@parcours.demo';

export async function seedConsent(ctx: AppContext): Promise<{ practitionerId: string | null; consent: boolean }> {
  const [cardiologist] = await searchPractitioners(ctx.db, { specialty: 'cardiology', limit: 1 });
  if (!cardiologist) return { practitionerId: null, consent: false };
  // Imported here, not at the top: cli/seed.ts imports this module.
  const { DEMO_PASSWORD } = await import('../../cli/seed.ts');
  let account = await findUserByEmail(ctx.db, CARDIOLOGIST_EMAIL);
  if (!account) account = await createAccount(ctx, { email: CARDIOLOGIST_EMAIL, displayName: practitionerName(cardiologist), role: 'practitioner', password: DEMO_PASSWORD }, system);
  if (account.practitionerId !== cardiologist.id) account = await updateUser(ctx.db, account.id, { practitionerId: cardiologist.id });

  const client = await findUserByEmail(ctx.db, 'client@parcours.demo');
  if (!client?.clientId) return { practitionerId: cardiologist.id, consent: false };
  const existing = await ctx.db
    .select({ id: consents.id })
    .from(consents)
    .where(and(eq(consents.clientId, client.clientId), eq(consents.practitionerId, cardiologist.id)));
  if (existing.length) return { practitionerId: cardiologist.id, consent: true };
  const asClient = { ...system, id: client.id, email: client.email, role: client.role };
  const sixMonths = new Date(ctx.now().getTime() + 182 * 86_400_000).toISOString();
  await grantConsent(ctx, client.clientId, { granteeType: 'practitioner', practitionerId: cardiologist.id, documentTypes: ['result'], purpose: 'Suivi cardiologique (démo)', endsAt: sixMonths }, 'client', asClient);
  return { practitionerId: cardiologist.id, consent: true };
}
