/**
 * Billing use-cases: catalogue, memberships (family, employer, renewal, proration), invoices
 * (drafts, gapless numbering at issue, credit notes), payments, receivables, CSV export, quotes.
 *
 * Exported for the other helpers of issue 8: `invoiceRequestServices` (draft + issue for a
 * request), `getInvoice`. The KPI helper reads the tables directly: an issued document's
 * `total_incl_cents` is negative for a credit note, so SUM over issued rows is net revenue.
 */
import type { Db } from '../../db/client.ts';
import { sqlState } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { system } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { clientNumber, displayName } from '../clients/domain.ts';
import type { ClientRow } from '../clients/store.ts';
import { findClient, findClients } from '../clients/store.ts';
import { findPractitioners, findProvider } from '../directory/store.ts';
import { addDocument } from '../records/service.ts';
import { requestNumber } from '../requests/domain.ts';
import { findRequest } from '../requests/store.ts';
import { toCsv, csvAmount } from './csv.ts';
import {
  addDays,
  agingBucket,
  agingReport,
  alignedPeriod,
  balanceDue,
  type CreditRequest,
  compareQuotes,
  creditLines,
  formatInvoiceNumber,
  frenchDate,
  type IssuedLine,
  invoiceTotals,
  lineTotals,
  nextPeriod,
  outOfPocket,
  type PaymentMethod,
  type PaymentStatus,
  parisDay,
  paymentStatus,
  prorate,
  seriesFor,
  seriesPrefix,
  type ServiceKind,
  type ServicePeriod,
} from './domain.ts';
import { invoiceIssuedJobs } from './notify.ts';
import { invoicePdf } from './pdf.ts';
import { type Seller, sellerFromEnv } from './seller.ts';
import * as store from './store.ts';
import type { InvoiceRow, LineRow, MembershipRow, PaymentRow, QuoteRow, ServiceRow } from './store.ts';
import { billingServices, invoices, membershipMembers, memberships, payments, quotes } from './schema.ts';
import { and, eq } from 'drizzle-orm';

const asDb = (tx: unknown) => tx as Db;
const today = (ctx: AppContext) => parisDay(ctx.now());

// ——— Catalogue ———

export const toServiceView = (s: ServiceRow) => ({
  id: s.id,
  code: s.code,
  label: s.label,
  kind: s.kind as ServiceKind,
  unitPriceCents: s.unitPriceCents,
  vatRateBp: s.vatRateBp,
  period: s.period as ServicePeriod,
  active: s.active,
});
export type ServiceView = ReturnType<typeof toServiceView>;

export async function listServices(ctx: AppContext, includeInactive = false): Promise<ServiceView[]> {
  return (await store.listServices(ctx.db, includeInactive)).map(toServiceView);
}

export interface ServiceInput {
  code: string;
  label: string;
  kind: ServiceKind;
  unitPriceCents: number;
  vatRateBp: number;
  period: ServicePeriod;
  active?: boolean | undefined;
}

function checkPlanShape(input: { kind: ServiceKind; period: ServicePeriod }) {
  // A membership is a plan with a period; anything else is sold once.
  if ((input.kind === 'membership') !== (input.period !== 'one_off')) throw new DomainError('billing_service_period_invalid', 400, {}, [{ path: 'period', code: 'billing_service_period_invalid' }]);
}

export async function createService(ctx: AppContext, input: ServiceInput, actor: Actor): Promise<ServiceView> {
  checkPlanShape(input);
  const [row] = await ctx.db
    .insert(billingServices)
    .values({ ...input, code: input.code.trim(), label: input.label.trim(), active: input.active ?? true })
    .onConflictDoNothing({ target: billingServices.code })
    .returning();
  if (!row) throw new DomainError('billing_service_code_taken', 409, { code: input.code }, [{ path: 'code', code: 'billing_service_code_taken' }]);
  await recordAudit(ctx.db, actor, { action: 'billing.service_created', targetType: 'billing_service', targetId: row.id, details: { code: row.code } });
  return toServiceView(row);
}

export async function updateService(ctx: AppContext, id: string, input: Partial<ServiceInput>, actor: Actor): Promise<ServiceView> {
  const existing = await store.findService(ctx.db, id);
  if (!existing) throw new DomainError('billing_service_not_found', 404);
  const next = { kind: (input.kind ?? existing.kind) as ServiceKind, period: (input.period ?? existing.period) as ServicePeriod };
  checkPlanShape(next);
  try {
    const [row] = await ctx.db
      .update(billingServices)
      .set({ ...input, ...(input.label ? { label: input.label.trim() } : {}), ...(input.code ? { code: input.code.trim() } : {}) })
      .where(eq(billingServices.id, id))
      .returning();
    await recordAudit(ctx.db, actor, { action: 'billing.service_updated', targetType: 'billing_service', targetId: id, details: { fields: Object.keys(input) } });
    return toServiceView(row!);
  } catch (err) {
    if (sqlState(err) === '23505') throw new DomainError('billing_service_code_taken', 409, { code: input.code ?? '' }, [{ path: 'code', code: 'billing_service_code_taken' }]);
    throw err;
  }
}

// ——— Invoice views ———

