// Browser journey of the client portal ("Mes demandes"), through the real server (demo data) in
// headless Chromium, French UI: the demo client (linked to BENALI Yanis, no 2FA) sees his
// requests, sends one (→ « Reçue » in the list), then a message evoking a heart attack (→ the
// emergency alert with 15/112 takes the focus); on a phone; in English; and an account that is not
// linked to a client record (answer simulated) sees no form.
// Screenshots go to test-results/portal-*.png (desktop and 390×844).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  assertControlsLabelled,
  assertNoSidewaysOverflow,
  type Harness,
  jsErrors,
  newPage,
  PHONE,
  screenshot,
  signInWithPassword,
  startHarness,
} from './harness.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.stop();
});

const MOLE = 'Je voudrais un rendez-vous chez un dermatologue pour un grain de beauté qui a changé';
const CHEST_PAIN = 'mon père a une douleur dans la poitrine qui serre et irradie dans le bras gauche, il transpire';
const EMERGENCY_TEXT = 'Votre message évoque une urgence vitale : appelez immédiatement le 15 (SAMU) ou le 112. Notre équipe est prévenue.';

async function signInAsClient(page: Page): Promise<void> {
  await page.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(page, 'client@parcours.demo');
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
}

function rows(page: Page): Locator {
  return page.getByTestId('portal-requests').locator('[data-number]');
}

async function send(page: Page, text: string, extra: { dates?: string; constraints?: string } = {}): Promise<void> {
  await page.getByRole('textbox', { name: /^Décrivez votre besoin/ }).fill(text);
  if (extra.dates) await page.getByRole('textbox', { name: 'Dates ou moments souhaités' }).fill(extra.dates);
  if (extra.constraints) await page.getByRole('textbox', { name: 'Contraintes' }).fill(extra.constraints);
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
}

async function expectEmergencyAlert(page: Page): Promise<void> {
  const alert = page.getByRole('alert').filter({ hasText: EMERGENCY_TEXT });
  await alert.waitFor();
  const call15 = alert.getByRole('link', { name: 'Appeler le 15 (SAMU)' });
  assert.equal(await call15.getAttribute('href'), 'tel:15');
  assert.equal(await alert.getByRole('link', { name: 'Appeler le 112' }).getAttribute('href'), 'tel:112');
  // Unmissable: focused, red, and at the top of the screen.
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'portal-emergency-alert');
  const box = await alert.boundingBox();
  assert.ok(box && box.y < 200, `the alert is at the top of the screen (y = ${box?.y})`);
  const background = await alert.evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r = 0, g = 0, b = 0] = background.match(/\d+/g)?.map(Number) ?? [];
  assert.ok(r > 150 && g < 80 && b < 80, `the alert is red (${background})`);
}

test('the client sees his requests, sends one, and a chest pain raises the emergency alert', async () => {
  const { context, page } = await newPage(harness.browser);
  try {
    await signInAsClient(page);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.getByRole('link', { name: 'Mes demandes', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Mon compte', exact: true }).waitFor();
    for (const staffOnly of ['Demandes', 'Clients', 'Agenda', 'Annuaire', 'Administration']) {
      assert.equal(await nav.getByRole('link', { name: staffOnly, exact: true }).count(), 0, `no "${staffOnly}" for a client`);
    }
    // The dashboard has a card for it.
    await page.getByRole('heading', { level: 3, name: 'Mes demandes' }).waitFor();

    await nav.getByRole('link', { name: 'Mes demandes', exact: true }).click();
    await page.waitForURL('**/mes-demandes');
    await page.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();
    await page.getByText('Dossier de BENALI Yanis').waitFor();
    await page.getByText('En cas d’urgence vitale, appelez le 15 ou le 112').waitFor();

    // The demo client's existing requests (a mole, a dental quote), with statuses in plain words.
    await rows(page).first().waitFor();
    const before = await rows(page).count();
    assert.ok(before >= 2, `the demo client's requests are listed (${before})`);
    for (const number of await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-number')))) {
      assert.match(number ?? '', /^DM-/);
    }
    await rows(page).filter({ hasText: 'Aide administrative' }).filter({ hasText: 'Reçue' }).waitFor();
    await assertControlsLabelled(page);

    // An empty text is refused in the browser.
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByText('Ce champ est obligatoire.').waitFor();

    // An ordinary request: acknowledged, listed as « Reçue ».
    await send(page, MOLE, { dates: 'les mardis matin', constraints: 'Près de Marseille' });
    const sent = page.getByText(/Votre demande DM-\S+ est envoyée/);
    await sent.waitFor();
    const number = (await sent.textContent())?.match(/DM-[\w-]+/)?.[0] ?? '';
    assert.ok(number, 'the number of the new request is shown');
    const row = page.getByTestId('portal-requests').locator(`[data-number="${number}"]`);
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Reçue/);
    assert.match((await row.textContent()) ?? '', /Rendez-vous spécialiste/);
    assert.equal(await rows(page).count(), before + 1);
    assert.equal(await page.getByRole('textbox', { name: /^Décrivez votre besoin/ }).inputValue(), '', 'the form is emptied');
    assert.equal(await page.getByTestId('portal-emergency-alert').count(), 0, 'no emergency alert for a mole');
    await screenshot(page, 'portal-desktop.png');

    // A message that evokes a heart attack: the alert, at once.
    await send(page, CHEST_PAIN);
    await expectEmergencyAlert(page);
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="portal-requests"] [data-number]').length === count, before + 2);
    await screenshot(page, 'portal-emergency-desktop.png');

    // In English.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My requests' }).waitFor();
    await page.getByText('In a life-threatening emergency, call 15 or 112').waitFor();
    await rows(page).filter({ hasText: 'Received' }).first().waitFor();
    await page.getByRole('alert').filter({ hasText: 'call 15 (SAMU) or 112 immediately' }).waitFor();
    await page.getByText('FR', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();

    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test('on a phone: the list, the form and the emergency alert fit the screen', async () => {
  const { context, page } = await newPage(harness.browser, PHONE);
  try {
    await signInAsClient(page);
    await page.getByRole('button', { name: 'Ouvrir le menu de navigation' }).click();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes demandes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();
    await rows(page).first().waitFor();
    await assertNoSidewaysOverflow(page);
    await assertControlsLabelled(page);
    await screenshot(page, 'portal-phone.png');

    await send(page, CHEST_PAIN);
    await expectEmergencyAlert(page);
    await assertNoSidewaysOverflow(page);
    await screenshot(page, 'portal-emergency-phone.png');
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test('an account not linked to a client record is told so, and sees no form', async () => {
  const { context, page } = await newPage(harness.browser);
  try {
    await signInAsClient(page);
    await page.route('**/api/portal/requests', (route) =>
      route.request().method() === 'GET' ? route.fulfill({ json: { client: null, requests: [] } }) : route.continue(),
    );
    await page.goto(`${harness.baseUrl}/mes-demandes`);
    await page.getByText('Votre compte n’est pas encore relié à votre dossier client : contactez votre conseiller.').waitFor();
    await page.getByText('En cas d’urgence vitale, appelez le 15 ou le 112').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Envoyer ma demande' }).count(), 0);
    assert.equal(await page.getByRole('textbox', { name: /^Décrivez votre besoin/ }).count(), 0);
    await screenshot(page, 'portal-not-linked.png');
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});
