// Browser journey of the directory (annuaire), through the real server (demo data) in headless
// Chromium, French UI. A coordinator:
//  (a) opens Annuaire, finds a practitioner from a misspelt name without accents, opens the page,
//      is refused the partner switch before any verification, records a verification, marks the
//      practitioner partner, adds a 4/5 review and sees "4/5 (1 avis)";
//  (b) switches the results to Carte: markers on a neutral background (no tiles offline), a
//      marker's popup leads to the practitioner;
//  (c) creates a provider: an invalid FINESS is refused next to the field (French message), a
//      valid one is saved and found in the providers search;
//  (d) the pages on a 390 px phone screen.
// Screenshots go to test-results/directory-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  assertControlsLabelled,
  assertNoSidewaysOverflow,
  DESKTOP,
  type Harness,
  jsErrors,
  newPage,
  PHONE,
  screenshot,
  signInAndEnrol,
  startHarness,
} from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
let coordinator: Page | undefined;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

async function coordinatorPage(): Promise<Page> {
  if (!coordinator) {
    const session = await newPage(harness.browser);
    sessions.push(session);
    await signInAndEnrol(session.page, harness.baseUrl, 'coordination@parcours.demo');
    coordinator = session.page;
  }
  return coordinator;
}

/** The control labelled exactly `label` (Mantine adds " *" to the label of a required field). */
function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

async function chooseOption(scope: Page | Locator, page: Page, label: string, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: new RegExp(`^${label}( \\*)?$`) }).click();
  await page.getByRole('option', { name: option }).click();
}

/**
 * The map view on a phone: the page does not scroll sideways, the map fits the screen, and nothing
 * outside the map sticks out. (Leaflet's own panes are larger than the map by design and clipped by
 * its container: they are not checked.)
 */
