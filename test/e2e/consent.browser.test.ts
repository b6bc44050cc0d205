// Browser journey of consent, through the real server (demo data) in headless Chromium, French UI:
//  (a) the admin links the demo practitioner account (dr.martin@parcours.demo) to a cardiologist of
//      the directory (Dr Nadia ROCHER) from Administration › Comptes;
//  (b) the team files a result and a prescription in the demo client's medical file (API, as the
//      coordinator's browser would);
//  (c) the demo client, in « Mes données et partages », gives that cardiologist access to results
//      only, for a purpose;
//  (d) the practitioner sees the client among the shared files with the result and not the
//      prescription (opening it is refused);
//  (e) the client sees, in « Historique des accès », that the cardiologist viewed the result, and
//      the refusal; the privacy notice is linked from the sign-in page and the portal's footer.
// Screenshots go to test-results/consent-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, type Harness, jsErrors, newPage, screenshot, signInAndEnrol, signInWithPassword, startHarness } from './harness.ts';
import { minimalPdf } from '../../src/modules/records/pdf.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
const stamp = Date.now().toString(36);
const RESULT = `Résultats sanguins ${stamp}`;
const PRESCRIPTION = `Ordonnance Holter ${stamp}`;
const state = { clientId: '', resultId: '', prescriptionId: '', practitionerName: '' };

before(async () => {
  harness = await startHarness();
});
after(async () => {
  for (const s of sessions) await s.context.close().catch(() => {});
  await harness?.stop();
});

async function open(): Promise<Page> {
  const session = await newPage(harness.browser);
  sessions.push(session);
  return session.page;
}

/** A JSON or binary call with the page's session cookie and CSRF token, as the web app makes it. */
async function call(page: Page, method: 'GET' | 'POST', path: string, body?: Buffer, headers: Record<string, string> = {}) {
  const me = await page.request.get(`${harness.baseUrl}/api/auth/me`);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  return page.request.fetch(`${harness.baseUrl}${path}`, { method, headers: { 'x-csrf-token': csrf, ...headers }, ...(body ? { data: body } : {}) });
}

