// Browser journeys of the concierge work, through the real server (demo data) in headless
// Chromium, French UI:
//  (a) an advisor registers a client, takes a phone request describing chest pain → the
//      emergency banner, first in the queue, the coordinator's inbox, protocol steps time-stamped;
//  (b) a mole that changed → triage proposes dermatology, assignment to the coordinator, a note
//      mentioning @coordination;
//  (c) the client form: server field errors beside the fields, a possible duplicate;
//  (d) the public request form, reached from the sign-in page.
// Screenshots go to test-results/requests-*.png (desktop and 390×844).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { assertControlsLabelled, assertNoSidewaysOverflow, DESKTOP, type Harness, jsErrors, newPage, PHONE, screenshot, staffSessions, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

/** One signed-in page per demo staff member for the whole file (2FA is enrolled once). */
const staffPage = staffSessions(() => harness, sessions);

const advisorPage = () => staffPage('conseil@parcours.demo');

const coordinatorPage = () => staffPage('coordination@parcours.demo');

/** A valid NIR for a woman born in June 1958 in Bordeaux (33063): 13 digits, then 97 − (n mod 97). */
function nirFor(body13: string): string {
  const key = 97 - Number(BigInt(body13) % 97n);
  return `${body13}${String(key).padStart(2, '0')}`;
}

const CLIENT = { birthName: 'Vasseur-Delmotte', firstName: 'Josiane', display: 'VASSEUR-DELMOTTE Josiane' };
let clientUrl = '';

/** The control labelled exactly `label` (Mantine adds " *" to the label of a required field). */
function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

