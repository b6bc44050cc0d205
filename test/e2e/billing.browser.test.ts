// « Facturation », through the real server (demo data) in headless Chromium, French UI, Paris time:
//  (a) the coordinator creates a draft for the demo client Yanis Benali from the catalogue (two
//      hours of accompaniment), issues it (it gets its F-YYYY-NNNNNN number), records a partial
//      transfer (« Partiellement réglée »), then a credit note for the hour left unpaid: the invoice
//      is settled (« Réglée »); the « Créances » tab shows the aged balance, chart and table;
//  (b) the client (client@parcours.demo, linked to Yanis Benali) sees the invoice and its credit
//      note in « Mes factures » on a phone, nothing sticks out sideways, and the PDF link answers
//      with a PDF.
// Screenshots go to test-results/billing-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, assertNoSidewaysOverflow, type Harness, jsErrors, newPage, PHONE, screenshot, signInAndEnrol, signInWithPassword, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
const state = { invoice: '', creditNote: '' };

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const s of sessions) await s.context.close().catch(() => {});
  await harness?.stop();
});

const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());

test('(a) the coordinator invoices from the catalogue, issues, records a partial payment, credits the rest', async () => {
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  await signInAndEnrol(page, harness.baseUrl, 'coordination@parcours.demo');
  await page.getByRole('navigation').getByRole('link', { name: 'Facturation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Facturation' }).waitFor();

  // The draft: the client searched by name, a service of the catalogue, two hours.
  await page.getByRole('button', { name: 'Nouvelle facture' }).click();
  const form = page.getByRole('form', { name: 'Nouvelle facture' });
  await form.getByRole('combobox', { name: 'Client' }).fill('Benali');
  await page.getByRole('option', { name: /^BENALI Yanis — / }).click();
  await form.getByRole('combobox', { name: 'Prestation du catalogue' }).click();
  await page.getByRole('option', { name: /^Accompagnement physique \(heure\) — 45,00/ }).click();
  await form.getByRole('textbox', { name: 'Qté' }).fill('2');
  await assertControlsLabelled(page);
  await form.getByRole('button', { name: 'Enregistrer le brouillon' }).click();

  // It opens: 2 × 45 € HT, VAT 20 %: 108 € TTC. Issuing asks for confirmation, then numbers it.
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Facture Brouillon' }).waitFor();
  await form.waitFor({ state: 'detached' });
  await dialog.getByRole('cell', { name: 'Accompagnement physique (heure)' }).waitFor();
  await dialog.getByText('Total TTC : 108,00 €').waitFor();
  page.once('dialog', (confirm) => void confirm.accept());
  await dialog.getByRole('button', { name: 'Émettre', exact: true }).click();
  const heading = dialog.getByRole('heading', { name: /^Facture F-\d{4}-\d{6}$/ });
  await heading.waitFor();
  state.invoice = ((await heading.textContent()) ?? '').replace('Facture ', '');
  assert.match(state.invoice, new RegExp(`^F-${year}-\\d{6}$`));
  await page.getByText(`Facture ${state.invoice} émise et envoyée au client.`).waitFor();
  await dialog.getByText('À payer', { exact: true }).waitFor();
  // Issued, it is frozen: no more editing, only a payment or a credit note.
  await dialog.getByText('Facture émise : elle ne se modifie plus.', { exact: false }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Ouvrir' }).count(), 0);

  // A partial transfer: one hour of the two.
  await dialog.getByRole('button', { name: 'Enregistrer un règlement' }).click();
  const payment = dialog.getByRole('form', { name: `Règlement de ${state.invoice}` });
  assert.equal(await payment.getByRole('textbox', { name: 'Montant (€)' }).inputValue(), '108,00');
  await payment.getByRole('textbox', { name: 'Montant (€)' }).fill('54,00');
  assert.equal(await payment.getByRole('combobox', { name: 'Mode' }).inputValue(), 'Virement');
  await payment.getByRole('textbox', { name: /^Référence/ }).fill('VIR TEST 0042');
  await payment.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByText('Règlement enregistré.').waitFor();
  await payment.waitFor({ state: 'detached' });
  await dialog.getByText('Partiellement réglée', { exact: true }).waitFor();
  await dialog.getByText('Reste dû : 54,00 €').waitFor();
  await dialog.getByText('— Virement — 54,00 € (VIR TEST 0042)').waitFor();

  // The credit note for the rest: one hour of the line.
  await dialog.getByRole('button', { name: 'Établir un avoir' }).click();
  const credit = dialog.getByRole('form', { name: `Avoir sur ${state.invoice}` });
  await credit.getByRole('radio', { name: /^Avoir partiel/ }).check();
  await credit.getByRole('textbox', { name: 'Accompagnement physique (heure) (2)' }).fill('1');
  await credit.getByRole('combobox', { name: 'Motif' }).click();
  await page.getByRole('option', { name: 'Annulation de la prestation' }).click();
  await credit.getByRole('button', { name: 'Émettre l’avoir' }).click();
  const done = page.getByText(/^Avoir AV-\d{4}-\d{6} émis\.$/);
  await done.waitFor();
  state.creditNote = /AV-\d{4}-\d{6}/.exec((await done.textContent()) ?? '')?.[0] ?? '';
  await credit.waitFor({ state: 'detached' });
  await dialog.getByText('Réglée', { exact: true }).waitFor();
  await dialog.getByText('Reste dû : 0,00 €').waitFor();
  await screenshot(page, 'billing-invoice.png');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // The list, searched by number: the invoice, settled.
  await page.getByRole('textbox', { name: 'Numéro ou acheteur' }).fill(state.invoice);
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: state.invoice, exact: true }) });
  await row.getByText('Réglée', { exact: true }).waitFor();
  assert.match((await row.getByRole('link', { name: `PDF ${state.invoice}` }).getAttribute('href')) ?? '', /^\/api\/billing\/invoices\/[\w-]+\/pdf$/);

  // « Créances »: the aged balance as a chart and a table, and the unsettled invoices (not this one).
  await page.getByRole('tab', { name: 'Créances' }).click();
  const aged = page.getByRole('region', { name: 'Balance âgée' });
  await aged.getByText(/^Total des créances : /).waitFor();
  await aged.locator('.recharts-wrapper svg').first().waitFor();
  const buckets = aged.getByRole('table', { name: 'Montant dû par ancienneté du retard' });
  await buckets.getByRole('columnheader', { name: 'Non échues' }).waitFor();
  assert.equal(await buckets.getByRole('cell').count(), 5);
  const open = page.getByRole('region', { name: 'Factures non soldées' });
  await open.getByRole('table').waitFor();
  assert.equal(await open.getByRole('button', { name: state.invoice, exact: true }).count(), 0, 'a settled invoice is no receivable');
  await assertControlsLabelled(page);
  await screenshot(page, 'billing-receivables.png');
  assert.deepEqual(jsErrors(page), []);
});

test('(b) the client sees the invoice and its credit note in « Mes factures » on a phone, with the PDF', async () => {
  assert.ok(state.invoice && state.creditNote, 'the invoice of (a)');
  const session = await newPage(harness.browser, PHONE);
  sessions.push(session);
  const { page } = session;
  await page.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(page, 'client@parcours.demo');
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  await page.goto(`${harness.baseUrl}/mes-factures`);
  await page.getByRole('heading', { level: 1, name: 'Mes factures' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: `Facture ${state.invoice}` });
  await row.waitFor();
  await row.getByText('Réglée', { exact: true }).waitFor();
  await page.getByRole('row').filter({ hasText: `Avoir ${state.creditNote}` }).waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'billing-my-invoices.png');

  const link = row.getByRole('link', { name: `Télécharger ${state.invoice} (PDF)` });
  const href = (await link.getAttribute('href')) ?? '';
  assert.match(href, /^\/api\/portal\/invoices\/[\w-]+\/pdf/);
  const pdf = await page.request.get(`${harness.baseUrl}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');
  assert.deepEqual(jsErrors(page), []);
});
