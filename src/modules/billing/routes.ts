/**
 * Billing over HTTP. The team: /api/billing/… (catalogue, memberships, invoices, payments,
 * receivables, CSV, quotes) and /api/requests/:id/invoice; the client: /api/portal/invoices (their
 * own issued invoices and credit notes, PDF). Routes parse, call service.ts, shape the answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { MAX_DOCUMENT_BYTES } from '../records/domain.ts';
import { cleanFileName, sniffDocumentType } from '../teleconsultation/domain.ts';
import { paymentMethods, serviceKinds, servicePeriods } from './domain.ts';
import * as service from './service.ts';

const tags = ['facturation'];
const idParams = z.object({ id: z.uuid() });
const cents = z.number().int().min(0).max(100_000_000);
const vatRate = z.number().int().min(0).max(10_000);
const day = z.iso.date();
const lineItem = z.object({
  serviceId: z.uuid().nullable().optional(),
  label: z.string().trim().max(300).optional(),
  quantity: z.number().int().min(1).max(10_000),
  unitPriceCents: cents.optional(),
  vatRateBp: vatRate.optional(),
});
const buyer = z.object({ name: z.string().trim().min(1).max(200), address: z.array(z.string().trim().max(200)).max(6), email: z.email().nullable() });
const serviceBody = z.object({
  code: z.string().trim().min(1).max(40),
  label: z.string().trim().min(1).max(200),
  kind: z.enum(serviceKinds),
  unitPriceCents: cents,
  vatRateBp: vatRate,
  period: z.enum(servicePeriods).default('one_off'),
  active: z.boolean().optional(),
});
const listQuery = z.object({
  clientId: z.uuid().optional(),
  requestId: z.uuid().optional(),
  kind: z.enum(['invoice', 'credit_note']).optional(),
  status: z.enum(['draft', 'issued']).optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().max(100).optional(),
  open: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
const range = z.object({ from: day.optional(), to: day.optional() });
const creditBody = z.object({
  reason: z.enum(service.creditReasons).default('error'),
  full: z.boolean().optional(),
  lines: z.array(z.object({ position: z.number().int().min(1), quantity: z.number().int().min(0).max(10_000) })).max(200).optional(),
});
const paymentBody = z.object({ amountCents: z.number().int().min(1).max(100_000_000), method: z.enum(paymentMethods), receivedOn: day.optional(), reference: z.string().trim().max(100).nullable().optional() });
const membershipBody = z.object({
  holderId: z.uuid(),
  serviceId: z.uuid(),
  payer: z.enum(['client', 'employer']).default('client'),
  employer: z.object({ name: z.string().trim().max(200), address: z.array(z.string().trim().max(200)).max(6).optional(), email: z.email().nullable().optional() }).nullable().optional(),
  startsOn: day.optional(),
  autoRenew: z.boolean().optional(),
  members: z.array(z.object({ clientId: z.uuid(), relation: z.string().trim().max(60).nullable().optional() })).max(20).optional(),
});
const quoteBody = z.object({
  clientId: z.uuid(),
  requestId: z.uuid().nullable().optional(),
  providerId: z.uuid().nullable().optional(),
  practitionerId: z.uuid().nullable().optional(),
  label: z.string().trim().min(1).max(200),
  totalCents: cents,
  amoExpectedCents: cents.default(0),
  amcExpectedCents: cents.default(0),
});

function sendPdf(reply: FastifyReply, file: { fileName: string; bytes: Buffer }, disposition: 'inline' | 'attachment') {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'no-store, private')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "frame-ancestors 'self'")
    .send(file.bytes);
}

function sendCsv(reply: FastifyReply, name: string, body: string) {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store, private').send(body);
}

function portalClient(req: FastifyRequest): string {
  const user = req.auth?.user;
  if (user?.role !== 'client' || !user.clientId) throw new DomainError('no_client_record', 403);
  return user.clientId;
}

const disposition = z.object({ disposition: z.enum(['inline', 'attachment']).default('attachment') });

export function billingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ——— Catalogue ———
  r.get('/api/billing/services', { config: { action: 'billing.read' }, schema: { tags, summary: 'Catalogue des prestations et formules', querystring: z.object({ all: z.enum(['true', 'false']).optional() }) } }, async (req) => ({
    services: await service.listServices(ctx, req.query.all === 'true'),
  }));
  r.post('/api/billing/services', { config: { action: 'billing.configure' }, schema: { tags, summary: 'Ajouter une prestation au catalogue', body: serviceBody } }, async (req, reply) =>
    reply.code(201).send({ service: await service.createService(ctx, req.body, req.actor) }),
  );
  r.patch('/api/billing/services/:id', { config: { action: 'billing.configure' }, schema: { tags, summary: 'Modifier une prestation (les factures émises gardent leurs prix)', params: idParams, body: serviceBody.partial() } }, async (req) => ({
    service: await service.updateService(ctx, req.params.id, req.body, req.actor),
  }));

  // ——— Memberships ———
  r.get('/api/clients/:id/memberships', { config: { action: 'billing.read' }, schema: { tags, summary: 'Adhésions du client (titulaire ou bénéficiaire)', params: idParams } }, async (req) => ({
    memberships: await service.listMemberships(ctx, req.params.id),
  }));
  r.post('/api/billing/memberships', { config: { action: 'billing.write' }, schema: { tags, summary: 'Souscrire une adhésion (brouillon de première facture, au prorata)', body: membershipBody } }, async (req, reply) =>
    reply.code(201).send(await service.createMembership(ctx, req.body, req.actor)),
  );
  r.patch(
    '/api/billing/memberships/:id',
    { config: { action: 'billing.write' }, schema: { tags, params: idParams, body: z.object({ autoRenew: z.boolean().optional(), cancel: z.boolean().optional(), members: membershipBody.shape.members }) } },
    async (req) => ({ membership: await service.updateMembership(ctx, req.params.id, req.body, req.actor) }),
  );

  // ——— Invoices ———
  r.get('/api/billing/invoices', { config: { action: 'billing.read' }, schema: { tags, summary: 'Factures et avoirs (filtres)', querystring: listQuery } }, async (req) => ({
    invoices: await service.listInvoices(ctx, { ...req.query, onlyOpen: req.query.open === 'true', overdue: req.query.overdue === 'true' }),
  }));
  r.post(
    '/api/billing/invoices',
    {
      config: { action: 'billing.write' },
      schema: { tags, summary: 'Créer un brouillon de facture', body: z.object({ clientId: z.uuid(), requestId: z.uuid().nullable().optional(), lines: z.array(lineItem).max(200), dueOn: day.nullable().optional(), buyer: buyer.nullable().optional() }) },
    },
    async (req, reply) => reply.code(201).send({ invoice: await service.createDraft(ctx, req.body, req.actor) }),
  );
  r.get('/api/billing/invoices/:id', { config: { action: 'billing.read' }, schema: { tags, params: idParams } }, async (req) => ({ invoice: await service.getInvoice(ctx, req.params.id) }));
  r.put(
    '/api/billing/invoices/:id',
    { config: { action: 'billing.write' }, schema: { tags, summary: 'Modifier un brouillon (une facture émise ne se modifie pas)', params: idParams, body: z.object({ lines: z.array(lineItem).max(200).optional(), dueOn: day.nullable().optional(), buyer: buyer.nullable().optional() }) } },
    async (req) => ({ invoice: await service.updateDraft(ctx, req.params.id, req.body, req.actor) }),
  );
  r.delete('/api/billing/invoices/:id', { config: { action: 'billing.write' }, schema: { tags, summary: 'Supprimer un brouillon', params: idParams } }, async (req, reply) => {
    await service.deleteDraft(ctx, req.params.id, req.actor);
    return reply.code(204).send();
  });
  r.post('/api/billing/invoices/:id/issue', { config: { action: 'billing.write' }, schema: { tags, summary: 'Émettre : numéro suivant de la série, PDF envoyé au client', params: idParams } }, async (req) => ({
    invoice: await service.issueInvoice(ctx, req.params.id, req.actor),
  }));
  r.post('/api/billing/invoices/:id/credit-notes', { config: { action: 'billing.write' }, schema: { tags, summary: 'Émettre un avoir (total ou partiel par ligne)', params: idParams, body: creditBody } }, async (req, reply) => {
    const request = req.body.full || !req.body.lines ? ({ full: true } as const) : { lines: req.body.lines };
    return reply.code(201).send({ creditNote: await service.createCreditNote(ctx, req.params.id, request, req.body.reason, req.actor) });
  });
  r.post('/api/billing/invoices/:id/payments', { config: { action: 'billing.write' }, schema: { tags, summary: 'Enregistrer un règlement (total ou partiel)', params: idParams, body: paymentBody } }, async (req, reply) =>
    reply.code(201).send({ invoice: await service.recordPayment(ctx, req.params.id, req.body, req.actor) }),
  );
  r.get('/api/billing/invoices/:id/pdf', { config: { action: 'billing.read' }, schema: { tags, params: idParams, querystring: disposition } }, async (req, reply) =>
    sendPdf(reply, await service.invoicePdfFor(ctx, req.params.id, { kind: 'staff' }), req.query.disposition),
  );
  r.post(
    '/api/requests/:id/invoice',
    { config: { action: 'billing.write' }, schema: { tags, summary: 'Facturer les prestations d’une demande (émise aussitôt)', params: idParams, body: z.object({ lines: z.array(lineItem).min(1).max(200) }) } },
    async (req, reply) => reply.code(201).send({ invoice: await service.invoiceRequestServices(ctx, req.params.id, req.body.lines, req.actor) }),
  );

  // ——— Receivables and exports ———
  r.get('/api/billing/receivables', { config: { action: 'billing.read' }, schema: { tags, summary: 'Balance âgée des créances (0–30, 31–60, 61–90, > 90 jours)' } }, async () => service.receivables(ctx));
  r.get('/api/billing/export/invoices.csv', { config: { action: 'billing.read' }, schema: { tags, summary: 'Export CSV des factures et avoirs émis (pour le comptable)', querystring: range } }, async (req, reply) =>
    sendCsv(reply, `factures_${req.query.from ?? 'debut'}_${req.query.to ?? 'fin'}.csv`, await service.invoicesCsv(ctx, req.query, req.actor)),
  );
  r.get('/api/billing/export/payments.csv', { config: { action: 'billing.read' }, schema: { tags, summary: 'Export CSV des règlements', querystring: range } }, async (req, reply) =>
    sendCsv(reply, `reglements_${req.query.from ?? 'debut'}_${req.query.to ?? 'fin'}.csv`, await service.paymentsCsv(ctx, req.query, req.actor)),
  );

  // ——— Quotes ———
  r.get('/api/billing/quotes', { config: { action: 'billing.read' }, schema: { tags, summary: 'Devis d’une demande ou d’un client, comparés', querystring: z.object({ requestId: z.uuid().optional(), clientId: z.uuid().optional() }) } }, async (req) => ({
    quotes: await service.listQuotes(ctx, { ...(req.query.requestId ? { requestId: req.query.requestId } : {}), ...(req.query.clientId ? { clientId: req.query.clientId } : {}) }),
  }));
  r.post('/api/billing/quotes', { config: { action: 'billing.write' }, schema: { tags, summary: 'Enregistrer un devis de prestataire', body: quoteBody } }, async (req, reply) =>
    reply.code(201).send({ quote: await service.createQuote(ctx, req.body, req.actor) }),
  );
  r.post(
    '/api/billing/quotes/:id/decision',
    { config: { action: 'billing.write' }, schema: { tags, summary: 'Décision du client sur le devis', params: idParams, body: z.object({ decision: z.enum(['accepted', 'declined']), note: z.string().trim().max(1000).nullable().optional() }) } },
    async (req) => ({ quote: await service.decideQuote(ctx, req.params.id, req.body, req.actor) }),
  );
  // The quote document: the raw file as the body (like records uploads), its name in X-Filename.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/billing/quotes/:id/document',
      { bodyLimit: MAX_DOCUMENT_BYTES, config: { action: 'billing.write' }, schema: { tags, summary: 'Joindre le document du devis (PDF, JPEG, PNG)', params: idParams } },
      async (req) => {
        const body = req.body;
        if (!Buffer.isBuffer(body) || !body.length || !sniffDocumentType(body)) throw new DomainError('file_type_unsupported', 415);
        const fileName = cleanFileName(String(req.headers['x-filename'] ?? ''), sniffDocumentType(body) ?? 'application/pdf');
        return { quote: await service.attachQuoteDocument(ctx, req.params.id, { fileName, bytes: body }, req.actor) };
      },
    );
  });

  // ——— Portal ———
  r.get('/api/portal/invoices', { config: { action: 'portal.use' }, schema: { tags: ['portail'], summary: 'Mes factures et avoirs' } }, async (req) => ({ invoices: await service.portalInvoices(ctx, portalClient(req)) }));
  r.get('/api/portal/invoices/:id/pdf', { config: { action: 'portal.use' }, schema: { tags: ['portail'], params: idParams, querystring: disposition } }, async (req, reply) =>
    sendPdf(reply, await service.invoicePdfFor(ctx, req.params.id, { kind: 'client', clientId: portalClient(req) }), req.query.disposition),
  );
}
