// Browser journey closing the loop, through the real server (demo data) in headless Chromium,
// French UI, Paris time: the admin notes the « Indicateurs » of today; a request is taken by
// phone, its appointment is marked completed; on the request page's « Facturation » block the
// admin invoices the service (a typed line, 120 € HT, VAT 20 %), issues the invoice (it gets its
// F-YYYY-NNNNNN number), records the card payment on it and sees it paid; the request is closed;
// the client answers the satisfaction survey from the link of the e-mail (read from the outbox)
// on a phone without an account (the closure survey, sent at once); back on « Indicateurs », the
// figures have moved: one more request, the appointment, the revenue, one more survey answer. The
// CSV export and the monthly PDF are there too.
// The set-up before the invoice (request, booking, outcome) and the closure go through the API
// the screens use; the survey answer too if the /avis/:token page is not routed.
// Screenshots go to test-results/billing-journey-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, assertNoSidewaysOverflow, type Harness, jsErrors, newPage, PHONE, screenshot, signInAndEnrol, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
let admin: Page;
const CLIENT = 'Benali';

const parisDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const today = parisDay(new Date());
// Today and tomorrow: the appointment is booked a little ahead and may fall after midnight.
const dashboardUrl = () => `${harness.baseUrl}/indicateurs?du=${today}&au=${parisDay(new Date(Date.now() + 86_400_000))}`;
const state = { before: {} as Record<string, string>, requestId: '', clientEmail: '', surveyLink: '' };

before(async () => {
  harness = await startHarness();
  const session = await newPage(harness.browser);
  sessions.push(session);
  admin = session.page;
  await signInAndEnrol(admin, harness.baseUrl, 'admin@parcours.demo');
});