export interface InvoiceView {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string | null;
  series: string;
  sequence: number | null;
  status: 'draft' | 'issued' | 'cancelled';
  paymentStatus: PaymentStatus;
  clientId: string;
  clientName: string | null;
  clientNumber: string | null;
  requestId: string | null;
  membershipId: string | null;
  correctsId: string | null;
  buyer: { name: string; address: string[]; email: string | null } | null;
  issuedAt: string | null;
  issueDay: string | null;
  dueOn: string | null;
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
  vatByRate: { vatRateBp: number; baseCents: number; vatCents: number }[];
  paidCents: number;
  creditedCents: number;
  balanceCents: number;
  lastReminderAt: string | null;
  createdAt: string;
  lines?: { id: string; position: number; serviceId: string | null; label: string; quantity: number; unitPriceCents: number; vatRateBp: number; totalExclCents: number; totalVatCents: number }[];
  payments?: { id: string; amountCents: number; method: PaymentMethod; receivedOn: string; reference: string | null; createdAt: string }[];
  creditNotes?: { id: string; number: string | null; issuedAt: string | null; totalInclCents: number }[];
  corrects?: { id: string; number: string | null } | null;
}

function baseView(row: InvoiceRow, creditedCents: number, client: ClientRow | undefined, on: string): InvoiceView {
  const view: InvoiceView = {
    id: row.id,
    kind: row.kind as InvoiceView['kind'],
    number: formatInvoiceNumber(row.series, row.number),
    series: row.series,
    sequence: row.number,
    status: row.status as InvoiceView['status'],
    paymentStatus: paymentStatus({ kind: row.kind as InvoiceView['kind'], status: row.status, totalInclCents: row.totalInclCents, creditedCents, paidCents: row.paidCents, dueOn: row.dueOn }, on),
    clientId: row.clientId,
    clientName: client ? displayName(client) : null,
    clientNumber: client ? clientNumber(client.number) : null,
    requestId: row.requestId,
    membershipId: row.membershipId,
    correctsId: row.correctsId,
    buyer: row.buyer ?? null,
    issuedAt: row.issuedAt?.toISOString() ?? null,
    issueDay: row.issuedAt ? parisDay(row.issuedAt) : null,
    dueOn: row.dueOn,
    totalExclCents: row.totalExclCents,
    totalVatCents: row.totalVatCents,
    totalInclCents: row.totalInclCents,
    vatByRate: [],
    paidCents: row.paidCents,
    creditedCents,
    balanceCents: row.kind === 'invoice' && row.status === 'issued' ? balanceDue({ totalInclCents: row.totalInclCents, creditedCents, paidCents: row.paidCents }) : 0,
    lastReminderAt: row.lastReminderAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
  return view;
}

async function listViews(ctx: AppContext, rows: store.InvoiceListRow[]): Promise<InvoiceView[]> {
  const clients = new Map((await findClients(ctx.db, [...new Set(rows.map((r) => r.clientId))])).map((c) => [c.id, c]));
  const on = today(ctx);
  return rows.map((r) => baseView(r, Number(r.creditedCents), clients.get(r.clientId), on));
}

export async function getInvoice(ctx: AppContext, id: string): Promise<InvoiceView> {
  const row = await store.findInvoice(ctx.db, id);
  if (!row) throw new DomainError('invoice_not_found', 404);
  return fullView(ctx, row);
}

async function fullView(ctx: AppContext, row: InvoiceRow): Promise<InvoiceView> {
  const [lines, pays, credits, client, corrected] = await Promise.all([
    store.linesOf(ctx.db, [row.id]),
    store.paymentsOf(ctx.db, [row.id]),
    row.kind === 'invoice' ? store.creditNotesOf(ctx.db, row.id) : Promise.resolve([] as InvoiceRow[]),
    findClient(ctx.db, row.clientId),
    row.correctsId ? store.findInvoice(ctx.db, row.correctsId) : Promise.resolve(undefined),
  ]);
  const credited = credits.filter((c) => c.status === 'issued').reduce((s, c) => s + c.totalInclCents, 0);
  const view = baseView(row, credited, client, today(ctx));
  view.vatByRate = invoiceTotals(lines).vatByRate;
  view.lines = lines.map((l) => ({ id: l.id, position: l.position, serviceId: l.serviceId, label: l.label, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBp: l.vatRateBp, totalExclCents: l.totalExclCents, totalVatCents: l.totalVatCents }));
  view.payments = pays.map(paymentView);
  view.creditNotes = credits.map((c) => ({ id: c.id, number: formatInvoiceNumber(c.series, c.number), issuedAt: c.issuedAt?.toISOString() ?? null, totalInclCents: c.totalInclCents }));
  view.corrects = corrected ? { id: corrected.id, number: formatInvoiceNumber(corrected.series, corrected.number) } : null;
  return view;
}

const paymentView = (p: PaymentRow) => ({ id: p.id, amountCents: p.amountCents, method: p.method as PaymentMethod, receivedOn: p.receivedOn, reference: p.reference, createdAt: p.createdAt.toISOString() });

export type InvoiceListQuery = Omit<store.InvoiceFilter, 'limit'> & { limit?: number | undefined; overdue?: boolean | undefined };

export async function listInvoices(ctx: AppContext, q: InvoiceListQuery): Promise<InvoiceView[]> {
  const rows = await store.listInvoices(ctx.db, { ...q, overdueOn: q.overdue ? today(ctx) : undefined, limit: Math.min(q.limit ?? 200, 1000) });
  return listViews(ctx, rows);
}

// ——— Drafts ———

export interface LineItem {
  serviceId?: string | null | undefined;
  label?: string | undefined;
  quantity: number;
  unitPriceCents?: number | undefined;
  vatRateBp?: number | undefined;
}

/** Catalogue lines take the label, price and VAT of the service unless given; free lines must say all three. */
async function resolveLines(db: Db, items: readonly LineItem[]): Promise<(IssuedLine & { serviceId: string | null })[]> {
  const services = new Map((await store.findServices(db, [...new Set(items.flatMap((i) => (i.serviceId ? [i.serviceId] : [])))])).map((s) => [s.id, s]));
  return items.map((item, index) => {
    const path = `lines.${index}`;
    const service = item.serviceId ? services.get(item.serviceId) : undefined;
    if (item.serviceId && !service) throw new DomainError('billing_service_not_found', 404, {}, [{ path: `${path}.serviceId`, code: 'billing_service_not_found' }]);
    if (service && !service.active) throw new DomainError('billing_service_inactive', 409, { label: service.label }, [{ path: `${path}.serviceId`, code: 'billing_service_inactive' }]);
    const label = item.label?.trim() || service?.label;
    const unitPriceCents = item.unitPriceCents ?? service?.unitPriceCents;
    const vatRateBp = item.vatRateBp ?? service?.vatRateBp;
    if (!label || unitPriceCents === undefined || vatRateBp === undefined) throw new DomainError('billing_line_invalid', 400, {}, [{ path, code: 'billing_line_invalid' }]);
    const line = { quantity: item.quantity, unitPriceCents, vatRateBp };
    return { position: index + 1, serviceId: service?.id ?? null, label, ...line, ...lineTotals(line) };
  });
}

const totalsOf = (lines: readonly IssuedLine[]) => {
  const t = invoiceTotals(lines);
  return { totalExclCents: t.totalExclCents, totalVatCents: t.totalVatCents, totalInclCents: t.totalInclCents };
};

export interface DraftInput {
  clientId: string;
  requestId?: string | null | undefined;
  membershipId?: string | null | undefined;
  lines: LineItem[];
  dueOn?: string | null | undefined;
  buyer?: { name: string; address: string[]; email: string | null } | null | undefined;
}

async function checkLinks(ctx: AppContext, input: Pick<DraftInput, 'clientId' | 'requestId' | 'membershipId'>) {
  if (!(await findClient(ctx.db, input.clientId))) throw new DomainError('client_not_found', 404);
  if (input.requestId && (await findRequest(ctx.db, input.requestId))?.clientId !== input.clientId) throw new DomainError('invoice_link_invalid', 400, {}, [{ path: 'requestId', code: 'invoice_link_invalid' }]);
  if (input.membershipId && (await store.findMembership(ctx.db, input.membershipId))?.holderId !== input.clientId) throw new DomainError('invoice_link_invalid', 400, {}, [{ path: 'membershipId', code: 'invoice_link_invalid' }]);
}

async function insertDraft(db: Db, input: DraftInput & { kind?: 'invoice' | 'credit_note'; correctsId?: string | null }, lines: IssuedLine[], createdById: string | null): Promise<InvoiceRow> {
  const [row] = await db
    .insert(invoices)
    .values({
      kind: input.kind ?? 'invoice',
      series: seriesPrefix(input.kind ?? 'invoice'),
      status: 'draft',
      clientId: input.clientId,
      requestId: input.requestId ?? null,
      membershipId: input.membershipId ?? null,
      correctsId: input.correctsId ?? null,
      buyer: input.buyer ?? null,
      dueOn: input.dueOn ?? null,
      ...totalsOf(lines),
      createdById,
    })
    .returning();
  await store.replaceLines(db, row!.id, lines);
  return row!;
}

export async function createDraft(ctx: AppContext, input: DraftInput, actor: Actor): Promise<InvoiceView> {
  await checkLinks(ctx, input);
  const lines = await resolveLines(ctx.db, input.lines);
  const row = await ctx.db.transaction(async (tx) => insertDraft(asDb(tx), input, lines, actor.id));
  await recordAudit(ctx.db, actor, { action: 'billing.invoice_drafted', targetType: 'invoice', targetId: row.id, clientId: row.clientId, details: { lines: lines.length, totalInclCents: row.totalInclCents } });
  return fullView(ctx, row);
}

export async function updateDraft(ctx: AppContext, id: string, input: Partial<Pick<DraftInput, 'lines' | 'dueOn' | 'buyer'>>, actor: Actor): Promise<InvoiceView> {
  const lines = input.lines ? await resolveLines(ctx.db, input.lines) : null;
  const row = await ctx.db.transaction(async (t) => {
    const tx = asDb(t);
    const current = await store.findInvoice(tx, id, true);
    if (!current) throw new DomainError('invoice_not_found', 404);
    if (current.status !== 'draft') throw new DomainError('invoice_not_draft', 409);
    if (lines) await store.replaceLines(tx, id, lines);
    const [updated] = await tx
      .update(invoices)
      .set({ ...(lines ? totalsOf(lines) : {}), ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}), ...(input.buyer !== undefined ? { buyer: input.buyer } : {}) })
      .where(eq(invoices.id, id))
      .returning();
    return updated!;
  });
  await recordAudit(ctx.db, actor, { action: 'billing.invoice_updated', targetType: 'invoice', targetId: id, clientId: row.clientId, details: { fields: Object.keys(input) } });
  return fullView(ctx, row);
}

