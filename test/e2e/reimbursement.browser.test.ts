// Browser journey of reimbursements, through the real server (demo data) in headless Chromium:
//  (a) the coordinator records a specialist consultation (OPTAM, €60) on Yanis Benali's page, sees the
//      computed split before saving, the stacked bar and the claims, and marks the AMO claim as sent;
//      the claim is in the team's « Remboursements » list;
//  (b) Yanis sees it in « Mes remboursements ».
// Screenshots go to test-results/reimbursement-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, type Harness, jsErrors, newPage, screenshot, signInAndEnrol, signInWithPassword, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

const pick = async (page: Page, label: string, option: string) => {
  await page.getByRole('dialog').getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
};

test('(a) the coordinator records an act, sees the split, and sends the AMO claim', async () => {
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  const errors = jsErrors(page);
  await signInAndEnrol(page, harness.baseUrl, 'coordination@parcours.demo');
  const found = await page.request.get(`${harness.baseUrl}/api/clients?q=Benali`);
  const client = (await found.json()).clients[0] as { id: string };
  assert.ok(client?.id, 'the demo client Yanis Benali');
  await page.goto(`${harness.baseUrl}/clients/${client.id}`);
  const section = page.locator('section[aria-labelledby="client-reimbursements"]');
  await section.getByRole('heading', { name: 'Remboursements' }).waitFor();
  await section.getByTestId('care-act-new').click();
  const dialog = page.getByRole('dialog', { name: 'Enregistrer un acte' });
  await dialog.waitFor();
  await pick(page, 'Acte', 'CS — Consultation de spécialiste');
  await dialog.getByLabel('Date de l’acte').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() - 5 * 86_400_000)));
  await dialog.getByRole('textbox', { name: 'Honoraires (€)' }).fill('60');
  await pick(page, 'Secteur du praticien', 'Secteur 2 OPTAM');
  // The demo client has no médecin traitant on file: the coordinator confirms the referral.
  await dialog.getByRole('switch', { name: /parcours de soins coordonnés/ }).check();
  await assertControlsLabelled(page);
  await dialog.getByRole('button', { name: 'Calculer' }).click();
  const preview = dialog.getByRole('status');
  await preview.getByText('Reste à charge', { exact: false }).first().waitFor();
  assert.match((await preview.textContent()) ?? '', /Assurance Maladie : 19,00/);
  await screenshot(page, 'reimbursement-estimate.png');
  await dialog.getByTestId('care-act-save').click();
  await dialog.waitFor({ state: 'hidden' });

  await section.getByRole('figure', { name: /Répartition des honoraires/ }).waitFor();
  const row = section.locator('tbody tr').filter({ hasText: 'Consultation de spécialiste' }).first();
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /60,00/);
  await row.getByRole('button', { name: 'Marquer envoyée' }).first().click();
  await page.getByRole('dialog', { name: 'Demande envoyée' }).getByTestId('claim-action-confirm').click();
  await row.getByText('Envoyée', { exact: true }).first().waitFor();
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'reimbursement-client.png');

  await page.getByRole('link', { name: 'Remboursements' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Remboursements' }).waitFor();
  await page.getByTestId('claim-row').first().waitFor();
  assert.match((await page.getByTestId('claim-row').first().textContent()) ?? '', /Benali/i, 'the claim is in the team list');
  await screenshot(page, 'reimbursement-team.png');
  assert.deepEqual(errors, []);
});

test('(b) the client sees what to expect in « Mes remboursements »', async () => {
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  const errors = jsErrors(page);
  await page.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(page, 'client@parcours.demo');
  await page.getByRole('link', { name: 'Mes remboursements' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mes remboursements' }).waitFor();
  await page.locator('tbody tr').filter({ hasText: 'Consultation de spécialiste' }).first().waitFor();
  await page.getByText('Encore attendu').waitFor();
  await screenshot(page, 'reimbursement-portal.png');
  assert.deepEqual(errors, []);
});
