import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../clients/schema.ts';
import { practitioners, providers } from '../directory/schema.ts';
import { documents } from '../records/schema.ts';
import { requests } from '../requests/schema.ts';

/** What the concierge sells: memberships, per-request fees, accompaniment, logistics re-invoicing. */
export const billingServices = pgTable(
  'billing_services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    label: text('label').notNull(),
    kind: text('kind').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    /** VAT in basis points: 2000 = 20 %. */
    vatRateBp: integer('vat_rate_bp').notNull(),
    /** A plan's period: 'one_off', 'monthly', 'yearly'. */
    period: text('period').notNull().default('one_off'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('billing_services_kind_check', sql`${t.kind} in ('membership','request_fee','accompaniment','logistics','other')`),
    check('billing_services_period_check', sql`${t.period} in ('one_off','monthly','yearly')`),
    check('billing_services_price_check', sql`${t.unitPriceCents} >= 0 and ${t.vatRateBp} between 0 and 10000`),
  ],
);

/** A membership: its holder, the plan, who pays (the client or an employer), its period and renewal. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    holderId: uuid('holder_id')
      .notNull()
      .references(() => clients.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => billingServices.id),
    payer: text('payer').notNull().default('client'),
    employerName: text('employer_name'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    autoRenew: boolean('auto_renew').notNull().default(true),
    status: text('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('memberships_payer_check', sql`${t.payer} in ('client','employer')`),
    check('memberships_status_check', sql`${t.status} in ('active','ended','cancelled')`),
    index('memberships_holder_idx').on(t.holderId),
  ],
);

/** Family members (dependents) covered by a membership. */
export const membershipMembers = pgTable(
  'membership_members',
  {
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    relation: text('relation'),
  },
  (t) => [unique('membership_members_key').on(t.membershipId, t.clientId)],
);

/**
 * The next number of each invoice series. Issuing locks its row (SELECT … FOR UPDATE) in the same
 * transaction that numbers the invoice: no number is skipped or reused, and numbers follow the
 * order of issue, even under concurrent issuing.
 */
export const invoiceCounters = pgTable('invoice_counters', {
  series: text('series').primaryKey(),
  nextNumber: integer('next_number').notNull().default(1),
});

/**
 * An invoice or a credit note. A draft has no number and can change; issuing gives it the next
 * number of its series and freezes it; an issued invoice is corrected by a credit note
 * (`corrects_id`), never edited. The buyer is a snapshot taken at issue.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull().default('invoice'),
    series: text('series').notNull(),
    number: integer('number'),
    status: text('status').notNull().default('draft'),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    requestId: uuid('request_id').references(() => requests.id),
    membershipId: uuid('membership_id').references(() => memberships.id),
    correctsId: uuid('corrects_id'),
    /** Who pays and where: the client, or their employer for an employer-paid membership. */
    buyer: jsonb('buyer').$type<{ name: string; address: string[]; email: string | null }>(),
    /** The seller as printed at issue (legal mentions): a later change of address never alters an issued invoice. */
    seller: jsonb('seller').$type<Record<string, unknown>>(),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    dueOn: date('due_on'),
    totalExclCents: integer('total_excl_cents').notNull().default(0),
    totalVatCents: integer('total_vat_cents').notNull().default(0),
    totalInclCents: integer('total_incl_cents').notNull().default(0),
    paidCents: integer('paid_cents').notNull().default(0),
    /** TTC of the issued credit notes against this invoice (≤ 0), kept as each one is issued. */
    creditedCents: integer('credited_cents').notNull().default(0),
    lastReminderAt: timestamp('last_reminder_at', { withTimezone: true }),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('invoices_kind_check', sql`${t.kind} in ('invoice','credit_note')`),
    check('invoices_status_check', sql`${t.status} in ('draft','issued','cancelled')`),
    check('invoices_number_check', sql`(${t.status} = 'draft') = (${t.number} is null)`),
    unique('invoices_series_number_key').on(t.series, t.number),
    index('invoices_client_idx').on(t.clientId, t.createdAt),
    index('invoices_status_idx').on(t.status, t.dueOn),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    serviceId: uuid('service_id').references(() => billingServices.id),
    label: text('label').notNull(),
    quantity: integer('quantity').notNull().default(1),
    unitPriceCents: integer('unit_price_cents').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
    totalExclCents: integer('total_excl_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
  },
  (t) => [index('invoice_lines_invoice_idx').on(t.invoiceId)],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: integer('amount_cents').notNull(),
    method: text('method').notNull(),
    receivedOn: date('received_on').notNull(),
    reference: text('reference'),
    recordedById: uuid('recorded_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('payments_method_check', sql`${t.method} in ('card','transfer','cheque','cash','direct_debit')`), check('payments_amount_check', sql`${t.amountCents} > 0`), index('payments_invoice_idx').on(t.invoiceId)],
);

/** A provider's quote (prosthesis, glasses, clinic stay): what the client would pay, and their decision. */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    requestId: uuid('request_id').references(() => requests.id),
    providerId: uuid('provider_id').references(() => providers.id),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    label: text('label').notNull(),
    totalCents: integer('total_cents').notNull(),
    amoExpectedCents: integer('amo_expected_cents').notNull().default(0),
    amcExpectedCents: integer('amc_expected_cents').notNull().default(0),
    outOfPocketCents: integer('out_of_pocket_cents').notNull(),
    documentId: uuid('document_id').references(() => documents.id),
    status: text('status').notNull().default('received'),
    decisionNote: text('decision_note'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedById: uuid('decided_by_id'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('quotes_status_check', sql`${t.status} in ('received','accepted','declined')`), index('quotes_client_idx').on(t.clientId)],
);
