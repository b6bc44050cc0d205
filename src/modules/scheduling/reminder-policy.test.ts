import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultReminderPolicy, planReminders, REMINDER_LEAD_MAX, reminderRuleIssues, resolveReminderRules, sortReminderRules } from './reminders.ts';

const sms2h = { channel: 'sms', minutesBefore: 120 } as const;
const mailDay = { channel: 'email', minutesBefore: 1440 } as const;

test('resolution: the practitioner’s own list wins, then the team’s policy for the mode, then the defaults', () => {
  const team = { teleconsultation: [sms2h] };
  assert.deepEqual(resolveReminderRules({ mode: 'teleconsultation', practitioner: [mailDay], team }), { rules: [mailDay], source: 'practitioner' });
  assert.deepEqual(resolveReminderRules({ mode: 'teleconsultation', practitioner: null, team }), { rules: [sms2h], source: 'team' });
  // The team set only teleconsultations: in-person appointments keep the defaults.
  assert.deepEqual(resolveReminderRules({ mode: 'in_person', practitioner: null, team }), { rules: defaultReminderPolicy('in_person'), source: 'default' });
  assert.deepEqual(resolveReminderRules({ mode: 'in_person' }).source, 'default');
});

test('the resolved team policy drives the plan: an e-mail the day before and an SMS 2 h before a teleconsultation', () => {
  const { rules } = resolveReminderRules({ mode: 'teleconsultation', team: { teleconsultation: [sms2h, mailDay] } });
  const startsAt = new Date('2026-06-16T13:00:00Z'); // Tuesday 15:00 Paris
  const booked = new Date('2026-06-01T08:00:00Z');
  const plan = planReminders({ startsAt, bookedAt: booked, now: booked, mode: 'teleconsultation', policy: rules });
  assert.deepEqual(
    plan.map((p) => `${p.key} ${p.sendAt.toISOString()}`),
    ['email-1440 2026-06-15T13:00:00.000Z', 'sms-120 2026-06-16T11:00:00.000Z'],
  );
});

test('validation: 1 to 6 rules, 30 minutes to 30 days, no duplicates; each issue names its field', () => {
  assert.deepEqual(reminderRuleIssues([mailDay, sms2h]), []);
  assert.deepEqual(reminderRuleIssues([]), [{ path: 'rules', code: 'reminder_rules_count' }]);
  assert.deepEqual(
    reminderRuleIssues(Array.from({ length: 7 }, (_, i) => ({ channel: 'email' as const, minutesBefore: 60 * (i + 1) }))).map((i) => i.code),
    ['reminder_rules_count'],
  );
  assert.deepEqual(reminderRuleIssues([{ channel: 'sms', minutesBefore: 29 }]), [{ path: 'rules.0.minutesBefore', code: 'reminder_lead_out_of_range' }]);
  assert.deepEqual(reminderRuleIssues([{ channel: 'sms', minutesBefore: 30 }]), []);
  assert.deepEqual(reminderRuleIssues([{ channel: 'email', minutesBefore: REMINDER_LEAD_MAX }]), []);
  assert.deepEqual(reminderRuleIssues([{ channel: 'email', minutesBefore: REMINDER_LEAD_MAX + 1 }]).map((i) => i.code), ['reminder_lead_out_of_range']);
  assert.deepEqual(reminderRuleIssues([{ channel: 'email', minutesBefore: 90.5 }]).map((i) => i.code), ['reminder_lead_out_of_range']);
  assert.deepEqual(reminderRuleIssues([mailDay, sms2h, { ...mailDay }], 'rules.reminders'), [{ path: 'rules.reminders.2.minutesBefore', code: 'reminder_duplicate' }]);
  // Same lead on two channels is not a duplicate.
  assert.deepEqual(reminderRuleIssues([mailDay, { channel: 'sms', minutesBefore: 1440 }]), []);
  assert.deepEqual(reminderRuleIssues([{ channel: 'fax' as never, minutesBefore: 60 }]).map((i) => i.code), ['reminder_channel_unknown']);
});

test('lists are stored and shown earliest reminder first, e-mail before SMS at the same lead', () => {
  assert.deepEqual(sortReminderRules([sms2h, { channel: 'sms', minutesBefore: 1440 }, mailDay, { channel: 'email', minutesBefore: 10080 }]), [
    { channel: 'email', minutesBefore: 10080 },
    mailDay,
    { channel: 'sms', minutesBefore: 1440 },
    sms2h,
  ]);
});
