// Memberships on the client page and quote documents on the request page, through the real server
// (demo data) in headless Chromium, French UI, Paris time:
//  (a) the demo family membership shows on Yanis Benali's page (his daughter Léa Martin as a
//      dependent, its first invoice issued) and on Léa's page (dependent, holder linked);
//  (b) the coordinator opens Marguerite Fontaine from the client search and subscribes the yearly
//      plan from 1 July with a dependent found by name: first an employer left blank gets the API's
//      French message next to the field; then the membership is listed (period to 31 December,
//      active, the dependent, the prorated draft invoice, which opens); auto-renewal is turned off
//      (still off after a reload), then the membership is cancelled;
//  (c) on Yanis Benali's dental crown request, the demo quote's document opens as a PDF; a text
//      file is refused with the API's French message; a PDF is attached to the other quote from
//      its card, and a new quote is recorded with its PDF from the form: each link serves the very
//      bytes uploaded, as application/pdf, and opens in a new tab;
//  (d) once the client has withdrawn the team's consent, opening the demo quote's document shows
//      the API's French refusal on the quote's card, and no tab is left open on a raw JSON error.
// Screenshots go to test-results/memberships-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, type Harness, jsErrors, screenshot, startHarness, staffSessions } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
const staff = staffSessions(() => harness, sessions);
const COORDINATOR = 'coordination@parcours.demo';
const PLAN = 'Adhésion annuelle « Sérénité »';

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const s of sessions) await s.context.close().catch(() => {});
  await harness?.stop();
});

const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date()));
/** "217,78 €" as the page writes it (fr-FR, whatever kind of space before the sign). */
const euros = (cents: number) => new RegExp(`${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}\\s€`);
const half = (n: number, d: number) => Math.floor((n * 2 + d) / (2 * d));

async function clientId(page: Page, q: string): Promise<string> {
  const found = await page.request.get(`${harness.baseUrl}/api/clients?q=${encodeURIComponent(q)}`);
  const client = (await found.json()).clients[0];
  assert.ok(client, `demo client ${q}`);
  return client.id;
}

/** A small but real PDF (the server sniffs the type), different each time. */
const pdfBytes = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');

test('(a) the demo family membership shows on the holder’s and the dependent’s pages', async () => {
  const page = await staff(COORDINATOR);
  await page.goto(`${harness.baseUrl}/clients/${await clientId(page, 'Benali')}`);
  const section = page.getByRole('region', { name: 'Adhésions' });
  const row = section.getByRole('article').filter({ hasText: PLAN });
  await row.waitFor();
  await row.getByText(/ · Titulaire$/).waitFor();
  await row.getByText('Active', { exact: true }).waitFor();
  await row.getByText('Le client', { exact: true }).waitFor();
  await row.getByRole('link', { name: /MARTIN Léa/i }).waitFor();
  await row.getByText('(fille)', { exact: false }).waitFor();
  await row.getByRole('button', { name: new RegExp(`^Facture F-${year}-\\d{6} — `) }).waitFor();
  assert.equal(await row.getByRole('switch', { name: `Renouvellement automatique — ${PLAN}` }).isChecked(), true);

  // Léa's page: the same membership, as a dependent, the holder linked.
  await row.getByRole('link', { name: /MARTIN Léa/i }).click();
  await page.getByRole('heading', { level: 1, name: /MARTIN Léa/i }).waitFor();
  const hers = page.getByRole('region', { name: 'Adhésions' }).getByRole('article').filter({ hasText: PLAN });
  await hers.getByText('Bénéficiaire ; titulaire :', { exact: false }).waitFor();
  await hers.getByRole('link', { name: /BENALI Yanis/i }).waitFor();
  assert.deepEqual(jsErrors(page), []);
});