after(async () => {
  for (const s of sessions) await s.context.close().catch(() => {});
  await harness?.stop();
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const me = await admin.request.get(`${harness.baseUrl}/api/auth/me`);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  const res = await admin.request.fetch(`${harness.baseUrl}${path}`, { method, headers: { 'x-csrf-token': csrf }, ...(body !== undefined ? { data: body } : {}) });
  assert.ok(res.status() < 300, `${method} ${path}: ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? null : res.json();
}

/** The headline figures of the dashboard, by their test ids, once it has loaded. */
async function figures(page: Page): Promise<Record<string, string>> {
  await page.goto(dashboardUrl());
  await page.getByRole('heading', { level: 1, name: 'Indicateurs' }).waitFor();
  await page.getByTestId('kpi-revenue-value').waitFor();
  await page.locator('[data-testid="kpis"][aria-busy="false"]').waitFor();
  const out: Record<string, string> = {};
  for (const id of ['requests', 'tele', 'csat', 'revenue', 'outstanding']) {
    out[id] = ((await page.getByTestId(`kpi-${id}`).innerText()) ?? '').replace(/\s+/g, ' ').trim();
  }
  return out;
}

const euros = (text: string) => Number((/([\d\s\u202f\u00a0]+,\d{2})\s*€/.exec(text)?.[1] ?? '0').replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'));
const firstInt = (text: string, after: string) => Number(new RegExp(`${after}\\D*(\\d+)`).exec(text)?.[1] ?? Number.NaN);

test('the dashboard shows today’s figures, in French, accessible, with the finance cards for an admin', async () => {
  state.before = await figures(admin);
  assert.match(state.before.requests ?? '', /Demandes reçues/);
  assert.match(state.before.revenue ?? '', /Chiffre d’affaires HT/);
  await assertControlsLabelled(admin);
  await assertNoSidewaysOverflow(admin);
  assert.deepEqual(jsErrors(admin), []);
  await screenshot(admin, 'billing-journey-before.png');
});

test('a request by phone: appointment completed, invoiced, paid, closed', async () => {
  const found = await call('GET', `/api/clients?q=${CLIENT}`);
  const client = found.clients[0];
  assert.ok(client, 'demo client');
  state.clientEmail = (await call('GET', `/api/clients/${client.id}`)).client.email;
  assert.ok(state.clientEmail, 'the demo client has an e-mail address');
  const created = await call('POST', '/api/requests', { clientId: client.id, channel: 'phone', kind: 'specialist', text: 'Contrôle chez un cardiologue, douleur thoracique ancienne' });
  state.requestId = created.request.id;
  for (const to of ['qualified', 'searching', 'proposed']) await call('POST', `/api/requests/${state.requestId}/status`, { to });
  const directory = await call('GET', '/api/directory?specialty=cardiology');
  const practitioner = (directory.practitioners ?? directory.results ?? directory.items)[0];
  const startsAt = new Date(Math.ceil((Date.now() + 30 * 60_000) / 900_000) * 900_000).toISOString();
  const booked = await call('POST', '/api/appointments/external', {
    practitionerId: practitioner.id,
    clientId: client.id,
    requestId: state.requestId,
    mode: 'teleconsultation',
    startsAt,
    durationMinutes: 20,
    confirmedWith: 'Secrétariat du cabinet',
  });
  const status = async () => (await call('GET', `/api/requests/${state.requestId}`)).request.status as string;
  if ((await status()) === 'proposed') await call('POST', `/api/requests/${state.requestId}/status`, { to: 'booked' });
  // Completed: the request moves to follow-up with its plan (the appointment's survey goes 2 h later).
  await call('POST', `/api/appointments/${booked.appointment.id}/outcome`, { status: 'completed' });
  assert.equal(await status(), 'follow_up');
  await invoiceAndPayOnTheRequestPage();
  // The plan done (steps declared without object here), the request is closed: its survey goes at once.
  const followup = await call('GET', `/api/requests/${state.requestId}/followup`);
  for (const plan of followup.plans) {
    for (const step of plan.steps) if (!step.doneAt) await call('POST', `/api/requests/${state.requestId}/followup/steps/${step.taskId}`, { action: 'skip', reason: 'Sans objet (parcours de test)' });
  }
  await call('POST', `/api/requests/${state.requestId}/status`, { to: 'closed' });
});

/** The request page's « Facturation » block: a typed line, the draft, issued, paid by card. */
async function invoiceAndPayOnTheRequestPage() {
  await admin.goto(`${harness.baseUrl}/demandes/${state.requestId}`);
  const billing = admin.getByRole('region', { name: 'Facturation' });
  await billing.getByText('Aucune facture pour cette demande.').waitFor();
  await billing.getByRole('button', { name: 'Facturer les prestations' }).click();
  // The request fee of the catalogue is proposed; the coordinator types the service instead.
  const service = billing.getByRole('combobox', { name: 'Prestation du catalogue' });
  assert.match(await service.inputValue(), /Frais de prise en charge/);
  await service.click();
  await admin.getByRole('option', { name: 'Ligne libre' }).click();
  await billing.getByRole('textbox', { name: 'Libellé' }).fill('Accompagnement consultation');
  await billing.getByRole('textbox', { name: 'P.U. HT' }).fill('120,00');
  assert.equal(await billing.getByRole('combobox', { name: 'TVA' }).inputValue(), '20 %');
  await assertControlsLabelled(admin);
  await billing.getByRole('button', { name: 'Enregistrer le brouillon' }).click();

  // The draft opens: its line and totals; issuing asks for confirmation.
  const dialog = admin.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Facture Brouillon' }).waitFor();
  await dialog.getByRole('cell', { name: 'Accompagnement consultation' }).waitFor();
  await dialog.getByText('Total TTC : 144,00 €').waitFor();
  admin.once('dialog', (confirm) => void confirm.accept());
  await dialog.getByRole('button', { name: 'Émettre', exact: true }).click();
  const heading = dialog.getByRole('heading', { name: /^Facture F-\d{4}-\d{6}$/ });
  await heading.waitFor();
  const number = ((await heading.textContent()) ?? '').replace('Facture ', '');
  assert.match(number, new RegExp(`^F-${today.slice(0, 4)}-\\d{6}$`));
  await admin.getByText(`Facture ${number} émise et envoyée au client.`).waitFor();
  await dialog.getByText('À payer', { exact: true }).waitFor();

  // The card payment, the whole balance (proposed by the form).
  await dialog.getByRole('button', { name: 'Enregistrer un règlement' }).click();
  const payment = dialog.getByRole('form', { name: `Règlement de ${number}` });
  assert.equal(await payment.getByRole('textbox', { name: 'Montant (€)' }).inputValue(), '144,00');
  await payment.getByRole('combobox', { name: 'Mode' }).click();
  await admin.getByRole('option', { name: 'Carte', exact: true }).click();
  await payment.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await admin.getByText('Règlement enregistré.').waitFor();
  await payment.waitFor({ state: 'detached' });
  await dialog.getByText('Réglée', { exact: true }).waitFor();
  await dialog.getByText('Reste dû : 0,00 €').waitFor();
  await dialog.getByText('— Carte — 144,00 €').waitFor();
  await screenshot(admin, 'billing-journey-invoice.png');
  await admin.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  // The block lists the invoice, paid.
  await billing.getByRole('button', { name: `Facture ${number}` }).waitFor();
  await billing.getByText('Réglée', { exact: true }).waitFor();
  assert.deepEqual(jsErrors(admin), []);
}

test('the client answers the survey from the e-mail’s link, on a phone, without an account', async () => {
  const deadline = Date.now() + 20_000;
  while (!state.surveyLink) {
    const box = (await call('GET', '/api/admin/outbox?limit=200')) as { messages: { to: string; textBody: string }[] };
    const mail = box.messages.find((m) => m.to.includes(state.clientEmail) && /\/avis\/[\w-]+/.test(m.textBody));
    if (mail) state.surveyLink = /https?:\/\/\S+\/avis\/[\w-]+/.exec(mail.textBody)?.[0] ?? '';
    else if (Date.now() > deadline) throw new Error('no survey e-mail in the outbox');
    else await admin.waitForTimeout(300);
  }
  const token = state.surveyLink.split('/avis/')[1] as string;
  const phone = await newPage(harness.browser, PHONE);
  sessions.push(phone);
  await phone.page.goto(`${harness.baseUrl}/avis/${token}`);
  const form = phone.page.getByTestId('survey-csat');
  const routed = await form.waitFor({ timeout: 8000 }).then(
    () => true,
    () => false,
  );
  if (routed) {
    await phone.page.locator('[data-testid="survey-csat"] label').nth(3).click(); // 4 stars
    await phone.page.locator('[data-testid="survey-nps"] label', { hasText: /^9$/ }).click();
    await phone.page.locator('form button[type="submit"]').click();
    await phone.page.getByRole('status').or(phone.page.getByRole('alert')).first().waitFor();
    await screenshot(phone.page, 'billing-journey-survey.png');
  } else {
    const res = await phone.page.request.post(`${harness.baseUrl}/api/public/surveys/${token}`, { data: { csat: 4, nps: 9 } });
    assert.ok(res.status() < 300, await res.text());
  }
});

test('back on « Indicateurs »: one more request, a teleconsultation, the revenue and the answer are counted', async () => {
  const now = await figures(admin);
  assert.equal(firstInt(now.requests ?? '', 'Demandes reçues'), firstInt(state.before.requests ?? '', 'Demandes reçues') + 1, JSON.stringify({ before: state.before.requests, now: now.requests }));
  // "x sur y rendez-vous": one more appointment, a teleconsultation.
  const teleOf = (s: string) => /(\d+) sur (\d+) rendez-vous/.exec(s)?.slice(1).map(Number) ?? [Number.NaN, Number.NaN];
  const [t0, n0] = teleOf(state.before.tele ?? '');
  assert.deepEqual(teleOf(now.tele ?? ''), [(t0 ?? 0) + 1, (n0 ?? 0) + 1]);
  assert.equal(Math.round((euros(now.revenue ?? '') - euros(state.before.revenue ?? '')) * 100), 12000, `${state.before.revenue} → ${now.revenue}`);
  // Paid in full: receivables unchanged.
  assert.equal(euros(now.outstanding ?? ''), euros(state.before.outstanding ?? ''));
  const answers = (s: string) => Number(/(\d+) réponses?/.exec(s)?.[1] ?? 0);
  assert.equal(answers(now.csat ?? ''), answers(state.before.csat ?? '') + 1, `${state.before.csat} → ${now.csat}`);

  // Each table exports as CSV (French: ; between cells).
  const download = admin.waitForEvent('download');
  await admin.getByRole('button', { name: 'Exporter « Par canal » en CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  assert.match(csv, /^\ufeff?Canal;Demandes\r\n/);
  assert.match(csv, /Téléphone;\d+/);

  // The monthly report downloads as a PDF.
  const link = admin.getByRole('link', { name: 'Rapport mensuel (PDF)' });
  const href = (await link.getAttribute('href')) ?? '';
  const pdf = await admin.request.get(`${harness.baseUrl}${href}`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');
  assert.deepEqual(jsErrors(admin), []);
  await screenshot(admin, 'billing-journey-after.png');
});