/** A draft has no number yet: removing it skips nothing. */
export async function deleteDraft(ctx: AppContext, id: string, actor: Actor): Promise<void> {
  const deleted = await ctx.db
    .delete(invoices)
    .where(and(eq(invoices.id, id), eq(invoices.status, 'draft')))
    .returning({ clientId: invoices.clientId });
  if (!deleted[0]) {
    if (await store.findInvoice(ctx.db, id)) throw new DomainError('invoice_not_draft', 409);
    throw new DomainError('invoice_not_found', 404);
  }
  await recordAudit(ctx.db, actor, { action: 'billing.invoice_deleted', targetType: 'invoice', targetId: id, clientId: deleted[0].clientId });
}

// ——— Issuing ———

async function buyerOf(db: Db, row: InvoiceRow): Promise<NonNullable<InvoiceRow['buyer']>> {
  if (row.buyer) return row.buyer;
  const client = await findClient(db, row.clientId);
  if (!client) throw new DomainError('client_not_found', 404);
  const a = client.address;
  return { name: displayName(client), address: a ? [a.line1, ...(a.line2 ? [a.line2] : []), `${a.postalCode} ${a.city}`, ...(a.country && a.country !== 'FR' && a.country !== 'France' ? [a.country] : [])] : [], email: client.email };
}