test('(a) the admin links the practitioner account to the cardiologist of the directory', async () => {
  const admin = await open();
  await signInAndEnrol(admin, harness.baseUrl, 'admin@parcours.demo');
  await admin.goto(`${harness.baseUrl}/administration/comptes`);
  await admin.getByLabel('Rechercher').fill('dr.martin');
  await admin.getByRole('button', { name: /^Actions .*Martin/ }).click();
  await admin.getByRole('menuitem', { name: 'Relier à l’annuaire' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Rechercher le praticien').fill('Rocher');
  const choose = dialog.getByRole('button', { name: /^Choisir .*ROCHER/i });
  await choose.first().waitFor();
  await choose.first().click();
  await admin.getByText('Compte relié à l’annuaire.').waitFor();
  await admin.goto(`${harness.baseUrl}/administration/rgpd`);
  await admin.getByRole('heading', { name: 'Durées de conservation' }).waitFor();
  await assertControlsLabelled(admin);
  await screenshot(admin, 'consent-admin-rgpd.png');
  assert.deepEqual(jsErrors(admin), []);
});

test('(b) the team files a result and a prescription in the demo client’s file', async () => {
  const client = await open();
  await client.goto(`${harness.baseUrl}/connexion`);
  await client.getByRole('link', { name: 'Confidentialité et vos droits' }).click();
  await client.getByRole('heading', { level: 1, name: 'Confidentialité et protection de vos données' }).waitFor();
  await client.getByText(/hébergeur certifié HDS/).waitFor();
  await client.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(client, 'client@parcours.demo');
  await client.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  state.clientId = ((await (await client.request.get(`${harness.baseUrl}/api/auth/me`)).json()) as { user: { clientId: string } }).user.clientId;
  assert.ok(state.clientId, 'the demo client account is linked to its record');

  const coordinator = await open();
  await signInAndEnrol(coordinator, harness.baseUrl, 'coordination@parcours.demo');
  const upload = async (type: string, title: string) => {
    const res = await call(coordinator, 'POST', `/api/clients/${state.clientId}/documents?${new URLSearchParams({ type, title })}`, minimalPdf([title]), { 'content-type': 'application/pdf', 'x-filename': 'document.pdf' });
    assert.equal(res.status(), 201, await res.text());
    return ((await res.json()) as { document: { id: string } }).document.id;
  };
  state.resultId = await upload('result', RESULT);
  state.prescriptionId = await upload('prescription', PRESCRIPTION);
});

test('(c) the client gives the cardiologist access to results only', async () => {
  const client = sessions[1]?.page as Page;
  await client.goto(`${harness.baseUrl}/mes-demandes`);
  await client.getByTestId('portal-footer').getByRole('link', { name: 'Mes données et partages' }).click();
  await client.getByRole('heading', { level: 1, name: 'Mes données et partages' }).waitFor();
  const form = client.getByTestId('consent-form');
  await form.getByLabel('Un praticien nommé').check();
  await form.getByLabel('Rechercher le praticien').fill('Rocher');
  await form.getByRole('button', { name: /^Choisir .*ROCHER/i }).first().click();
  state.practitionerName = ((await form.getByTestId('consent-practitioner-chosen').textContent()) ?? '').replace(/^Praticien choisi : /, '').replace(/Changer$/, '').trim();
  assert.match(state.practitionerName, /ROCHER$/);
  await form.getByLabel('Résultats').check();
  await form.getByLabel('Dans quel but ?').fill('Suivi cardiologique');
  await form.getByRole('button', { name: 'Donner l’accès' }).click();
  await client.getByText('Accès donné.').waitFor();
  const row = client.getByTestId('consent-list').locator(`tr[data-grantee="${state.practitionerName}"]`).first();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-state'), 'live');
  assert.match((await row.textContent()) ?? '', /Résultats.*Suivi cardiologique.*En cours/);
  await assertControlsLabelled(client);
  await screenshot(client, 'consent-portal-shares.png');
});

test('(d) the practitioner sees the result, not the prescription', async () => {
  const doctor = await open();
  await signInAndEnrol(doctor, harness.baseUrl, 'dr.martin@parcours.demo');
  await doctor.goto(`${harness.baseUrl}/dossiers-partages/${state.clientId}`);
  await doctor.getByText(RESULT).first().waitFor();
  assert.equal(await doctor.getByText(PRESCRIPTION).count(), 0, 'the prescription is not listed');
  const result = await doctor.request.get(`${harness.baseUrl}/api/practitioner/documents/${state.resultId}/content?disposition=inline`);
  assert.equal(result.status(), 200);
  const prescription = await doctor.request.get(`${harness.baseUrl}/api/practitioner/documents/${state.prescriptionId}/content?disposition=inline`);
  assert.equal(prescription.status(), 403, 'the prescription is refused');
  assert.match(((await prescription.json()) as { code: string }).code, /consent_required$/);
  await screenshot(doctor, 'consent-practitioner.png');
  assert.deepEqual(jsErrors(doctor), []);
});

test('(e) the client sees the access, and the refusal, in the history', async () => {
  const client = sessions[1]?.page as Page;
  await client.goto(`${harness.baseUrl}/mes-donnees`);
  const history = client.getByTestId('access-history');
  const viewed = history.getByText(new RegExp(`^${state.practitionerName} a consulté "${RESULT}" le \\d\\d/\\d\\d à \\d\\d:\\d\\d$`));
  await viewed.first().waitFor();
  await history.getByText(new RegExp(`^${state.practitionerName} s’est vu refuser l’accès à vos ordonnances`)).first().waitFor();
  await client.getByRole('link', { name: 'Télécharger mes données' }).waitFor();
  await screenshot(client, 'consent-portal-history.png');
  assert.deepEqual(jsErrors(client), []);
});