async function assertMapFits(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) problems.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
    const map = document.querySelector('.leaflet-container');
    if (!map || map.getBoundingClientRect().right > width + 1) problems.push('the map is wider than the screen');
    const insideScroller = (el: Element) => {
      for (let parent = el.parentElement; parent; parent = parent.parentElement) {
        if (parent.classList.contains('leaflet-container')) return true;
        const style = getComputedStyle(parent);
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') return true;
      }
      return false;
    };
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *')))
      if (el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0 && !insideScroller(el)) problems.push(`${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
    return problems;
  });
  assert.deepEqual(overflow, [], 'nothing overflows the phone screen sideways');
}

const PRACTITIONER = /Élodie GAUTHIER/;
let practitionerUrl = '';

test('(a) a misspelt name finds the practitioner; verification, partner, a 4/5 review', async () => {
  const page = await coordinatorPage();

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
  await page.getByRole('tab', { name: 'Praticiens', selected: true }).waitFor();
  await assertControlsLabelled(page);

  // "elodie gautier": no accent, one letter missing.
  const form = page.getByRole('search', { name: 'Rechercher un praticien' });
  await field(form, 'Nom ou RPPS').fill('elodie gautier');
  await form.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(/[?&]q=elodie\+gautier/);
  const link = page.getByRole('link', { name: PRACTITIONER });
  await link.first().waitFor();
  // The search is in the address: a reload shows the same results.
  await page.reload();
  await link.first().waitFor();
  assert.equal(await field(form, 'Nom ou RPPS').inputValue(), 'elodie gautier');
  await screenshot(page, 'directory-search.png');

  await link.first().click();
  await page.getByRole('heading', { level: 1, name: PRACTITIONER }).waitFor();
  practitionerUrl = page.url();
  assert.match(practitionerUrl, /\/annuaire\/praticiens\/[0-9a-f-]{36}$/);
  const identity = page.getByRole('region', { name: 'Identité' });
  await identity.getByText('Dermatologie').waitFor();
  await identity.getByText(/^\d{11}$/).waitFor();
  await assertControlsLabelled(page);

  // Partner before any verification: the server refuses, the reason is shown.
  const partner = page.getByRole('switch', { name: 'Partenaire du réseau' });
  assert.equal(await partner.isChecked(), false);
  await partner.click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Vérification nécessaire' });
  await refusal.waitFor();
  await refusal.getByText(/enregistrez d’abord une vérification en cours de validité/).waitFor();
  assert.equal(await partner.isChecked(), false);

  // Record a verification (valid 12 months).
  const verifications = page.getByRole('region', { name: 'Vérifications' });
  await verifications.getByText('Aucune vérification enregistrée.').waitFor();
  await verifications.getByRole('button', { name: 'Enregistrer une vérification' }).click();
  const verificationForm = verifications.getByRole('form', { name: 'Nouvelle vérification' });
  await field(verificationForm, 'Certifications').fill('DIU de dermoscopie');
  await field(verificationForm, 'Justificatif').fill('Annuaire Santé consulté le jour même, inscription à l’Ordre confirmée.');
  assert.equal(await field(verificationForm, 'Durée de validité (mois)').inputValue(), '12');
  await verificationForm.getByRole('button', { name: 'Enregistrer' }).click();
  await verifications.getByRole('cell', { name: 'DIU de dermoscopie' }).waitFor();
  await verifications.getByRole('cell', { name: /Annuaire Santé consulté le jour même/ }).waitFor();
  await verifications.getByText(/^Vérifié jusqu’au \d{2}\/\d{2}\/\d{4}$/).waitFor();

  // Now the partner switch holds.
  await partner.click();
  await page.getByText('Le praticien est désormais partenaire du réseau.').waitFor();
  assert.equal(await partner.isChecked(), true);
  await page.getByRole('main').getByText('Partenaire', { exact: true }).first().waitFor();

  // Fees: typed in euros (French decimal comma), kept in cents, shown as French currency.
  const fees = page.getByRole('region', { name: 'Tarifs' });
  await fees.getByRole('button', { name: /Modifier/ }).click();
  await field(fees, 'Première consultation (€)').fill('45,50');
  await fees.getByRole('button', { name: 'Enregistrer' }).click();
  await fees.getByText(/^45,50\s€$/).waitFor();
  const saved = await page.evaluate(async (url) => {
    const id = url.split('/').pop();
    const response = await fetch(`/api/directory/${id}`);
    return ((await response.json()) as { practitioner: { fees: Record<string, number> } }).practitioner.fees;
  }, practitionerUrl);
  assert.equal(saved.first, 4550);

  // A 4/5 review from the team: count and mean, never made up.
  const reviews = page.getByRole('region', { name: 'Avis' });
  await reviews.getByText('Aucun avis', { exact: true }).waitFor();
  await reviews.getByRole('button', { name: 'Ajouter un retour de l’équipe' }).click();
  const reviewForm = reviews.getByRole('form', { name: 'Ajouter un retour de l’équipe' });
  // The fourth star (the radio input is visually hidden; its star is its label).
  const fourStars = reviewForm.getByRole('radio', { name: '4 sur 5' });
  await reviewForm.locator(`label[for="${await fourStars.getAttribute('id')}"]`).click();
  assert.equal(await fourStars.isChecked(), true);
  await field(reviewForm, 'Commentaire').fill('Rendez-vous obtenu en 48 h, compte rendu clair.');
  await reviewForm.getByRole('button', { name: 'Enregistrer' }).click();
  await reviews.getByText('4/5 (1 avis)', { exact: true }).waitFor();
  await reviews.getByText('Rendez-vous obtenu en 48 h, compte rendu clair.').waitFor();
  await screenshot(page, 'directory-practitioner.png');

  // In English too (count and mean, the verification status).
  await page.getByText('EN', { exact: true }).click();
  await page.getByRole('region', { name: 'Reviews' }).getByText('4/5 (1 review)', { exact: true }).waitFor();
  await page.getByRole('region', { name: 'Verifications' }).getByText(/^Verified until \d{2}\/\d{2}\/\d{4}$/).waitFor();
  await page.getByRole('region', { name: 'Fees' }).getByText(/^€45\.50$/).waitFor();
  await page.getByText('FR', { exact: true }).click();
  await reviews.waitFor();

  // Back in the list, the practitioner shows the partner badge and the rating.
  await page.getByRole('link', { name: 'Retour à l’annuaire' }).click();
  await field(page.getByRole('search', { name: 'Rechercher un praticien' }), 'Nom ou RPPS').fill('Gauthier Elodie');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: PRACTITIONER }) });
  await row.getByText('4/5 (1 avis)').waitFor();
  await row.getByText('Partenaire', { exact: true }).waitFor();

  assert.deepEqual(jsErrors(page), []);
});

test('(b) Carte: markers on a neutral background, a popup leads to the practitioner', async () => {
  const page = await coordinatorPage();
  await page.goto(`${harness.baseUrl}/annuaire?specialty=dermatology`);
  await page.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
  await page.getByRole('row').nth(1).getByRole('link').first().waitFor();

  await page.getByRole('radiogroup', { name: 'Affichage des résultats' }).getByText('Carte').click();
  await page.waitForURL(/view=map/);
  const map = page.getByRole('region', { name: 'Carte des lieux d’exercice trouvés' });
  await map.waitFor();
  await page.getByText('Fond de carte non configuré', { exact: false }).waitFor();
  const markers = page.locator('.leaflet-marker-icon.directory-marker');
  await markers.first().waitFor();
  const count = await markers.count();
  assert.ok(count >= 1, `markers on the map (${count})`);
  await page.getByText(new RegExp(`^${count} lieux? sur la carte`)).waitFor();
  // No tiles requested: offline, and none configured.
  assert.equal(await page.locator('.leaflet-tile').count(), 0);
  await screenshot(page, 'directory-map.png');

  // Keyboard: a marker is a button named after the practitioner; Enter opens its popup.
  const marker = page.getByRole('button', { name: PRACTITIONER }).first();
  await marker.focus();
  await page.keyboard.press('Enter');
  const popupLink = page.locator('.leaflet-popup').getByRole('link', { name: PRACTITIONER });
  await popupLink.waitFor();
  await popupLink.click();
  await page.getByRole('heading', { level: 1, name: PRACTITIONER }).waitFor();
  assert.equal(page.url(), practitionerUrl || page.url());

  assert.deepEqual(jsErrors(page), []);
});

test('(c) a provider: the invalid FINESS is refused on its field, then saved and found', async () => {
  const page = await coordinatorPage();
  await page.goto(`${harness.baseUrl}/annuaire`);
  await page.getByRole('tab', { name: 'Prestataires' }).click();
  await page.waitForURL(/\/annuaire\/prestataires$/);
  await page.getByRole('link', { name: 'Clinique des Tilleuls' }).waitFor();

  await page.getByRole('button', { name: 'Nouveau prestataire' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nouveau prestataire' });
  await chooseOption(dialog, page, 'Type de prestataire', 'Laboratoire');
  await field(dialog, 'Nom').fill('Laboratoire des Canuts');
  await field(dialog, 'N° FINESS').fill('69-ABC');
  await field(dialog, 'Adresse').fill('12 rue d’Austerlitz');
  await field(dialog, 'Code postal').fill('69004');
  await field(dialog, 'Ville').fill('Lyon');
  const services = field(dialog, 'Services');
  await services.fill('prise de sang à domicile');
  await services.press('Enter');
  await services.fill('résultats en ligne');
  await services.press('Enter');
  await assertControlsLabelled(page);
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();

  // The server's French message, next to the FINESS field.
  const finess = field(dialog, 'N° FINESS');
  await dialog.getByText(/^Numéro FINESS invalide : 9 caractères/).waitFor();
  assert.equal(await finess.getAttribute('aria-invalid'), 'true');
  const describedBy = (await finess.getAttribute('aria-describedby')) ?? '';
  const errorText = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
  assert.match(errorText, /Numéro FINESS invalide/);
  await screenshot(page, 'directory-provider-finess.png');

  await finess.fill('690000880');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText('Prestataire Laboratoire des Canuts créé.').waitFor();

  const search = page.getByRole('search', { name: 'Rechercher un prestataire' });
  await field(search, 'Nom, service ou FINESS').fill('canuts');
  await search.getByRole('button', { name: 'Rechercher' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Laboratoire des Canuts' }) });
  await row.waitFor();
  await row.getByText('FINESS 690000880').waitFor();
  await row.getByText('prise de sang à domicile').waitFor();
  await row.getByText('Laboratoire', { exact: true }).waitFor();
  await row.getByText('Aucun avis').waitFor();

  await row.getByRole('link', { name: 'Laboratoire des Canuts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Laboratoire des Canuts' }).waitFor();
  await page.getByRole('region', { name: 'Coordonnées' }).getByText('12 rue d’Austerlitz, 69004 Lyon').waitFor();
  await screenshot(page, 'directory-provider.png');

  assert.deepEqual(jsErrors(page), []);
});

test('(d) the directory on a phone: nothing overflows sideways', async () => {
  const page = await coordinatorPage();
  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${harness.baseUrl}/annuaire?q=gauthier`);
    await page.getByRole('link', { name: PRACTITIONER }).first().waitFor();
    await assertNoSidewaysOverflow(page);
    await screenshot(page, 'directory-search-phone.png');

    await page.goto(`${harness.baseUrl}/annuaire?q=gauthier&view=map`);
    await page.locator('.directory-marker').first().waitFor();
    await assertMapFits(page);
    await screenshot(page, 'directory-map-phone.png');

    assert.ok(practitionerUrl, 'test (a) found the practitioner');
    await page.goto(practitionerUrl);
    await page.getByRole('heading', { level: 1, name: PRACTITIONER }).waitFor();
    await assertNoSidewaysOverflow(page);
    await screenshot(page, 'directory-practitioner-phone.png');

    await page.goto(`${harness.baseUrl}/annuaire/a-reverifier`);
    await page.getByRole('tab', { name: /À revérifier/, selected: true }).waitFor();
    await page.getByRole('status').filter({ hasText: /partenaires? à revérifier|Aucune/ }).first().waitFor();
    await assertNoSidewaysOverflow(page);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  assert.deepEqual(jsErrors(page), []);
});