/**
 * Numbers and freezes a draft, inside the caller's transaction: the series counter is locked until
 * commit, so numbers follow the order of issue. The issue time is taken under that lock and never
 * earlier than the series' latest one, so dates stay chronological even across app servers whose
 * clocks differ slightly.
 */
async function numberAndFreeze(ctx: AppContext, tx: Db, row: InvoiceRow, lines: readonly LineRow[]): Promise<InvoiceRow> {
  const kind = row.kind as 'invoice' | 'credit_note';
  const series = seriesFor(kind, parisDay(ctx.now()));
  const number = await store.takeNumber(tx, series);
  const last = await store.lastIssuedAt(tx, series);
  const now = ctx.now();
  const issuedAt = last && last > now ? last : now;
  const issueDay = parisDay(issuedAt);
  const seller = sellerFromEnv();
  const dueOn = kind === 'invoice' ? (row.dueOn && row.dueOn >= issueDay ? row.dueOn : addDays(issueDay, seller.paymentTermsDays)) : null;
  const buyer = await buyerOf(tx, row);
  const [issued] = await tx
    .update(invoices)
    .set({ series, number, status: 'issued', issuedAt, dueOn, buyer, seller: { ...seller }, ...totalsOf(lines) })
    .where(and(eq(invoices.id, row.id), eq(invoices.status, 'draft')))
    .returning();
  if (!issued) throw new DomainError('invoice_not_draft', 409);
  // In the same transaction: the e-mail and the reminders exist if and only if the number does.
  await invoiceIssuedJobs(tx, issued);
  return issued;
}

export async function issueInvoice(ctx: AppContext, id: string, actor: Actor): Promise<InvoiceView> {
  const issued = await ctx.db.transaction(async (t) => {
    const tx = asDb(t);
    const row = await store.findInvoice(tx, id, true);
    if (!row) throw new DomainError('invoice_not_found', 404);
    if (row.status !== 'draft') throw new DomainError('invoice_not_draft', 409);
    const lines = await store.linesOf(tx, [id]);
    if (!lines.length) throw new DomainError('invoice_empty', 400);
    return numberAndFreeze(ctx, tx, row, lines);
  });
  const number = formatInvoiceNumber(issued.series, issued.number)!;
  await recordAudit(ctx.db, actor, { action: 'billing.invoice_issued', targetType: 'invoice', targetId: id, clientId: issued.clientId, details: { number, totalInclCents: issued.totalInclCents } });
  return fullView(ctx, issued);
}

/** For the other helpers: bills the services of a request (catalogue items, quantities), issued at once. */
export async function invoiceRequestServices(ctx: AppContext, requestId: string, items: LineItem[], actor: Actor): Promise<InvoiceView> {
  const request = await findRequest(ctx.db, requestId);
  if (!request) throw new DomainError('request_not_found', 404);
  const draft = await createDraft(ctx, { clientId: request.clientId, requestId, lines: items }, actor);
  return issueInvoice(ctx, draft.id, actor);
}

// ——— Credit notes ———

export const creditReasons = ['error', 'cancellation', 'commercial_gesture', 'other'] as const;
export type CreditReason = (typeof creditReasons)[number];

/** Issues a credit note against an issued invoice, in full or for some lines and quantities. */
export async function createCreditNote(ctx: AppContext, invoiceId: string, request: CreditRequest, reason: CreditReason, actor: Actor): Promise<InvoiceView> {
  const note = await ctx.db.transaction(async (t) => {
    const tx = asDb(t);
    // Locking the invoice makes two credit notes against it take turns: neither credits what the other did.
    const original = await store.findInvoice(tx, invoiceId, true);
    if (!original) throw new DomainError('invoice_not_found', 404);
    if (original.kind !== 'invoice' || original.status !== 'issued') throw new DomainError('invoice_not_issued', 409);
    const credits = (await store.creditNotesOf(tx, invoiceId)).filter((c) => c.status === 'issued');
    const [lines, previous] = await Promise.all([store.linesOf(tx, [invoiceId]), store.linesOf(tx, credits.map((c) => c.id))]);
    const result = creditLines(lines, previous, request);
    if ('error' in result) throw new DomainError(result.error, result.error === 'credit_line_unknown' || result.error === 'credit_empty' ? 400 : 409);
    const draft = await insertDraft(tx, { kind: 'credit_note', correctsId: original.id, clientId: original.clientId, requestId: original.requestId, membershipId: original.membershipId, buyer: original.buyer, lines: [] }, result.lines, actor.id);
    const issued = await numberAndFreeze(ctx, tx, draft, await store.linesOf(tx, [draft.id]));
    // Kept on the invoice, in the same transaction: lists and receivables read it without a subquery.
    await store.addCredited(tx, original.id, issued.totalInclCents);
    return issued;
  });
  await recordAudit(ctx.db, actor, {
    action: 'billing.credit_note_issued',
    targetType: 'invoice',
    targetId: note.id,
    clientId: note.clientId,
    details: { number: formatInvoiceNumber(note.series, note.number), corrects: invoiceId, reason, full: request.full === true, totalInclCents: note.totalInclCents },
  });
  return fullView(ctx, note);
}

// ——— Payments ———

export interface PaymentInput {
  amountCents: number;
  method: PaymentMethod;
  receivedOn?: string | undefined;
  reference?: string | null | undefined;
}

