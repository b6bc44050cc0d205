/** Billing queries. No access rule here: the service decides who may call what. */
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { billingServices, invoiceCounters, invoiceLines, invoices, membershipMembers, memberships, payments, quotes } from './schema.ts';

export type ServiceRow = typeof billingServices.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type MemberRow = typeof membershipMembers.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type LineRow = typeof invoiceLines.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type QuoteRow = typeof quotes.$inferSelect;


// ——— Catalogue ———

export const listServices = (db: Db, includeInactive: boolean) =>
  db
    .select()
    .from(billingServices)
    .where(includeInactive ? undefined : eq(billingServices.active, true))
    .orderBy(asc(billingServices.kind), asc(billingServices.label));

export async function findService(db: Db, id: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(billingServices).where(eq(billingServices.id, id));
  return row;
}
export const findServices = (db: Db, ids: string[]) => (ids.length ? db.select().from(billingServices).where(inArray(billingServices.id, ids)) : Promise.resolve([] as ServiceRow[]));

// ——— Memberships ———

export async function findMembership(db: Db, id: string, lock = false): Promise<MembershipRow | undefined> {
  const q = db.select().from(memberships).where(eq(memberships.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}
export const membershipsOfClient = (db: Db, clientId: string) =>
  db
    .select()
    .from(memberships)
    .where(or(eq(memberships.holderId, clientId), sql`${memberships.id} in (select membership_id from membership_members where client_id = ${clientId})`))
    .orderBy(desc(memberships.startsOn));
export const membersOf = (db: Db, ids: string[]) => (ids.length ? db.select().from(membershipMembers).where(inArray(membershipMembers.membershipId, ids)) : Promise.resolve([] as MemberRow[]));
/** Active, auto-renewing memberships whose period ends on or before `until`: to renew. */
export const membershipsToRenew = (db: Db, until: string) =>
  db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.status, 'active'), eq(memberships.autoRenew, true), lte(memberships.endsOn, until)));
/** Memberships that ran out without renewal. */
export const endLapsed = (db: Db, before: string) =>
  db
    .update(memberships)
    .set({ status: 'ended' })
    .where(and(eq(memberships.status, 'active'), eq(memberships.autoRenew, false), sql`${memberships.endsOn} < ${before}`))
    .returning({ id: memberships.id });

// ——— Invoices ———

export async function findInvoice(db: Db, id: string, lock = false): Promise<InvoiceRow | undefined> {
  const q = db.select().from(invoices).where(eq(invoices.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}
export const linesOf = (db: Db, invoiceIds: string[]) =>
  invoiceIds.length
    ? db
        .select()
        .from(invoiceLines)
        .where(inArray(invoiceLines.invoiceId, invoiceIds))
        .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position))
    : Promise.resolve([] as LineRow[]);
export const paymentsOf = (db: Db, invoiceIds: string[]) =>
  invoiceIds.length
    ? db
        .select()
        .from(payments)
        .where(inArray(payments.invoiceId, invoiceIds))
        .orderBy(asc(payments.receivedOn), asc(payments.createdAt))
    : Promise.resolve([] as PaymentRow[]);
export const creditNotesOf = (db: Db, invoiceId: string) =>
  db
    .select()
    .from(invoices)
    .where(and(eq(invoices.correctsId, invoiceId), eq(invoices.kind, 'credit_note')))
    .orderBy(asc(invoices.number));

export async function replaceLines(db: Db, invoiceId: string, lines: Omit<typeof invoiceLines.$inferInsert, 'invoiceId'>[]): Promise<void> {
  await db.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  if (lines.length) await db.insert(invoiceLines).values(lines.map((l) => ({ ...l, invoiceId })));
}

export interface InvoiceFilter {
  clientId?: string | undefined;
  requestId?: string | undefined;
  kind?: 'invoice' | 'credit_note' | undefined;
  status?: 'draft' | 'issued' | undefined;
  /** Issued (or created, for drafts) from / to, inclusive, Paris days. */
  from?: string | undefined;
  to?: string | undefined;
  /** Part of the number ("000123", "F-2026") or of the buyer's name. */
  q?: string | undefined;
  onlyOpen?: boolean | undefined;
  overdueOn?: string | undefined;
  limit: number;
}

export type InvoiceListRow = InvoiceRow;

