/**
 * Billing rules, pure (no I/O): line and invoice totals, numbering display, membership periods and
 * proration, payment status, receivable aging, credit-note lines, quote comparison.
 *
 * Money is integer cents (EUR). Dates are calendar days 'YYYY-MM-DD' (Temporal.PlainDate), the
 * day as the team reads it in Europe/Paris.
 *
 * Rounding rule (documented on every invoice): each line's amount HT is quantity × unit price HT,
 * exact in cents; each line's VAT is rounded to the cent, half away from zero; the VAT per rate is
 * the sum of its lines' VAT, and TTC = HT + VAT. So the PDF's lines always add up to its totals.
 *
 * Credit notes (avoirs) carry NEGATIVE amounts: a positive quantity times a negative unit price,
 * hence negative HT, VAT and TTC. Summing every issued document (invoices and credit notes) gives
 * net revenue without looking at the kind, and an invoice's balance is its TTC plus its credit
 * notes' (negative) TTC minus what was paid. A credit-note line keeps the `position` of the
 * invoice line it corrects: that is how a partial credit knows what is left to credit on a line.
 */
import { Temporal } from 'temporal-polyfill';

export const serviceKinds = ['membership', 'request_fee', 'accompaniment', 'logistics', 'other'] as const;
export type ServiceKind = (typeof serviceKinds)[number];
export const servicePeriods = ['one_off', 'monthly', 'yearly'] as const;
export type ServicePeriod = (typeof servicePeriods)[number];
export const paymentMethods = ['card', 'transfer', 'cheque', 'cash', 'direct_debit'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export type InvoiceKind = 'invoice' | 'credit_note';

/** Days after issue when nothing else is agreed (Code de commerce L.441-10: 30 days by default). */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;
/** Overdue reminders, in days after the due date; each one is sent once. */
export const REMINDER_DAYS = [7, 30] as const;
/** Fixed recovery indemnity owed by a business buyer paying late (Code de commerce D.441-5). */
export const RECOVERY_INDEMNITY_CENTS = 4000;

export interface LineInput {
  label: string;
  quantity: number;
  unitPriceCents: number;
  vatRateBp: number;
}
export interface LineTotals {
  totalExclCents: number;
  totalVatCents: number;
}

/** round(n / d) half away from zero, in integers (d > 0): no floating-point drift on cents. */
export function roundDiv(n: number, d: number): number {
  const sign = n < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(n) * 2 + d) / (2 * d));
}

export function lineTotals(line: Pick<LineInput, 'quantity' | 'unitPriceCents' | 'vatRateBp'>): LineTotals {
  const totalExclCents = line.quantity * line.unitPriceCents;
  return { totalExclCents, totalVatCents: roundDiv(totalExclCents * line.vatRateBp, 10_000) };
}

export interface InvoiceTotals {
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
  /** One entry per VAT rate, highest rate first. */
  vatByRate: { vatRateBp: number; baseCents: number; vatCents: number }[];
}

/** Totals of lines whose per-line totals are already computed (lineTotals). */
export function invoiceTotals(lines: readonly (LineTotals & { vatRateBp: number })[]): InvoiceTotals {
  const byRate = new Map<number, { vatRateBp: number; baseCents: number; vatCents: number }>();
  let totalExclCents = 0;
  let totalVatCents = 0;
  for (const l of lines) {
    totalExclCents += l.totalExclCents;
    totalVatCents += l.totalVatCents;
    const r = byRate.get(l.vatRateBp) ?? { vatRateBp: l.vatRateBp, baseCents: 0, vatCents: 0 };
    r.baseCents += l.totalExclCents;
    r.vatCents += l.totalVatCents;
    byRate.set(l.vatRateBp, r);
  }
  return { totalExclCents, totalVatCents, totalInclCents: totalExclCents + totalVatCents, vatByRate: [...byRate.values()].sort((a, b) => b.vatRateBp - a.vatRateBp) };
}

// ——— Numbering ———

export const seriesPrefix = (kind: InvoiceKind): string => (kind === 'invoice' ? 'F' : 'AV');
/** One series per kind and calendar year of issue: F-2026, AV-2026. */
export const seriesFor = (kind: InvoiceKind, issueDay: string): string => `${seriesPrefix(kind)}-${issueDay.slice(0, 4)}`;
/** F-2026-000123; a draft has no number yet. */
export const formatInvoiceNumber = (series: string, number: number | null): string | null => (number === null ? null : `${series}-${String(number).padStart(6, '0')}`);