export async function recordPayment(ctx: AppContext, invoiceId: string, input: PaymentInput, actor: Actor): Promise<InvoiceView> {
  const on = today(ctx);
  const receivedOn = input.receivedOn ?? on;
  if (receivedOn > on) throw new DomainError('payment_date_future', 400, {}, [{ path: 'receivedOn', code: 'payment_date_future' }]);
  const row = await ctx.db.transaction(async (t) => {
    const tx = asDb(t);
    const inv = await store.findInvoice(tx, invoiceId, true);
    if (!inv) throw new DomainError('invoice_not_found', 404);
    if (inv.kind !== 'invoice' || inv.status !== 'issued') throw new DomainError('invoice_not_issued', 409);
    const balance = balanceDue({ totalInclCents: inv.totalInclCents, creditedCents: inv.creditedCents, paidCents: inv.paidCents });
    if (balance <= 0) throw new DomainError('invoice_settled', 409);
    if (input.amountCents > balance) throw new DomainError('payment_exceeds_balance', 409, { balance: (balance / 100).toFixed(2).replace('.', ',') }, [{ path: 'amountCents', code: 'payment_exceeds_balance' }]);
    await tx.insert(payments).values({ invoiceId, amountCents: input.amountCents, method: input.method, receivedOn, reference: input.reference?.trim() || null, recordedById: actor.id });
    const [updated] = await tx
      .update(invoices)
      .set({ paidCents: inv.paidCents + input.amountCents })
      .where(eq(invoices.id, invoiceId))
      .returning();
    return updated!;
  });
  await recordAudit(ctx.db, actor, { action: 'billing.payment_recorded', targetType: 'invoice', targetId: invoiceId, clientId: row.clientId, details: { amountCents: input.amountCents, method: input.method } });
  return fullView(ctx, row);
}

// ——— Receivables and export ———

export async function receivables(ctx: AppContext) {
  const on = today(ctx);
  const open = await listViews(ctx, await store.listInvoices(ctx.db, { onlyOpen: true, limit: 5000 }));
  const items = open.map((v) => ({ ...v, bucket: agingBucket(v.dueOn ?? on, on), daysLate: v.dueOn && v.dueOn < on ? Math.round((Date.parse(on) - Date.parse(v.dueOn)) / 86_400_000) : 0 }));
  const buckets = agingReport(
    open.map((v) => ({ balanceCents: v.balanceCents, dueOn: v.dueOn ?? on })),
    on,
  );
  return { asOf: on, totalCents: buckets.reduce((s, b) => s + b.amountCents, 0), buckets, invoices: items.sort((a, b) => b.daysLate - a.daysLate) };
}

const methodLabels: Record<PaymentMethod, string> = { card: 'Carte', transfer: 'Virement', cheque: 'Chèque', cash: 'Espèces', direct_debit: 'Prélèvement' };

/** Issued invoices and credit notes of a period, one row per document (amounts in euros, "1234,56"). */
export async function invoicesCsv(ctx: AppContext, range: { from?: string | undefined; to?: string | undefined }, actor: Actor): Promise<string> {
  const rows = (await listViews(ctx, await store.listInvoices(ctx.db, { status: 'issued', from: range.from, to: range.to, limit: 100_000 }))).reverse();
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  const missing = rows.filter((r) => r.correctsId && !numbers.has(r.correctsId)).map((r) => r.correctsId!);
  for (const id of missing) {
    const inv = await store.findInvoice(ctx.db, id);
    if (inv) numbers.set(id, formatInvoiceNumber(inv.series, inv.number));
  }
  await recordAudit(ctx.db, actor, { action: 'billing.export', details: { kind: 'invoices', from: range.from ?? null, to: range.to ?? null, rows: rows.length } });
  return toCsv(
    ['Numéro', 'Type', 'Date', 'Échéance', 'Client', 'Acheteur', 'Facture rectifiée', 'Total HT', 'TVA', 'Total TTC', 'Réglé', 'Reste dû', 'Statut'],
    rows.map((r) => [
      r.number,
      r.kind === 'invoice' ? 'Facture' : 'Avoir',
      r.issueDay,
      r.dueOn,
      r.clientNumber,
      r.buyer?.name ?? r.clientName,
      r.correctsId ? (numbers.get(r.correctsId) ?? null) : null,
      csvAmount(r.totalExclCents),
      csvAmount(r.totalVatCents),
      csvAmount(r.totalInclCents),
      csvAmount(r.paidCents),
      csvAmount(r.balanceCents),
      r.paymentStatus,
    ]),
  );
}

export async function paymentsCsv(ctx: AppContext, range: { from?: string | undefined; to?: string | undefined }, actor: Actor): Promise<string> {
  const rows = await store.paymentsBetween(ctx.db, range.from, range.to);
  await recordAudit(ctx.db, actor, { action: 'billing.export', details: { kind: 'payments', from: range.from ?? null, to: range.to ?? null, rows: rows.length } });
  return toCsv(
    ['Date', 'Facture', 'Acheteur', 'Mode', 'Montant', 'Référence'],
    rows.map((p) => [p.receivedOn, formatInvoiceNumber(p.series, p.number), p.buyerName, methodLabels[p.method as PaymentMethod] ?? p.method, csvAmount(p.amountCents), p.reference]),
  );
}

// ——— PDF ———

export type InvoiceViewer = { kind: 'staff' } | { kind: 'client'; clientId: string };

/** Issued documents only: a draft has no number and no legal existence. A client sees only their own. */
export async function invoicePdfFor(ctx: AppContext, id: string, viewer: InvoiceViewer): Promise<{ fileName: string; bytes: Buffer }> {
  const row = await store.findInvoice(ctx.db, id);
  if (!row || (viewer.kind === 'client' && (row.clientId !== viewer.clientId || row.status !== 'issued'))) throw new DomainError('invoice_not_found', 404);
  if (row.status !== 'issued') throw new DomainError('invoice_not_issued', 409);
  const v = await fullView(ctx, row);
  return { fileName: `${v.kind === 'invoice' ? 'facture' : 'avoir'}-${v.number}.pdf`, bytes: await renderPdf(ctx, v) };
}

