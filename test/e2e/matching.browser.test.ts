// Browser journeys of matching and of the directory administration, through the real server (demo
// data) in headless Chromium, French UI:
//  (a) the medical advisor opens the demo dermatology request (Yanis Benali, a mole): a ranked list
//      with scores and their reasons, a language filter, two practitioners in the Sélection, one
//      marked as the client's choice — still chosen after a reload;
//  (b) the admin sets the matching weights;
//  (c) the admin uploads the sample RPPS extract: progress, summary with row counts, the lines in
//      error of a malformed copy, and both runs in the history. (Last: a full extract deactivates
//      whoever it does not list, the demo directory included.)
// Screenshots go to test-results/matching-*.png.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { luhnValid } from '../../src/modules/directory/domain.ts';
import { assertControlsLabelled, assertNoSidewaysOverflow, DESKTOP, type Harness, jsErrors, PHONE, repo, screenshot, staffSessions, startHarness } from './harness.ts';

let harness: Harness;
const sessions: { context: BrowserContext; page: Page }[] = [];
const SAMPLE = join(repo, '..', 'shared', 'data', 'rpps-sample.txt');
const scratch = mkdtempSync(join(tmpdir(), 'parcours-rpps-'));

before(async () => {
  harness = await startHarness();
});

after(async () => {
  for (const session of sessions) await session.context.close().catch(() => {});
  await harness?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** An 11-digit RPPS number: the body and its Luhn check digit (the directory's own rule). */
function withLuhn(body: string): string {
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(`${body}${digit}`)) return `${body}${digit}`;
  throw new Error('unreachable');
}

const staffPage = staffSessions(() => harness, sessions);

const advisorPage = () => staffPage('conseil@parcours.demo');

const adminPage = () => staffPage('admin@parcours.demo');

/** The scores of the ranked list, in the order shown. */
async function scores(panel: Locator): Promise<number[]> {
  return panel.getByTestId('match').evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-score'))));
}

/** Waits until the list shown answers the current filters (the previous one stays while loading). */
async function settled(panel: Locator): Promise<void> {
  await panel.page().waitForTimeout(450); // the debounce
  await panel.locator('[data-testid="matches"][aria-busy="false"], [data-testid="matches-empty"]').first().waitFor();
  await panel.getByText('Mise à jour…').waitFor({ state: 'hidden' });
}

test('(a) the advisor ranks dermatologists for the mole request, filters by language, builds the Sélection and records the client’s choice', async () => {
  const page = await advisorPage();
  await page.setViewportSize(DESKTOP);

  // The demo request of Yanis Benali, from the queue.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
  const row = page.locator('tbody tr[data-request]').filter({ hasText: /Benali/i }).filter({ hasText: 'Dermatologie' });
  await row.first().waitFor();
  const number = (await row.first().getAttribute('data-request')) ?? '';
  await row.first().getByRole('link', { name: number }).click();
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
  const requestUrl = page.url();
  await page.getByTestId('request-text').filter({ hasText: 'grain de beauté' }).waitFor();

  // The ranked list: scores out of 100 in decreasing order, each with its six reasons.
  const panel = page.getByRole('region', { name: 'Recherche de praticiens' });
  await panel.getByTestId('matches').waitFor();
  await settled(panel);
  const applied = panel.getByTestId('matching-applied');
  await applied.getByText(/Dermatologie/).waitFor();
  let ranked = await scores(panel);
  assert.ok(ranked.length >= 2, `at least two dermatologists ranked, got ${ranked.length}`);
  assert.ok(ranked.every((score) => score >= 0 && score <= 100), `scores out of 100: ${ranked.join(', ')}`);
  assert.ok((ranked[0] ?? 0) >= (ranked[1] ?? 0), `the first score (${ranked[0]}) is not below the second (${ranked[1]})`);
  const first = panel.getByTestId('match').first();
  await first.getByTestId('match-score').filter({ hasText: String(ranked[0]) }).waitFor();
  const reasons = first.getByTestId('match-reasons').locator('li');
  assert.equal(await reasons.count(), 6, 'one line per criterion');
  // A distance reason, and the criteria that do not apply greyed "non pris en compte".
  const distance = first.locator('[data-criterion="distance"]');
  assert.match((await distance.textContent()) ?? '', /^Distance\s*:\s*(à [\d,]+ km \(max \d+ km\) — \+[\d,]+ pts|non pris en compte|adresse non géolocalisée)/);
  assert.match((await first.locator('[data-criterion="availability"]').textContent()) ?? '', /Disponibilité\s*:\s*non pris en compte/);
  await first.locator('[data-criterion="cost"]').getByText(/^Coût\s*:\s*/).waitFor();
  await first.locator('[data-criterion="rating"]').getByText(/^Avis\s*:\s*(pas encore d’avis \(neutre\)|[\d,]+\/5 sur \d+ avis)/).waitFor();
  await panel.getByTestId('matching-client').getByText('Langue préférée').waitFor();
  await panel.getByTestId('matching-client').getByText('Mutuelle').waitFor();
  await assertControlsLabelled(page);

  // From a postal code, the distance counts: "à 3,2 km (max 30 km) — +27 pts".
  const postalCode = panel.getByRole('textbox', { name: 'Code postal de départ' });
  await postalCode.fill('75015');
  await panel.getByTestId('matching-origin').getByText('Départ : code postal 75015').waitFor();
  await settled(panel);
  const near = panel.locator('[data-criterion="distance"]').filter({ hasText: /à [\d,]+ km \(max 30 km\) — \+[\d,]+ pts/ });
  await near.first().waitFor();
  await screenshot(page, 'matching-ranked.png');
  await postalCode.fill('');
  await settled(panel);

  // Only the English speakers when the language filter says English.
  const all = (await scores(panel)).length;
  await panel.getByRole('combobox', { name: 'Langue parlée' }).click();
  await page.getByRole('option', { name: 'Anglais', exact: true }).click();
  await applied.getByText(/parle anglais/).waitFor();
  await settled(panel);
  const english = panel.getByTestId('match');
  const count = await english.count();
  assert.ok(count >= 1 && count <= all, `English speakers: ${count} of ${all}`);
  for (let i = 0; i < count; i++) {
    assert.match((await english.nth(i).textContent()) ?? '', /Anglais/, 'each result speaks English');
  }
  await screenshot(page, 'matching-english.png');
  await panel.getByRole('button', { name: 'Réinitialiser les critères' }).click();
  await settled(panel);
  await applied.getByText(/parle anglais/).waitFor({ state: 'hidden' });

  // Nobody at 1 € at most: the empty state says how to widen the search, and one click undoes it.
  await panel.getByRole('textbox', { name: 'Tarif maximal (€)' }).fill('1');
  const empty = panel.getByTestId('matches-empty');
  await empty.getByText('Aucun praticien ne correspond à ces critères').waitFor();
  await empty.getByText(/Élargissez la distance, retirez un filtre/).waitFor();
  await applied.getByText(/tarif ≤ 1\s?€/).waitFor();
  await empty.getByRole('button', { name: 'Retirer les filtres' }).click();
  await panel.getByTestId('matches').waitFor();
  await settled(panel);
  assert.equal((await scores(panel)).length, all);

  // Two more practitioners into the Sélection (the demo already holds the ones the team shortlisted).
  const shortlist = page.getByRole('region', { name: 'Sélection' });
  const before = await shortlist.getByTestId('shortlist-item').count();
  ranked = await scores(panel);
  const names: string[] = [];
  const cards = panel.getByTestId('match');
  for (let index = 0; names.length < 2 && index < (await cards.count()); index++) {
    const card = cards.nth(index);
    const add = card.getByRole('button', { name: /^Ajouter à la sélection/ });
    if ((await add.count()) === 0 || (await add.isDisabled())) continue;
    const name = ((await card.getByRole('heading', { level: 3 }).getByRole('link').textContent()) ?? '').trim();
    names.push(name);
    await add.click();
    await card.getByRole('button', { name: /^Dans la sélection/ }).waitFor();
    assert.ok(await card.getByRole('button', { name: /^Dans la sélection/ }).isDisabled(), 'disabled once in the Sélection');
    await shortlist.getByTestId('shortlist-item').filter({ hasText: name }).waitFor();
  }
  assert.equal(names.length, 2);
  assert.equal(await shortlist.getByTestId('shortlist-item').count(), before + 2);
  const picked = shortlist.getByTestId('shortlist-item').filter({ hasText: names[1] ?? '' });
  await picked.getByText(/Ajouté par Camille Conseil le/).waitFor();
  await picked.getByText(/\/100/).waitFor();

  // The second one is the client's choice; the first is declined.
  await picked.getByRole('button', { name: 'Choix du client' }).click();
  await shortlist.getByTestId('shortlist-chosen').getByText(names[1] ?? '').waitFor();
  await shortlist.getByTestId('shortlist-item').filter({ hasText: names[0] ?? '' }).getByRole('button', { name: 'Écarté' }).click();
  await shortlist.locator('[data-testid="shortlist-item"][data-status="declined"]').filter({ hasText: names[0] ?? '' }).waitFor();

  // Still chosen after a reload.
  await page.reload();
  await page.waitForURL(requestUrl);
  const reloaded = page.getByRole('region', { name: 'Sélection' });
  await reloaded.getByTestId('shortlist-chosen').getByText(names[1] ?? '').waitFor();
  const chosen = reloaded.locator('[data-testid="shortlist-item"][data-status="chosen"]');
  assert.equal(await chosen.count(), 1);
  await chosen.getByTestId('shortlist-status').filter({ hasText: 'Choix du client' }).waitFor();
  await chosen.getByRole('button', { name: 'Voir les raisons' }).click();
  await chosen.locator('[data-criterion="distance"]').waitFor();
  await page.getByRole('region', { name: 'Recherche de praticiens' }).getByRole('button', { name: /^Dans la sélection/ }).first().waitFor();
  await screenshot(page, 'matching-shortlist.png');

  // Phone size: filters and cards wrap, nothing overflows sideways.
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByRole('region', { name: 'Recherche de praticiens' }).getByTestId('matches').waitFor();
  await assertNoSidewaysOverflow(page);
  await screenshot(page, 'matching-phone.png');
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(jsErrors(page), []);
});

test('(b) the admin changes the matching weights, and sees who changed them last', async () => {
  const page = await adminPage();
  await page.setViewportSize(DESKTOP);
  await page.goto(`${harness.baseUrl}/administration/matching`);
  await page.getByRole('tab', { name: 'Pondérations du matching', selected: true }).waitFor();
  await page.getByText('Prise en compte quand les agendas existent.').waitFor();
  const network = page.getByRole('slider', { name: 'Réseau partenaire' });
  const before = Number(await network.getAttribute('aria-valuenow'));
  await network.focus();
  await page.keyboard.press(before < 10 ? 'ArrowRight' : 'ArrowLeft');
  const changed = before < 10 ? before + 1 : before - 1;
  await page.locator(`[role="slider"][aria-label="Réseau partenaire"][aria-valuenow="${changed}"]`).waitFor();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Les pondérations du matching sont enregistrées.').waitFor();
  await page.getByTestId('weights-updated').getByText(/Dernière modification le .* par Alice Administratrice/).waitFor();
  // Saved: still there after a reload.
  await page.reload();
  await page.locator(`[role="slider"][aria-label="Réseau partenaire"][aria-valuenow="${changed}"]`).waitFor();
  await screenshot(page, 'matching-weights.png');
  await page.getByRole('button', { name: 'Rétablir les valeurs par défaut' }).click();
  await page.locator(`[role="slider"][aria-label="Réseau partenaire"][aria-valuenow="${before}"]`).waitFor();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Les pondérations du matching sont enregistrées.').waitFor();
  await page.reload();
  await page.locator(`[role="slider"][aria-label="Réseau partenaire"][aria-valuenow="${before}"]`).waitFor();
  await page.getByRole('button', { name: 'Rétablir les valeurs par défaut' }).and(page.locator(':disabled')).waitFor();
  assert.deepEqual(jsErrors(page), []);
});

test('(c) the admin uploads the sample RPPS extract: summary, lines in error, history', async (t) => {
  const page = await adminPage();
  await page.setViewportSize(DESKTOP);
  await page.goto(`${harness.baseUrl}/administration/annuaire-rpps`);
  await page.getByRole('tab', { name: 'Annuaire RPPS', selected: true }).waitFor();
  const history = page.getByRole('region', { name: 'Historique des imports' });
  await history.getByTestId('rpps-run').first().waitFor(); // the demo directory's own import
  const runsBefore = await history.getByTestId('rpps-run').count();
  await assertControlsLabelled(page);

  // The sample: a header and 11 rows (one person at two places), all well formed.
  const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');
  const rows = lines.length - 1;
  await page.locator('input[type="file"]').setInputFiles(SAMPLE);
  await page.getByText(/^rpps-sample\.txt — /).waitFor();
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  const summary = page.getByTestId('rpps-summary');
  await summary.waitFor({ timeout: 60_000 });
  const figure = async (key: string) => Number(((await summary.locator(`[data-figure="${key}"] dd`).textContent()) ?? '').replace(/\D/g, ''));
  assert.equal(await figure('rows'), rows);
  assert.equal(await figure('added') + (await figure('updated')), 10, 'ten people in the sample');
  assert.equal(await figure('errors'), 0);
  await summary.getByText('Aucune ligne en erreur.').waitFor();
  await screenshot(page, 'matching-rpps-import.png');

  // A copy with two malformed lines: each is listed with its line number and reason.
  const broken = join(scratch, 'rpps-broken.txt');
  const badKey = (lines[1] ?? '').replace('|10009990002|810009990002|', '|10009990003|810009990003|'); // wrong Luhn key
  writeFileSync(broken, [...lines, badKey, 'pas une ligne de l’extraction'].join('\n'));
  await page.locator('input[type="file"]').setInputFiles(broken);
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await summary.locator('[data-figure="errors"] dd').filter({ hasText: '2' }).waitFor({ timeout: 60_000 });
  assert.equal(await figure('rows'), rows + 2);
  const errors = summary.getByTestId('rpps-error');
  assert.equal(await errors.count(), 2);
  assert.match((await errors.nth(0).textContent()) ?? '', new RegExp(`^${lines.length + 1}\\D`), 'the first bad line number');
  assert.match((await errors.nth(1).textContent()) ?? '', new RegExp(`^${lines.length + 2}\\D`), 'the second bad line number');
  await screenshot(page, 'matching-rpps-errors.png');

  // A bigger extract (synthetic people): the bar of bytes sent, and the rows read so far polled
  // from the run while the server imports.
  const many = 30_000;
  const big = join(scratch, 'rpps-big.txt');
  const template = lines[2] ?? '';
  const body = Array.from({ length: many }, (_, i) => template.replaceAll('10009990101', withLuhn(`1999${String(i).padStart(6, '0')}`)).replace('|NGUYEN|', `|NGUYEN-${i}|`));
  writeFileSync(big, [lines[0], ...body].join('\n'));
  await page.locator('input[type="file"]').setInputFiles(big);
  const started = Date.now();
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  const progress = page.getByTestId('rpps-progress');
  await progress.getByRole('progressbar', { name: 'Progression de l’import' }).waitFor();
  const polled = await progress
    .getByText(/^[\d\s\u202f]+ lignes lues$/)
    .waitFor({ timeout: 30_000 })
    .then(() => true)
    .catch(() => false);
  if (polled) await screenshot(page, 'matching-rpps-progress.png');
  await summary.locator('[data-figure="rows"] dd').filter({ hasText: /30\s?000/ }).waitFor({ timeout: 120_000 });
  const took = Date.now() - started;
  t.diagnostic(`${many} rows imported in ${took} ms; rows read shown while importing: ${polled}`);
  if (took > 5000) assert.ok(polled, 'the rows read so far are shown while a long import runs');
  assert.equal(await figure('added'), many);
  await screenshot(page, 'matching-rpps-big.png');

  // Every run in the history, the newest first, the errors of one readable from there too.
  await history.getByTestId('rpps-run').nth(runsBefore + 2).waitFor();
  await history.getByTestId('rpps-run').first().and(page.locator('[data-status="done"]')).waitFor();
  assert.equal(await history.locator('[data-testid="rpps-run"][data-status="running"]').count(), 0);
  await history.getByTestId('rpps-run').nth(1).getByRole('button', { name: 'Voir les 2 lignes en erreur' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('rpps-error').nth(1).waitFor();
  await page.keyboard.press('Escape');
  assert.deepEqual(jsErrors(page), []);
});
