// Browser journey of a teleconsultation, through the real server (demo data) in headless Chromium
// with a fake camera and microphone (--use-fake-device-for-media-stream, permission granted by
// --use-fake-ui-for-media-stream), French UI, Paris time:
//  (a) set-up through the API as the signed-in coordinator: a teleconsultation obtained by phone
//      for the demo client Yanis Benali, starting in 5 minutes (its room is open), another one
//      tomorrow with another practitioner, and a link for each participant;
//  (b) the practitioner and the client open their links: device check (camera, microphone,
//      browser, network), "Rejoindre"; the client waits, the practitioner lets him in; each side
//      decodes the other's video (RTCPeerConnection stats: framesDecoded > 0);
//  (c) a chat message goes both ways; the practitioner shares a PDF that the client downloads; a
//      file that is not really a PDF is refused;
//  (d) the practitioner ends the call and writes the report; the client sees the end; the team's
//      /teleconsultations page shows the call as ended with its participants;
//  (e) a forged token, the room's id in place of a token, and a genuine link of another
//      appointment cannot get into the room (clear page; socket closed; document refused).
// Screenshots go to test-results/teleconsultation-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, type Harness, jsErrors, newPage, screenshot, signInAndEnrol, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
let coordinator: Page;
let practitioner: Page;
let client: Page;
let csrf = '';
/** The demo client, as the clients module writes names (NOM Prénom). */
const CLIENT_NAME = 'BENALI Yanis';

const state = {
  appointmentId: '',
  number: '',
  practitionerUrl: '',
  clientUrl: '',
  otherNumber: '',
  otherClientUrl: '',
  documentId: '',
  clientId: '',
};