export async function renderPdf(ctx: AppContext, v: InvoiceView): Promise<Buffer> {
  let business = false;
  let serviceDates = v.issueDay ? frenchDate(v.issueDay) : '';
  if (v.membershipId) {
    const m = await store.findMembership(ctx.db, v.membershipId);
    business = m?.payer === 'employer';
  }
  if (v.requestId) {
    const r = await findRequest(ctx.db, v.requestId);
    if (r) serviceDates = `du ${frenchDate(parisDay(r.createdAt))} au ${serviceDates} (demande ${requestNumber(r.number)})`;
  }
  return invoicePdf(
    {
      kind: v.kind,
      number: v.number!,
      issueDay: v.issueDay!,
      dueOn: v.dueOn,
      serviceDates,
      buyer: v.buyer ?? { name: v.clientName ?? '', address: [], email: null },
      business,
      correctsNumber: v.corrects?.number ?? null,
      clientNumber: v.clientNumber ?? '',
      lines: v.lines ?? [],
      vatByRate: v.vatByRate,
      totalExclCents: v.totalExclCents,
      totalVatCents: v.totalVatCents,
      totalInclCents: v.totalInclCents,
      paidCents: v.paidCents,
      balanceCents: v.balanceCents,
    },
    // As printed at issue; invoices issued before the seller was kept use today's settings.
    ((await store.findInvoice(ctx.db, v.id))?.seller as Seller | null | undefined) ?? sellerFromEnv(),
  );
}

// ——— Portal ———

export async function portalInvoices(ctx: AppContext, clientId: string): Promise<InvoiceView[]> {
  return listViews(ctx, await store.listInvoices(ctx.db, { clientId, status: 'issued', limit: 500 }));
}

// ——— Memberships ———

export interface MembershipInput {
  holderId: string;
  serviceId: string;
  payer: 'client' | 'employer';
  employer?: { name: string; address?: string[] | undefined; email?: string | null | undefined } | null | undefined;
  /** The joining day; today when omitted. */
  startsOn?: string | undefined;
  autoRenew?: boolean | undefined;
  members?: { clientId: string; relation?: string | null | undefined }[] | undefined;
}

export async function membershipViews(ctx: AppContext, rows: MembershipRow[]) {
  const [members, services] = await Promise.all([store.membersOf(ctx.db, rows.map((r) => r.id)), store.findServices(ctx.db, [...new Set(rows.map((r) => r.serviceId))])]);
  const clients = new Map((await findClients(ctx.db, [...new Set([...rows.map((r) => r.holderId), ...members.map((m) => m.clientId)])])).map((c) => [c.id, c]));
  const svc = new Map(services.map((s) => [s.id, s]));
  return rows.map((r) => ({
    id: r.id,
    holderId: r.holderId,
    holderName: clients.has(r.holderId) ? displayName(clients.get(r.holderId)!) : null,
    service: svc.has(r.serviceId) ? toServiceView(svc.get(r.serviceId)!) : null,
    payer: r.payer as 'client' | 'employer',
    employerName: r.employerName,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    autoRenew: r.autoRenew,
    status: r.status as 'active' | 'ended' | 'cancelled',
    members: members.filter((m) => m.membershipId === r.id).map((m) => ({ clientId: m.clientId, name: clients.has(m.clientId) ? displayName(clients.get(m.clientId)!) : null, relation: m.relation })),
  }));
}
export type MembershipView = Awaited<ReturnType<typeof membershipViews>>[number];

export async function listMemberships(ctx: AppContext, clientId: string): Promise<MembershipView[]> {
  return membershipViews(ctx, await store.membershipsOfClient(ctx.db, clientId));
}

const periodLabel = (label: string, start: string, end: string) => `${label} — du ${frenchDate(start)} au ${frenchDate(end)}`;

