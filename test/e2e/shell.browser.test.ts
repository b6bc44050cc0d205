// Browser journey through the real server (fresh embedded PGlite database with demo data) in
// headless Chromium: sign-in, forced 2FA enrolment, sign-in with a TOTP code, the French shell,
// the English switch, a phone-size layout, and the administration pages.
// Screenshots go to test-results/ (shell.png, shell-phone.png, admin-*.png).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { generate } from 'otplib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = join(repo, 'test-results');
const DEMO_PASSWORD = 'Parcours-demo-2026';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: ChildProcess | undefined;
let serverLog = '';
let dataDir = '';
let baseUrl = '';
let browser: Browser | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) {
      throw new Error(`the server exited with code ${server.exitCode}:\n${serverLog}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs} ms:\n${serverLog}`);
}

/** The current TOTP code, or the one an authenticator app shows `stepsAhead` × 30 s later. */
function totp(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}

before(async () => {
  // The server serves dist/web: make sure it matches the sources (skips when up to date).
  const build = spawnSync(process.execPath, ['scripts/build-web.ts'], { cwd: repo, encoding: 'utf8' });
  assert.equal(build.status, 0, `web build failed:\n${build.stdout}\n${build.stderr}`);

  mkdirSync(resultsDir, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'parcours-e2e-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PARCOURS_DATA_DIR: dataDir,
    PARCOURS_DEMO: '1',
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  // A fresh embedded database and no real mail server, whatever the caller's environment says.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  server = spawn(process.execPath, ['bin/parcours.js', 'start'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
  });

  const launching = chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const [launched] = await Promise.all([launching, waitForHealth(baseUrl, 60_000)]);
  browser = launched;
});

after(async () => {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
  assert.ok(browser, 'the browser is running');
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) errors.push(message.text());
  });
  (page as Page & { jsErrors?: string[] }).jsErrors = errors;
  return { context, page };
}

function jsErrors(page: Page): string[] {
  return (page as Page & { jsErrors?: string[] }).jsErrors ?? [];
}

/** Every visible form control has an accessible name (label, aria-label or aria-labelledby). */
async function assertControlsLabelled(page: Page): Promise<void> {
  const unlabelled = await page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll<HTMLInputElement>('input, select, textarea'));
    return controls
      .filter((el) => el.type !== 'hidden' && el.getClientRects().length > 0)
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      .map((el) => el.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unlabelled, [], 'form controls without a label');
}

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Forced enrolment: read the key shown as text, confirm with a code; returns the secret. */
async function enrolTotp(page: Page): Promise<string> {
  await page.waitForURL('**/compte/2fa');
  await page.getByText('Votre rôle exige la double authentification').waitFor();
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  assert.match(secret, /^[A-Z2-7]{16,}=*$/, 'a base32 secret is shown as text');
  const qr = page.getByRole('img', { name: /QR code/ });
  assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
  await page.getByLabel('Code de vérification').fill(await totp(secret));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  return secret;
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Menu de / }).click();
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await page.waitForURL('**/connexion');
  await page.getByText('Vous êtes déconnecté.').waitFor();
}

/** Password, then the TOTP code asked by the server; a code of the next 30 s step avoids reusing
 * the one spent on enrolment. If the server refuses it, wait for the next step and use that one. */
async function signInWithTotp(page: Page, email: string, secret: string): Promise<void> {
  await signInWithPassword(page, email);
  const codeField = page.getByLabel('Code de vérification');
  await codeField.waitFor();
  await codeField.fill(await totp(secret, 1));
  await page.getByRole('button', { name: 'Vérifier le code' }).click();
  const dashboard = page.getByRole('heading', { level: 1, name: 'Tableau de bord' });
  const refused = page.getByRole('alert').filter({ hasText: /code/i });
  // Whichever comes first; the other wait is abandoned (and must not reject unhandled).
  const quiet = (wait: Promise<void>) => wait.then(() => true).catch(() => false);
  await Promise.race([quiet(dashboard.waitFor()), quiet(refused.waitFor())]);
  if (await refused.isVisible()) {
    const wait = 30_000 - (Date.now() % 30_000) + 300;
    await page.waitForTimeout(wait);
    await codeField.fill(await totp(secret));
    await page.getByRole('button', { name: 'Vérifier le code' }).click();
    await dashboard.waitFor();
  }
}

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
    for (const label of ['Demandes', 'Clients', 'Annuaire', 'Agenda', 'Téléconsultations', 'Dossiers', 'Facturation', 'Indicateurs']) {
      await nav.getByRole('link', { name: label, exact: true }).waitFor();
    }
    assert.equal(await nav.getByRole('link', { name: 'Administration' }).count(), 0, 'no Administration link for an advisor');
    await page.getByTestId('user-role').filter({ hasText: 'Conseiller médical' }).waitFor();
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('banner').count(), 1);
    assert.equal(await page.title(), 'Tableau de bord · Parcours');
    await page.screenshot({ path: join(resultsDir, 'shell.png'), fullPage: true, animations: 'disabled' });

    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Aller au contenu principal');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    // A capability that a later version delivers says so.
    await nav.getByRole('link', { name: 'Demandes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    await page.getByText('Ce module arrive dans une prochaine version').waitFor();

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
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    const burger = page.getByRole('button', { name: 'Ouvrir le menu de navigation' });
    await burger.waitFor();
    await page.screenshot({ path: join(resultsDir, 'shell-phone.png'), animations: 'disabled' });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return Array.from(document.querySelectorAll<HTMLElement>('body *'))
        .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
    });
    assert.deepEqual(overflow, [], 'nothing overflows the phone screen sideways');
    await burger.click();
    await page.getByRole('link', { name: 'Agenda', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
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
    await page.screenshot({ path: join(resultsDir, 'admin-users.png'), fullPage: true, animations: 'disabled' });

    await page.getByRole('tab', { name: 'Journal d’accès' }).click();
    await page.waitForURL('**/administration/journal');
    await page.getByRole('cell', { name: /users\.created/ }).first().waitFor();
    await assertControlsLabelled(page);
    await page.screenshot({ path: join(resultsDir, 'admin-audit.png'), fullPage: true, animations: 'disabled' });

    await page.getByRole('tab', { name: 'Boîte d’envoi' }).click();
    await page.waitForURL('**/administration/envois');
    await page.getByText('Aucun serveur SMTP n’est configuré', { exact: false }).waitFor();
    const invitation = page.getByRole('row').filter({ hasText: 'nouvelle.coordinatrice@parcours.demo' });
    await invitation.getByRole('button').click();
    const link = page.getByRole('dialog').getByRole('link', { name: /\/reinitialiser\?token=/ });
    const href = (await link.getAttribute('href')) ?? '';
    assert.ok(href.startsWith(`${baseUrl}/reinitialiser?token=`), href);
    await page.screenshot({ path: join(resultsDir, 'admin-outbox.png'), fullPage: true, animations: 'disabled' });
    assert.deepEqual(jsErrors(page), []);

    // The invitee opens the link in their own browser, chooses a password, then signs in.
    const invitee = await newPage({ width: 390, height: 844 });
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
