import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CandidateFacts, coversOverruns, DEFAULT_WEIGHTS, explain, type MatchQuery, ratingValue, sectorValue } from './domain.ts';

const query: MatchQuery = {
  specialty: 'dermatology',
  mode: 'in_person',
  origin: { latitude: 48.86, longitude: 2.38 },
  department: '75',
  maxKm: 30,
  coversOverruns: false,
  weights: DEFAULT_WEIGHTS,
  limit: 20,
};
const facts: CandidateFacts = { distanceKm: 6, sector: '1', networkStatus: 'none', ratingCount: 0, ratingSum: 0, speaksPreferred: null, fee: null };

test('a mutuelle covers sector-2 overruns from 200 % of the base', () => {
  assert.equal(coversOverruns('300 %'), true);
  assert.equal(coversOverruns('200%'), true);
  assert.equal(coversOverruns('150 %'), false);
  assert.equal(coversOverruns('100 % BR'), false);
  assert.equal(coversOverruns(null), false);
  assert.ok(sectorValue('2', true) > sectorValue('2', false));
  assert.ok(sectorValue('1', false) > sectorValue('optam', false) && sectorValue('optam', false) > sectorValue('2', true));
  assert.equal(sectorValue(null, false), 0.5, 'unknown sector is neutral');
});

test('ratings: none is neutral; twenty good reviews outweigh one perfect review', () => {
  assert.equal(ratingValue(0, 0), 0.5);
  assert.ok(ratingValue(20, 90) > ratingValue(1, 5));
  assert.ok(ratingValue(3, 3) < 0.5, 'bad reviews rank below no review');
});

test('the score is the weighted mean of what applies; the points add up to it', () => {
  const { score, criteria } = explain(facts, query);
  const by = Object.fromEntries(criteria.map((c) => [c.key, c]));
  assert.equal(by.availability?.value, null);
  assert.equal(by.language?.value, null);
  assert.equal(by.availability?.points, 0);
  // distance 0.8 × 5, cost 1 × 3, network 0 × 3, rating 0.5 × 2 → 8 / 13
  assert.equal(score, Math.round((800 / 13) * 1));
  assert.ok(Math.abs(criteria.reduce((s, c) => s + c.points, 0) - score) <= 0.5);
  assert.deepEqual(by.distance?.detail, { km: 6, maxKm: 30, mode: 'in_person' });
});

test('teleconsultation leaves distance out; a language wish counts when the client is not French-speaking', () => {
  const tele = explain(facts, { ...query, mode: 'teleconsultation' });
  assert.equal(tele.criteria[0]?.value, null);
  const english = { ...query, preferredLanguage: 'en' };
  const speaks = explain({ ...facts, speaksPreferred: true }, english);
  const silent = explain({ ...facts, speaksPreferred: false }, english);
  assert.ok(speaks.score > silent.score);
  const zero = explain(facts, { ...query, weights: { ...DEFAULT_WEIGHTS, network: 0, rating: 0, cost: 0 } });
  assert.equal(zero.score, 80, 'distance alone: 6 km of 30 → 80');
});
