// Browser journey through the real server (fresh embedded PGlite database with demo data) in
// headless Chromium: sign-in, forced 2FA enrolment, sign-in with a TOTP code, the French shell,
// the English switch, a phone-size layout, and the administration pages.
// Screenshots go to test-results/ (shell.png, shell-phone.png, admin-*.png).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  assertControlsLabelled,
  assertNoSidewaysOverflow,
  enrolTotp,
  type Harness,
  jsErrors,
  newPage as openPage,
  PHONE,
  resultsDir,
  screenshot,
  signInWithPassword,
  signInWithTotp,
  signOut,
  startHarness,
} from './harness.ts';

let harness: Harness;
let baseUrl = '';

before(async () => {
  harness = await startHarness();
  baseUrl = harness.baseUrl;
});

after(async () => {
  await harness?.stop();
});

const newPage = (viewport?: { width: number; height: number }) => openPage(harness.browser, viewport);

test('advisor: forced 2FA enrolment, sign-in with a code, French shell, English switch, phone layout', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${baseUrl}/`);
    await page.waitForURL('**/connexion');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await assertControlsLabelled(page);

    await signInWithPassword(page, 'conseil@parcours.demo');
    const secret = await enrolTotp(page);

    await signOut(page);
    await signInWithTotp(page, 'conseil@parcours.demo', secret);

    // The shell, in French.
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    for (const label of ['Demandes', 'Clients', 'Annuaire', 'Agenda', 'Téléconsultations', 'Alertes résultats', 'Facturation', 'Indicateurs']) {
      await nav.getByRole('link', { name: label, exact: true }).waitFor();
    }
    assert.equal(await nav.getByRole('link', { name: 'Administration' }).count(), 0, 'no Administration link for an advisor');
    await page.getByTestId('user-role').filter({ hasText: 'Conseiller médical' }).waitFor();
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('banner').count(), 1);
    assert.equal(await page.title(), 'Tableau de bord · Parcours');
    await page.getByRole('button', { name: /^Notifications/ }).waitFor();
    await screenshot(page, 'shell.png');

    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Aller au contenu principal');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    // Every capability of the navigation is a real page now.
    await nav.getByRole('link', { name: 'Demandes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    await page.getByRole('link', { name: 'Nouvelle demande' }).waitFor();
    await nav.getByRole('link', { name: 'Indicateurs', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Indicateurs' }).waitFor();

    // Mon compte: the sessions list shows this session.
    await page.getByRole('button', { name: /^Menu de / }).click();
    await page.getByRole('menuitem', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await page.getByText('Cette session').waitFor();
    await assertControlsLabelled(page);

    // English, kept across a reload.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Requests', exact: true }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Requests', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByText('FR', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();

    // Phone: the navigation is behind the burger, nothing overflows sideways.
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    const burger = page.getByRole('button', { name: 'Ouvrir le menu de navigation' });
    await burger.waitFor();
    await page.screenshot({ path: join(resultsDir, 'shell-phone.png'), animations: 'disabled' });
    await assertNoSidewaysOverflow(page);
    await burger.click();
    await page.getByRole('link', { name: 'Agenda', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test('practitioners and clients see neither requests nor clients', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${baseUrl}/connexion`);
    await signInWithPassword(page, 'client@parcours.demo');
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.getByRole('link', { name: 'Mes demandes', exact: true }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Demandes', exact: true }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Clients', exact: true }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Notifications/ }).count(), 0);
    await page.goto(`${baseUrl}/demandes`);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test('admin: accounts, audit log, outbox; the invitee chooses a password from the e-mailed link', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${baseUrl}/administration`);
    await page.waitForURL('**/connexion');
    await signInWithPassword(page, 'admin@parcours.demo');
    await enrolTotp(page);

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Administration' }).click();
    await page.waitForURL('**/administration/comptes');
    await page.getByRole('cell', { name: 'conseil@parcours.demo' }).waitFor();
    await assertControlsLabelled(page);

    // Create an account: the invitation lands in the outbox.
    await page.getByRole('button', { name: 'Créer un compte' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau compte' });
    await dialog.getByRole('textbox', { name: 'E-mail', exact: true }).fill('nouvelle.coordinatrice@parcours.demo');
    await dialog.getByLabel('Nom affiché').fill('Nina Coordinatrice');
    await dialog.getByRole('button', { name: 'Créer un compte' }).click();
    await page.getByText('Une invitation a été envoyée à nouvelle.coordinatrice@parcours.demo').waitFor();
    await page.getByRole('cell', { name: 'nouvelle.coordinatrice@parcours.demo' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await screenshot(page, 'admin-users.png');

    await page.getByRole('tab', { name: 'Journal d’accès' }).click();
    await page.waitForURL('**/administration/journal');
    await page.getByRole('cell', { name: /users\.created/ }).first().waitFor();
    await assertControlsLabelled(page);
    await screenshot(page, 'admin-audit.png');

    await page.getByRole('tab', { name: 'Boîte d’envoi' }).click();
    await page.waitForURL('**/administration/envois');
    await page.getByText('Aucun serveur SMTP n’est configuré', { exact: false }).waitFor();
    const invitation = page.getByRole('row').filter({ hasText: 'nouvelle.coordinatrice@parcours.demo' });
    await invitation.getByRole('button').click();
    const link = page.getByRole('dialog').getByRole('link', { name: /\/reinitialiser\?token=/ });
    const href = (await link.getAttribute('href')) ?? '';
    assert.ok(href.startsWith(`${baseUrl}/reinitialiser?token=`), href);
    await screenshot(page, 'admin-outbox.png');
    assert.deepEqual(jsErrors(page), []);

    // The invitee opens the link in their own browser, chooses a password, then signs in.
    const invitee = await newPage(PHONE);
    try {
      // "Forgot password" never tells whether the account exists.
      await invitee.page.goto(`${baseUrl}/connexion`);
      await invitee.page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
      await invitee.page.getByLabel('Adresse e-mail').fill('personne@example.org');
      await invitee.page.getByRole('button', { name: 'Envoyer le lien' }).click();
      await invitee.page.getByText('Si un compte existe, un e-mail a été envoyé.').waitFor();

      await invitee.page.goto(href);
      await invitee.page.getByRole('heading', { level: 1, name: 'Bienvenue sur Parcours' }).waitFor();
      await assertControlsLabelled(invitee.page);
      await invitee.page.getByRole('textbox', { name: 'Nouveau mot de passe', exact: true }).fill('trop-court');
      await invitee.page.getByRole('textbox', { name: 'Confirmez le mot de passe', exact: true }).fill('trop-court');
      await invitee.page.getByRole('button', { name: 'Activer mon compte' }).click();
      await invitee.page.getByText('Le mot de passe doit contenir au moins 12 caractères.').waitFor();
      const chosen = 'Une phrase de passe assez longue';
      await invitee.page.getByRole('textbox', { name: 'Nouveau mot de passe', exact: true }).fill(chosen);
      await invitee.page.getByRole('textbox', { name: 'Confirmez le mot de passe', exact: true }).fill(chosen);
      await invitee.page.getByRole('button', { name: 'Activer mon compte' }).click();
      await invitee.page.waitForURL('**/connexion');
      await invitee.page.getByText('Votre compte est prêt.', { exact: false }).waitFor();
      await invitee.page.getByLabel('Adresse e-mail').fill('nouvelle.coordinatrice@parcours.demo');
      await invitee.page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(chosen);
      await invitee.page.getByRole('button', { name: 'Se connecter' }).click();
      await invitee.page.waitForURL('**/compte/2fa');
      await invitee.page.getByTestId('totp-secret').waitFor();
      assert.deepEqual(jsErrors(invitee.page), []);
    } finally {
      await invitee.context.close();
    }
  } finally {
    await context.close();
  }
});
