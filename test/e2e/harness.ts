// What the browser journeys share: a real server on a fresh embedded database with demo data,
// headless Chromium in French (fr-FR, Europe/Paris: date inputs show jj/mm/aaaa), sign-in and
// 2FA helpers, and page checks (labelled controls, no sideways overflow, no script errors).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const resultsDir = join(repo, 'test-results');
export const DEMO_PASSWORD = 'Parcours-demo-2026';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  baseUrl: string;
  browser: Browser;
  /** Server output so far (for assertion messages). */
  log: () => string;
  stop: () => Promise<void>;
}

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

async function waitForHealth(url: string, server: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs} ms:\n${log()}`);
}

/** Builds the web app if needed, starts the server (demo data) and Chromium (with `chromiumArgs` added,
 * e.g. the fake camera and microphone of the teleconsultation journey). */
export async function startHarness(options: { chromiumArgs?: string[] } = {}): Promise<Harness> {
  // The server serves dist/web: make sure it matches the sources (skips when up to date).
  const build = spawnSync(process.execPath, ['scripts/build-web.ts'], { cwd: repo, encoding: 'utf8' });
  assert.equal(build.status, 0, `web build failed:\n${build.stdout}\n${build.stderr}`);

  mkdirSync(resultsDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'parcours-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PARCOURS_DATA_DIR: dataDir,
    PARCOURS_DEMO: '1',
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // No internet here: no address API, no map tiles.
    GEOCODER_URL: 'off',
    MAP_TILES_URL: 'off',
  };
  // A fresh embedded database and no real mail server, whatever the caller's environment says.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  let serverLog = '';
  const log = () => serverLog;
  const server = spawn(process.execPath, ['bin/parcours.js', 'start'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
  });

  // On Linux, Chromium takes its UI locale (hence the jj/mm/aaaa of date inputs) from LANGUAGE,
  // not from --lang; either needs the French resources (Debian package chromium-l10n).
  const launching = chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, LANGUAGE: 'fr_FR:fr', LANG: 'fr_FR.UTF-8' },
    args: [
      '--lang=fr-FR',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.chromiumArgs ?? []),
    ],
  });
  let browser: Browser;
  try {
    [browser] = await Promise.all([launching, waitForHealth(baseUrl, server, log, 60_000)]);
  } catch (error) {
    server.kill('SIGKILL');
    (await launching.catch(() => undefined))?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  async function stop(): Promise<void> {
    await browser.close().catch(() => {});
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }

  return { baseUrl, browser, log, stop };
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context in French (Paris time); script errors are collected per page. */
export async function newPage(browser: Browser, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Expected API refusals (400 field errors, 403, 409…) are logged by the browser as network errors.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) errors.push(message.text());
  });
  (page as Page & { jsErrors?: string[] }).jsErrors = errors;
  return { context, page };
}

export function jsErrors(page: Page): string[] {
  return (page as Page & { jsErrors?: string[] }).jsErrors ?? [];
}

/** The current TOTP code, or the one an authenticator app shows `stepsAhead` × 30 s later. */
export function totp(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}

/** Every visible form control has an accessible name (label, aria-label or aria-labelledby). */
export async function assertControlsLabelled(page: Page): Promise<void> {
  const unlabelled = await page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll<HTMLInputElement>('input, select, textarea'));
    return controls
      .filter((el) => el.type !== 'hidden' && el.getClientRects().length > 0)
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      .map((el) => el.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unlabelled, [], 'form controls without a label');
}

/** Nothing sticks out of the screen sideways (tables scroll inside their own container). */
export async function assertNoSidewaysOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const insideScroller = (el: Element) => {
      for (let parent = el.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') return true;
      }
      return false;
    };
    return Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0 && !insideScroller(el))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
  });
  assert.deepEqual(overflow, [], 'nothing overflows the phone screen sideways');
}

export async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Forced enrolment: read the key shown as text, confirm with a code; returns the secret. */
export async function enrolTotp(page: Page): Promise<string> {
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

/** A staff member's first sign-in on a fresh database: password, then the forced 2FA enrolment. */
export async function signInAndEnrol(page: Page, baseUrl: string, email: string): Promise<string> {
  await page.goto(`${baseUrl}/connexion`);
  await signInWithPassword(page, email);
  return enrolTotp(page);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Menu de / }).click();
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await page.waitForURL('**/connexion');
  await page.getByText('Vous êtes déconnecté.').waitFor();
}

/** Password, then the TOTP code asked by the server; a code of the next 30 s step avoids reusing
 * the one spent on enrolment. If the server refuses it, wait for the next step and use that one. */
export async function signInWithTotp(page: Page, email: string, secret: string): Promise<void> {
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

/** The whole page: the viewport is stretched to the page's height for the shot, so that the fixed
 * header and navigation are drawn once, where they belong. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? DESKTOP;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 6000) });
  await page.screenshot({ path: join(resultsDir, name), animations: 'disabled' });
  if (height > viewport.height) await page.setViewportSize(viewport);
}

type Session = { context: BrowserContext; page: Page };

/** A new browser page signed in as a staff account (2FA enrolled on first use); closed with `sessions`. */
export async function signedInPage(harness: Harness, sessions: Session[], email: string): Promise<Page> {
  const session = await newPage(harness.browser);
  sessions.push(session);
  await signInAndEnrol(session.page, harness.baseUrl, email);
  return session.page;
}

/** One signed-in page per staff account, opened on first use and reused by the later steps of a file. */
export function staffSessions(harness: () => Harness, sessions: Session[]): (email: string) => Promise<Page> {
  const pages = new Map<string, Promise<Page>>();
  return (email) => {
    let page = pages.get(email);
    if (!page) {
      page = signedInPage(harness(), sessions, email);
      pages.set(email, page);
    }
    return page;
  };
}
