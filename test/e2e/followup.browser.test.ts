// Browser journey of follow-up and satisfaction, through the real server (demo data) in headless
// Chromium: a consultation is marked honoured → the request page shows its « Suivi » plan, the
// explanation step asks for its note; the client's usual pharmacy, picked on the client file and
// shown on the client page, is preselected in the prescription step; the survey link (from the
// outbox) opens on a phone, is answered with stars and a score, then refuses a second answer; the
// team's « Avis clients » page lists it with the chart, and a negative answer reaches the inbox as
// client feedback. Screenshots go to test-results/followup-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, assertNoSidewaysOverflow, type Harness, jsErrors, newPage, PHONE, screenshot, signInAndEnrol, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
let requestId = '';
let clientId = '';
let surveyLink = '';

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

async function call(page: Page, method: 'GET' | 'POST', path: string, body?: unknown) {
  const me = await (await page.request.get(`${harness.baseUrl}/api/auth/me`)).json();
  const res = await page.request.fetch(`${harness.baseUrl}${path}`, { method, headers: { 'x-csrf-token': me.csrfToken }, ...(body ? { data: body } : {}) });
  return { status: res.status(), body: await res.json().catch(() => null) };
}

test('(a) an honoured consultation gives the request its follow-up plan; explaining results needs a note', async () => {
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  const errors = jsErrors(page);
  await signInAndEnrol(page, harness.baseUrl, 'coordination@parcours.demo');
  const queue = await call(page, 'GET', '/api/requests');
  const demo = queue.body.requests.find((r: { client: { displayName: string } }) => /Da Silva/i.test(r.client.displayName));
  assert.ok(demo, 'the demo client Antonio Da Silva');
  // A new request of his (the demo one already has its plan).
  const created = await call(page, 'POST', '/api/requests', { clientId: demo.client.id, channel: 'phone', kind: 'specialist', text: 'Genou douloureux depuis une chute, avis demandé (test).' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const request = { id: created.body.request.id as string, client: demo.client as { id: string } };
  requestId = request.id;
  clientId = request.client.id;
  const practitioner = (await call(page, 'GET', '/api/directory?limit=1')).body.practitioners[0];
  // Yesterday's consultation, obtained by phone: the survey (end + 2 h) is due at once.
  const startsAt = new Date(Date.now() - 26 * 3_600_000).toISOString();
  const booked = await call(page, 'POST', '/api/appointments/external', { practitionerId: practitioner.id, clientId: request.client.id, requestId, startsAt, durationMinutes: 30, confirmedWith: 'secrétariat (test)' });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  assert.equal((await call(page, 'POST', `/api/appointments/${booked.body.appointment.id}/outcome`, { status: 'completed' })).status, 200);

  await page.goto(`${harness.baseUrl}/demandes/${requestId}`);
  const panel = page.locator('section[aria-labelledby="request-followup"]');
  await panel.getByTestId('followup-panel').waitFor({ timeout: 30_000 });
  assert.equal(await panel.getByRole('button', { name: 'Terminer' }).count(), 4);
  await panel.getByTestId('followup-step-collect_report').getByRole('button', { name: 'Terminer' }).click();
  await panel.getByTestId('followup-step-collect_report').getByText(/Fait le/).waitFor();
  await panel.getByTestId('followup-step-explain_results').getByRole('button', { name: 'Terminer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ce qui a été expliqué au client' });
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await dialog.getByText('Ce champ est obligatoire.').waitFor();
  await assertControlsLabelled(page);
  await dialog.getByLabel(/Note d’explication/).fill('Pas de lésion méniscale ; kinésithérapie 6 semaines (démo).');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await panel.getByTestId('followup-step-explain_results').getByText(/kinésithérapie/).waitFor();
  await screenshot(page, 'followup-request.png');
  assert.deepEqual(errors, []);
});

test('(a2) the usual pharmacy is picked on the client file, shown on the client page, and preselected for the prescription', async () => {
  const { page } = sessions[0] as { page: Page };
  const errors = jsErrors(page);
  const panel = page.locator('section[aria-labelledby="request-followup"]');
  const dialog = page.getByRole('dialog', { name: 'Transmettre l’ordonnance' });
  // Without a usual pharmacy, the step proposes none and would keep the one chosen on the file.
  await page.goto(`${harness.baseUrl}/demandes/${requestId}`);
  await panel.getByTestId('followup-step-send_prescription').getByRole('button', { name: 'Terminer' }).click();
  await dialog.getByText('Le client n’a pas encore de pharmacie habituelle.').waitFor();
  await dialog.getByRole('combobox', { name: /Pharmacie \(annuaire\)/ }).fill('lecourbe');
  await page.getByRole('option', { name: 'Pharmacie Lecourbe — 75015 Paris' }).click();
  assert.equal(await dialog.getByRole('checkbox', { name: 'Enregistrer comme pharmacie habituelle' }).isChecked(), true, 'checked by default for a client without one');
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await dialog.waitFor({ state: 'detached' });

  await page.goto(`${harness.baseUrl}/clients/${clientId}/modifier`);
  const section = page.locator('section[aria-labelledby="client-pharmacy"]');
  await section.getByRole('heading', { name: 'Pharmacie habituelle' }).waitFor();
  const picker = section.getByRole('combobox', { name: 'Pharmacie habituelle' });
  assert.equal(await picker.inputValue(), '', 'Antonio Da Silva has no usual pharmacy in the demo');
  // Search as you type: without the accent, the directory still finds it.
  await picker.fill('marche');
  await page.getByRole('option', { name: 'Pharmacie du Marché — 75011 Paris' }).click();
  await assertControlsLabelled(page);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(new RegExp(`/clients/${clientId}$`));
  const shown = page.locator('section[aria-labelledby="client-contact"]').getByTestId('client-pharmacy');
  await shown.waitFor();
  assert.match((await shown.textContent()) ?? '', /Pharmacie du Marché.*75011 Paris/);
  await screenshot(page, 'followup-client-pharmacy.png');

  await page.goto(`${harness.baseUrl}/demandes/${requestId}`);
  await panel.getByTestId('followup-step-send_prescription').getByRole('button', { name: 'Terminer' }).click();
  const proposed = dialog.getByRole('combobox', { name: /Pharmacie \(annuaire\)/ });
  await proposed.waitFor();
  assert.equal(await proposed.inputValue(), 'Pharmacie du Marché — 75011 Paris', 'the usual pharmacy is preselected');
  await dialog.getByText('Pharmacie habituelle du client, proposée par défaut').waitFor();
  assert.equal(await dialog.getByRole('checkbox', { name: 'Enregistrer comme pharmacie habituelle' }).count(), 0, 'nothing to save: it is already the usual one');
  await assertControlsLabelled(page);
  await screenshot(page, 'followup-prescription-dialog.png');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await panel.getByTestId('followup-step-send_prescription').getByText(/Fait le/).waitFor();
  await panel.getByText('Pharmacie du Marché — 75011 Paris').waitFor();
  assert.deepEqual(errors, []);
});

test('(b) the survey link opens on a phone, takes stars and a score, then refuses a second answer', async () => {
  const admin = await newPage(harness.browser);
  sessions.push(admin);
  await signInAndEnrol(admin.page, harness.baseUrl, 'admin@parcours.demo');
  // The server's worker sends the survey (Antonio Da Silva has a mobile, no e-mail): wait for the SMS.
  for (let i = 0; i < 100 && !surveyLink; i++) {
    const outbox = await call(admin.page, 'GET', '/api/admin/sms?limit=200');
    const sms = outbox.body.messages.find((m: { body: string }) => /\/avis\//.test(m.body));
    if (sms) {
      assert.doesNotMatch(sms.body, /genou|Da Silva|rhumato|ortho/i);
      surveyLink = /https?:\/\/\S+\/avis\/[A-Za-z0-9_-]+/.exec(sms.body)?.[0] ?? '';
    } else await admin.page.waitForTimeout(300);
  }
  assert.ok(surveyLink, `the survey SMS is in the outbox: ${JSON.stringify((await call(admin.page, 'GET', '/api/admin/sms?limit=20')).body).slice(0, 600)}`);
  const token = surveyLink.split('/avis/')[1];

  const session = await newPage(harness.browser, PHONE);
  sessions.push(session);
  const { page } = session;
  const errors = jsErrors(page);
  await page.goto(`${harness.baseUrl}/avis/${token}`);
  await page.getByRole('heading', { level: 1, name: 'Votre avis' }).waitFor();
  await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
  assert.equal(await page.getByText('Choisissez une note.').count(), 2);
  // The star is the radio's label (the input itself is visually hidden, as for any custom radio).
  const star = await page.getByRole('radio', { name: '4 étoiles sur 5' }).getAttribute('id');
  await page.locator(`label[for="${star}"]`).click();
  assert.equal(await page.getByRole('radio', { name: '4 étoiles sur 5' }).isChecked(), true);
  await page.getByTestId('survey-nps').getByText('9', { exact: true }).click();
  await page.getByLabel(/Un commentaire/).fill('Très bonne coordination.');
  await assertControlsLabelled(page);
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'followup-survey-phone.png');
  await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
  await page.getByTestId('survey-thanks').waitFor();
  await page.reload();
  await page.getByTestId('survey-invalid').getByText('Vous avez déjà répondu à cette enquête : merci !').waitFor();
  assert.deepEqual(errors, []);
});

test('(c) the team sees the answer, with CSAT and NPS by month', async () => {
  const { page } = sessions[0] as { page: Page };
  const errors = jsErrors(page);
  await page.goto(`${harness.baseUrl}/avis-clients`);
  await page.getByRole('heading', { level: 1, name: 'Avis clients' }).waitFor();
  const row = page.getByTestId('survey-row').filter({ hasText: 'Très bonne coordination.' });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /49/, 'CSAT 4 and NPS 9 in their columns');
  assert.match((await page.getByTestId('surveys-totals').textContent()) ?? '', /Réponses : \d+/);
  await screenshot(page, 'followup-surveys.png');
  // The demo's negative answer reached its request's coordinator as client feedback, not as an assignment.
  await page.getByTestId('inbox-button').click();
  const feedback = page.getByRole('menuitem').filter({ hasText: 'Avis client négatif' });
  assert.equal(await feedback.first().getAttribute('data-kind'), 'feedback');
  assert.match((await feedback.first().textContent()) ?? '', /Avis client ·/);
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
});
