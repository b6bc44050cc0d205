/**
 * Demo billing data (fake): the catalogue; for the first demo clients a few issued invoices — one
 * paid, one partly paid, one credited —, a family membership (Yanis Benali and his daughter Léa
 * Martin, its first invoice issued) and one paid by an employer (its first invoice left as a
 * draft); two quotes for Yanis Benali's dental crown request, one with its document attached.
 * Idempotent: the catalogue is upserted by code, invoices and memberships are only made when
 * there are no invoices yet, quotes when there are no quotes yet.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../audit/domain.ts';
import { system } from '../audit/domain.ts';
import { clients } from '../clients/schema.ts';
import { searchPractitioners } from '../directory/store.ts';
import { findUserByEmail } from '../identity/store.ts';
import { minimalPdf } from '../records/pdf.ts';
import { requests } from '../requests/schema.ts';
import { parisDay } from './domain.ts';
import { billingServices, invoices, quotes } from './schema.ts';
import { attachQuoteDocument, createCreditNote, createDraft, createMembership, createQuote, issueInvoice, recordPayment } from './service.ts';

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
  await seedQuotes(ctx);
  const [{ n } = { n: 0 }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(invoices);
  if (Number(n) > 0) return;
  // The demo clients in their order of registration: Fontaine, Benali, Rossi (Lambert), Martin, Da Silva.
  const someClients = await ctx.db.select({ id: clients.id }).from(clients).orderBy(asc(clients.number)).limit(5);
  if (someClients.length < 2) return;
  const services = new Map((await ctx.db.select().from(billingServices)).map((s) => [s.code, s.id]));
  const [a, b, c, d, e] = someClients.map((x) => x.id);

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
  // Memberships from the start of the period: a full first invoice.
  const today = parisDay(ctx.now());
  // A family membership: Yanis Benali and his daughter Léa Martin (whose mother is her trusted person).
  if (d) {
    const { invoice } = await createMembership(ctx, { holderId: b!, serviceId: services.get('ADH-ANNUELLE')!, payer: 'client', startsOn: `${today.slice(0, 4)}-01-01`, members: [{ clientId: d, relation: 'fille' }] }, system);
    await issueInvoice(ctx, invoice.id, system);
  }
  // A monthly membership paid by the employer, its first invoice still a draft.
  if (e) {
    await createMembership(
      ctx,
      { holderId: e, serviceId: services.get('ADH-MENSUELLE')!, payer: 'employer', startsOn: `${today.slice(0, 7)}-01`, employer: { name: 'Coopérative agricole du Niolu (démo)', address: ['Route de Calacuccia', '20224 Calacuccia'], email: null }, autoRenew: true },
      system,
    );
  }
  // A draft left to finish, as a user would find one.
  await createDraft(ctx, { clientId: a!, lines: [{ serviceId: services.get('LOGISTIQUE-TAXI')!, quantity: 1 }] }, system);
}

/** Two quotes for Yanis Benali's dental crown (the demo request asking for one), the first with its PDF. */
async function seedQuotes(ctx: AppContext): Promise<void> {
  if ((await ctx.db.select({ id: quotes.id }).from(quotes).limit(1)).length) return;
  const portal = await findUserByEmail(ctx.db, 'client@parcours.demo');
  const clientId = portal?.clientId;
  if (!clientId) return;
  const [request] = await ctx.db
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.clientId, clientId), eq(requests.kind, 'admin_help')))
    .orderBy(asc(requests.createdAt))
    .limit(1);
  if (!request) return;
  const coordinator = await findUserByEmail(ctx.db, 'coordination@parcours.demo');
  const staff: Actor = coordinator ? { ...system, id: coordinator.id, email: coordinator.email, role: coordinator.role } : system;
  const [dentist] = await searchPractitioners(ctx.db, { specialty: 'dentistry', limit: 1 });
  // Base de remboursement of a crown 120 €, 60 % by the Assurance Maladie; no mutuelle on file.
  const ceramic = await createQuote(ctx, { clientId, requestId: request.id, label: 'Couronne céramique (dent 36) — Centre dentaire Oberkampf', totalCents: 69_000, amoExpectedCents: 7_200, amcExpectedCents: 0 }, staff);
  await createQuote(ctx, { clientId, requestId: request.id, practitionerId: dentist?.id ?? null, label: 'Couronne céramo-métallique (dent 36)', totalCents: 54_000, amoExpectedCents: 7_200, amcExpectedCents: 0 }, staff);
  const pdf = minimalPdf(['Devis n° D-2026-118 (document fictif de démonstration)', 'Centre dentaire Oberkampf — Paris 11e', 'Patient : Yanis BENALI', 'Couronne céramique sur dent 36 : 690,00 EUR', 'Base de remboursement : 120,00 EUR', 'Devis valable 3 mois.']);
  await attachQuoteDocument(ctx, ceramic.id, { fileName: 'devis-couronne-centre-dentaire-oberkampf.pdf', bytes: pdf }, staff);
}
