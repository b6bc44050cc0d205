// Browser journey of the pre-appointment preparation, through the real server (demo data) in
// headless Chromium, French UI, Paris time:
//  (a) the medical advisor opens Yanis Benali's request (mole, booked with Dr Klein), sees the
//      checklist the client receives, and sends the practitioner a pack sharing the allergies only
//      (consent by phone, confirmed); the link is shown once;
//  (b) another browser, without an account (the practitioner), opens the link on a phone: the
//      patient, the appointment and the allergies — not the history; the advisor revokes the link
//      and the next open is refused;
//  (c) the client (demo account of Yanis Benali) sees the checklist in the portal and ticks an item;
//  (d) a coordinator sees why medical items are for advisors, and edits a template the checklist follows.
// Screenshots go to test-results/preparation-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, assertNoSidewaysOverflow, type Harness, jsErrors, newPage, PHONE, screenshot, signInAndEnrol, signInWithPassword, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
let advisor: Page | undefined;
const state = { requestUrl: '', number: '', link: '' };
const ALLERGY = 'Arachide (œdème de Quincke en 2019)';
const HISTORY = 'Entorse de cheville (2018).';

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

async function advisorPage(): Promise<Page> {
  if (advisor) return advisor;
  const session = await newPage(harness.browser);
  sessions.push(session);
  await signInAndEnrol(session.page, harness.baseUrl, 'conseil@parcours.demo');
  advisor = session.page;
  return advisor;
}

/** The booked appointment with Dr Klein on the request page (the Rendez-vous section); the demo also has a teleconsultation. */
function bookedItem(page: Page) {
  return page.getByRole('region', { name: 'Rendez-vous', exact: true }).locator('[data-testid="request-appointment"][data-status="booked"]').filter({ hasText: /klein/i }).first();
}

test('(a) the advisor sends Dr Klein a pack sharing Yanis Benali’s allergies only, with his consent by phone', async () => {
  const page = await advisorPage();
  // Set-up through the API the page itself uses: an allergy in Yanis Benali's file (his history is in the demo data).
  const me = await (await page.request.get(`${harness.baseUrl}/api/auth/me`)).json();
  const found = await (await page.request.get(`${harness.baseUrl}/api/clients?q=Benali`)).json();
  const clientId = found.clients[0]?.id as string;
  const saved = await page.request.put(`${harness.baseUrl}/api/clients/${clientId}/medical`, {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { allergies: [ALLERGY], treatments: [], history: HISTORY },
  });
  assert.equal(saved.status(), 200, await saved.text());

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
  const row = page.locator('tbody tr[data-request]').filter({ hasText: /Benali/i }).filter({ hasText: 'Dermatologie' });
  await row.first().waitFor();
  const number = (await row.first().getAttribute('data-request')) ?? '';
  await row.first().getByRole('link', { name: number }).click();
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
  state.requestUrl = page.url();

  const item = bookedItem(page);
  await item.waitFor();
  state.number = (await item.getAttribute('data-number')) ?? '';
  await item.getByRole('button', { name: 'Préparation', exact: true }).click();
  const preparation = item.getByTestId('preparation');
  // What the client receives: the first-visit template (the agenda's "first"), address and access.
  const checklist = preparation.getByTestId('appointment-checklist');
  await checklist.waitFor();
  assert.equal(await checklist.getAttribute('data-template'), 'first_visit');
  await checklist.getByText('Carte Vitale (ou attestation de droits)').waitFor();
  await checklist.getByText('Arrivez 15 min en avance pour les formalités.').waitFor();

  await preparation.getByRole('button', { name: 'Envoyer le dossier pré-rendez-vous' }).click();
  const dialog = page.getByRole('dialog', { name: `Dossier pré-rendez-vous — ${state.number}` });
  await dialog.getByText('Ne cochez que ce que le client a accepté de partager').waitFor();
  // Nothing chosen, no consent: the form says what is missing.
  await dialog.getByRole('button', { name: 'Envoyer le dossier' }).click();
  await dialog.getByText('Choisissez au moins un élément.').waitFor();
  await dialog.getByText('Confirmez le consentement du client.').waitFor();
  assert.equal(await dialog.getByTestId('pack-medical-only').count(), 0, 'an advisor may share medical items');
  await dialog.getByRole('checkbox', { name: 'Allergies' }).check();
  await dialog.getByRole('radio', { name: 'Par téléphone' }).check();
  await dialog.getByRole('checkbox', { name: 'Le client a consenti à ce partage' }).check();
  await assertControlsLabelled(page);
  await screenshot(page, 'preparation-send.png');
  await dialog.getByRole('button', { name: 'Envoyer le dossier' }).click();
  const created = dialog.getByTestId('pack-created');
  await created.waitFor();
  state.link = await created.getByLabel('Lien sécurisé du dossier').inputValue();
  assert.ok(state.link.startsWith(`${harness.baseUrl}/dossier-rdv/`), state.link);
  await created.getByRole('button', { name: 'Copier le lien' }).waitFor();
  await created.getByRole('button', { name: 'Fermer' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The demo already sent one pack (allergies and a note); this one shares the allergies only.
  const pack = preparation.locator('[data-testid="pack"][data-status="active"]').filter({ hasNotText: 'Note au praticien' });
  await pack.waitFor();
  await pack.getByText('Allergies').waitFor();
  await pack.getByText(/consentement par téléphone/).waitFor();
  await pack.getByText('Jamais ouvert').waitFor();
  assert.deepEqual(jsErrors(page), []);
});

test('(b) the practitioner opens the link on a phone: the allergies, not the history; once revoked, it is refused', async () => {
  assert.ok(state.link, 'step (a) ran');
  const session = await newPage(harness.browser, PHONE);
  sessions.push(session);
  const { page } = session;
  await page.goto(state.link);
  await page.getByRole('heading', { level: 1, name: 'Dossier pré-rendez-vous' }).waitFor();
  const pack = page.getByTestId('public-pack');
  await pack.waitFor();
  await pack.getByText('BENALI Yanis').waitFor();
  await pack.getByText('23/09/1985').waitFor();
  await pack.getByText(state.number).waitFor();
  const items = pack.getByTestId('pack-item');
  assert.equal(await items.count(), 1);
  assert.equal(await items.first().getAttribute('data-kind'), 'allergies');
  await items.first().getByText(ALLERGY).waitFor();
  const text = (await page.locator('main').textContent()) ?? '';
  assert.ok(!text.includes('Entorse'), 'the history was not shared');
  assert.ok(!text.includes('Antécédents'));
  await page.getByRole('button', { name: 'Imprimer' }).waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'preparation-pack-phone.png');

  // The advisor sees the open, then revokes the link.
  const staff = await advisorPage();
  await staff.goto(state.requestUrl);
  const item = bookedItem(staff);
  await item.getByRole('button', { name: 'Préparation', exact: true }).click();
  const row = item.locator('[data-testid="pack"][data-status="active"]').filter({ hasNotText: 'Note au praticien' });
  await row.getByText(/Ouvert une fois/).waitFor();
  await row.getByRole('button', { name: 'Révoquer le lien' }).click();
  await row.getByRole('button', { name: 'Confirmer la révocation' }).click();
  await item.locator('[data-testid="pack"][data-status="revoked"]').first().getByText(/^Révoqué le .* par Camille Conseil/).waitFor();

  await page.reload();
  const refused = page.getByTestId('pack-unavailable');
  await refused.waitFor();
  assert.match((await refused.textContent()) ?? '', /Ce lien a été révoqué/);
  assert.equal(await page.getByText(ALLERGY).count(), 0);
  assert.deepEqual(jsErrors(page), []);
  assert.deepEqual(jsErrors(staff), []);
});

test('(c) the client sees the checklist of his appointment in the portal and ticks what is ready', async () => {
  const session = await newPage(harness.browser, PHONE);
  sessions.push(session);
  const { page } = session;
  await page.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(page, 'client@parcours.demo');
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  await page.goto(`${harness.baseUrl}/mes-demandes`);
  const mine = page.getByRole('region', { name: 'Mes rendez-vous' });
  const appointment = mine.locator(`[data-testid="portal-appointment"][data-number="${state.number}"]`);
  await appointment.waitFor();
  await appointment.getByRole('button', { name: 'Préparer ce rendez-vous' }).click();
  const checklist = appointment.getByTestId('appointment-checklist');
  await checklist.getByRole('heading', { name: 'Adresse et accès' }).waitFor();
  await checklist.getByRole('heading', { name: 'À apporter' }).waitFor();
  const vitale = checklist.getByRole('checkbox', { name: 'Carte Vitale (ou attestation de droits)' });
  const total = await checklist.getByTestId('checklist-item').count();
  assert.ok(total >= 5, `documents and instructions to tick (${total})`);
  await vitale.check();
  await checklist.getByText(`1 sur ${total} prêts`, { exact: false }).waitFor();
  // The ticks survive a reload in this tab (kept locally, never sent).
  await page.reload();
  await appointment.getByRole('button', { name: 'Préparer ce rendez-vous' }).click();
  assert.ok(await appointment.getByRole('checkbox', { name: 'Carte Vitale (ou attestation de droits)' }).isChecked());
  await assertControlsLabelled(page);
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'preparation-portal-phone.png');
  assert.deepEqual(jsErrors(page), []);
});

