import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { type Agent, describeEachDatabase, type TestEnv } from '../../../test/support/app.ts';
import { eq } from 'drizzle-orm';
import { practicePlaces, practitioners } from '../directory/schema.ts';
import { requests } from '../requests/schema.ts';

/** The client lives at 14 rue Oberkampf, Paris 11e. */
const HOME = { latitude: 48.859, longitude: 2.379 };
/** A point `km` kilometres north of home (1° of latitude ≈ 111.2 km). */
const north = (km: number) => ({ latitude: HOME.latitude + km / 111.2, longitude: HOME.longitude });

type Fixture = Partial<typeof practitioners.$inferInsert> & { key: string; place?: Partial<typeof practicePlaces.$inferInsert> | null };
const fixtures: Fixture[] = [
  { key: 'near-sector2', sector: '2', fees: { first: 8000 }, place: { ...north(1), postalCode: '75011' } },
  { key: 'partner', sector: '1', networkStatus: 'partner', ratingCount: 2, ratingSum: 10, languages: ['fr', 'en'], fees: { first: 3000 }, place: { ...north(5), postalCode: '75018', accessible: true } },
  { key: 'optam-woman', sector: 'optam', sex: 'F', languages: ['fr', 'en'], place: { ...north(12), postalCode: '93200' } },
  { key: 'no-coordinates', sector: '1', place: { latitude: null, longitude: null, postalCode: '75020' } },
  { key: 'too-far', sector: '1', networkStatus: 'partner', place: { ...north(40), postalCode: '95000' } },
  { key: 'inactive', active: false, place: { ...north(2), postalCode: '75011' } },
  { key: 'full', acceptsNewPatients: false, place: { ...north(2), postalCode: '75011' } },
  { key: 'cardiologist', specialties: ['cardiology'], place: { ...north(1), postalCode: '75011' } },
  { key: 'remote-lyon', teleconsultation: true, sector: '1', fees: { teleconsultation: 2500 }, place: { latitude: 45.76, longitude: 4.85, postalCode: '69003' } },
];

async function seedDirectory(env: TestEnv): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [i, f] of fixtures.entries()) {
    const { key, place, ...fields } = f;
    const [row] = await env.ctx.db
      .insert(practitioners)
      .values({ lastName: key.toUpperCase(), firstName: 'Test', professionCode: '10', profession: 'Médecin', specialties: ['dermatology'], searchName: key, source: 'team', ...fields })
      .returning();
    if (!row) throw new Error('insert failed');
    ids.set(key, row.id);
    if (place) await env.ctx.db.insert(practicePlaces).values({ practitionerId: row.id, structureKey: `S${i}`, city: 'Ville', ...place });
  }
  return ids;
}

async function newRequest(advisor: Agent, client: Record<string, unknown>, specialty: string | null, kind = 'specialist') {
  const created = await advisor.post('/api/clients', { firstNames: ['Test'], birthDate: '1980-02-03', sex: 'M', confirmNotDuplicate: true, ...client });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const req = await advisor.post('/api/requests', { clientId: created.body.client.id, channel: 'phone', kind, text: 'Un grain de beauté a changé de forme.' });
  assert.equal(req.status, 201, JSON.stringify(req.body));
  if (specialty) assert.equal((await advisor.post(`/api/requests/${req.body.request.id}/triage`, { urgency: 'soon', specialty, reason: 'Qualifié au téléphone' })).status, 200);
  return req.body.request.id as string;
}

