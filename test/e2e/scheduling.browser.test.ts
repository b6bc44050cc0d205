// Browser journeys of scheduling, through the real server (demo data) in headless Chromium, French
// UI, Paris time:
//  (a) the coordinator opens the demo request of Marguerite Fontaine (cardiac ultrasound, two
//      cardiologists in the Sélection with weekly hours), searches slots, proposes three to the
//      client and books a fourth directly;
//  (b) the client opens the link of the proposal e-mail (read from the admin's outbox) on a phone,
//      without an account, picks one slot and sees the confirmation;
//  (c) the coordinator sees the booked appointment on the request page and in the Agenda; the
//      admin's outbox holds the confirmation e-mail;
//  (d) in the Agenda's week view, dragging an appointment to a free time moves it; dropping it on
//      a taken time is refused with the server's message and it goes back;
//  (e) an appointment obtained by phone is entered with the date-time picker (Paris time);
//  (f) the demo client (Yanis Benali) sees his appointment in the portal and cancels it.
// Screenshots go to test-results/scheduling-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { assertControlsLabelled, assertNoSidewaysOverflow, type Harness, jsErrors, newPage, PHONE, screenshot, signInWithPassword, staffSessions, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
/** The client's phone, without an account (step b). */
let clientPhone: Page | undefined;
const CLIENT_EMAIL = 'marguerite.fontaine@exemple.fr';

/** Shared between the steps: the request page, the slots used, the booked appointment. */
const state: { requestUrl: string; practitionerId: string; slots: string[]; booked: string; accepted: string } = { requestUrl: '', practitionerId: '', slots: [], booked: '', accepted: '' };

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
});

const staffPage = staffSessions(() => harness, sessions);

const coordinatorPage = () => staffPage('coordination@parcours.demo');

const adminPage = () => staffPage('admin@parcours.demo');

