import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transitions } from '../requests/domain.ts';
import { isNegative, npsOf, pathTo, planTasks, surveyExpiry, surveyMessage, surveyState, trendByMonth } from './domain.ts';

test('a request reaches follow-up by the shortest legal path, never through cancellation; none from closed', () => {
  assert.deepEqual(pathTo('booked', 'follow_up', transitions), ['follow_up']);
  assert.deepEqual(pathTo('searching', 'follow_up', transitions, ['cancelled']), ['proposed', 'booked', 'follow_up']);
  assert.deepEqual(pathTo('follow_up', 'follow_up', transitions), []);
  assert.equal(pathTo('closed', 'follow_up', transitions), null);
  assert.equal(pathTo('cancelled', 'follow_up', transitions), null);
});

test('the plan has four steps with due dates after the consultation', () => {
  const at = new Date('2027-01-10T10:00:00Z');
  const tasks = planTasks(at);
  assert.deepEqual(tasks.map((t) => t.step), ['collect_report', 'explain_results', 'next_steps', 'send_prescription']);
  assert.ok(tasks.every((t) => t.dueAt > at));
});

test('negative means CSAT ≤ 2 or NPS ≤ 6', () => {
  assert.equal(isNegative({ csat: 2, nps: 10 }), true);
  assert.equal(isNegative({ csat: 5, nps: 6 }), true);
  assert.equal(isNegative({ csat: 3, nps: 7 }), false);
});

test('NPS is promoters minus detractors in percent; trend groups answers by Paris month', () => {
  assert.equal(npsOf([10, 9, 8, 3]), 25);
  assert.equal(npsOf([]), null);
  const trend = trendByMonth([
    { answeredAt: new Date('2027-01-31T23:30:00Z'), csat: 4, nps: 9 }, // 1 February in Paris
    { answeredAt: new Date('2027-01-15T10:00:00Z'), csat: 2, nps: 2 },
  ]);
  assert.deepEqual(trend, [
    { period: '2027-01', count: 1, csat: 2, nps: -100 },
    { period: '2027-02', count: 1, csat: 4, nps: 100 },
  ]);
});

test('a survey expires after 30 days; answered wins over expired', () => {
  const sent = new Date('2027-01-01T00:00:00Z');
  const expiresAt = surveyExpiry(sent);
  assert.equal(surveyState({ answeredAt: null, expiresAt }, new Date('2027-01-30T00:00:00Z')), 'open');
  assert.equal(surveyState({ answeredAt: null, expiresAt }, new Date('2027-02-01T00:00:00Z')), 'expired');
  assert.equal(surveyState({ answeredAt: sent, expiresAt }, new Date('2027-03-01T00:00:00Z')), 'answered');
});

test('the message says « votre avis » and the link, nothing else about the care; the SMS fits in one message', () => {
  for (const lang of ['fr', 'en'] as const) {
    const m = surveyMessage({ lang, link: 'https://parcours.test/avis/abc', clientName: 'Lina' });
    assert.match(m.email.subject, /avis|opinion/);
    assert.match(m.sms.body, /votre avis/);
    assert.ok(m.sms.body.length <= 160);
    assert.match(m.email.text, /\/avis\/abc/);
  }
});