before(async () => {
  harness = await startHarness({ chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

async function open(): Promise<Page> {
  const session = await newPage(harness.browser);
  sessions.push(session);
  return session.page;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, expected = method === 'POST' ? 201 : 200): Promise<T> {
  const response = await coordinator.request.fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: method === 'POST' ? { 'x-csrf-token': csrf } : {},
    data: body,
  });
  assert.equal(response.status(), expected, `${method} ${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** The path of an absolute link of the server (PUBLIC_URL is the harness's base URL). */
const pathOf = (url: string) => new URL(url).pathname;
const tokenOf = (url: string) => pathOf(url).split('/').pop() ?? '';

/** Resolves when the page's call has decoded video frames from every remote participant. */
async function waitForVideo(page: Page, peers: number): Promise<void> {
  await page.waitForFunction(
    async (expected) => {
      const hook = (window as unknown as { __parcoursCall?: { stats: () => Promise<{ framesDecoded: number }[]> } }).__parcoursCall;
      if (!hook) return false;
      const stats = await hook.stats();
      return stats.length === expected && stats.every((s) => s.framesDecoded > 0);
    },
    peers,
    { timeout: 30_000, polling: 250 },
  );
}

/** The device check passes with the fake devices; the network check has finished. */
async function checkDevices(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Vérification de votre matériel' }).waitFor();
  await page.locator('[data-testid="check-camera"][data-verdict="ok"]').waitFor();
  await page.locator('[data-testid="check-microphone"][data-verdict="ok"]').waitFor();
  await page.locator('[data-testid="check-browser"][data-verdict="ok"]').waitFor();
  await page.locator('[data-testid="check-network"]:not([data-verdict="pending"])').waitFor();
  assert.equal(await page.locator('[data-testid="check-network"]').getAttribute('data-verdict'), 'ok', 'WebSocket and ICE candidates');
  await page.getByText('Votre caméra fonctionne').waitFor();
  // The preview plays the fake camera.
  await page.waitForFunction(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="local-preview"]');
    return Boolean(video && video.videoWidth > 0);
  });
}

test('set-up: the coordinator books a teleconsultation in 5 minutes and gets each participant a link', async () => {
  coordinator = await open();
  await signInAndEnrol(coordinator, harness.baseUrl, 'coordination@parcours.demo');
  csrf = (await call<{ csrfToken: string }>('GET', '/api/auth/me')).csrfToken;
  assert.ok(csrf, 'a CSRF token for the API calls');

  const { clients } = await call<{ clients: { id: string; displayName: string }[] }>('GET', `/api/clients?q=${encodeURIComponent('Benali')}`);
  const clientId = clients[0]?.id;
  assert.ok(clientId, 'the demo client Yanis Benali');
  state.clientId = clientId;
  const { practitioners } = await call<{ practitioners: { id: string }[] }>('GET', '/api/directory?teleconsultation=true&limit=10');
  assert.ok(practitioners.length >= 2, 'demo practitioners who do teleconsultations');

  const minute = 60_000;
  const soon = new Date(Math.ceil((Date.now() + 5 * minute) / minute) * minute).toISOString();
  const tomorrow = new Date(Date.parse(soon) + 24 * 60 * minute).toISOString();
  /** Books with the first practitioner free at that time (demo agendas have appointments). */
  async function book(startsAt: string, exclude: string | null): Promise<{ id: string; number: string; practitionerId: string }> {
    for (const p of practitioners) {
      if (p.id === exclude) continue;
      const response = await coordinator.request.post(`${harness.baseUrl}/api/appointments/external`, {
        headers: { 'x-csrf-token': csrf },
        data: { practitionerId: p.id, clientId, mode: 'teleconsultation', startsAt, durationMinutes: 20, confirmedWith: 'Secrétariat du cabinet (test)' },
      });
      if (response.status() === 409) continue;
      assert.equal(response.status(), 201, await response.text());
      const { appointment } = (await response.json()) as { appointment: { id: string; number: string; practitionerId: string } };
      return appointment;
    }
    throw new Error(`no practitioner free at ${startsAt}`);
  }
  const booked = await book(soon, null);
  const other = await book(tomorrow, booked.practitionerId);
  state.appointmentId = booked.id;
  state.number = booked.number;
  state.otherNumber = other.number;

  state.practitionerUrl = (await call<{ url: string }>('POST', `/api/appointments/${booked.id}/teleconsultation/links`, { role: 'practitioner' })).url;
  state.clientUrl = (await call<{ url: string }>('POST', `/api/appointments/${booked.id}/teleconsultation/links`, { role: 'client' })).url;
  state.otherClientUrl = (await call<{ url: string }>('POST', `/api/appointments/${other.id}/teleconsultation/links`, { role: 'client' })).url;
  assert.match(pathOf(state.clientUrl), /^\/teleconsultation\/[\w.-]{20,}$/);
  assert.notEqual(state.clientUrl, state.practitionerUrl, 'one link per participant');
});

test('practitioner and client join through their links; the client is let in; video flows both ways', async () => {
  assert.ok(state.practitionerUrl, 'set-up ran');
  practitioner = await open();
  await practitioner.goto(`${harness.baseUrl}${pathOf(state.practitionerUrl)}`);
  await practitioner.getByText(state.number).first().waitFor();
  await checkDevices(practitioner);
  await assertControlsLabelled(practitioner);
  await screenshot(practitioner, 'teleconsultation-device-check.png');
  await practitioner.getByRole('button', { name: 'Rejoindre', exact: true }).click();
  await practitioner.getByTestId('call-room').waitFor();
  await practitioner.getByText('Personne n’attend.').waitFor();

  client = await open();
  await client.goto(`${harness.baseUrl}${pathOf(state.clientUrl)}`);
  await checkDevices(client);
  await client.getByRole('button', { name: 'Rejoindre', exact: true }).click();
  await client.getByText('Le praticien va vous faire entrer.').waitFor();
  await client.getByRole('status').filter({ hasText: 'Vous êtes en salle d’attente.' }).waitFor();

  const admit = practitioner.getByRole('button', { name: `Faire entrer ${CLIENT_NAME}` });
  await admit.waitFor();
  await admit.click();
  await client.getByTestId('call-room').waitFor();
  await practitioner.getByText('Personne n’attend.').waitFor();

  await Promise.all([waitForVideo(practitioner, 1), waitForVideo(client, 1)]);
  await client.locator('[data-testid="remote-video"][data-connection="connected"]').waitFor();
  // The quality indicator leaves "en attente" once the stats have a round-trip time.
  await client.locator('[data-testid="call-quality"]:not([data-quality="unknown"])').waitFor();
  await assertControlsLabelled(client);
  await screenshot(client, 'teleconsultation-call-client.png');
});

test('a chat message goes both ways; a shared PDF reaches the other side; a fake PDF is refused', async () => {
  assert.ok(client, 'the call is on');
  await client.getByLabel('Votre message').fill('Bonjour docteur, je vous vois bien.');
  await client.getByRole('button', { name: 'Envoyer' }).click();
  await practitioner.getByRole('log').getByText('Bonjour docteur, je vous vois bien.').waitFor();
  await practitioner.getByLabel('Votre message').fill('Très bien, commençons.');
  await practitioner.getByLabel('Votre message').press('Enter');
  await client.getByRole('log').getByText('Très bien, commençons.').waitFor();

  // Mute and camera off are toggles; "Besoin d'aide" reaches the coordinators; the practitioner
  // can invite an interpreter, who gets a link of their own.
  await client.getByRole('button', { name: 'Couper le micro' }).click();
  await client.getByRole('button', { name: 'Activer le micro', pressed: true }).click();
  await client.getByRole('button', { name: 'Couper le micro', pressed: false }).waitFor();
  await client.getByRole('button', { name: 'Besoin d’aide' }).click();
  await client.getByTestId('help-sent').waitFor();
  await practitioner.getByLabel('Nom de la personne invitée').fill('Mme Interprète');
  await practitioner.getByRole('button', { name: 'Créer le lien' }).click();
  const invite = practitioner.getByLabel('Lien pour Mme Interprète');
  await invite.waitFor();
  assert.match(await invite.inputValue(), /\/teleconsultation\/[\w.-]{20,}$/);
  assert.notEqual(await invite.inputValue(), state.clientUrl);

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  await practitioner.getByLabel(/^Partager un document/).setInputFiles({ name: 'bilan-sanguin.pdf', mimeType: 'application/pdf', buffer: pdf });
  await practitioner.getByText('Document partagé.').waitFor();
  const shared = client.locator('[data-testid="shared-document"][data-name="bilan-sanguin.pdf"]');
  await shared.waitFor();
  const href = (await shared.getByRole('link', { name: 'Télécharger bilan-sanguin.pdf' }).getAttribute('href')) ?? '';
  state.documentId = /documents\/([^?]+)/.exec(href)?.[1] ?? '';
  const download = await client.request.get(`${harness.baseUrl}${href}`);
  assert.equal(download.status(), 200);
  assert.match(download.headers()['content-disposition'] ?? '', /attachment/);
  assert.ok((await download.body()).subarray(0, 5).equals(Buffer.from('%PDF-')), 'the same bytes come back');

  await client.getByLabel(/^Partager un document/).setInputFiles({ name: 'faux.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is not a PDF') });
  await client.getByRole('alert').filter({ hasText: /./ }).first().waitFor();
  assert.equal(await practitioner.locator('[data-testid="shared-document"][data-name="faux.pdf"]').count(), 0);
});

test('the practitioner ends the call and writes the report; the team sees the call ended', async () => {
  assert.ok(practitioner, 'the call is on');
  await practitioner.getByRole('button', { name: 'Terminer la consultation' }).click();
  await practitioner.getByRole('dialog', { name: 'Terminer la consultation ?' }).getByRole('button', { name: 'Terminer', exact: true }).click();
  await client.getByText('La consultation est terminée').first().waitFor();
  await practitioner.getByRole('heading', { name: 'Compte rendu' }).waitFor();
  // The client's page keeps the documents of the call.
  await client.locator('[data-testid="shared-document"][data-name="bilan-sanguin.pdf"]').waitFor();

  await practitioner.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
  await practitioner.getByText('Écrivez le compte rendu.').waitFor();
  await practitioner.getByLabel('Compte rendu de la consultation').fill('Patient vu en téléconsultation. Examen clinique limité ; bilan biologique normal.');
  await practitioner.getByLabel('Ordonnance (facultatif)').fill('Paracétamol 1 g, 3 fois par jour pendant 3 jours.');
  await practitioner.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
  await practitioner.getByTestId('report-saved').waitFor();
  await practitioner.getByText('Compte rendu enregistré').waitFor();
  await screenshot(practitioner, 'teleconsultation-report.png');

  // The shared file, the report and the prescription are in Yanis Benali's medical file (the team
  // sees it under his consent), as PDFs linked to this appointment.
  const filed = await call<{ documents: { title: string; type: string; appointmentId: string | null }[] }>('GET', `/api/clients/${state.clientId}/documents`);
  const ofCall = filed.documents.filter((d) => d.appointmentId === state.appointmentId);
  assert.deepEqual(ofCall.map((d) => d.type).sort(), ['administrative', 'prescription', 'report'], JSON.stringify(ofCall));

  await coordinator.getByRole('link', { name: 'Téléconsultations' }).click();
  await coordinator.getByRole('heading', { level: 1, name: 'Téléconsultations' }).waitFor();
  const row = coordinator.locator(`[data-testid="teleconsultation-row"][data-number="${state.number}"]`);
  await row.waitFor();
  await coordinator.locator(`[data-testid="teleconsultation-row"][data-number="${state.number}"][data-status="ended"]`).waitFor();
  // Both came: the client's name is in the row twice (patient column and participants).
  await row.getByText(CLIENT_NAME).nth(1).waitFor();
  await row.getByText(/\(Praticien\)/).waitFor();
  await row.getByRole('button', { name: `Lien patient — ${state.number}` }).click();
  const issued = coordinator.getByTestId('issued-link');
  await issued.waitFor();
  assert.match(await issued.inputValue(), /\/teleconsultation\/[\w.-]{20,}$/);
  await coordinator.getByRole('button', { name: 'Fermer', exact: true }).click();
  await issued.waitFor({ state: 'hidden' });
  await screenshot(coordinator, 'teleconsultation-staff.png');

  for (const page of [practitioner, client, coordinator]) assert.deepEqual(jsErrors(page), [], 'no script errors');
});

test('a forged token, the room id or another appointment’s link cannot get into the room', async () => {
  assert.ok(state.otherClientUrl, 'set-up ran');
  const third = await open();

  await third.goto(`${harness.baseUrl}/teleconsultation/forged`);
  await third.getByRole('alert').filter({ hasText: 'Lien invalide' }).waitFor();
  assert.equal(await third.getByRole('button', { name: 'Rejoindre', exact: true }).count(), 0);

  await third.goto(`${harness.baseUrl}/teleconsultation/${state.appointmentId}`);
  await third.getByRole('alert').filter({ hasText: 'Lien invalide' }).waitFor();

  // A genuine token whose signature was altered.
  const token = tokenOf(state.clientUrl);
  const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  await third.goto(`${harness.baseUrl}/teleconsultation/${tampered}`);
  await third.getByRole('alert').filter({ hasText: 'Lien invalide' }).waitFor();

  // A valid link, but for another appointment (tomorrow): it shows that appointment only, and its
  // room is not open; its token opens neither this room's socket nor this room's documents.
  await third.goto(`${harness.baseUrl}${pathOf(state.otherClientUrl)}`);
  await third.getByText(state.otherNumber).first().waitFor();
  assert.equal(await third.getByText(state.number).count(), 0);
  await third.getByTestId('room-not-open').waitFor();
  assert.ok(await third.getByRole('button', { name: 'Rejoindre', exact: true }).isDisabled());
  await screenshot(third, 'teleconsultation-not-open.png');

  const otherToken = tokenOf(state.otherClientUrl);
  const socket = await third.evaluate(
    (url) =>
      new Promise<{ code: number; messages: string[] }>((resolve) => {
        const messages: string[] = [];
        const ws = new WebSocket(url);
        ws.onmessage = (event) => messages.push(String(event.data));
        ws.onclose = (event) => resolve({ code: event.code, messages });
      }),
    `${harness.baseUrl.replace('http', 'ws')}/api/teleconsultation/ws?token=${encodeURIComponent(otherToken)}`,
  );
  assert.equal(socket.code, 4410, 'the other room is closed');
  assert.ok(!socket.messages.some((m) => m.includes('"welcome"')), 'never welcomed');

  const forgedSocket = await third.evaluate(
    (url) => new Promise<number>((resolve) => Object.assign(new WebSocket(url), { onclose: (event: CloseEvent) => resolve(event.code) })),
    `${harness.baseUrl.replace('http', 'ws')}/api/teleconsultation/ws?token=${encodeURIComponent(tampered)}`,
  );
  assert.equal(forgedSocket, 4401);

  assert.ok(state.documentId, 'a document was shared');
  const document = await third.request.get(`${harness.baseUrl}/api/teleconsultation/documents/${state.documentId}?token=${encodeURIComponent(otherToken)}`);
  assert.ok([403, 404].includes(document.status()), `another appointment's link cannot read this room's document (got ${document.status()})`);
  assert.deepEqual(jsErrors(third), [], 'no script errors');
});