export function listInvoices(db: Db, f: InvoiceFilter): Promise<InvoiceListRow[]> {
  const where: SQL[] = [];
  if (f.clientId) where.push(eq(invoices.clientId, f.clientId));
  if (f.requestId) where.push(eq(invoices.requestId, f.requestId));
  if (f.kind) where.push(eq(invoices.kind, f.kind));
  if (f.status) where.push(eq(invoices.status, f.status));
  const dayOf = sql`(coalesce(${invoices.issuedAt}, ${invoices.createdAt}) at time zone 'Europe/Paris')::date`;
  if (f.from) where.push(sql`${dayOf} >= ${f.from}::date`);
  if (f.to) where.push(sql`${dayOf} <= ${f.to}::date`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const numberText = sql`(${invoices.series} || '-' || lpad(${invoices.number}::text, 6, '0'))`;
    where.push(or(ilike(numberText, like), ilike(sql`${invoices.buyer}->>'name'`, like))!);
  }
  const open = sql`${invoices.kind} = 'invoice' and ${invoices.status} = 'issued' and ${invoices.totalInclCents} + ${invoices.creditedCents} - ${invoices.paidCents} > 0`;
  if (f.onlyOpen) where.push(open);
  if (f.overdueOn) where.push(and(open, sql`${invoices.dueOn} < ${f.overdueOn}::date`)!);
  return db
    .select(invoiceColumns)
    .from(invoices)
    .where(where.length ? and(...where) : undefined)
    .orderBy(sql`${invoices.issuedAt} desc nulls first`, desc(invoices.createdAt))
    .limit(f.limit);
}

const invoiceColumns = {
  id: invoices.id,
  kind: invoices.kind,
  series: invoices.series,
  number: invoices.number,
  status: invoices.status,
  clientId: invoices.clientId,
  requestId: invoices.requestId,
  membershipId: invoices.membershipId,
  correctsId: invoices.correctsId,
  buyer: invoices.buyer,
  seller: invoices.seller,
  issuedAt: invoices.issuedAt,
  dueOn: invoices.dueOn,
  totalExclCents: invoices.totalExclCents,
  totalVatCents: invoices.totalVatCents,
  totalInclCents: invoices.totalInclCents,
  paidCents: invoices.paidCents,
  creditedCents: invoices.creditedCents,
  lastReminderAt: invoices.lastReminderAt,
  createdById: invoices.createdById,
  createdAt: invoices.createdAt,
};

/** A credit note was issued against the invoice: its (negative) total is added to what is credited. */
export async function addCredited(db: Db, invoiceId: string, creditNoteTotalCents: number): Promise<void> {
  await db
    .update(invoices)
    .set({ creditedCents: sql`${invoices.creditedCents} + ${creditNoteTotalCents}` })
    .where(eq(invoices.id, invoiceId));
}

/**
 * The next number of a series, under a lock held until the caller's transaction ends: the row is
 * created on first use (ON CONFLICT DO NOTHING: a concurrent first use waits, then finds it), then
 * locked FOR UPDATE and incremented. A rolled-back issue rolls the increment back with it, so no
 * number is ever skipped; the lock makes issues of one series take turns, so none is reused.
 */
export async function takeNumber(tx: Db, series: string): Promise<number> {
  await tx.insert(invoiceCounters).values({ series, nextNumber: 1 }).onConflictDoNothing({ target: invoiceCounters.series });
  const [row] = await tx.select().from(invoiceCounters).where(eq(invoiceCounters.series, series)).for('update');
  if (!row) throw new Error(`counter ${series} missing after insert`);
  await tx
    .update(invoiceCounters)
    .set({ nextNumber: row.nextNumber + 1 })
    .where(eq(invoiceCounters.series, series));
  return row.nextNumber;
}

/** The issue time of the latest number of a series (read under the counter lock). */
export async function lastIssuedAt(tx: Db, series: string): Promise<Date | null> {
  const [row] = await tx
    .select({ issuedAt: invoices.issuedAt })
    .from(invoices)
    .where(and(eq(invoices.series, series), sql`${invoices.number} is not null`))
    .orderBy(desc(invoices.number))
    .limit(1);
  return row?.issuedAt ?? null;
}

// ——— Payments ———

export interface PaymentExportRow extends PaymentRow {
  series: string;
  number: number | null;
  buyerName: string | null;
}
export function paymentsBetween(db: Db, from: string | undefined, to: string | undefined): Promise<PaymentExportRow[]> {
  const where: SQL[] = [];
  if (from) where.push(gte(payments.receivedOn, from));
  if (to) where.push(lte(payments.receivedOn, to));
  return db
    .select({
      id: payments.id,
      invoiceId: payments.invoiceId,
      amountCents: payments.amountCents,
      method: payments.method,
      receivedOn: payments.receivedOn,
      reference: payments.reference,
      recordedById: payments.recordedById,
      createdAt: payments.createdAt,
      series: invoices.series,
      number: invoices.number,
      buyerName: sql<string | null>`${invoices.buyer}->>'name'`,
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(payments.receivedOn), asc(payments.createdAt));
}

// ——— Quotes ———

export async function findQuote(db: Db, id: string): Promise<QuoteRow | undefined> {
  const [row] = await db.select().from(quotes).where(eq(quotes.id, id));
  return row;
}
export const quotesOf = (db: Db, f: { clientId?: string; requestId?: string }) =>
  db
    .select()
    .from(quotes)
    .where(and(f.clientId ? eq(quotes.clientId, f.clientId) : undefined, f.requestId ? eq(quotes.requestId, f.requestId) : undefined, f.clientId || f.requestId ? undefined : isNull(quotes.id)))
    .orderBy(asc(quotes.createdAt));