async function chooseOption(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

async function requestNumber(page: Page): Promise<string> {
  const title = page.getByRole('heading', { level: 1, name: /^Demande DM-\d+$/ });
  await title.waitFor();
  const heading = (await title.textContent()) ?? '';
  const match = /DM-\d+/.exec(heading);
  assert.ok(match, `a request number in "${heading}"`);
  return match[0];
}

test('(a) new client, phone request with chest pain → emergency banner, first in queue, coordinator alerted, steps time-stamped', async () => {
  const page = await advisorPage();

  // Clients → Nouveau client.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
  await page.getByRole('link', { name: 'Nouveau client' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nouveau client' }).waitFor();
  await assertControlsLabelled(page);

  const identity = page.getByRole('region', { name: 'Identité' });
  await field(identity, 'Nom de naissance').fill(CLIENT.birthName);
  await field(identity, 'Premier prénom de naissance').fill(CLIENT.firstName);
  await field(identity, 'Autres prénoms de naissance').fill('Marie, Thérèse');
  await field(identity, 'Date de naissance').fill('1958-06-12');
  await field(identity, 'Femme').check();
  await field(identity, 'Code INSEE du lieu de naissance').fill('33063');
  await chooseOption(page, 'Statut de l’identité', /^Validée \(VALI\)/);
  await chooseOption(page, 'Pièce d’identité vue', 'Carte nationale d’identité');

  const contact = page.getByRole('region', { name: 'Coordonnées' });
  await field(contact, 'Téléphone').fill('06 12 34 56 78');
  await field(contact, 'E-mail').fill('josiane.vasseur@example.org');
  await field(contact, 'Adresse').fill('12 rue Sainte-Catherine');
  await field(contact, 'Code postal').fill('33000');
  await field(contact, 'Ville').fill('Bordeaux');

  const relatives = page.getByRole('region', { name: 'Personne de confiance et proches' });
  await field(relatives, 'Nom et prénom').fill('Claire Vasseur');
  await field(relatives, 'Lien').fill('fille');
  await field(relatives, 'Téléphone').fill('07 98 76 54 32');

  // A wrong NIR key is caught next to the field before anything is sent.
  const insurance = page.getByRole('region', { name: 'Assurance' });
  const nir = nirFor('2580633063123');
  const wrongKey = `${nir.slice(0, 13)}${String((Number(nir.slice(13)) % 97) + 1).padStart(2, '0')}`;
  await field(insurance, 'N° de sécurité sociale (NIR)').fill(wrongKey);
  await page.getByRole('button', { name: 'Créer la fiche' }).click();
  await insurance.getByText('Clé de contrôle du NIR incorrecte').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true', 'focus on the field in error');
  await field(insurance, 'N° de sécurité sociale (NIR)').fill(nir);
  await chooseOption(page, 'Régime d’assurance maladie', 'Régime général');
  await field(insurance, 'Caisse').fill('CPAM de la Gironde');

  const medical = page.getByRole('region', { name: 'Informations médicales' });
  await medical.getByText('Chiffrées, visibles des seuls conseillers médicaux ; chaque consultation est tracée.').waitFor();
  await field(medical, 'Allergies').fill('Pénicilline');
  await field(medical, 'Allergies').press('Enter');
  await screenshot(page, 'requests-client-form.png');

  await page.getByRole('button', { name: 'Créer la fiche' }).click();
  await page.getByRole('heading', { level: 1, name: CLIENT.display }).waitFor();
  clientUrl = page.url();
  await page.getByText('Validée (VALI)').first().waitFor();
  await page.getByText('06 12 34 56 78').waitFor();
  // Medical information only on an explicit click (the advisor may read it).
  assert.equal(await page.getByText('Pénicilline').count(), 0);
  await page.getByRole('button', { name: 'Afficher les informations médicales' }).click();
  await page.getByText('Pénicilline').waitFor();
  await screenshot(page, 'requests-client.png');

  // The client can be found with a typo and without accents.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Rechercher un client' }).fill('vasseur delmote');
  await page.getByRole('link', { name: CLIENT.display }).first().waitFor();

  // A phone request for that client.
  await page.goto(clientUrl);
  await page.getByRole('link', { name: 'Nouvelle demande' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
  await page.getByTestId('chosen-client').getByText(CLIENT.display).waitFor();
  assert.ok(await page.getByRole('radio', { name: 'Téléphone' }).isChecked(), 'phone is the default channel');
  await field(page, 'Motif, dans les mots de la personne').fill('douleur dans la poitrine qui serre et irradie dans le bras gauche, sueurs');
  await field(page, 'Qui appelle ?').fill('sa fille');
  await assertControlsLabelled(page);
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();

  // The emergency banner: an alert, at the top, with the focus, telling to call 15 / 112.
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
  const banner = page.getByRole('alert').filter({ hasText: 'SAMU' });
  await banner.waitFor();
  const bannerText = (await banner.textContent()) ?? '';
  assert.match(bannerText, /\b15\b/);
  assert.match(bannerText, /\b112\b/);
  assert.match(bannerText, /Ne raccrochez pas avant qu’on vous le dise/);
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'emergency-banner');
  await page.getByTestId('request-badges').getByText('Urgence vitale').waitFor();
  const number = await requestNumber(page);
  const requestUrl = page.url();
  await screenshot(page, 'requests-emergency.png');

  // First in the queue: only older active emergencies may come before it.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
  const row = page.locator(`tr[data-request="${number}"]`);
  await row.waitFor();
  const before = await page.locator('tbody tr[data-request]').evaluateAll((rows, wanted) => {
    const index = rows.findIndex((r) => r.getAttribute('data-request') === wanted);
    return rows.slice(0, index).map((r) => r.querySelector('[data-urgency]')?.getAttribute('data-urgency'));
  }, number);
  assert.ok(
    before.every((urgency) => urgency === 'emergency'),
    `only emergencies before ${number} in the queue, found ${before.join(', ')}`,
  );
  await row.getByText('Urgence vitale').waitFor();
  await screenshot(page, 'requests-queue.png');

  // The coordinator (another browser) has the emergency in the inbox.
  const other = await coordinatorPage();
  const bell = other.getByRole('button', { name: /^Notifications, \d+ non lue/ });
  await bell.waitFor();
  await bell.click();
  const item = other.getByRole('menuitem').filter({ hasText: number });
  await item.waitFor();
  assert.equal(await item.getAttribute('data-kind'), 'emergency');
  await screenshot(other, 'requests-inbox.png');
  await item.click();
  await other.waitForURL(requestUrl);
  await other.getByRole('alert').filter({ hasText: 'SAMU' }).waitFor();

  // Protocol steps: each is time-stamped in the checklist and in the history.
  await page.goto(requestUrl);
  const checklist = page.getByTestId('emergency-banner');
  await checklist.getByRole('button', { name: 'Consignes données à l’appelant' }).click();
  await checklist.locator('[data-step="guidance_given"][data-done="true"]').getByText(/\d{2}:\d{2}:\d{2}/).waitFor();
  await checklist.getByRole('button', { name: '15 / 112 appelé ou confirmé' }).click();
  await checklist.locator('[data-step="samu_called"][data-done="true"]').getByText(/Camille Conseil/).waitFor();
  const history = page.getByRole('region', { name: 'Historique' });
  await history.getByText('Urgence : Consignes données à l’appelant').waitFor();
  await history.getByText('Urgence : 15 / 112 appelé ou confirmé').waitFor();
  await history.getByText('Protocole d’urgence déclenché par le triage').waitFor();
  await screenshot(page, 'requests-emergency-steps.png');

  // Phone size: the banner still leads, nothing overflows sideways.
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByRole('alert').filter({ hasText: 'SAMU' }).waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'requests-emergency-phone.png');
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(jsErrors(page), []);
  assert.deepEqual(jsErrors(other), []);
});

test('(b) a mole that changed → dermatology proposed, assigned to the coordinator, a note mentioning @coordination', async () => {
  const page = await advisorPage();
  await page.setViewportSize(DESKTOP);
  await page.goto(`${harness.baseUrl}/demandes/nouvelle`);
  await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();

  // Choose the client by searching.
  const picker = page.getByRole('combobox', { name: 'Client' });
  await picker.fill('Vasseur');
  await page.getByRole('option', { name: new RegExp(CLIENT.display) }).first().click();
  await page.getByTestId('chosen-client').waitFor();
  await field(page, 'Motif, dans les mots de la personne').fill("J'ai un grain de beauté qui a changé de forme et de couleur depuis quelques mois");
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
  const number = await requestNumber(page);
  const requestUrl = page.url();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'SAMU' }).count(), 0, 'no emergency banner');

  // Triage: dermatology proposed, with its reasons; the advisor confirms it.
  const triage = page.getByRole('region', { name: 'Triage' });
  await triage.getByTestId('triage-specialty').filter({ hasText: 'Dermatologie' }).waitFor();
  await triage.getByText('Pourquoi').waitFor();
  await triage.getByRole('button', { name: 'Confirmer' }).click();
  await triage.getByText(/Proposition confirmée par Camille Conseil/).waitFor();

  // In the queue.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
  const row = page.locator(`tr[data-request="${number}"]`);
  await row.waitFor();
  await row.getByText('Dermatologie').waitFor();
  await assertControlsLabelled(page);
  await row.getByRole('link', { name: number }).click();
  await page.waitForURL(requestUrl);

  // Assign to the coordinator.
  await chooseOption(page, 'Assignée à', /^Karim Coordination/);
  await page.getByText('Demande assignée à Karim Coordination.').waitFor();
  await page.getByRole('region', { name: 'Historique' }).getByText('Assignée à Karim Coordination').waitFor();

  // A note mentioning the coordinator, picked from the @ list with the keyboard.
  const note = page.getByRole('textbox', { name: 'Nouvelle note' });
  await note.click();
  await note.pressSequentially('Lésion à montrer rapidement, merci de chercher un créneau @coord');
  const option = page.getByRole('option', { name: /Karim Coordination/ });
  await option.waitFor();
  await note.press('Enter');
  assert.match(await note.inputValue(), /@coordination $/);
  await note.pressSequentially('(dermatologue secteur 1).');
  assert.match(await note.inputValue(), /@coordination \(dermatologue secteur 1\)\.$/);
  await page.getByRole('button', { name: 'Ajouter la note' }).click();
  const notes = page.getByTestId('notes-list');
  await notes.locator('[data-mention="coordination"]').waitFor();
  await notes.getByText(/merci de chercher un créneau/).waitFor();

  // A task already past due shows in red; ticking it records it as done.
  const tasks = page.getByRole('region', { name: 'Tâches' });
  await tasks.getByRole('button', { name: 'Ajouter' }).click();
  await field(tasks, 'Tâche').fill('Rappeler la cliente');
  const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
  await field(tasks, 'Échéance').fill(`${yesterday}T09:30`);
  await tasks.getByRole('combobox', { name: 'Responsable' }).click();
  await page.getByRole('option', { name: 'Camille Conseil' }).click();
  await tasks.getByRole('button', { name: 'Ajouter' }).click();
  const task = tasks.locator('li').filter({ hasText: 'Rappeler la cliente' });
  await task.getByText(/En retard — prévue le/).waitFor();
  assert.equal(await task.getAttribute('data-overdue'), 'true');
  await screenshot(page, 'requests-dermatology.png');
  await task.getByRole('checkbox', { name: 'Marquer « Rappeler la cliente » comme faite' }).check();
  await task.getByText(/Faite le/).waitFor();
  await page.getByRole('region', { name: 'Historique' }).getByText('Tâche faite : Rappeler la cliente').waitFor();

  // The coordinator is told (assignment and mention).
  const other = await coordinatorPage();
  await other.goto(`${harness.baseUrl}/`);
  await other.getByRole('button', { name: /^Notifications, \d+ non lue/ }).click();
  await other.getByRole('menuitem').filter({ hasText: number }).and(other.locator('[data-kind="mention"]')).waitFor();
  await other.keyboard.press('Escape');

  // Phone size.
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByRole('region', { name: 'Triage' }).waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'requests-dermatology-phone.png');
  await page.goto(`${harness.baseUrl}/demandes`);
  await page.getByText(number).first().waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'requests-queue-phone.png');
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(jsErrors(page), []);
});

