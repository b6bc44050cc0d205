// Browser journeys around scheduling, through the real server (demo data) in headless Chromium,
// French UI, Paris time:
//  (a) the admin edits the teleconsultation reminder policy (Administration → Rappels) and sees the
//      preview computed by the same planReminders as the server; it is kept after a reload;
//  (b) the coordinator adds a taxi conventionné to Yanis Benali's booked appointment (provider from
//      the directory, typed Paris date and time, cost in euros), confirms it, and its task is ticked;
//  (c) the client (Yanis Benali) gets an "Ajouter à mon agenda" address in the portal, whose ICS
//      (fetched) holds his appointment.
// Screenshots go to test-results/scheduling-extras-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertControlsLabelled, type Harness, jsErrors, newPage, screenshot, signedInPage, signInWithPassword, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

const staffPage = (email: string) => signedInPage(harness, sessions, email);

const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function parisOf(iso: string): { day: string; month: string; year: string; time: string } {
  const p = Object.fromEntries(paris.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return { day: p.day ?? '', month: p.month ?? '', year: p.year ?? '', time: `${p.hour}:${p.minute}` };
}

test('(a) the admin edits the teleconsultation reminders and sees the preview', async () => {
  const page = await staffPage('admin@parcours.demo');
  await page.goto(`${harness.baseUrl}/administration/rappels`);
  const section = page.getByTestId('reminder-policy-teleconsultation');
  const rows = section.getByTestId('reminder-rule');
  const preview = section.getByTestId('reminder-preview-teleconsultation');
  // The demo team policy: e-mail 7 days and 1 day before, SMS 1 day and 2 h before.
  await rows.nth(3).waitFor();
  assert.equal(await rows.count(), 4);
  await preview.locator('[data-key="sms-120"]').waitFor();
  await assertControlsLabelled(page);

  // A fifth reminder starts as "SMS 2 heures", a duplicate: said next to the field, saving is off.
  await section.getByRole('button', { name: 'Ajouter un rappel' }).click();
  await rows.nth(4).waitFor();
  await section.getByText('Ce rappel est déjà dans la liste.').waitFor();
  assert.equal(await section.getByRole('button', { name: 'Enregistrer' }).isDisabled(), true);
  // One hour before instead: the preview shows it at once.
  await section.getByRole('textbox', { name: 'Délai avant le rendez-vous — Rappel 5' }).fill('1');
  await preview.locator('[data-key="sms-60"]').waitFor();
  await section.getByText('Ce rappel est déjà dans la liste.').waitFor({ state: 'detached' });
  // Booked two days ahead, the 7-day e-mail cannot go.
  await preview.getByText('2 jours avant', { exact: true }).click();
  await preview.getByText('Ne part pas : E-mail 7 jours avant').waitFor();
  await screenshot(page, 'scheduling-extras-reminders.png');

  await section.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Rappels enregistrés : Téléconsultations.').waitFor();
  await page.reload();
  await rows.nth(4).waitFor();
  assert.equal(await rows.count(), 5);
  await preview.locator('[data-key="sms-60"]').waitFor();
  await section.getByText(/^Modifié le .+ par /).waitFor();
  assert.deepEqual(jsErrors(page), []);
});

test('(b) the coordinator adds a taxi to an appointment, confirms it, and its task is ticked', async () => {
  const page = await staffPage('coordination@parcours.demo');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
  const row = page.locator('tbody tr[data-request]').filter({ hasText: /Benali/i }).filter({ hasText: 'Dermatologie' });
  await row.first().waitFor();
  const number = (await row.first().getAttribute('data-request')) ?? '';
  await row.first().getByRole('link', { name: number }).click();
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);

  // Yanis's booked appointment with the demo's confirmed taxi.
  const item = page.locator('[data-testid="request-appointment"][data-status="booked"]').filter({ has: page.locator('[data-testid="logistics-item"][data-kind="taxi"][data-status="confirmed"]') });
  await item.waitFor();
  const appointmentNumber = (await item.getAttribute('data-number')) ?? '';
  const startsAt = (await item.getAttribute('data-starts-at')) ?? '';

  await item.getByRole('button', { name: 'Ajouter un transport ou un hébergement' }).click();
  const form = item.getByTestId('logistics-form');
  await form.waitFor();
  await assertControlsLabelled(page);
  await form.getByLabel('Prestataire', { exact: true }).click();
  await page.getByRole('option', { name: /^Taxi Horizon conventionné/ }).click();
  // The return ride: an hour after the appointment starts, Paris time, typed.
  const back = parisOf(new Date(new Date(startsAt).getTime() + 3_600_000).toISOString());
  const when = form.getByRole('group', { name: /^Départ ou arrivée/ });
  await when.getByRole('textbox', { name: /: date$/ }).fill(`${back.day}/${back.month}/${back.year}`);
  await when.getByLabel(/: heure$/).fill(back.time);
  await form.getByRole('textbox', { name: 'Coût (€)' }).fill('42,50');
  await form.getByLabel('Précisions').fill('Retour au domicile');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Taxi conventionné ajouté : une tâche est créée pour le coordinateur.').waitFor();

  const added = item.locator('[data-testid="logistics-item"][data-status="requested"]');
  await added.waitFor();
  await added.getByText(/Taxi Horizon conventionné · .+ · 42,50\s€/).waitFor();
  const tasks = page.getByRole('checkbox', { name: `Marquer « Organiser : taxi conventionné — ${appointmentNumber} » comme faite` });
  await tasks.nth(1).waitFor();
  assert.equal(await tasks.count(), 2, 'one task per taxi');

  await added.getByRole('button', { name: 'Confirmer' }).click();
  await item.locator('[data-testid="logistics-item"][data-status="confirmed"]').nth(1).waitFor();
  // Both tasks ticked: the demo's (confirmed at seeding) and this one.
  await page.waitForFunction(
    (name) => [...document.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].filter((box) => box.getAttribute('aria-label') === name).every((box) => box.checked),
    `Marquer « Organiser : taxi conventionné — ${appointmentNumber} » comme faite`,
  );
  await screenshot(page, 'scheduling-extras-logistics.png');
  assert.deepEqual(jsErrors(page), []);
});

