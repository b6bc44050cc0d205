/**
 * Billing on the durable job queue:
 * - 'billing.invoice_mail': the issued invoice (or credit note) e-mailed to the buyer, PDF attached;
 * - 'billing.invoice_reminder': overdue reminders at D+7 and D+30 after the due date; both jobs are
 *   planned at issue, in the issuing transaction, and each checks the balance when it runs (paid or
 *   credited meanwhile: nothing is sent). Idempotency keys on the job and on the e-mail make each
 *   reminder go out once, however often the job runs;
 * - 'billing.daily': membership renewals, every night, each run planning the next.
 *
 * Subjects carry the invoice number only: never a service label (« Accompagnement oncologie… »).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { system } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { findClient } from '../clients/store.ts';
import { enqueue, type JobHandlers, PermanentJobError } from '../jobs/queue.ts';
import { queueMail } from '../notifications/mail-queue.ts';
import { simpleHtml } from '../notifications/mailer.ts';
import { addDays, euros, frenchDate, parisDay, parisInstant, REMINDER_DAYS } from './domain.ts';
import { invoices } from './schema.ts';
import { getInvoice, renderPdf, renewMemberships } from './service.ts';
import type { InvoiceRow } from './store.ts';

export const INVOICE_MAIL_QUEUE = 'billing.invoice_mail';
export const INVOICE_REMINDER_QUEUE = 'billing.invoice_reminder';
export const BILLING_DAILY_QUEUE = 'billing.daily';

/** Planned in the issuing transaction: the e-mail now, the reminders after the due date at 09:00 Paris. */
export async function invoiceIssuedJobs(tx: Db, row: InvoiceRow): Promise<void> {
  await enqueue(tx, { queue: INVOICE_MAIL_QUEUE, payload: { invoiceId: row.id }, idempotencyKey: `invoice:${row.id}:mail`, maxAttempts: 5 });
  if (row.kind !== 'invoice' || !row.dueOn) return;
  for (const days of REMINDER_DAYS) {
    await enqueue(tx, { queue: INVOICE_REMINDER_QUEUE, payload: { invoiceId: row.id, days }, runAt: parisInstant(addDays(row.dueOn, days), '09:00'), idempotencyKey: `invoice:${row.id}:reminder:${days}`, maxAttempts: 5 });
  }
}

async function recipientOf(ctx: AppContext, clientId: string, buyerEmail: string | null | undefined) {
  const client = await findClient(ctx.db, clientId);
  return { email: buyerEmail ?? client?.email ?? null, lang: client?.preferredLanguage === 'en' ? ('en' as const) : ('fr' as const) };
}

const portalLink = (ctx: AppContext) => `${ctx.config.publicUrl}/mes-factures`;