test('(c) client form: server field errors next to their fields, then a possible duplicate shown with its way out', async () => {
  const page = await advisorPage();
  await page.setViewportSize(DESKTOP);
  await page.goto(`${harness.baseUrl}/clients/nouveau`);
  await page.getByRole('heading', { level: 1, name: 'Nouveau client' }).waitFor();
  const identity = page.getByRole('region', { name: 'Identité' });
  // The demo client Marguerite Fontaine, born 11/02/1948 — typed again, with a phone number that is not one.
  await field(identity, 'Nom de naissance').fill('Fontaine');
  await field(identity, 'Premier prénom de naissance').fill('Marguerite');
  await field(identity, 'Date de naissance').fill('1948-02-11');
  await field(identity, 'Femme').check();
  const contact = page.getByRole('region', { name: 'Coordonnées' });
  await field(contact, 'Téléphone').fill('12 34');
  await page.getByRole('button', { name: 'Créer la fiche' }).click();
  await contact.getByText('Numéro de téléphone invalide.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true', 'focus on the field in error');

  await field(contact, 'Téléphone').fill('+33 6 10 20 30 40');
  await page.getByRole('button', { name: 'Créer la fiche' }).click();
  const duplicate = page.getByTestId('duplicate-alert');
  await duplicate.waitFor();
  await duplicate.getByText('FONTAINE Marguerite').waitFor();
  await screenshot(page, 'requests-client-duplicate.png');
  await duplicate.getByRole('link', { name: 'Ouvrir la fiche existante' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'FONTAINE Marguerite' }).waitFor();

  // Edit that record: the form comes back filled in; the server stores the phone in E.164.
  await page.getByRole('link', { name: 'Modifier' }).click();
  await page.getByRole('heading', { level: 1, name: 'Modifier la fiche de FONTAINE Marguerite' }).waitFor();
  assert.equal(await field(page.getByRole('region', { name: 'Identité' }), 'Premier prénom de naissance').inputValue(), 'Marguerite');
  await field(page.getByRole('region', { name: 'Coordonnées' }), 'Téléphone').fill('0033 6 10 20 30 41');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('heading', { level: 1, name: 'FONTAINE Marguerite' }).waitFor();
  await page.getByText('06 10 20 30 41').waitFor();

  // Phone size: the client pages and the new request form fit the screen.
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'FONTAINE Marguerite' }).waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'requests-client-phone.png');
  await page.goto(`${harness.baseUrl}/clients/nouveau`);
  await page.getByRole('heading', { level: 1, name: 'Nouveau client' }).waitFor();
  await assertNoSidewaysOverflow(page);
  await page.goto(`${harness.baseUrl}/clients`);
  await page.getByRole('link', { name: 'FONTAINE Marguerite' }).first().waitFor();
  await assertNoSidewaysOverflow(page);
  await page.goto(`${harness.baseUrl}/demandes/nouvelle`);
  await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'requests-new-phone.png');
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(jsErrors(page), []);
});

