import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { CRITERIA, DEFAULT_WEIGHTS, type MatchQuery } from './domain.ts';
import { findMatches, rankAll } from './store.ts';

/** Deterministic PRNG (mulberry32): the same directory and queries on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CENTRE = { latitude: 48.86, longitude: 2.35 };
const SPECIALTIES = ['dermatology', 'general-practice', 'cardiology'];

describeEachDatabase('the pruned shortlist query returns exactly the full ranking', (env) => {
  before(async () => {
    // 1,500 practitioners around one city: dense enough that pruning has work to do.
    const { db } = env().ctx;
    await db.execute(sql`
      insert into practitioners (id, last_name, first_name, profession_code, profession, specialties, languages, sex, sector, network_status, rating_count, rating_sum, accepts_new_patients, teleconsultation, fees, search_name, source)
      select gen_random_uuid(), 'P' || g, 'T', '10', 'Médecin',
        array[(array['dermatology','general-practice','cardiology'])[1 + (g % 3)]],
        case when g % 4 = 0 then array['fr','en'] else array['fr'] end,
        case when g % 2 = 0 then 'F' else 'M' end,
        (array['1','2','optam','non_conventionne', null])[1 + (g % 5)],
        case when g % 37 = 0 then 'partner' else 'none' end,
        case when g % 11 = 0 then 1 + (g % 4) else 0 end,
        case when g % 11 = 0 then (1 + (g % 4)) * (2 + (g % 4)) else 0 end,
        case when g % 29 = 0 then false else null end,
        g % 3 = 0,
        case when g % 6 = 0 then jsonb_build_object('first', 2500 + (g % 9) * 1000) else '{}'::jsonb end,
        'p' || g, 'team'
      from generate_series(1, 1500) g`);
    const random = prng(7);
    const ids = (await db.execute(sql`select id from practitioners order by last_name`)) as unknown as { rows: { id: string }[] };
    const places: string[] = [];
    for (const [i, { id }] of ids.rows.entries())
      for (let k = 0; k < (i % 3 === 0 ? 2 : 1); k++) {
        const r = 40 * Math.sqrt(random());
        const angle = 2 * Math.PI * random();
        const noCoords = random() < 0.05;
        const lat = CENTRE.latitude + (r / 111.2) * Math.sin(angle);
        const lon = CENTRE.longitude + (r / (111.2 * Math.cos((CENTRE.latitude * Math.PI) / 180))) * Math.cos(angle);
        places.push(`('${id}', 'S${i}-${k}', ${noCoords ? 'null' : lat}, ${noCoords ? 'null' : lon}, '${random() < 0.7 ? '75' : '92'}0${String(i % 20).padStart(2, '0')}', ${random() < 0.3 ? 'true' : 'null'})`);
      }
    await db.execute(sql.raw(`insert into practice_places (practitioner_id, structure_key, latitude, longitude, postal_code, accessible) values ${places.join(',')}`));
  });

  test('random queries: same practitioners, same scores, same order', async () => {
    const { db } = env().ctx;
    const random = prng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    for (let i = 0; i < 60; i++) {
      const weights = random() < 0.5 ? DEFAULT_WEIGHTS : (Object.fromEntries(CRITERIA.map((k) => [k, Math.floor(random() * 11)])) as MatchQuery['weights']);
      if (weights.distance === 0) weights.distance = 1;
      const q: MatchQuery = {
        specialty: pick(SPECIALTIES),
        mode: random() < 0.15 ? 'teleconsultation' : 'in_person',
        origin: { latitude: CENTRE.latitude + (random() - 0.5) * 0.2, longitude: CENTRE.longitude + (random() - 0.5) * 0.3 },
        department: random() < 0.7 ? '75' : null,
        maxKm: pick([3, 10, 30, 50]),
        language: random() < 0.2 ? 'en' : undefined,
        sex: random() < 0.1 ? 'F' : undefined,
        sectors: random() < 0.2 ? ['1', 'optam'] : undefined,
        maxFee: random() < 0.1 ? 5000 : undefined,
        accessible: random() < 0.1 ? true : undefined,
        preferredLanguage: random() < 0.3 ? 'en' : undefined,
        coversOverruns: random() < 0.5,
        weights,
        limit: pick([1, 5, 20]),
      };
      const [fast, full] = await Promise.all([findMatches(db, q), rankAll(db, q)]);
      const view = (rows: typeof fast) => rows.map((r) => `${r.practitionerId}@${r.distanceKm?.toFixed(6)}`);
      assert.deepEqual(view(fast), view(full), `query ${i}: ${JSON.stringify(q)}`);
    }
  });
});