describeEachDatabase('matching: hard filters, a weighted score with its reasons, the shortlist', (env) => {
  let ids: Map<string, string>;
  let advisor: Agent;
  let requestId: string;
  const key = (id: string) => [...ids].find(([, v]) => v === id)?.[0];
  const keys = (body: { results: { practitioner: { id: string } }[] }) => body.results.map((r) => key(r.practitioner.id));

  before(async () => {
    ids = await seedDirectory(env());
    // The address adapter is tested on its own against an HTTP server; here it knows one address.
    env().ctx.geocoder = { geocode: async (q) => (q.postalCode === '75011' ? { ...HOME, label: '14 Rue Oberkampf 75011 Paris', score: 0.9, source: 'ban' } : null) };
    advisor = await env().signedIn('advisor');
    requestId = await newRequest(
      advisor,
      { birthName: 'Benali', address: { line1: '14 rue Oberkampf', line2: null, postalCode: '75011', city: 'Paris', country: 'France' }, insurance: { mutuelle: { organism: 'Mutuelle X', contractNumber: null, coverage: '300 %' } } },
      'dermatology',
    );
  });

  test('hard filters exclude; the score ranks; each result says why', async () => {
    const res = await advisor.get(`/api/requests/${requestId}/matches`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body;
    assert.deepEqual(body.origin, { source: 'client_address', label: '14 rue Oberkampf, 75011 Paris', latitude: HOME.latitude, longitude: HOME.longitude });
    assert.equal(body.coversOverruns, true, '300 % mutuelle pays sector-2 overruns');
    assert.deepEqual(new Set(keys(body)), new Set(['near-sector2', 'partner', 'optam-woman', 'no-coordinates']), 'beyond 30 km, inactive, not taking patients, other specialty, other town: out');
    // The partner with two 5/5 reviews, at 5 km in sector 1, beats the sector-2 practitioner next door.
    assert.equal(keys(body)[0], 'partner');
    const scores = body.results.map((r: { score: number }) => r.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      'ranked by score',
    );
    for (const r of body.results) {
      assert.deepEqual(
        r.criteria.map((c: { key: string }) => c.key),
        ['distance', 'availability', 'cost', 'network', 'rating', 'language'],
      );
      const total = r.criteria.reduce((s: number, c: { points: number }) => s + c.points, 0);
      assert.ok(Math.abs(total - r.score) <= 1, 'the points add up to the score');
    }
    const partner = body.results[0];
    const by = (k: string) => partner.criteria.find((c: { key: string }) => c.key === k);
    assert.ok(Math.abs(by('distance').detail.km - 5) < 0.2, `distance ${by('distance').detail.km}`);
    assert.equal(partner.distanceKm, by('distance').detail.km);
    assert.deepEqual(by('network').detail, { partner: true });
    assert.deepEqual(by('rating').detail, { count: 2, mean: 5 });
    assert.equal(by('availability').value, null, 'no schedules yet: not counted');
    assert.equal(by('language').value, null, 'a French-speaking client: not counted');
    const noCoords = body.results.find((r: { practitioner: { id: string } }) => key(r.practitioner.id) === 'no-coordinates');
    assert.equal(noCoords.criteria[0].detail.km, null, 'same department, distance unknown: neutral');
    const sector2 = body.results.find((r: { practitioner: { id: string } }) => key(r.practitioner.id) === 'near-sector2');
    assert.deepEqual(sector2.criteria.find((c: { key: string }) => c.key === 'cost').detail, { sector: '2', covered: true, fee: 8000 });
  });

  test('the advisor narrows: language, sex, sector, fee, accessibility, distance, another postal code', async () => {
    const q = async (query: string) => keys((await advisor.get(`/api/requests/${requestId}/matches?${query}`)).body);
    assert.deepEqual(new Set(await q('language=en')), new Set(['partner', 'optam-woman']));
    assert.deepEqual(await q('sex=F'), ['optam-woman']);
    assert.deepEqual(new Set(await q('sectors=1,optam')), new Set(['partner', 'optam-woman', 'no-coordinates']));
    assert.deepEqual(new Set(await q('maxFee=50')), new Set(['partner', 'optam-woman', 'no-coordinates']), 'unknown fees pass, 80 € does not');
    assert.deepEqual(await q('accessible=true'), ['partner']);
    assert.deepEqual(new Set(await q('maxKm=3')), new Set(['near-sector2', 'no-coordinates']));
    assert.ok((await q('maxKm=50')).includes('too-far'));
    const bad = await advisor.get(`/api/requests/${requestId}/matches?sectors=3`);
    assert.equal(bad.status, 400);
  });

  test('teleconsultation ignores distance; a client who speaks English gets English speakers first', async () => {
    const tele = (await advisor.get(`/api/requests/${requestId}/matches?mode=teleconsultation`)).body;
    assert.deepEqual(keys(tele), ['remote-lyon']);
    assert.equal(tele.results[0].criteria[0].value, null);
    assert.deepEqual(tele.results[0].criteria.find((c: { key: string }) => c.key === 'cost').detail.fee, 2500);

    const english = await newRequest(
      advisor,
      { birthName: 'Lambert', preferredLanguage: 'en', address: { line1: '14 rue Oberkampf', line2: null, postalCode: '75011', city: 'Paris', country: 'France' } },
      'dermatology',
    );
    const body = (await advisor.get(`/api/requests/${english}/matches?maxKm=3`)).body;
    assert.equal(body.preferredLanguage, 'en');
    const language = (k: string) => body.results.find((r: { practitioner: { id: string } }) => key(r.practitioner.id) === k).criteria.find((c: { key: string }) => c.key === 'language');
    assert.deepEqual(language('near-sector2').detail, { language: 'en', speaks: false });
    assert.equal(language('near-sector2').value, 0);
  });

  test('an unqualified request asks for a specialty', async () => {
    const unqualified = await newRequest(advisor, { birthName: 'Sans' }, null);
    // Triage proposes a specialty at intake; here nobody has qualified one yet.
    await env().ctx.db.update(requests).set({ specialty: null }).where(eq(requests.id, unqualified));
    const res = await advisor.get(`/api/requests/${unqualified}/matches`);
    assert.equal(res.status, 400);
    assert.match(res.body.message, /spécialité/);
    // Without an address there is no distance: the criterion is left out, not guessed.
    const given = (await advisor.get(`/api/requests/${unqualified}/matches?specialty=dermatology`)).body;
    assert.equal(given.origin, null);
    assert.ok(given.results.every((r: { criteria: { value: number | null }[] }) => r.criteria[0]?.value === null));
  });

  test('an admin sets the weights in one place; the ranking follows them', async () => {
    const admin = await env().signedIn('admin');
    assert.equal((await advisor.request('PUT', '/api/matching/weights', { distance: 10, availability: 0, cost: 0, network: 0, rating: 0, language: 0 })).status, 403);
    assert.equal((await admin.request('PUT', '/api/matching/weights', { distance: 0, availability: 0, cost: 0, network: 0, rating: 0, language: 0 })).status, 400);
    const saved = await admin.request('PUT', '/api/matching/weights', { distance: 10, availability: 0, cost: 0, network: 0, rating: 0, language: 0 });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.updatedBy.id, (await admin.get('/api/auth/me')).body.user.id);
    try {
      const body = (await advisor.get(`/api/requests/${requestId}/matches`)).body;
      assert.deepEqual(keys(body).slice(0, 3), ['near-sector2', 'partner', 'optam-woman'], 'distance only: nearest first');
      assert.equal(Math.round(body.results[0].criteria[0].points), body.results[0].score);
    } finally {
      await admin.request('PUT', '/api/matching/weights', (await admin.get('/api/matching/weights')).body.defaults);
    }
  });

  test('the advisor shortlists practitioners and records the client’s choice', async () => {
    const partner = ids.get('partner') as string;
    const near = ids.get('near-sector2') as string;
    const added = await advisor.post(`/api/requests/${requestId}/shortlist`, { practitionerId: partner });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.ok(added.body.item.score > 0, 'score snapshot');
    assert.equal(added.body.item.criteria.length, 6, 'reasons snapshot');
    assert.equal((await advisor.post(`/api/requests/${requestId}/shortlist`, { practitionerId: partner })).status, 409);
    const second = await advisor.post(`/api/requests/${requestId}/shortlist`, { practitionerId: near });
    const matches = (await advisor.get(`/api/requests/${requestId}/matches`)).body.results;
    assert.ok(matches.filter((r: { shortlisted: boolean }) => r.shortlisted).length === 2);

    const chosen = await advisor.post(`/api/requests/${requestId}/shortlist/${added.body.item.id}/decision`, { status: 'chosen', note: 'Préfère le jeudi' });
    assert.equal(chosen.status, 200);
    const switched = await advisor.post(`/api/requests/${requestId}/shortlist/${second.body.item.id}/decision`, { status: 'chosen' });
    assert.deepEqual(
      switched.body.items.map((i: { practitioner: { id: string }; status: string }) => [key(i.practitioner.id), i.status]),
      [
        ['partner', 'proposed'],
        ['near-sector2', 'chosen'],
      ],
      'one choice at a time',
    );
    assert.equal((await advisor.request('DELETE', `/api/requests/${requestId}/shortlist/${added.body.item.id}`)).status, 204);
    assert.equal((await advisor.get(`/api/requests/${requestId}/shortlist`)).body.items.length, 1);
    const admin = await env().signedIn('admin');
    const audit = await admin.get('/api/admin/audit?action=matching.decision');
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.equal(audit.body.events.length, 2, 'each decision is traced');
  });
});