test('(c) the client adds his appointments to his calendar: the ICS address holds them', async () => {
  const session = await newPage(harness.browser);
  sessions.push(session);
  const { page } = session;
  await page.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(page, 'client@parcours.demo');
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  await page.goto(`${harness.baseUrl}/mes-demandes`);
  const mine = page.getByRole('region', { name: 'Mes rendez-vous' });
  const booked = mine.locator('[data-testid="portal-appointment"][data-status="booked"]').first();
  await booked.waitFor();
  const startsAt = (await booked.locator('time').getAttribute('datetime')) ?? '';

  await mine.getByRole('button', { name: 'Ajouter à mon agenda' }).click();
  const dialog = page.getByRole('dialog', { name: 'Abonnement agenda (ICS)' });
  await dialog.getByText('Google Agenda', { exact: false }).waitFor();
  await dialog.getByRole('button', { name: 'Créer l’adresse' }).click();
  const field = dialog.getByRole('textbox', { name: 'Adresse secrète de l’agenda' });
  await field.waitFor();
  const url = await field.inputValue();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/[\w-]{20,}\.ics$/);
  await dialog.getByRole('button', { name: 'Créer une nouvelle adresse' }).waitFor();
  await assertControlsLabelled(page);
  await screenshot(page, 'scheduling-extras-feed.png');

  const response = await page.request.get(url);
  assert.equal(response.status(), 200);
  const ics = await response.text();
  const stamp = `${startsAt.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}`;
  assert.ok(ics.includes('BEGIN:VCALENDAR'), ics.slice(0, 200));
  assert.ok(ics.includes(`DTSTART:${stamp}`) || ics.includes(stamp), `the appointment ${startsAt} is in the feed`);
  assert.doesNotMatch(ics, /dermato/i, 'no specialty in the feed');

  // A new address: the old one stops working.
  await dialog.getByRole('button', { name: 'Créer une nouvelle adresse' }).click();
  await page.waitForFunction((old) => (document.querySelector<HTMLInputElement>('[data-testid="calendar-feed-url"] input, input[data-testid="calendar-feed-url"]')?.value ?? old) !== old, url);
  assert.equal((await page.request.get(url)).status(), 404);
  assert.deepEqual(jsErrors(page), []);
});