test('(d) a coordinator sees why medical items are not his to share, and edits the first-visit template', async () => {
  assert.ok(state.requestUrl, 'step (a) ran');
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  await signInAndEnrol(page, harness.baseUrl, 'coordination@parcours.demo');
  await page.goto(state.requestUrl);
  const item = bookedItem(page);
  await item.getByRole('button', { name: 'Préparation', exact: true }).click();
  await item.getByRole('button', { name: 'Envoyer le dossier pré-rendez-vous' }).click();
  const dialog = page.getByRole('dialog', { name: `Dossier pré-rendez-vous — ${state.number}` });
  await dialog.getByTestId('pack-medical-only').getByText(/seuls les conseillers médicaux/).waitFor();
  assert.ok(await dialog.getByRole('checkbox', { name: 'Allergies' }).isDisabled());
  assert.ok(await dialog.getByRole('checkbox', { name: 'Antécédents' }).isDisabled());
  assert.ok(await dialog.getByRole('checkbox', { name: 'Note au praticien' }).isEnabled());
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await item.getByRole('link', { name: 'Modifier les modèles' }).click();
  await page.getByRole('heading', { level: 1, name: 'Modèles de préparation' }).waitFor();
  const first = page.locator('[data-testid="template"][data-code="first_visit"]');
  await first.getByRole('button', { name: /Première consultation/ }).click();
  const documents = first.getByLabel('Documents à apporter (français)');
  await documents.fill(`${await documents.inputValue()}\nCarnet de santé`);
  await assertControlsLabelled(page);
  await first.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Modèle « Première consultation » enregistré.').waitFor();
  await first.getByText('Modifié par l’équipe').waitFor();
  await screenshot(page, 'preparation-templates.png');

  // The client's checklist follows at once.
  await page.goto(state.requestUrl);
  await bookedItem(page).getByRole('button', { name: 'Préparation', exact: true }).click();
  await bookedItem(page).getByTestId('appointment-checklist').getByText('Carnet de santé').waitFor();
  assert.deepEqual(jsErrors(page), []);
});
