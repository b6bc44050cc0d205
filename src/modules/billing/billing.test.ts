import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from '../audit/schema.ts';
import { users } from '../identity/schema.ts';
import { jobs } from '../jobs/schema.ts';
import { mailMessages } from '../notifications/schema.ts';
import { minimalPdf } from '../records/pdf.ts';
import { parseCsv } from './csv.ts';
import { addDays, parisDay } from './domain.ts';
import { billingJobHandlers, INVOICE_REMINDER_QUEUE, sendOverdueReminder } from './notify.ts';
import { getInvoice, listInvoices, receivables, renewMemberships } from './service.ts';
import { invoices } from './schema.ts';

/** The text drawn by a pdfkit file: its standard fonts write WinAnsi hex strings inside TJ arrays. */
function pdfText(pdf: string): string {
  return [...pdf.matchAll(/\[([^\]]*)\] TJ/g)].map((m) => [...m[1]!.matchAll(/<([0-9a-f]+)>/gi)].map((h) => new TextDecoder('windows-1252').decode(Buffer.from(h[1]!, 'hex'))).join('')).join('\n');
}

describeEachDatabase('billing: catalogue, invoices, credit notes, payments, reminders, portal, CSV, memberships, quotes', (env) => {
  let admin: Agent;
  let staff: Agent;
  let portal: Agent;
  let clientId: string;
  let otherClientId: string;
  let requestId: string;
  let consultFee: string;
  let accompaniment: string;
  let plan: string;

  const newClient = async (birthName: string, email: string | null = null) => {
    const res = await staff.post('/api/clients', { birthName, firstNames: ['Jeanne'], birthDate: '1961-03-04', sex: 'F', confirmNotDuplicate: true, ...(email ? { email } : {}) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.client.id as string;
  };
  const mails = (key: string) => env().ctx.db.select().from(mailMessages).where(like(mailMessages.idempotencyKey, key));
  const audits = (action: string, targetId: string) =>
    env()
      .ctx.db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));

  test('setup: admin edits the catalogue; staff may not', async () => {
    admin = await env().signedIn('admin');
    staff = await env().signedIn('coordinator');
    const make = async (body: object) => {
      const res = await admin.post('/api/billing/services', body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.service.id as string;
    };
    consultFee = await make({ code: 'FRAIS-DEM', label: 'Frais de dossier', kind: 'request_fee', unitPriceCents: 4_000, vatRateBp: 2000 });
    accompaniment = await make({ code: 'ACC-H', label: 'Accompagnement (heure)', kind: 'accompaniment', unitPriceCents: 3_333, vatRateBp: 2000 });
    plan = await make({ code: 'ADH-AN', label: 'Adhésion annuelle', kind: 'membership', unitPriceCents: 36_500, vatRateBp: 2000, period: 'yearly' });
    const dup = await admin.post('/api/billing/services', { code: 'FRAIS-DEM', label: 'x', kind: 'other', unitPriceCents: 1, vatRateBp: 0 });
    assert.equal(dup.status, 409);
    assert.match(dup.body.message ?? dup.body.error?.message ?? JSON.stringify(dup.body), /déjà utilisé/);
    const badPlan = await admin.post('/api/billing/services', { code: 'X', label: 'x', kind: 'membership', unitPriceCents: 1, vatRateBp: 0, period: 'one_off' });
    assert.equal(badPlan.status, 400);
    const denied = await staff.post('/api/billing/services', { code: 'Y', label: 'y', kind: 'other', unitPriceCents: 1, vatRateBp: 0 });
    assert.equal(denied.status, 403);
    const list = await staff.get('/api/billing/services');
    assert.equal(list.body.services.length, 3);

    clientId = await newClient('Facture', 'jeanne.facture@example.test');
    otherClientId = await newClient('Autre', 'autre@example.test');
    const r = await staff.post('/api/requests', { clientId, channel: 'phone', kind: 'specialist', text: 'Bilan cardiologique.' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    requestId = r.body.request.id;
    const p = await env().signedIn('client');
    await env().ctx.db.update(users).set({ clientId }).where(eq(users.email, p.email));
    portal = p;
  });

  let invoiceId: string;
  test('a draft is edited, then issued with the next number; an issued invoice is frozen', async () => {
    const draft = await staff.post('/api/billing/invoices', { clientId, requestId, lines: [{ serviceId: consultFee, quantity: 1 }] });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    invoiceId = draft.body.invoice.id;
    assert.equal(draft.body.invoice.number, null);
    assert.equal(draft.body.invoice.status, 'draft');
    const edited = await staff.request('PUT', `/api/billing/invoices/${invoiceId}`, {
      lines: [
        { serviceId: consultFee, quantity: 1 },
        { serviceId: accompaniment, quantity: 3 },
        { label: 'Taxi aller-retour (refacturation)', quantity: 1, unitPriceCents: 4_550, vatRateBp: 1000 },
      ],
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    // 40 + 99,99 HT at 20 % (VAT 8 + 20 = 28), 45,50 HT at 10 % (VAT 4,55).
    assert.equal(edited.body.invoice.totalExclCents, 4_000 + 9_999 + 4_550);
    assert.equal(edited.body.invoice.totalVatCents, 800 + 2_000 + 455);
    assert.equal(edited.body.invoice.totalInclCents, 18_549 + 3_255);
    const free = await staff.request('PUT', `/api/billing/invoices/${invoiceId}`, { lines: [{ label: 'Sans prix', quantity: 1 }] });
    assert.equal(free.status, 400);

    const issued = await staff.post(`/api/billing/invoices/${invoiceId}/issue`);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const year = parisDay(new Date()).slice(0, 4);
    assert.equal(issued.body.invoice.number, `F-${year}-000001`);
    assert.equal(issued.body.invoice.buyer.name, 'FACTURE Jeanne');
    assert.equal(issued.body.invoice.dueOn, addDays(parisDay(new Date()), 30));
    assert.equal(issued.body.invoice.paymentStatus, 'unpaid');
    assert.equal((await audits('billing.invoice_issued', invoiceId)).length, 1);

    const again = await staff.post(`/api/billing/invoices/${invoiceId}/issue`);
    assert.equal(again.status, 409);
    const edit = await staff.request('PUT', `/api/billing/invoices/${invoiceId}`, { lines: [{ serviceId: consultFee, quantity: 2 }] });
    assert.equal(edit.status, 409);
    assert.match(JSON.stringify(edit.body), /avoir/);
    const del = await staff.request('DELETE', `/api/billing/invoices/${invoiceId}`);
    assert.equal(del.status, 409);
    const empty = await staff.post('/api/billing/invoices', { clientId, lines: [] });
    const emptyIssue = await staff.post(`/api/billing/invoices/${empty.body.invoice.id}/issue`);
    assert.equal(emptyIssue.status, 400);
    assert.equal((await staff.request('DELETE', `/api/billing/invoices/${empty.body.invoice.id}`)).status, 204);
  });

  test('issuing e-mails the PDF to the client: the subject has the number and nothing else', async () => {
    const { ctx } = env();
    const [job] = await ctx.db.select().from(jobs).where(eq(jobs.idempotencyKey, `invoice:${invoiceId}:mail`));
    assert.ok(job);
    await billingJobHandlers['billing.invoice_mail']!(job.payload as Record<string, unknown>, {} as never, ctx);
    await billingJobHandlers['billing.invoice_mail']!(job.payload as Record<string, unknown>, {} as never, ctx);
    const sent = await mails(`invoice:${invoiceId}:mail`);
    assert.equal(sent.length, 1);
    const year = parisDay(new Date()).slice(0, 4);
    assert.equal(sent[0]!.subject, `Votre facture F-${year}-000001`);
    assert.equal(sent[0]!.toAddress, 'jeanne.facture@example.test');
    const attachment = sent[0]!.attachments[0]!;
    assert.equal(attachment.contentType, 'application/pdf');
    assert.equal(attachment.encoding, 'base64');
    const pdf = Buffer.from(attachment.content, 'base64');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /%%EOF\s*$/);
    // Reminders planned at D+7 and D+30 after the due date.
    const planned = await ctx.db.select().from(jobs).where(like(jobs.idempotencyKey, `invoice:${invoiceId}:reminder:%`));
    assert.equal(planned.length, 2);
  });

  test('staff PDF; the client sees only their own issued invoices in the portal', async () => {
    // The seller moves after issue: the issued invoice still prints the seller of its day.
    const previous = process.env.BILLING_SELLER_NAME;
    process.env.BILLING_SELLER_NAME = 'Nouvelle Raison Sociale SAS';
    let pdf: Awaited<ReturnType<typeof staff.get>>;
    try {
      pdf = await staff.get(`/api/billing/invoices/${invoiceId}/pdf`);
    } finally {
      if (previous === undefined) delete process.env.BILLING_SELLER_NAME;
      else process.env.BILLING_SELLER_NAME = previous;
    }
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const printed = pdfText(String(pdf.body));
    assert.match(printed, /Parcours Conciergerie/, 'the seller of the day of issue');
    assert.doesNotMatch(printed, /Nouvelle Raison Sociale/, 'an issued invoice never changes');
    const other = await staff.post('/api/billing/invoices', { clientId: otherClientId, lines: [{ serviceId: consultFee, quantity: 1 }] });
    const otherIssued = await staff.post(`/api/billing/invoices/${other.body.invoice.id}/issue`);
    assert.equal(otherIssued.body.invoice.number.endsWith('000002'), true);
    const draftOwn = await staff.post('/api/billing/invoices', { clientId, lines: [{ serviceId: consultFee, quantity: 1 }] });

    const mine = await portal.get('/api/portal/invoices');
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.invoices.map((i: { id: string }) => i.id),
      [invoiceId],
    );
    assert.equal((await portal.get(`/api/portal/invoices/${invoiceId}/pdf`)).status, 200);
    assert.equal((await portal.get(`/api/portal/invoices/${other.body.invoice.id}/pdf`)).status, 404);
    assert.equal((await portal.get(`/api/portal/invoices/${draftOwn.body.invoice.id}/pdf`)).status, 404);
    assert.equal((await portal.get('/api/billing/invoices')).status, 403);
    await staff.request('DELETE', `/api/billing/invoices/${draftOwn.body.invoice.id}`);
  });

  test('payments: partial then full; an overpayment is refused with the balance', async () => {
    const part = await staff.post(`/api/billing/invoices/${invoiceId}/payments`, { amountCents: 10_000, method: 'card' });
    assert.equal(part.status, 201, JSON.stringify(part.body));
    assert.equal(part.body.invoice.paymentStatus, 'partially_paid');
    assert.equal(part.body.invoice.balanceCents, 21_804 - 10_000);
    const over = await staff.post(`/api/billing/invoices/${invoiceId}/payments`, { amountCents: 20_000, method: 'transfer' });
    assert.equal(over.status, 409);
    assert.match(JSON.stringify(over.body), /118,04/);
    const future = await staff.post(`/api/billing/invoices/${invoiceId}/payments`, { amountCents: 1, method: 'cash', receivedOn: addDays(parisDay(new Date()), 2) });
    assert.equal(future.status, 400);
  });

  test('credit note: the issued invoice is untouched, the balance follows; a full credit settles it', async () => {
    const before = (await staff.get(`/api/billing/invoices/${invoiceId}`)).body.invoice;
    // Credit 1 of the 3 hours of accompaniment (line 2).
    const partial = await staff.post(`/api/billing/invoices/${invoiceId}/credit-notes`, { reason: 'error', lines: [{ position: 2, quantity: 1 }] });
    assert.equal(partial.status, 201, JSON.stringify(partial.body));
    const note = partial.body.creditNote;
    const year = parisDay(new Date()).slice(0, 4);
    assert.equal(note.number, `AV-${year}-000001`);
    assert.equal(note.kind, 'credit_note');
    assert.equal(note.totalExclCents, -3_333);
    assert.equal(note.totalVatCents, -667);
    assert.equal(note.corrects.number, `F-${year}-000001`);
    const after = (await staff.get(`/api/billing/invoices/${invoiceId}`)).body.invoice;
    assert.deepEqual(after.lines, before.lines);
    assert.equal(after.totalInclCents, before.totalInclCents);
    assert.equal(after.number, before.number);
    assert.equal(after.creditedCents, -4_000);
    assert.equal(after.balanceCents, before.balanceCents - 4_000);
    const tooMuch = await staff.post(`/api/billing/invoices/${invoiceId}/credit-notes`, { lines: [{ position: 2, quantity: 3 }] });
    assert.equal(tooMuch.status, 409);

    const rest = await staff.post(`/api/billing/invoices/${invoiceId}/credit-notes`, { full: true, reason: 'cancellation' });
    assert.equal(rest.status, 201);
    assert.equal(rest.body.creditNote.totalInclCents, -(before.totalInclCents - 4_000));
    const settled = (await staff.get(`/api/billing/invoices/${invoiceId}`)).body.invoice;
    assert.equal(settled.creditedCents, -before.totalInclCents);
    // 100 € were paid on an invoice now credited in full: the client is owed them.
    assert.equal(settled.balanceCents, -10_000);
    assert.equal(settled.paymentStatus, 'refund_due');
    assert.equal(settled.creditNotes.length, 2);
    // The lists agree with the invoice: credited in full, it is no longer owed.
    const listed = (await staff.get('/api/billing/invoices')).body.invoices.find((i: { id: string }) => i.id === invoiceId);
    assert.equal(listed.creditedCents, -before.totalInclCents);
    assert.equal(listed.paymentStatus, 'refund_due');
    assert.equal((await staff.post(`/api/billing/invoices/${invoiceId}/credit-notes`, { full: true })).status, 409);
    assert.equal((await staff.post(`/api/billing/invoices/${invoiceId}/payments`, { amountCents: 1, method: 'cash' })).status, 409);
  });

  let overdueId: string;
  test('overdue reminders: D+7 once, nothing when paid meanwhile; the status shows overdue', async () => {
    const { ctx } = env();
    const res = await staff.post(`/api/requests/${requestId}/invoice`, { lines: [{ serviceId: consultFee, quantity: 2 }] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    overdueId = res.body.invoice.id;
    assert.equal(res.body.invoice.status, 'issued');
    assert.equal(res.body.invoice.requestId, requestId);
    const dueOn = res.body.invoice.dueOn as string;
    const realNow = ctx.now;
    try {
      // Moved clock: service calls only (a session would expire over HTTP).
      ctx.now = () => new Date(Date.parse(`${addDays(dueOn, 8)}T10:00:00Z`));
      const late = await getInvoice(ctx, overdueId);
      assert.equal(late.paymentStatus, 'overdue');
      const overdueList = await listInvoices(ctx, { overdue: true });
      assert.ok(overdueList.some((i) => i.id === overdueId));
      const [job] = await ctx.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.queue, INVOICE_REMINDER_QUEUE), eq(jobs.idempotencyKey, `invoice:${overdueId}:reminder:7`)));
      assert.ok(job && job.runAt.getTime() <= ctx.now().getTime());
      await billingJobHandlers[INVOICE_REMINDER_QUEUE]!(job.payload as Record<string, unknown>, {} as never, ctx);
      await billingJobHandlers[INVOICE_REMINDER_QUEUE]!(job.payload as Record<string, unknown>, {} as never, ctx);
      const reminders = await mails(`invoice:${overdueId}:reminder:7:mail`);
      assert.equal(reminders.length, 1);
      assert.match(reminders[0]!.subject, /^Rappel : facture F-\d{4}-\d{6}$/);
      assert.match(reminders[0]!.textBody, /96,00 €/);

      const ar = await receivables(ctx);
      const bucket = ar.buckets.find((b) => b.bucket === 'd0_30')!;
      assert.ok(bucket.amountCents >= 9_600);
      assert.ok(ar.invoices.some((i) => i.id === overdueId && i.daysLate === 8));
    } finally {
      ctx.now = realNow;
    }
    const paid = await staff.post(`/api/billing/invoices/${overdueId}/payments`, { amountCents: 9_600, method: 'cheque', reference: 'CHQ 1234567' });
    assert.equal(paid.body.invoice.paymentStatus, 'paid');
    assert.equal(await sendOverdueReminder(ctx, overdueId, 30), false);
    assert.equal((await mails(`invoice:${overdueId}:reminder:30:mail`)).length, 0);
  });

  test('CSV export for the accountant: every issued document, amounts in euros, credit notes negative', async () => {
    const res = await staff.get('/api/billing/export/invoices.csv');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    const rows = parseCsv(res.body as string);
    assert.deepEqual(rows[0]!.slice(0, 3), ['Numéro', 'Type', 'Date']);
    const year = parisDay(new Date()).slice(0, 4);
    const byNumber = new Map(rows.slice(1).map((r) => [r[0], r]));
    assert.equal(byNumber.get(`F-${year}-000001`)![9], '218,04');
    assert.equal(byNumber.get(`AV-${year}-000001`)![9], '-40,00');
    assert.equal(byNumber.get(`AV-${year}-000001`)![6], `F-${year}-000001`);
    const pay = parseCsv((await staff.get('/api/billing/export/payments.csv')).body as string);
    assert.ok(pay.some((r) => r[3] === 'Chèque' && r[4] === '96,00' && r[5] === 'CHQ 1234567'), JSON.stringify(pay));
    assert.ok((await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'billing.export'))).length >= 2);
  });

  test('membership: family and employer, prorated first invoice, renewal drafts the next one once', async () => {
    const { ctx } = env();
    const child = await newClient('Enfant');
    const startsOn = `${parisDay(new Date()).slice(0, 4)}-07-02`;
    const res = await staff.post('/api/billing/memberships', {
      holderId: clientId,
      serviceId: plan,
      payer: 'employer',
      employer: { name: 'ACME Industries SAS', address: ['10 avenue des Usines', '69000 Lyon'], email: 'compta@acme.example' },
      startsOn,
      members: [{ clientId: child, relation: 'enfant' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { membership, invoice } = res.body;
    assert.equal(membership.members[0].relation, 'enfant');
    assert.equal(membership.endsOn, `${startsOn.slice(0, 4)}-12-31`);
    assert.equal(invoice.buyer.name, 'ACME Industries SAS');
    // 2 July → 31 December: 183 days; 365 € × 183/365 (or /366 in a leap year).
    const leap = Number(startsOn.slice(0, 4)) % 4 === 0;
    assert.equal(invoice.lines[0].unitPriceCents, leap ? Math.round((36_500 * 183) / 366) : 18_300);
    assert.match(invoice.lines[0].label, /prorata 183\/36[56] jours/);
    const issued = await staff.post(`/api/billing/invoices/${invoice.id}/issue`);
    assert.equal(issued.body.invoice.buyer.email, 'compta@acme.example');
    const pdf = await staff.get(`/api/billing/invoices/${invoice.id}/pdf`);
    const text = pdfText(String(pdf.body));
    assert.match(text, /Indemnité forfaitaire pour frais de recouvrement.*40,00 €/); // a business buyer
    assert.match(text, /ACME Industries SAS/);
    assert.match(text, /SIREN/);
    assert.equal((await staff.get(`/api/clients/${child}/memberships`)).body.memberships.length, 1);

    const realNow = ctx.now;
    try {
      ctx.now = () => new Date(`${startsOn.slice(0, 4)}-12-20T10:00:00Z`);
      const first = await renewMemberships(ctx);
      const second = await renewMemberships(ctx);
      assert.deepEqual(first.renewed, [membership.id]);
      assert.deepEqual(second.renewed, []);
    } finally {
      ctx.now = realNow;
    }
    const next = Number(startsOn.slice(0, 4)) + 1;
    const after = (await staff.get(`/api/clients/${clientId}/memberships`)).body.memberships[0];
    assert.equal(after.endsOn, `${next}-12-31`);
    const drafts = await ctx.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.membershipId, membership.id), eq(invoices.status, 'draft')));
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.totalExclCents, 36_500);
    assert.equal(drafts[0]!.buyer?.name, 'ACME Industries SAS');
  });

  test('membership: a cancelled one cannot have its automatic renewal switched back on', async () => {
    const holder = await newClient('Résiliée');
    const created = await staff.post('/api/billing/memberships', { holderId: holder, serviceId: plan, payer: 'client', startsOn: parisDay(new Date()) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.membership.id as string;
    const cancelled = await staff.request('PATCH', `/api/billing/memberships/${id}`, { cancel: true });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.membership.status, 'cancelled');
    assert.equal(cancelled.body.membership.autoRenew, false);

    const refused = await staff.request('PATCH', `/api/billing/memberships/${id}`, { autoRenew: true });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'membership_cancelled');
    assert.match(refused.body.message, /résiliée/);
    const english = await staff.request('PATCH', `/api/billing/memberships/${id}`, { autoRenew: true }, { 'accept-language': 'en' });
    assert.equal(english.status, 409);
    assert.match(english.body.message, /cancelled/);
    const [row] = (await staff.get(`/api/clients/${holder}/memberships`)).body.memberships;
    assert.equal(row.status, 'cancelled');
    assert.equal(row.autoRenew, false);
    // Switching it off (a no-op here) stays possible.
    assert.equal((await staff.request('PATCH', `/api/billing/memberships/${id}`, { autoRenew: false })).status, 200);
  });

  test('quotes: attached document, side-by-side comparison, the client’s decision audited', async () => {
    const q1 = await staff.post('/api/billing/quotes', { clientId, requestId, label: 'Couronne céramique — cabinet A', totalCents: 90_000, amoExpectedCents: 8_400, amcExpectedCents: 40_000 });
    assert.equal(q1.status, 201, JSON.stringify(q1.body));
    assert.equal(q1.body.quote.outOfPocketCents, 41_600);
    const q2 = await staff.post('/api/billing/quotes', { clientId, requestId, label: 'Couronne céramique — cabinet B', totalCents: 75_000, amoExpectedCents: 8_400, amcExpectedCents: 40_000 });
    const bad = await staff.post('/api/billing/quotes', { clientId, label: 'x', totalCents: 100, amoExpectedCents: 80, amcExpectedCents: 80 });
    assert.equal(bad.status, 400);
    const doc = await staff.request('POST', `/api/billing/quotes/${q1.body.quote.id}/document`, minimalPdf(['Devis']), { 'content-type': 'application/pdf', 'x-filename': 'devis-a.pdf' });
    assert.equal(doc.status, 200, JSON.stringify(doc.body));
    assert.ok(doc.body.quote.documentId);
    const list = await staff.get(`/api/billing/quotes?requestId=${requestId}`);
    assert.deepEqual(
      list.body.quotes.map((q: { id: string; best: boolean; extraOverBestCents: number }) => [q.id, q.best, q.extraOverBestCents]),
      [
        [q2.body.quote.id, true, 0],
        [q1.body.quote.id, false, 15_000],
      ],
    );
    const decided = await staff.post(`/api/billing/quotes/${q2.body.quote.id}/decision`, { decision: 'accepted', note: 'Accord par téléphone' });
    assert.equal(decided.status, 200);
    assert.equal(decided.body.quote.status, 'accepted');
    assert.equal((await staff.post(`/api/billing/quotes/${q2.body.quote.id}/decision`, { decision: 'declined' })).status, 409);
    const audit = await audits('billing.quote_decided', q2.body.quote.id);
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details, { decision: 'accepted' });
  });
});