/** Subscribes a client (and their family) to a plan, and drafts the first invoice, prorated when joining mid-period. */
export async function createMembership(ctx: AppContext, input: MembershipInput, actor: Actor): Promise<{ membership: MembershipView; invoice: InvoiceView }> {
  const service = await store.findService(ctx.db, input.serviceId);
  if (!service) throw new DomainError('billing_service_not_found', 404);
  if (service.kind !== 'membership' || service.period === 'one_off') throw new DomainError('membership_plan_invalid', 400, {}, [{ path: 'serviceId', code: 'membership_plan_invalid' }]);
  if (!service.active) throw new DomainError('billing_service_inactive', 409, { label: service.label });
  if (input.payer === 'employer' && !input.employer?.name.trim()) throw new DomainError('membership_employer_required', 400, {}, [{ path: 'employer.name', code: 'membership_employer_required' }]);
  const members = input.members ?? [];
  const ids = [input.holderId, ...members.map((m) => m.clientId)];
  if (new Set(ids).size !== ids.length) throw new DomainError('membership_member_invalid', 400, {}, [{ path: 'members', code: 'membership_member_invalid' }]);
  const found = await findClients(ctx.db, ids);
  if (!found.some((c) => c.id === input.holderId)) throw new DomainError('client_not_found', 404);
  if (found.length !== ids.length) throw new DomainError('membership_member_invalid', 400, {}, [{ path: 'members', code: 'membership_member_invalid' }]);

  const joinOn = input.startsOn ?? today(ctx);
  const period = alignedPeriod(service.period as 'monthly' | 'yearly', joinOn);
  const p = prorate(service.unitPriceCents, period, joinOn);
  const label = p.days === p.periodDays ? periodLabel(service.label, joinOn, period.end) : `${periodLabel(service.label, joinOn, period.end)} (prorata ${p.days}/${p.periodDays} jours)`;
  const lineBase = { quantity: 1, unitPriceCents: p.amountCents, vatRateBp: service.vatRateBp };
  const line: IssuedLine = { position: 1, serviceId: service.id, label, ...lineBase, ...lineTotals(lineBase) };
  const buyer = input.payer === 'employer' ? { name: input.employer!.name.trim(), address: input.employer?.address ?? [], email: input.employer?.email ?? null } : null;

  const { membership, invoice } = await ctx.db.transaction(async (t) => {
    const tx = asDb(t);
    const [m] = await tx
      .insert(memberships)
      .values({ holderId: input.holderId, serviceId: service.id, payer: input.payer, employerName: buyer?.name ?? null, startsOn: joinOn, endsOn: period.end, autoRenew: input.autoRenew ?? true, status: 'active' })
      .returning();
    if (members.length) await tx.insert(membershipMembers).values(members.map((x) => ({ membershipId: m!.id, clientId: x.clientId, relation: x.relation?.trim() || null })));
    const inv = await insertDraft(tx, { clientId: input.holderId, membershipId: m!.id, buyer, lines: [] }, [line], actor.id);
    return { membership: m!, invoice: inv };
  });
  await recordAudit(ctx.db, actor, { action: 'billing.membership_created', targetType: 'membership', targetId: membership.id, clientId: input.holderId, details: { serviceId: service.id, payer: input.payer, members: members.length, prorataDays: p.days } });
  const [view] = await membershipViews(ctx, [membership]);
  return { membership: view!, invoice: await fullView(ctx, invoice) };
}

export async function updateMembership(ctx: AppContext, id: string, input: { autoRenew?: boolean | undefined; cancel?: boolean | undefined; members?: MembershipInput['members'] }, actor: Actor): Promise<MembershipView> {
  const m = await store.findMembership(ctx.db, id);
  if (!m) throw new DomainError('membership_not_found', 404);
  if (input.members) {
    const ids = input.members.map((x) => x.clientId);
    if (ids.includes(m.holderId) || new Set(ids).size !== ids.length || (await findClients(ctx.db, ids)).length !== ids.length) throw new DomainError('membership_member_invalid', 400, {}, [{ path: 'members', code: 'membership_member_invalid' }]);
  }
  const row = await ctx.db.transaction(async (t) => {
    const tx = asDb(t);
    // A cancelled membership stays cancelled: renewing it again would bill a plan the client ended.
    // Checked under the row lock, so a concurrent cancellation cannot slip between check and update.
    const current = await store.findMembership(tx, id, true);
    if (input.autoRenew === true && current?.status === 'cancelled') throw new DomainError('membership_cancelled', 409, {}, [{ path: 'autoRenew', code: 'membership_cancelled' }]);
    if (input.members) {
      await tx.delete(membershipMembers).where(eq(membershipMembers.membershipId, id));
      if (input.members.length) await tx.insert(membershipMembers).values(input.members.map((x) => ({ membershipId: id, clientId: x.clientId, relation: x.relation?.trim() || null })));
    }
    const [u] = await tx
      .update(memberships)
      .set({ ...(input.autoRenew !== undefined ? { autoRenew: input.autoRenew } : {}), ...(input.cancel ? { status: 'cancelled', autoRenew: false } : {}) })
      .where(eq(memberships.id, id))
      .returning();
    return u!;
  });
  await recordAudit(ctx.db, actor, { action: 'billing.membership_updated', targetType: 'membership', targetId: id, clientId: m.holderId, details: { fields: Object.keys(input) } });
  return (await membershipViews(ctx, [row]))[0]!;
}

/** A membership is renewed this many days before its period ends, so its invoice is ready in time. */
export const RENEWAL_LEAD_DAYS = 14;

/**
 * Renews the auto-renewing memberships ending within the lead time: the period moves on by one
 * plan period, and the next period's invoice is drafted at full price, to the same buyer as the
 * last one. Each renewal locks its membership and checks its end date again, so a repeated or
 * concurrent run renews once. Memberships that ran out without renewal end.
 */
export async function renewMemberships(ctx: AppContext): Promise<{ renewed: string[]; ended: number }> {
  const on = today(ctx);
  const due = await store.membershipsToRenew(ctx.db, addDays(on, RENEWAL_LEAD_DAYS));
  const renewed: string[] = [];
  for (const { id } of due) {
    const result = await ctx.db.transaction(async (t) => {
      const tx = asDb(t);
      const m = await store.findMembership(tx, id, true);
      if (m?.status !== 'active' || !m.autoRenew || m.endsOn > addDays(on, RENEWAL_LEAD_DAYS)) return null;
      const service = await store.findService(tx, m.serviceId);
      if (!service || service.period === 'one_off') return null;
      const next = nextPeriod(service.period as 'monthly' | 'yearly', m.endsOn);
      await tx.update(memberships).set({ endsOn: next.end }).where(eq(memberships.id, id));
      const [previous] = (await store.listInvoices(tx, { clientId: m.holderId, limit: 50 })).filter((i) => i.membershipId === id && i.kind === 'invoice');
      const base = { quantity: 1, unitPriceCents: service.unitPriceCents, vatRateBp: service.vatRateBp };
      const line: IssuedLine = { position: 1, serviceId: service.id, label: periodLabel(service.label, next.start, next.end), ...base, ...lineTotals(base) };
      const inv = await insertDraft(tx, { clientId: m.holderId, membershipId: id, buyer: m.payer === 'employer' ? (previous?.buyer ?? { name: m.employerName ?? '', address: [], email: null }) : null, lines: [] }, [line], null);
      return { m, inv, next };
    });
    if (!result) continue;
    renewed.push(id);
    await recordAudit(ctx.db, system, { action: 'billing.membership_renewed', targetType: 'membership', targetId: id, clientId: result.m.holderId, details: { until: result.next.end, invoiceId: result.inv.id } });
  }
  const ended = await store.endLapsed(ctx.db, on);
  return { renewed, ended: ended.length };
}

