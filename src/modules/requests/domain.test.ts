import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DomainError } from '../../platform/errors.ts';
import { checkTransition, firstResponseDue, firstResponseMinutes, isOverdue, mentionedHandles, queueOrder, statuses, transitions, urgencies } from './domain.ts';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as DomainError).fields?.[0]?.code ?? (e as DomainError).code;
  }
};

test('the workflow goes new → qualified → searching → proposed → booked → follow-up → closed', () => {
  const path = ['new', 'qualified', 'searching', 'proposed', 'booked', 'follow_up', 'closed'] as const;
  for (let i = 0; i < path.length - 1; i++) assert.equal(codeOf(() => checkTransition(path[i] as never, path[i + 1] as never, undefined)), 'ok');
});

test('illegal transitions are refused; cancelling needs a reason; closed and cancelled are final', () => {
  assert.equal(codeOf(() => checkTransition('new', 'booked', undefined)), 'illegal_transition');
  assert.equal(codeOf(() => checkTransition('closed', 'new', undefined)), 'illegal_transition');
  assert.equal(codeOf(() => checkTransition('searching', 'cancelled', '  ')), 'cancel_reason_required');
  assert.equal(codeOf(() => checkTransition('searching', 'cancelled', 'Le client a trouvé seul')), 'ok');
  assert.deepEqual(transitions.cancelled, []);
  for (const s of statuses) for (const to of transitions[s]) assert.ok(statuses.includes(to));
});

test('first-response targets are those of shared/data/specialties.json', () => {
  const shared = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../shared/data/specialties.json'), 'utf8')) as { urgency: { code: string; firstResponse: string }[] };
  const minutes = (iso: string) => (iso === 'immediate' ? 0 : Number(/PT(\d+)H/.exec(iso)?.[1]) * 60);
  assert.deepEqual(
    Object.fromEntries(shared.urgency.map((u) => [u.code, minutes(u.firstResponse)])),
    firstResponseMinutes,
  );
  assert.deepEqual([...urgencies].sort(), shared.urgency.map((u) => u.code).sort());
});

test('a request is overdue when its first response is late, not once answered or closed', () => {
  const created = new Date('2026-11-23T08:00:00Z');
  const due = firstResponseDue(created, 'urgent');
  assert.equal(due.toISOString(), '2026-11-23T09:00:00.000Z');
  const late = new Date('2026-11-23T09:01:00Z');
  assert.equal(isOverdue({ firstResponseDueAt: due, firstRespondedAt: null, status: 'new' }, late), true);
  assert.equal(isOverdue({ firstResponseDueAt: due, firstRespondedAt: created, status: 'new' }, late), false);
  assert.equal(isOverdue({ firstResponseDueAt: due, firstRespondedAt: null, status: 'cancelled' }, late), false);
});

test('the queue puts active emergencies first, then urgency, then the oldest', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 8, m));
  const items = [
    { n: 'routine-old', urgency: 'routine', createdAt: at(0), emergencyActive: false },
    { n: 'urgent-new', urgency: 'urgent', createdAt: at(30), emergencyActive: false },
    { n: 'urgent-old', urgency: 'urgent', createdAt: at(10), emergencyActive: false },
    { n: 'emergency', urgency: 'emergency', createdAt: at(50), emergencyActive: true },
    { n: 'soon', urgency: 'soon', createdAt: at(5), emergencyActive: false },
  ];
  assert.deepEqual(
    items.sort(queueOrder).map((i) => i.n),
    ['emergency', 'urgent-old', 'urgent-new', 'soon', 'routine-old'],
  );
});

test('@mentions are read from a note, once each, not from e-mail addresses', () => {
  assert.deepEqual(mentionedHandles('@coordination peux-tu rappeler ? cc @Conseil et @coordination'), ['coordination', 'conseil']);
  assert.deepEqual(mentionedHandles('écrire à jean@exemple.fr'), []);
  assert.deepEqual(mentionedHandles('(@dr.martin) merci'), ['dr.martin']);
});
