/**
 * Demo billing data (fake): the catalogue, then for the first demo clients a few issued invoices —
 * one paid, one partly paid, one credited — and a family membership. Idempotent: the catalogue is
 * upserted by code, invoices are only made when there are none yet.
 */
import { asc, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { system } from '../audit/domain.ts';
import { clients } from '../clients/schema.ts';
import { billingServices, invoices } from './schema.ts';
import { createCreditNote, createDraft, createMembership, issueInvoice, recordPayment } from './service.ts';

export const demoCatalogue = [
  { code: 'ADH-ANNUELLE', label: 'Adhésion annuelle « Sérénité »', kind: 'membership', unitPriceCents: 36_000, vatRateBp: 2000, period: 'yearly' },
  { code: 'ADH-MENSUELLE', label: 'Adhésion mensuelle', kind: 'membership', unitPriceCents: 3_500, vatRateBp: 2000, period: 'monthly' },
  { code: 'FRAIS-DEMANDE', label: 'Frais de prise en charge d’une demande', kind: 'request_fee', unitPriceCents: 4_000, vatRateBp: 2000, period: 'one_off' },
  { code: 'ACCOMP-HEURE', label: 'Accompagnement physique (heure)', kind: 'accompaniment', unitPriceCents: 4_500, vatRateBp: 2000, period: 'one_off' },
  { code: 'LOGISTIQUE-TAXI', label: 'Transport (refacturation)', kind: 'logistics', unitPriceCents: 3_500, vatRateBp: 1000, period: 'one_off' },
  { code: 'LOGISTIQUE-HOTEL', label: 'Hébergement accompagnant (nuit, refacturation)', kind: 'logistics', unitPriceCents: 9_500, vatRateBp: 1000, period: 'one_off' },
] as const;

export async function seedBilling(ctx: AppContext): Promise<void> {
  await ctx.db
    .insert(billingServices)
    .values(demoCatalogue.map((s) => ({ ...s })))
    .onConflictDoNothing({ target: billingServices.code });
  const [{ n } = { n: 0 }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(invoices);
  if (Number(n) > 0) return;
  const someClients = await ctx.db.select({ id: clients.id }).from(clients).orderBy(asc(clients.number)).limit(4);
  if (someClients.length < 2) return;
  const services = new Map((await ctx.db.select().from(billingServices)).map((s) => [s.code, s.id]));
  const [a, b, c, d] = someClients.map((x) => x.id);

  const paid = await createDraft(ctx, { clientId: a!, lines: [{ serviceId: services.get('FRAIS-DEMANDE')!, quantity: 1 }, { serviceId: services.get('ACCOMP-HEURE')!, quantity: 2 }] }, system);
  const paidIssued = await issueInvoice(ctx, paid.id, system);
  await recordPayment(ctx, paid.id, { amountCents: paidIssued.totalInclCents, method: 'card' }, system);

  const partial = await createDraft(ctx, { clientId: b!, lines: [{ serviceId: services.get('FRAIS-DEMANDE')!, quantity: 1 }, { serviceId: services.get('LOGISTIQUE-TAXI')!, quantity: 2 }, { serviceId: services.get('LOGISTIQUE-HOTEL')!, quantity: 1 }] }, system);
  await issueInvoice(ctx, partial.id, system);
  await recordPayment(ctx, partial.id, { amountCents: 5_000, method: 'transfer', reference: 'VIR DEMO 0001' }, system);

  if (c) {
    const credited = await createDraft(ctx, { clientId: c, lines: [{ serviceId: services.get('ACCOMP-HEURE')!, quantity: 3 }] }, system);
    await issueInvoice(ctx, credited.id, system);
    await createCreditNote(ctx, credited.id, { lines: [{ position: 1, quantity: 1 }] }, 'error', system);
  }
  if (d) {
    const { invoice } = await createMembership(ctx, { holderId: d, serviceId: services.get('ADH-ANNUELLE')!, payer: 'client', members: a ? [{ clientId: a, relation: 'conjoint' }] : [] }, system);
    await issueInvoice(ctx, invoice.id, system);
  }
  // A draft left to finish, as a user would find one.
  await createDraft(ctx, { clientId: a!, lines: [{ serviceId: services.get('LOGISTIQUE-TAXI')!, quantity: 1 }] }, system);
}