test('(d) public request form from the sign-in page: emergency numbers on the form, consent required, a number at the end', async () => {
  const { context, page } = await newPage(harness.browser, PHONE);
  sessions.push({ context, page });
  await page.goto(`${harness.baseUrl}/connexion`);
  await page.getByRole('link', { name: 'Faire une demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Faire une demande' }).waitFor();
  await page.getByText('En cas d’urgence vitale, appelez le 15 ou le 112.').waitFor();
  await assertControlsLabelled(page);

  await field(page, 'Nom de naissance').fill('Benali');
  await field(page, 'Prénom').fill('Yasmine');
  await field(page, 'Date de naissance').fill('1990-02-03');
  await field(page, 'Femme').check();
  await field(page, 'Adresse e-mail').fill('yasmine.benali@example.org');
  await field(page, 'Téléphone').fill('06 11 22 33 44');
  await field(page, 'Décrivez votre situation').fill('Je cherche un ophtalmologue pour un contrôle de la vue, rien d’urgent.');
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await page.getByText('Votre accord est nécessaire pour que nous traitions votre demande.').waitFor();
  await field(page, 'J’accepte que Parcours traite ces informations de santé pour répondre à ma demande').check();
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demande envoyée' }).waitFor();
  assert.match((await page.getByTestId('public-number').textContent()) ?? '', /^DM-\d+$/);
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'requests-public-done.png');
  assert.deepEqual(jsErrors(page), []);
});
