// Browser journey of the medical file, through the real server (demo data) in headless Chromium:
//  (a) the coordinator opens Marguerite Fontaine's page: without her consent the « Dossier médical »
//      says so in French, but documents can still be dropped for her — two PDFs upload with a
//      progress bar each, a text file renamed .pdf is refused with the server's French message;
//  (b) the demo client (Yanis Benali) uploads a PDF in « Mon dossier », finds it in the list and
//      previews it in the page (PDF in a frame, served inline).
// Screenshots go to test-results/records-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { minimalPdf } from '../../src/modules/records/pdf.ts';
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

test('(a) without consent the team sees a clear message, yet uploads several files with progress; a fake PDF is refused', async () => {
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  const errors = jsErrors(page);
  await signInAndEnrol(page, harness.baseUrl, 'coordination@parcours.demo');
  const found = await page.request.get(`${harness.baseUrl}/api/clients?q=Fontaine`);
  const client = (await found.json()).clients[0] as { id: string };
  assert.ok(client?.id, 'the demo client Marguerite Fontaine');
  await page.goto(`${harness.baseUrl}/clients/${client.id}?onglet=dossier`);
  const section = page.locator('section[aria-labelledby="client-medical-file"]');
  await section.getByRole('heading', { name: 'Dossier médical' }).waitFor();
  await section.getByTestId('records-consent-missing').waitFor();
  assert.match((await section.getByTestId('records-consent-missing').textContent()) ?? '', /consentement explicite/);

  await section.getByTestId('records-file-input').setInputFiles([
    { name: 'compte-rendu-echo.pdf', mimeType: 'application/pdf', buffer: minimalPdf(['Compte rendu', 'Échographie cardiaque (démo)']) },
    { name: 'ordonnance.pdf', mimeType: 'application/pdf', buffer: minimalPdf(['Ordonnance (démo)']) },
    { name: 'faux.pdf', mimeType: 'application/pdf', buffer: Buffer.from('ceci est du texte, pas un PDF') },
  ]);
  assert.equal(await section.getByTestId('records-upload-item').count(), 3);
  assert.equal(await section.getByRole('progressbar').count(), 3, 'one progress bar per file');
  await assertControlsLabelled(page);
  await section.getByRole('button', { name: 'Déposer 3 fichier(s)' }).click();
  const items = section.getByTestId('records-upload-item');
  await items.filter({ hasText: 'Déposé' }).nth(1).waitFor();
  await items.filter({ hasText: 'Type de fichier refusé' }).waitFor();
  assert.equal(await items.filter({ hasText: 'Déposé' }).count(), 2);
  const bars = await section.getByRole('progressbar').evaluateAll((els) => els.map((e) => e.getAttribute('aria-valuenow')));
  assert.deepEqual(bars.slice(0, 2), ['100', '100']);
  await screenshot(page, 'records-staff-upload.png');
  // What was dropped is in the file, still behind the consent for the team.
  const stored = await page.request.get(`${harness.baseUrl}/api/clients/${client.id}/documents`);
  assert.equal(stored.status(), 403);
  assert.deepEqual(errors, []);
});

test('(b) the client uploads in « Mon dossier » and previews the PDF in the page', async () => {
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  const errors = jsErrors(page);
  await page.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(page, 'client@parcours.demo');
  await page.getByRole('link', { name: 'Mon dossier' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon dossier' }).waitFor();
  await page.getByTestId('records-file-input').setInputFiles({ name: 'attestation-mutuelle.pdf', mimeType: 'application/pdf', buffer: minimalPdf(['Attestation mutuelle (démo)']) });
  await page.getByRole('combobox', { name: 'Type des documents' }).click();
  await page.getByRole('option', { name: 'Administratif' }).click();
  await page.getByRole('button', { name: 'Déposer 1 fichier(s)' }).click();
  const row = page.getByTestId('records-document-row').filter({ hasText: 'attestation mutuelle' });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /Administratif/);
  await row.getByRole('button', { name: /^Voir — / }).click();
  const frame = page.getByTestId('records-preview-frame');
  await frame.waitFor();
  const src = (await frame.getAttribute('src')) ?? '';
  const file = await page.request.get(`${harness.baseUrl}${src}`);
  assert.equal(file.headers()['content-type'], 'application/pdf');
  assert.match(file.headers()['content-disposition'] ?? '', /^inline/);
  await page.waitForTimeout(1500);
  await screenshot(page, 'records-portal-preview.png');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Mesures et résultats' }).click();
  await page.getByRole('columnheader', { name: 'Valeurs de référence' }).waitFor();
  assert.deepEqual(errors, []);
});