// ——— Calendar days ———

const day = (s: string) => Temporal.PlainDate.from(s);
export const addDays = (s: string, days: number): string => day(s).add({ days }).toString();
/** b − a in days (negative when b is before a). */
export const daysBetween = (a: string, b: string): number => day(a).until(day(b), { largestUnit: 'days' }).days;
/** The calendar day of an instant in Europe/Paris. */
export const parisDay = (at: Date): string => Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO('Europe/Paris').toPlainDate().toString();
/** An instant at a given time of a Paris calendar day (for jobs: reminders at 09:00, sweeps at 02:00). */
export const parisInstant = (d: string, time: string): Date => new Date(day(d).toZonedDateTime({ timeZone: 'Europe/Paris', plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds);

// ——— Membership periods and proration ———

export interface Period {
  start: string;
  /** Inclusive: the last day covered. */
  end: string;
}

/** Plans follow the calendar: a yearly plan covers a calendar year, a monthly plan a calendar month. */
export function alignedPeriod(period: Exclude<ServicePeriod, 'one_off'>, on: string): Period {
  const d = day(on);
  const start = period === 'yearly' ? Temporal.PlainDate.from({ year: d.year, month: 1, day: 1 }) : d.with({ day: 1 });
  const end = start.add(period === 'yearly' ? { years: 1 } : { months: 1 }).subtract({ days: 1 });
  return { start: start.toString(), end: end.toString() };
}

/** The period after the one ending on `end`. */
export const nextPeriod = (period: Exclude<ServicePeriod, 'one_off'>, end: string): Period => alignedPeriod(period, addDays(end, 1));

export interface Proration {
  /** Days covered, from the joining day to the period's end, both included. */
  days: number;
  periodDays: number;
  amountCents: number;
}

/**
 * Joining mid-period pays for the days left: price × days left / days in the period, rounded to
 * the cent (half away from zero). Joining on the first day pays the full price; a leap year has 366
 * days, February 28 or 29.
 */
export function prorate(priceCents: number, period: Period, joinOn: string): Proration {
  const periodDays = daysBetween(period.start, period.end) + 1;
  if (daysBetween(period.start, joinOn) < 0 || daysBetween(joinOn, period.end) < 0) throw new RangeError(`join day ${joinOn} outside ${period.start}..${period.end}`);
  const days = daysBetween(joinOn, period.end) + 1;
  return { days, periodDays, amountCents: days === periodDays ? priceCents : roundDiv(priceCents * days, periodDays) };
}

// ——— Payment status and receivables ———

export type PaymentStatus = 'draft' | 'cancelled' | 'unpaid' | 'partially_paid' | 'paid' | 'overdue' | 'credited' | 'refund_due' | 'credit_note';

export interface BalanceInput {
  kind: InvoiceKind;
  status: string;
  totalInclCents: number;
  /** Sum of the TTC of the credit notes correcting it (≤ 0). */
  creditedCents: number;
  paidCents: number;
  dueOn: string | null;
}

/** What the buyer still owes (negative: we owe them a refund). */
export const balanceDue = (i: Pick<BalanceInput, 'totalInclCents' | 'creditedCents' | 'paidCents'>): number => i.totalInclCents + i.creditedCents - i.paidCents;

export function paymentStatus(i: BalanceInput, today: string): PaymentStatus {
  if (i.status === 'draft') return 'draft';
  if (i.status === 'cancelled') return 'cancelled';
  if (i.kind === 'credit_note') return 'credit_note';
  const balance = balanceDue(i);
  if (balance < 0) return 'refund_due';
  if (balance === 0) return i.paidCents === 0 && i.creditedCents !== 0 ? 'credited' : 'paid';
  if (i.dueOn && daysBetween(i.dueOn, today) > 0) return 'overdue';
  return i.paidCents > 0 ? 'partially_paid' : 'unpaid';
}

export const agingBuckets = ['not_due', 'd0_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof agingBuckets)[number];

/** Days past the due date: not yet due, 0–30, 31–60, 61–90, more than 90. */
export function agingBucket(dueOn: string, today: string): AgingBucket {
  const late = daysBetween(dueOn, today);
  if (late <= 0) return 'not_due';
  if (late <= 30) return 'd0_30';
  if (late <= 60) return 'd31_60';
  if (late <= 90) return 'd61_90';
  return 'd90_plus';
}

export interface Receivable {
  balanceCents: number;
  dueOn: string;
}
export function agingReport(items: readonly Receivable[], today: string): { bucket: AgingBucket; count: number; amountCents: number }[] {
  const out = agingBuckets.map((bucket) => ({ bucket, count: 0, amountCents: 0 }));
  for (const it of items) {
    if (it.balanceCents <= 0) continue;
    const b = out[agingBuckets.indexOf(agingBucket(it.dueOn, today))]!;
    b.count += 1;
    b.amountCents += it.balanceCents;
  }
  return out;
}

// ——— Credit notes ———

export interface IssuedLine extends LineInput, LineTotals {
  position: number;
  serviceId: string | null;
}

export type CreditRequest = { full: true } | { full?: false; lines: { position: number; quantity: number }[] };

export type CreditError = 'credit_nothing_left' | 'credit_line_unknown' | 'credit_quantity_exceeded' | 'credit_empty';

/**
 * The lines of a credit note correcting `original`, given the credit lines already issued against
 * it (same positions, negative amounts). Full: whatever is left on every line. Partial: the given
 * quantities, each at most what is left on its line. The last credit of a line takes the remaining
 * HT and VAT exactly, so a line credited in several steps nets to zero, never to a stray cent.
 */
export function creditLines(original: readonly IssuedLine[], previous: readonly { position: number; quantity: number; totalExclCents: number; totalVatCents: number }[], request: CreditRequest): { lines: IssuedLine[] } | { error: CreditError } {
  const left = new Map(original.map((l) => [l.position, { line: l, quantity: l.quantity, excl: l.totalExclCents, vat: l.totalVatCents }]));
  for (const p of previous) {
    const e = left.get(p.position);
    if (!e) continue;
    e.quantity -= p.quantity;
    e.excl += p.totalExclCents;
    e.vat += p.totalVatCents;
  }
  const wanted = request.full ? [...left.values()].filter((e) => e.quantity > 0).map((e) => ({ position: e.line.position, quantity: e.quantity })) : request.lines.filter((l) => l.quantity > 0);
  if (!wanted.length) return { error: request.full ? 'credit_nothing_left' : 'credit_empty' };
  const lines: IssuedLine[] = [];
  for (const w of wanted) {
    const e = left.get(w.position);
    if (!e) return { error: 'credit_line_unknown' };
    if (w.quantity > e.quantity) return { error: e.quantity === 0 ? 'credit_nothing_left' : 'credit_quantity_exceeded' };
    const unitPriceCents = -e.line.unitPriceCents;
    const last = w.quantity === e.quantity;
    const totals = last ? { totalExclCents: -e.excl, totalVatCents: -e.vat } : lineTotals({ quantity: w.quantity, unitPriceCents, vatRateBp: e.line.vatRateBp });
    lines.push({ position: e.line.position, serviceId: e.line.serviceId, label: e.line.label, quantity: w.quantity, unitPriceCents, vatRateBp: e.line.vatRateBp, ...totals });
  }
  return { lines: lines.sort((a, b) => a.position - b.position) };
}

// ——— Quotes ———

export const quoteStatuses = ['received', 'accepted', 'declined'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

/** What the client would pay: the total minus what the Assurance Maladie and the mutuelle are expected to pay. */
export const outOfPocket = (q: { totalCents: number; amoExpectedCents: number; amcExpectedCents: number }): number => q.totalCents - q.amoExpectedCents - q.amcExpectedCents;

/** Side by side, cheapest out-of-pocket first (then cheapest total); the first is flagged best. */
export function compareQuotes<T extends { id: string; totalCents: number; outOfPocketCents: number }>(quotes: readonly T[]): (T & { best: boolean; extraOverBestCents: number })[] {
  const sorted = [...quotes].sort((a, b) => a.outOfPocketCents - b.outOfPocketCents || a.totalCents - b.totalCents);
  const best = sorted[0]?.outOfPocketCents ?? 0;
  return sorted.map((q, i) => ({ ...q, best: i === 0, extraOverBestCents: q.outOfPocketCents - best }));
}

// ——— Display ———

/** "1 234,56 €" with plain spaces (the PDF's standard fonts have no narrow no-break space). */
export function euros(cents: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/[\u202f\u00a0]/g, ' ');
}
/** "20 %", "5,5 %" */
export const vatRateLabel = (bp: number): string => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(bp / 100)} %`;
/** 12/03/2026 */
export const frenchDate = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