test('(b) the coordinator subscribes a client with a dependent, sees the prorated draft, turns renewal off, cancels', async () => {
  const page = await staff(COORDINATOR);
  // Opening the client from the search.
  await page.getByRole('navigation').getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Rechercher un client' }).fill('Fontaine');
  await page.getByRole('link', { name: /^FONTAINE Marguerite/ }).click();
  await page.getByRole('heading', { level: 1, name: /FONTAINE Marguerite/ }).waitFor();
  const section = page.getByRole('region', { name: 'Adhésions' });
  await section.getByText('Aucune adhésion pour ce client.').waitFor();

  await section.getByRole('button', { name: 'Souscrire une adhésion' }).click();
  const form = section.getByRole('form', { name: 'Souscrire une adhésion' });
  await form.getByRole('combobox', { name: 'Formule d’adhésion' }).click();
  await page.getByRole('option', { name: /^Adhésion annuelle « Sérénité » — 360,00\s€ HT \(annuelle\)$/ }).click();
  await form.getByLabel('Date d’adhésion').fill(`${year}-07-01`);
  // Her trusted person is offered as a relative (not a registered client: the search finds nobody).
  await form.getByRole('button', { name: 'Ajouter Hugo Fontaine (fils)' }).waitFor();

  // The employer chosen but named with blanks only: the API's message, next to the field.
  await form.getByRole('radio', { name: 'Son employeur' }).check();
  await form.getByRole('textbox', { name: /^Employeur \(raison sociale\)/ }).fill('   ');
  await form.getByRole('button', { name: 'Souscrire', exact: true }).click();
  await form.getByText('Indiquez l’employeur qui règle l’adhésion.').waitFor();
  assert.equal(await form.getByRole('textbox', { name: /^Employeur \(raison sociale\)/ }).getAttribute('aria-invalid'), 'true');
  await form.getByRole('radio', { name: 'Le client' }).check();

  // A dependent found by name, with the relation.
  await form.getByRole('button', { name: 'Ajouter un bénéficiaire' }).click();
  await form.getByRole('combobox', { name: /^Bénéficiaire 1/ }).fill('Da Silva');
  await page.getByRole('option', { name: /^DA SILVA Antonio/i }).click();
  await form.getByRole('textbox', { name: 'Lien avec le titulaire' }).fill('conjoint');
  await assertControlsLabelled(page);
  await screenshot(page, 'memberships-form.png');
  await form.getByRole('button', { name: 'Souscrire', exact: true }).click();

  // Joining on 1 July pays the days left of the calendar year: 184 of 365 (or 366).
  const periodDays = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365;
  const excl = half(36_000 * 184, periodDays);
  const incl = excl + half(excl * 2000, 10_000);
  await form.waitFor({ state: 'detached' });
  await section.getByRole('status').getByText(euros(incl)).waitFor();
  const row = section.getByRole('article').filter({ hasText: PLAN });
  await row.getByText(`du 01/07/${year} au 31/12/${year}`).waitFor();
  await row.getByText('Active', { exact: true }).waitFor();
  await row.getByText(/ · Titulaire$/).waitFor();
  await row.getByRole('link', { name: /DA SILVA Antonio/i }).waitFor();
  await row.getByText('(conjoint)', { exact: false }).waitFor();
  await row.getByText('Brouillon', { exact: true }).waitFor();
  const draftLink = row.getByRole('button', { name: /^Facture brouillon — / });
  assert.match((await draftLink.textContent()) ?? '', euros(incl));
  await screenshot(page, 'memberships-listed.png');

  // The draft invoice opens: one prorated line.
  await draftLink.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Facture Brouillon' }).waitFor();
  await dialog.getByRole('cell', { name: `${PLAN} — du 01/07/${year} au 31/12/${year} (prorata 184/${periodDays} jours)` }).waitFor();
  await dialog.getByText(/^Total TTC : /).filter({ hasText: euros(incl) }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // Renewal off, and it stays off.
  const renew = row.getByRole('switch', { name: `Renouvellement automatique — ${PLAN}` });
  assert.equal(await renew.isChecked(), true);
  await renew.click();
  await page.getByText('Renouvellement automatique désactivé.').waitFor();
  assert.equal(await renew.isChecked(), false);
  await page.reload();
  const again = page.getByRole('region', { name: 'Adhésions' }).getByRole('article').filter({ hasText: PLAN });
  await again.getByText('Active', { exact: true }).waitFor();
  assert.equal(await again.getByRole('switch', { name: `Renouvellement automatique — ${PLAN}` }).isChecked(), false);

  // Cancelled, after confirming: no more renewal switch to turn on, no cancel button.
  page.once('dialog', (confirm) => void confirm.accept());
  await again.getByRole('button', { name: `Résilier l’adhésion ${PLAN}` }).click();
  await page.getByText('Adhésion résiliée.').waitFor();
  await again.getByText('Résiliée', { exact: true }).waitFor();
  assert.equal(await again.getByRole('button', { name: /^Résilier/ }).count(), 0);
  assert.equal(await again.getByRole('switch', { name: `Renouvellement automatique — ${PLAN}` }).isDisabled(), true);
  await screenshot(page, 'memberships-cancelled.png');
  assert.deepEqual(jsErrors(page), []);
});

test('(c) quote documents: the demo one opens, a wrong file is refused, PDFs attached from a card and from the form open', async () => {
  const page = await staff(COORDINATOR);
  const id = await clientId(page, 'Benali');
  const queue = await (await page.request.get(`${harness.baseUrl}/api/requests?scope=all&clientId=${id}`)).json();
  const request = queue.requests.find((r: { kind: string; text: string }) => r.kind === 'admin_help' && /couronne/.test(r.text));
  assert.ok(request, 'the demo request for a dental crown');
  await page.goto(`${harness.baseUrl}/demandes/${request.id}`);
  const billing = page.getByRole('region', { name: 'Facturation' });
  const card = (label: string) => billing.locator('.mantine-Paper-root').filter({ has: page.getByText(label, { exact: true }) });

  // The demo quote came with its document.
  const ceramic = card('Couronne céramique (dent 36) — Centre dentaire Oberkampf');
  const demoLink = ceramic.getByRole('link', { name: 'Ouvrir le devis — Couronne céramique (dent 36) — Centre dentaire Oberkampf' });
  const demoPdf = await page.request.get(`${harness.baseUrl}${await demoLink.getAttribute('href')}`);
  assert.equal(demoPdf.status(), 200);
  assert.equal(demoPdf.headers()['content-type'], 'application/pdf');
  assert.equal((await demoPdf.body()).subarray(0, 5).toString(), '%PDF-');

  // The other one has none yet: a text file is refused, in French.
  const other = card('Couronne céramo-métallique (dent 36)');
  assert.equal(await other.getByRole('link', { name: /^Ouvrir le devis/ }).count(), 0);
  const attach = other.getByRole('button', { name: 'Joindre le devis (PDF) — Couronne céramo-métallique (dent 36)' });
  let chooser = page.waitForEvent('filechooser');
  await attach.click();
  await (await chooser).setFiles({ name: 'devis.txt', mimeType: 'text/plain', buffer: Buffer.from('pas un PDF') });
  await other.getByRole('alert').getByText('Type de fichier refusé : PDF, JPEG ou PNG seulement.').waitFor();

  // A PDF from the card: busy while it goes, then the link.
  const first = pdfBytes(`devis ceramo-metallique ${Date.now()}`);
  chooser = page.waitForEvent('filechooser');
  await attach.click();
  await (await chooser).setFiles({ name: 'Devis céramo-métallique.pdf', mimeType: 'application/pdf', buffer: first });
  await page.getByText('Document du devis joint au dossier du client.').waitFor();
  const otherLink = other.getByRole('link', { name: 'Ouvrir le devis — Couronne céramo-métallique (dent 36)' });
  await otherLink.waitFor();
  assert.equal(await other.getByRole('alert').count(), 0, 'the earlier refusal is gone');
  await other.getByRole('button', { name: 'Remplacer le document — Couronne céramo-métallique (dent 36)' }).waitFor();
  // Opening it: a new tab, answered with the very bytes, as a PDF.
  const served = page.context().waitForEvent('response', (r) => r.url().includes('/api/documents/') && r.request().method() === 'GET');
  const popup = page.waitForEvent('popup');
  await otherLink.click();
  const response = await served;
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  // The new tab shows the very file fetched (no second request for it).
  const tab = await popup;
  await tab.waitForURL(/^blob:/);
  await tab.close();
  const fetched = await page.request.get(`${harness.baseUrl}${await otherLink.getAttribute('href')}`);
  assert.deepEqual(await fetched.body(), first);

  // A new quote with its PDF straight from the form.
  await billing.getByRole('button', { name: 'Ajouter un devis' }).click();
  const form = billing.getByRole('form', { name: 'Ajouter un devis' });
  await form.getByRole('textbox', { name: 'Devis (prestataire, objet)' }).fill('Inlay-core et couronne — Clinique test');
  await form.getByRole('textbox', { name: 'Total (€)' }).fill('820');
  await form.getByRole('textbox', { name: 'Part Assurance Maladie (€)' }).fill('72');
  const second = pdfBytes(`devis clinique ${Date.now()}`);
  await form.locator('input[type="file"]').setInputFiles({ name: 'devis-clinique.pdf', mimeType: 'application/pdf', buffer: second });
  await form.getByText('devis-clinique.pdf').waitFor();
  await assertControlsLabelled(page);
  await form.getByRole('button', { name: 'Ajouter un devis' }).click();
  await form.waitFor({ state: 'detached' });
  const added = card('Inlay-core et couronne — Clinique test');
  const addedLink = added.getByRole('link', { name: 'Ouvrir le devis — Inlay-core et couronne — Clinique test' });
  await addedLink.waitFor();
  const got = await page.request.get(`${harness.baseUrl}${await addedLink.getAttribute('href')}`);
  assert.equal(got.headers()['content-type'], 'application/pdf');
  assert.deepEqual(await got.body(), second);
  await screenshot(page, 'memberships-quotes.png');
  assert.deepEqual(jsErrors(page), []);
});

test('(d) without the client’s consent, opening a quote’s document says so on the page', async () => {
  const page = await staff(COORDINATOR);
  const id = await clientId(page, 'Benali');
  // The client withdraws the team's consent (recorded by the coordinator on their instruction).
  const { csrfToken } = await (await page.request.get(`${harness.baseUrl}/api/auth/me`)).json();
  const { consents } = await (await page.request.get(`${harness.baseUrl}/api/clients/${id}/consents`)).json();
  const team = consents.filter((c: { grantee: { type: string }; state: string }) => c.grantee.type === 'team' && c.state !== 'revoked');
  assert.ok(team.length, 'the demo team consent');
  for (const consent of team) {
    const revoked = await page.request.post(`${harness.baseUrl}/api/clients/${id}/consents/${consent.id}/revoke`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { channel: 'phone', instruction: 'Le client retire son consentement (test).' },
    });
    assert.equal(revoked.status(), 200, await revoked.text());
  }

  const queue = await (await page.request.get(`${harness.baseUrl}/api/requests?scope=all&clientId=${id}`)).json();
  const request = queue.requests.find((r: { kind: string; text: string }) => r.kind === 'admin_help' && /couronne/.test(r.text));
  await page.goto(`${harness.baseUrl}/demandes/${request.id}`);
  const billing = page.getByRole('region', { name: 'Facturation' });
  const label = 'Couronne céramique (dent 36) — Centre dentaire Oberkampf';
  const ceramic = billing.locator('.mantine-Paper-root').filter({ has: page.getByText(label, { exact: true }) });
  const link = ceramic.getByRole('link', { name: `Ouvrir le devis — ${label}` });
  await link.waitFor();
  const refused = page.waitForResponse((r) => r.url().includes('/api/documents/') && r.request().method() === 'GET');
  await link.click();
  assert.equal((await refused).status(), 403);
  await ceramic.getByRole('alert').getByText(/^Le client n’a pas donné son consentement à ce partage/).waitFor();
  // The tab opened for the document is closed again: only the request page is left.
  for (let i = 0; i < 50 && page.context().pages().length > 1; i++) await page.waitForTimeout(100);
  assert.deepEqual(
    page.context().pages().map((p) => p.url()),
    [page.url()],
  );
  await screenshot(page, 'memberships-quote-no-consent.png');
  assert.deepEqual(jsErrors(page), []);
});