// ——— Quotes ———

export interface QuoteInput {
  clientId: string;
  requestId?: string | null | undefined;
  providerId?: string | null | undefined;
  practitionerId?: string | null | undefined;
  label: string;
  totalCents: number;
  amoExpectedCents: number;
  amcExpectedCents: number;
}

async function quoteViews(ctx: AppContext, rows: QuoteRow[]) {
  const providers = new Map<string, string>();
  for (const id of new Set(rows.flatMap((r) => (r.providerId ? [r.providerId] : [])))) {
    const p = await findProvider(ctx.db, id);
    if (p) providers.set(id, p.name);
  }
  const practitioners = new Map((await findPractitioners(ctx.db, [...new Set(rows.flatMap((r) => (r.practitionerId ? [r.practitionerId] : [])))])).map((p) => [p.id, `Dr ${p.firstName} ${p.lastName}`]));
  return rows.map((q) => ({
    id: q.id,
    clientId: q.clientId,
    requestId: q.requestId,
    providerId: q.providerId,
    practitionerId: q.practitionerId,
    issuerName: (q.providerId && providers.get(q.providerId)) || (q.practitionerId && practitioners.get(q.practitionerId)) || null,
    label: q.label,
    totalCents: q.totalCents,
    amoExpectedCents: q.amoExpectedCents,
    amcExpectedCents: q.amcExpectedCents,
    outOfPocketCents: q.outOfPocketCents,
    documentId: q.documentId,
    status: q.status as 'received' | 'accepted' | 'declined',
    decisionNote: q.decisionNote,
    decidedAt: q.decidedAt?.toISOString() ?? null,
    createdAt: q.createdAt.toISOString(),
  }));
}
export type QuoteView = Awaited<ReturnType<typeof quoteViews>>[number];

/** A request's (or client's) quotes side by side, cheapest out-of-pocket first. */
export async function listQuotes(ctx: AppContext, f: { clientId?: string; requestId?: string }) {
  return compareQuotes(await quoteViews(ctx, await store.quotesOf(ctx.db, f)));
}

export async function createQuote(ctx: AppContext, input: QuoteInput, actor: Actor): Promise<QuoteView> {
  if (input.amoExpectedCents + input.amcExpectedCents > input.totalCents) throw new DomainError('quote_amounts_invalid', 400, {}, [{ path: 'amcExpectedCents', code: 'quote_amounts_invalid' }]);
  if (!(await findClient(ctx.db, input.clientId))) throw new DomainError('client_not_found', 404);
  if (input.requestId && (await findRequest(ctx.db, input.requestId))?.clientId !== input.clientId) throw new DomainError('invoice_link_invalid', 400, {}, [{ path: 'requestId', code: 'invoice_link_invalid' }]);
  let row: QuoteRow;
  try {
    [row] = (await ctx.db
      .insert(quotes)
      .values({ ...input, label: input.label.trim(), requestId: input.requestId ?? null, providerId: input.providerId ?? null, practitionerId: input.practitionerId ?? null, outOfPocketCents: outOfPocket(input), createdById: actor.id })
      .returning()) as [QuoteRow];
  } catch (err) {
    if (sqlState(err) === '23503') throw new DomainError('invoice_link_invalid', 400, {}, [{ path: 'providerId', code: 'invoice_link_invalid' }]);
    throw err;
  }
  await recordAudit(ctx.db, actor, { action: 'billing.quote_added', targetType: 'quote', targetId: row.id, clientId: row.clientId, details: { totalCents: row.totalCents } });
  return (await quoteViews(ctx, [row]))[0]!;
}

/** The provider's quote document goes into the client's file (encrypted, audited, versioned) and is linked here. */
export async function attachQuoteDocument(ctx: AppContext, id: string, file: { fileName: string; bytes: Buffer }, actor: Actor): Promise<QuoteView> {
  const q = await store.findQuote(ctx.db, id);
  if (!q) throw new DomainError('quote_not_found', 404);
  const doc = await addDocument(ctx, { clientId: q.clientId, type: 'administrative', title: `Devis — ${q.label}`, fileName: file.fileName, bytes: file.bytes, requestId: q.requestId, source: 'staff' }, actor);
  const [row] = await ctx.db.update(quotes).set({ documentId: doc.id }).where(eq(quotes.id, id)).returning();
  return (await quoteViews(ctx, [row!]))[0]!;
}

export async function decideQuote(ctx: AppContext, id: string, input: { decision: 'accepted' | 'declined'; note?: string | null | undefined }, actor: Actor): Promise<QuoteView> {
  const [row] = await ctx.db
    .update(quotes)
    .set({ status: input.decision, decisionNote: input.note?.trim() || null, decidedAt: ctx.now(), decidedById: actor.id })
    .where(and(eq(quotes.id, id), eq(quotes.status, 'received')))
    .returning();
  if (!row) {
    if (await store.findQuote(ctx.db, id)) throw new DomainError('quote_already_decided', 409);
    throw new DomainError('quote_not_found', 404);
  }
  // The decision, not the note: a note can say why in medical terms.
  await recordAudit(ctx.db, actor, { action: 'billing.quote_decided', targetType: 'quote', targetId: id, clientId: row.clientId, details: { decision: input.decision } });
  return (await quoteViews(ctx, [row]))[0]!;
}

