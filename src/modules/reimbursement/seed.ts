/**
 * Demo reimbursements (fake data) for the demo portal account's client: a GP consultation fully
 * reimbursed, a specialist consultation whose mutuelle claim is overdue (the daily job chases it),
 * and a teleconsultation still to send. Idempotent: nothing is added once the client has an act.
 */
import { system } from '../audit/domain.ts';
import { findUserByEmail } from '../identity/store.ts';
import { type AppContext, parisDate } from '../../platform/context.ts';
import { recordAct, recordPayment, sendClaim } from './service.ts';
import { actsOfClient } from './store.ts';

export async function seedReimbursement(ctx: AppContext): Promise<void> {
  const portal = await findUserByEmail(ctx.db, 'client@parcours.demo');
  const clientId = portal?.clientId;
  if (!clientId || (await actsOfClient(ctx.db, clientId)).length) return;
  const coordinator = await findUserByEmail(ctx.db, 'coordination@parcours.demo');
  const staff = coordinator ? { ...system, id: coordinator.id, email: coordinator.email, role: coordinator.role } : system;
  const date = (daysAgo: number) => parisDate(new Date(ctx.now().getTime() - daysAgo * 86_400_000));

  const gp = await recordAct(ctx, clientId, { actCode: 'G', performedOn: date(45), feeCents: 3000, sector: '1', coordinated: true }, staff);
  for (const claim of gp.claims) {
    await sendClaim(ctx, claim.id, { sentOn: date(44) }, staff);
    await recordPayment(ctx, claim.id, { amountCents: claim.expectedCents, paidOn: date(claim.insurer === 'amo' ? 39 : 30) }, staff);
  }

  const specialist = await recordAct(ctx, clientId, { actCode: 'CS', performedOn: date(25), feeCents: 6000, sector: 'optam', coordinated: true }, staff);
  for (const claim of specialist.claims) {
    await sendClaim(ctx, claim.id, { sentOn: date(24) }, staff);
    // The AMO paid in part (a correction is pending); the mutuelle is late.
    if (claim.insurer === 'amo') await recordPayment(ctx, claim.id, { amountCents: Math.max(1, claim.expectedCents - 500), paidOn: date(18) }, staff);
  }

  await recordAct(ctx, clientId, { actCode: 'TCG', performedOn: date(3), feeCents: 2500, sector: '1', coordinated: true }, staff);
}