export async function sendIssuedMail(ctx: AppContext, invoiceId: string): Promise<boolean> {
  const v = await getInvoice(ctx, invoiceId);
  if (v.status !== 'issued' || !v.number) return false;
  const to = await recipientOf(ctx, v.clientId, v.buyer?.email);
  if (!to.email) return false;
  const pdf = await renderPdf(ctx, v);
  const credit = v.kind === 'credit_note';
  const fr = {
    subject: credit ? `Votre avoir ${v.number}` : `Votre facture ${v.number}`,
    lines: credit
      ? [`Bonjour,`, `Veuillez trouver ci-joint l’avoir ${v.number} du ${frenchDate(v.issueDay!)}, d’un montant de ${euros(v.totalInclCents)}.`]
      : [`Bonjour,`, `Veuillez trouver ci-joint la facture ${v.number} du ${frenchDate(v.issueDay!)}, d’un montant de ${euros(v.totalInclCents)} TTC, à régler avant le ${frenchDate(v.dueOn!)}.`],
    button: 'Mes factures',
  };
  const en = {
    subject: credit ? `Your credit note ${v.number}` : `Your invoice ${v.number}`,
    lines: credit
      ? [`Hello,`, `Please find attached credit note ${v.number} of ${frenchDate(v.issueDay!)}, for ${euros(v.totalInclCents)}.`]
      : [`Hello,`, `Please find attached invoice ${v.number} of ${frenchDate(v.issueDay!)}, for ${euros(v.totalInclCents)} incl. VAT, due by ${frenchDate(v.dueOn!)}.`],
    button: 'My invoices',
  };
  const m = to.lang === 'en' ? en : fr;
  const link = portalLink(ctx);
  await queueMail(ctx.db, {
    to: to.email,
    subject: m.subject,
    text: `${m.lines.join('\n\n')}\n\n${m.button} : ${link}\n`,
    html: simpleHtml(m.lines, { href: link, label: m.button }),
    template: credit ? 'billing.credit_note' : 'billing.invoice',
    idempotencyKey: `invoice:${v.id}:mail`,
    clientId: v.clientId,
    attachments: [{ filename: `${credit ? 'avoir' : 'facture'}-${v.number}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' }],
  });
  return true;
}

/** One overdue reminder; nothing when the invoice was paid or credited meanwhile. Returns whether an e-mail was queued. */
export async function sendOverdueReminder(ctx: AppContext, invoiceId: string, days: number): Promise<boolean> {
  const v = await getInvoice(ctx, invoiceId);
  if (v.kind !== 'invoice' || v.status !== 'issued' || v.balanceCents <= 0 || !v.dueOn) return false;
  const to = await recipientOf(ctx, v.clientId, v.buyer?.email);
  if (!to.email) return false;
  const link = portalLink(ctx);
  const m =
    to.lang === 'en'
      ? { subject: `Reminder: invoice ${v.number}`, lines: ['Hello,', `Unless we are mistaken, invoice ${v.number} (due ${frenchDate(v.dueOn)}) still has ${euros(v.balanceCents)} to pay.`, 'If you have paid it meanwhile, please disregard this message.'], button: 'My invoices' }
      : { subject: `Rappel : facture ${v.number}`, lines: ['Bonjour,', `Sauf erreur de notre part, la facture ${v.number} (échéance le ${frenchDate(v.dueOn)}) présente un reste à payer de ${euros(v.balanceCents)}.`, 'Si vous l’avez réglée entre-temps, merci de ne pas tenir compte de ce message.'], button: 'Mes factures' };
  const { created } = await queueMail(ctx.db, {
    to: to.email,
    subject: m.subject,
    text: `${m.lines.join('\n\n')}\n\n${m.button} : ${link}\n`,
    html: simpleHtml(m.lines, { href: link, label: m.button }),
    template: 'billing.reminder',
    idempotencyKey: `invoice:${v.id}:reminder:${days}:mail`,
    clientId: v.clientId,
  });
  if (!created) return false;
  await ctx.db.update(invoices).set({ lastReminderAt: ctx.now() }).where(eq(invoices.id, v.id));
  await recordAudit(ctx.db, system, { action: 'billing.reminder_sent', targetType: 'invoice', targetId: v.id, clientId: v.clientId, details: { number: v.number, days } });
  return true;
}

/** Plans tomorrow's nightly run at 02:00 Paris (one job per day whatever the number of workers: the key is the date). */
export async function scheduleBillingDaily(ctx: AppContext): Promise<void> {
  const next = addDays(parisDay(ctx.now()), 1);
  await enqueue(ctx.db, { queue: BILLING_DAILY_QUEUE, runAt: parisInstant(next, '02:00'), idempotencyKey: `${BILLING_DAILY_QUEUE}:${next}`, maxAttempts: 3 });
}

const idOf = (payload: Record<string, unknown>): string => {
  if (typeof payload.invoiceId !== 'string') throw new PermanentJobError('payload without invoiceId');
  return payload.invoiceId;
};

export const billingJobHandlers: JobHandlers = {
  [INVOICE_MAIL_QUEUE]: async (payload, _job, ctx) => {
    await sendIssuedMail(ctx, idOf(payload));
  },
  [INVOICE_REMINDER_QUEUE]: async (payload, _job, ctx) => {
    await sendOverdueReminder(ctx, idOf(payload), Number(payload.days));
  },
  [BILLING_DAILY_QUEUE]: async (_payload, _job, ctx) => {
    await renewMemberships(ctx);
    await scheduleBillingDaily(ctx);
  },
};