const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** The Paris date ("2026-11-24") and time ("10:30") of an instant. */
function parisOf(iso: string): { date: string; time: string } {
  const p = Object.fromEntries(paris.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

interface OutboxMail {
  to: string;
  subject: string;
  textBody: string;
  createdAt: string;
}

async function outbox(page: Page): Promise<OutboxMail[]> {
  const response = await page.request.get(`${harness.baseUrl}/api/admin/outbox?limit=200`);
  assert.equal(response.status(), 200, await response.text());
  return ((await response.json()) as { messages: OutboxMail[] }).messages;
}

/** Waits until the e-mail is in the outbox (the mail queue works in the background). */
async function waitForMail(page: Page, match: (mail: OutboxMail) => boolean, what: string): Promise<OutboxMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await outbox(page)).filter(match).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} in the outbox`);
    await page.waitForTimeout(300);
  }
}

/** Mantine chips hide their checkbox behind the label: click the label, as a user does. */
async function toggleChip(scope: Locator, name: string): Promise<void> {
  const input = scope.getByRole('checkbox', { name });
  const id = (await input.getAttribute('id')) ?? '';
  const before = await input.isChecked();
  await scope.locator(`label[for="${id}"]`).click();
  assert.equal(await input.isChecked(), !before);
}

/** Runs the slot search and waits for its new results (the previous slot buttons are marked stale first). */
async function searchSlots(section: Locator): Promise<void> {
  const page = section.page();
  await page.evaluate(() => {
    for (const slot of document.querySelectorAll<HTMLElement>('[data-testid="slot"]')) slot.dataset.stale = '1';
  });
  await section.getByRole('button', { name: 'Chercher les créneaux' }).click();
  await page.waitForFunction(() => {
    const results = document.querySelector('[data-testid="slot-results"]');
    const slots = [...document.querySelectorAll<HTMLElement>('[data-testid="slot-results"] [data-testid="slot"]')];
    return results?.getAttribute('aria-busy') === 'false' && slots.length > 0 && slots.every((slot) => !slot.dataset.stale);
  });
}

function schedulingSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Rendez-vous', exact: true });
}

test('(a) the coordinator searches the Sélection’s slots for the cardiac ultrasound, proposes three and books a fourth', async () => {
  const page = await coordinatorPage();
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
  const row = page.locator('tbody tr[data-request]').filter({ hasText: /Fontaine/i }).filter({ hasText: 'Cardiologie' });
  await row.first().waitFor();
  const number = (await row.first().getAttribute('data-request')) ?? '';
  await row.first().getByRole('link', { name: number }).click();
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
  state.requestUrl = page.url();
  await page.getByTestId('request-text').filter({ hasText: 'échographie cardiaque' }).waitFor();

  // Slots of each practitioner of the Sélection, grouped by day, in Paris time.
  const section = schedulingSection(page);
  await section.scrollIntoViewIfNeeded();
  const results = section.getByTestId('slot-results');
  await results.getByTestId('slot').first().waitFor();
  assert.ok((await results.getByTestId('slot-practitioner').count()) >= 2, 'one block per practitioner of the Sélection');
  await section.getByText(/\d+ créneaux trouvés · Heures de Paris/).waitFor();
  await assertControlsLabelled(page);

  // From tomorrow (a whole day of free slots), on the client's days: Tuesdays and Thursdays.
  await section.getByLabel('À partir du').fill(parisOf(new Date(Date.now() + 86_400_000).toISOString()).date);
  await toggleChip(section, 'mardi');
  await toggleChip(section, 'jeudi');
  await searchSlots(section);
  for (const day of await results.getByTestId('slot-day').all()) {
    const weekday = new Date(`${await day.getAttribute('data-date')}T12:00:00Z`).getUTCDay();
    assert.ok(weekday === 2 || weekday === 4, 'only Tuesdays and Thursdays');
  }
  // Back to any day: a day with five free slots of one practitioner.
  await toggleChip(section, 'mardi');
  await toggleChip(section, 'jeudi');
  await searchSlots(section);
  let day: Locator | undefined;
  for (const candidate of await results.getByTestId('slot-day').all()) {
    if ((await candidate.getByTestId('slot').count()) >= 5) {
      day = candidate;
      break;
    }
  }
  assert.ok(day, 'a day with at least five free slots');
  state.practitionerId = (await day.locator('xpath=ancestor::*[@data-testid="slot-practitioner"]').getAttribute('data-practitioner')) ?? '';
  const slotButton = (startsAt: string | undefined) => results.locator(`[data-practitioner="${state.practitionerId}"] [data-testid="slot"][data-starts-at="${startsAt}"]`);
  const buttons = day.getByTestId('slot');
  for (let i = 0; i < 5; i++) state.slots.push((await buttons.nth(i).getAttribute('data-starts-at')) ?? '');
  const label = (await buttons.first().getAttribute('aria-label')) ?? '';
  assert.match(label, /^[a-z]+ \d{1,2} [a-zéû]+ \d{4} à \d{2}:\d{2} — /, `a slot names its day and Paris time: ${label}`);
  assert.equal(await buttons.first().textContent(), parisOf(state.slots[0] ?? '').time);

  // Three slots → "Proposer au client".
  for (let i = 0; i < 3; i++) {
    await buttons.nth(i).click();
    assert.equal(await buttons.nth(i).getAttribute('aria-pressed'), 'true');
  }
  const selection = section.getByTestId('slot-selection');
  await selection.getByRole('heading', { name: 'Créneaux choisis (3/6)' }).waitFor();
  assert.equal(await selection.getByTestId('picked-slot').count(), 3);
  await screenshot(page, 'scheduling-request.png');
  await selection.getByRole('button', { name: 'Proposer au client (3 créneaux)' }).click();
  const sent = section.getByTestId('last-proposal');
  await sent.getByText(/Proposition envoyée au client : 3 créneaux retenus jusqu’au/).waitFor();
  assert.equal(await sent.locator('li').filter({ hasText: '(Retenu)' }).count(), 3);
  // The request's appointments: the three held slots.
  const list = section.getByTestId('request-appointments');
  for (const startsAt of state.slots.slice(0, 3)) await list.locator(`[data-starts-at="${startsAt}"][data-status="held"]`).waitFor();
  // The proposed slots are no longer offered.
  await slotButton(state.slots[0]).waitFor({ state: 'detached' });

  // A fourth, booked directly for the client.
  await slotButton(state.slots[3]).click();
  await selection.getByRole('button', { name: 'Réserver ce créneau' }).click();
  await page.getByText(/Rendez-vous RDV-\d{6} réservé\./).waitFor();
  const booked = list.locator(`[data-starts-at="${state.slots[3]}"][data-status="booked"]`);
  await booked.waitFor();
  state.booked = (await booked.getAttribute('data-number')) ?? '';
  assert.deepEqual(jsErrors(page), []);
});

test('(b) the client opens the link of the proposal e-mail on a phone and picks a slot', async () => {
  assert.ok(state.slots.length === 5, 'step (a) ran');
  const adminSession = await adminPage();
  const mail = await waitForMail(adminSession, (m) => m.to === CLIENT_EMAIL && /\/proposition\//.test(m.textBody), 'proposal e-mail');
  const link = /https?:\/\/\S+\/proposition\/[A-Za-z0-9_-]+/.exec(mail.textBody)?.[0] ?? '';
  assert.ok(link.startsWith(`${harness.baseUrl}/proposition/`), link);

  // No account, a phone.
  const session = await newPage(harness.browser, PHONE);
  sessions.push(session);
  const { page } = session;
  clientPhone = page;
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Votre proposition de rendez-vous' }).waitFor();
  const choices = page.getByTestId('public-slot');
  await choices.first().waitFor();
  assert.equal(await choices.count(), 3);
  const first = parisOf(state.slots[0] ?? '');
  const choice = choices.filter({ hasText: `${first.time} –` });
  await assertNoSidewaysOverflow(page);
  await assertControlsLabelled(page);
  await screenshot(page, 'scheduling-public-phone.png');
  // Confirming without a choice says so.
  await page.getByRole('button', { name: 'Confirmer ce créneau' }).click();
  await page.getByText('Choisissez un créneau.').waitFor();
  await choice.click();
  await page.getByRole('button', { name: 'Confirmer ce créneau' }).click();
  const confirmed = page.getByTestId('proposal-confirmed');
  await confirmed.getByText(/Votre rendez-vous RDV-\d{6} est confirmé/).waitFor();
  state.accepted = /RDV-\d{6}/.exec((await confirmed.textContent()) ?? '')?.[0] ?? '';
  await confirmed.getByText(first.time, { exact: false }).first().waitFor();
  await assertNoSidewaysOverflow(page);

  // The same link again: already answered.
  await page.reload();
  await page.getByText(/déjà choisi un créneau|n’est plus valable/).first().waitFor();
  assert.deepEqual(jsErrors(page), []);
});

test('(c) the coordinator sees the booked appointment on the request and in the Agenda; the confirmation e-mail is in the outbox', async () => {
  assert.ok(state.accepted, 'step (b) ran');
  const page = await coordinatorPage();
  await page.goto(state.requestUrl);
  const list = schedulingSection(page).getByTestId('request-appointments');
  await list.locator(`[data-number="${state.accepted}"][data-status="booked"]`).waitFor();
  // The two other slots of the proposal were released (hidden by default).
  for (const startsAt of state.slots.slice(1, 3)) assert.equal(await list.locator(`[data-starts-at="${startsAt}"]`).count(), 0);

  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await nav.getByRole('link', { name: 'Agenda', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
  const { date } = parisOf(state.slots[0] ?? '');
  await page.getByLabel('Aller au').fill(date);
  const block = page.locator(`[data-testid="agenda-appointment"][data-number="${state.accepted}"]`);
  await block.waitFor();
  assert.equal(await block.getAttribute('data-starts-at'), state.slots[0]);
  await page.locator(`[data-testid="agenda-appointment"][data-number="${state.booked}"]`).waitFor();
  await assertControlsLabelled(page);
  await screenshot(page, 'scheduling-agenda.png');

  // What was sent about it: the confirmation.
  await page.goto(state.requestUrl);
  const item = schedulingSection(page).locator(`[data-testid="request-appointment"][data-number="${state.accepted}"]`);
  await item.getByRole('button', { name: 'Messages envoyés' }).click();
  await item.getByTestId('appointment-messages').getByRole('cell', { name: /Confirmation/ }).first().waitFor();

  // The admin's outbox: the confirmation e-mail, whose link shows the client the appointment.
  const mail = await waitForMail(await adminPage(), (m) => m.to === CLIENT_EMAIL && m.subject.startsWith('Votre rendez-vous du') && m.textBody.includes('confirmé'), 'confirmation e-mail');
  const link = /https?:\/\/\S+\/rdv\/[A-Za-z0-9_-]+/.exec(mail.textBody)?.[0] ?? '';
  assert.ok(link.startsWith(`${harness.baseUrl}/rdv/`), link);
  const phone = clientPhone ?? (await newPage(harness.browser, PHONE)).page;
  await phone.goto(link);
  await phone.getByRole('heading', { level: 1, name: 'Votre rendez-vous' }).waitFor();
  await phone.locator('[data-testid="public-appointment"][data-status="booked"]').getByText(state.accepted).waitFor();
  await assertNoSidewaysOverflow(phone);
  assert.deepEqual(jsErrors(page), []);
  assert.deepEqual(jsErrors(phone), []);
});

test('(d) dragging an appointment in the week view moves it; a drop on a taken time is refused and it goes back', async () => {
  assert.ok(state.booked, 'step (a) ran');
  const page = await coordinatorPage();
  const target = parisOf(state.slots[4] ?? '');
  await page.goto(`${harness.baseUrl}/agenda?date=${target.date}&vue=semaine`);
  await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
  const block = page.locator(`[data-testid="agenda-appointment"][data-number="${state.booked}"]`);
  await block.waitFor();
  assert.equal(await page.getByTestId('agenda').locator('[data-view]').getAttribute('data-view'), 'week');
  assert.equal(await page.getByTestId('agenda-day').count(), 7);

  // The appointment booked directly in step (a), to a free time of the same day (the fifth slot).
  const cell = (date: string, time: string) => page.locator(`[data-testid="agenda-cell"][data-date="${date}"][data-time="${time}"]`);
  await block.dragTo(cell(target.date, target.time), { sourcePosition: { x: 8, y: 4 }, targetPosition: { x: 8, y: 4 } });
  const moved = page.locator(`[data-testid="agenda-appointment"][data-starts-at="${state.slots[4]}"][data-status="booked"]`);
  await moved.waitFor();
  await page.getByText(/Rendez-vous RDV-\d{6} déplacé au/).first().waitFor();
  await block.waitFor({ state: 'detached' });
  const movedNumber = (await moved.getAttribute('data-number')) ?? '';
  assert.notEqual(movedNumber, state.booked, 'the move makes a new appointment (the old one is cancelled)');

  // Onto the client's slot of step (b) (booked, or still held if the client has not answered): refused, and back.
  const taken = parisOf(state.slots[0] ?? '');
  // (force: the client's block covers that cell; while a block is dragged, the others let the drop through.)
  await moved.dragTo(cell(taken.date, taken.time), { sourcePosition: { x: 8, y: 4 }, targetPosition: { x: 8, y: 4 }, force: true });
  const refused = page.getByTestId('agenda-refused');
  await refused.waitFor();
  assert.match((await refused.textContent()) ?? '', /n’est plus disponible/);
  const back = page.locator(`[data-testid="agenda-appointment"][data-number="${movedNumber}"]`);
  await page.waitForFunction(
    ([number, startsAt]) => document.querySelector(`[data-testid="agenda-appointment"][data-number="${number}"]`)?.getAttribute('data-starts-at') === startsAt,
    [movedNumber, state.slots[4] ?? ''],
  );
  assert.equal(await back.getAttribute('data-status'), 'booked');
  await screenshot(page, 'scheduling-agenda-refused.png');

  // The keyboard way: open it, "Déplacer" offers free slots and a time picker.
  await back.focus();
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: `Rendez-vous ${movedNumber}` });
  await details.getByRole('button', { name: 'Déplacer' }).click();
  const dialog = page.getByRole('dialog', { name: `Déplacer le rendez-vous ${movedNumber}` });
  await dialog.getByLabel('Heure').waitFor();
  await dialog.getByTestId('slot').first().waitFor();
  await assertControlsLabelled(page);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(jsErrors(page), []);
});

test('(e) an appointment obtained by phone is entered with a Paris date and time', async () => {
  assert.ok(state.requestUrl, 'step (a) ran');
  const page = await coordinatorPage();
  await page.goto(state.requestUrl);
  const section = schedulingSection(page);
  await section.getByRole('button', { name: 'Saisir un rendez-vous obtenu par téléphone' }).click();
  const form = section.getByTestId('phone-booking');
  await form.getByRole('textbox').first().waitFor();
  await assertControlsLabelled(page);
  // Validation first: the time and who confirmed are required.
  await form.getByRole('button', { name: 'Enregistrer le rendez-vous' }).click();
  assert.ok((await form.getByText('Champ obligatoire').count()) >= 2);

  // The 10th of next month at 19:30 (Paris), in the date-time picker.
  const today = parisOf(new Date().toISOString()).date;
  const [year = 0, month = 0] = today.split('-').map(Number);
  const next = { year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1 };
  // Typed, as staff do on the phone: the date (jj/mm/aaaa) then the time.
  const when = form.getByRole('group', { name: /^Date et heure/ });
  await when.getByRole('textbox', { name: /: date$/ }).fill(`10/${String(next.month).padStart(2, '0')}/${next.year}`);
  await when.getByLabel(/: heure$/).fill('19:30');
  await form.getByLabel('Confirmé avec').fill('Secrétariat, Mme Roy');
  await form.getByRole('button', { name: 'Enregistrer le rendez-vous' }).click();
  await page.getByText(/Rendez-vous RDV-\d{6} enregistré\./).waitFor();
  const item = section.getByTestId('request-appointment').filter({ hasText: 'Confirmé avec Secrétariat, Mme Roy' });
  await item.waitFor();
  await item.getByText('Obtenu par téléphone').waitFor();
  const startsAt = (await item.getAttribute('data-starts-at')) ?? '';
  assert.deepEqual(parisOf(startsAt), { date: `${next.year}-${String(next.month).padStart(2, '0')}-10`, time: '19:30' });
  assert.deepEqual(jsErrors(page), []);
});

test('(f) the client (Yanis Benali) chooses a proposed slot in the portal, and cancels an appointment with a reason', async () => {
  // The coordinator proposes two slots for Yanis Benali's mole.
  const staff = await coordinatorPage();
  await staff.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
  const row = staff.locator('tbody tr[data-request]').filter({ hasText: /Benali/i }).filter({ hasText: 'Dermatologie' });
  await row.first().waitFor();
  const number = (await row.first().getAttribute('data-request')) ?? '';
  await row.first().getByRole('link', { name: number }).click();
  const section = schedulingSection(staff);
  // From three days on: far enough for the client to cancel online (the practitioner's 24-hour notice).
  const from = parisOf(new Date(Date.now() + 3 * 86_400_000).toISOString()).date;
  await section.getByLabel('À partir du').fill(from);
  await searchSlots(section);
  for (const day of await section.getByTestId('slot-day').all()) assert.ok(((await day.getAttribute('data-date')) ?? '') >= from);
  const slots = section.getByTestId('slot-results').getByTestId('slot');
  await slots.nth(1).waitFor();
  const proposed = [(await slots.nth(0).getAttribute('data-starts-at')) ?? '', (await slots.nth(1).getAttribute('data-starts-at')) ?? ''];
  await slots.nth(0).click();
  await slots.nth(1).click();
  await section.getByRole('button', { name: 'Proposer au client (2 créneaux)' }).click();
  await section.getByTestId('last-proposal').waitFor();

  // The client, on his phone: the proposal in the portal, one slot chosen.
  const session = await newPage(harness.browser, PHONE);
  sessions.push(session);
  const { page } = session;
  await page.goto(`${harness.baseUrl}/connexion`);
  await signInWithPassword(page, 'client@parcours.demo');
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  await page.goto(`${harness.baseUrl}/mes-demandes`);
  const proposals = page.getByRole('region', { name: 'Propositions de rendez-vous' });
  const choices = proposals.getByTestId('portal-proposal-slot');
  await choices.nth(1).waitFor();
  assert.equal(await choices.count(), 2);
  await assertNoSidewaysOverflow(page);
  await assertControlsLabelled(page);
  await screenshot(page, 'scheduling-portal-phone.png');
  await choices.filter({ hasText: `${parisOf(proposed[0] ?? '').time} –` }).first().click();
  await proposals.getByRole('button', { name: 'Confirmer ce créneau' }).click();
  await page.getByTestId('portal-confirmation').getByText(/Votre rendez-vous est confirmé/).waitFor();
  await proposals.waitFor({ state: 'detached' });
  const mine = page.getByRole('region', { name: 'Mes rendez-vous' });
  const chosen = mine.locator(`[data-testid="portal-appointment"][data-status="booked"][data-number]`).filter({ has: page.locator(`time[datetime="${proposed[0]}"]`) });
  await chosen.waitFor();
  await chosen.getByText(/avec Docteur/).waitFor();

  // Cancelling needs a reason.
  const before = await mine.getByTestId('portal-appointment').count();
  await chosen.getByRole('button', { name: 'Annuler ce rendez-vous' }).click();
  const dialog = page.getByRole('dialog', { name: /^Annuler le rendez-vous RDV-\d{6}$/ });
  await dialog.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
  await dialog.getByText('Indiquez le motif de l’annulation.').waitFor();
  await dialog.getByLabel('Motif de l’annulation').fill('Je serai en déplacement');
  await dialog.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
  await page.getByText(/Rendez-vous RDV-\d{6} annulé\./).waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="portal-appointment"]').length === count - 1, before);
  assert.deepEqual(jsErrors(page), []);
  assert.deepEqual(jsErrors(staff), []);
});
