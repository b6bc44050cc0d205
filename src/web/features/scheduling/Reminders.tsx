// Reminders: the team's policy per mode (admin tab "Rappels") and a practitioner's own list (in
// "Agenda et horaires"). Each list is edited as channel + lead in days or hours, and previewed for
// an example appointment by the very planReminders the server runs (pure module, shared).
import { ActionIcon, Alert, Badge, Button, Group, NumberInput, Paper, Radio, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { IconBell, IconDeviceFloppy, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { planReminders, REMINDER_RULES_MAX, type ReminderRuleIssue, reminderRuleIssues, sortReminderRules } from '../../../modules/scheduling/reminders.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { MODES, type Mode, REMINDER_CHANNELS, REMINDER_POLICIES_KEY, type ReminderChannel, type ReminderPolicy, type ReminderRule, SCHEDULING_KEY, schedulingApi } from './api.ts';
import { addDays, formatSlot, parisInstant, parisToday } from './time.ts';

const DAY = 1440;
type Unit = 'days' | 'hours';
export interface RuleDraft {
  key: number;
  channel: ReminderChannel;
  amount: number | string;
  unit: Unit;
}

let nextKey = 1;
export function toDrafts(rules: readonly ReminderRule[]): RuleDraft[] {
  return sortReminderRules(rules).map((r) => ({ key: nextKey++, channel: r.channel, ...(r.minutesBefore % DAY === 0 ? { amount: r.minutesBefore / DAY, unit: 'days' as const } : { amount: r.minutesBefore / 60, unit: 'hours' as const }) }));
}

export function fromDrafts(drafts: readonly RuleDraft[]): ReminderRule[] {
  return drafts.map((d) => ({ channel: d.channel, minutesBefore: Math.round(Number(d.amount) * (d.unit === 'days' ? DAY : 60)) }));
}

/** "1 jour", "2 heures", "90 min". */
export function leadLabel(t: TFunction<'scheduling'>, minutes: number): string {
  if (minutes % DAY === 0) return t('reminders.leadDays', { count: minutes / DAY });
  if (minutes % 60 === 0) return t('reminders.leadHours', { count: minutes / 60 });
  return t('reminders.leadMinutes', { count: minutes });
}

/** "E-mail 7 jours avant, SMS 1 jour avant". */
export function describeRules(t: TFunction<'scheduling'>, rules: readonly ReminderRule[]): string {
  return sortReminderRules(rules)
    .map((r) => t(`reminders.describe.${r.channel}`, { lead: leadLabel(t, r.minutesBefore) }))
    .join(', ');
}

const issueText: Record<ReminderRuleIssue, string> = {
  reminder_rules_count: 'reminders.max',
  reminder_lead_out_of_range: 'reminders.invalidLead',
  reminder_duplicate: 'reminders.duplicate',
  reminder_channel_unknown: 'reminders.invalidLead',
};

/** The same checks as the server (reminderRuleIssues), keyed by row index. */
function rowIssues(t: TFunction<'scheduling'>, drafts: readonly RuleDraft[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const issue of reminderRuleIssues(fromDrafts(drafts))) {
    const index = Number(issue.path.split('.')[1]);
    if (Number.isInteger(index) && !map.has(index)) map.set(index, t(issueText[issue.code]));
  }
  return map;
}

export function ReminderRulesEditor({ drafts, onChange, idPrefix }: { drafts: RuleDraft[]; onChange: (drafts: RuleDraft[]) => void; idPrefix: string }) {
  const { t } = useTranslation('scheduling');
  const issues = rowIssues(t, drafts);
  const set = (key: number, patch: Partial<RuleDraft>) => onChange(drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  return (
    <Stack gap="xs" data-testid={`${idPrefix}-rules`}>
      <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {drafts.map((d, i) => {
          const n = i + 1;
          return (
            <Group component="li" key={d.key} gap="xs" align="flex-start" wrap="wrap" data-testid="reminder-rule">
              <Select
                aria-label={`${t('reminders.channel')} — ${t('reminders.ruleLabel', { n })}`}
                data={REMINDER_CHANNELS.map((c) => ({ value: c, label: t(`reminders.channels.${c}`) }))}
                value={d.channel}
                onChange={(value) => value && set(d.key, { channel: value as ReminderChannel })}
                allowDeselect={false}
                w={120}
              />
              <NumberInput
                aria-label={`${t('reminders.lead')} — ${t('reminders.ruleLabel', { n })}`}
                value={d.amount}
                min={d.unit === 'days' ? 1 : 0.5}
                max={d.unit === 'days' ? 30 : 720}
                step={d.unit === 'days' ? 1 : 0.5}
                decimalScale={1}
                onChange={(value) => set(d.key, { amount: value })}
                error={issues.get(i)}
                w={150}
              />
              <Select
                aria-label={`${t('reminders.unit')} — ${t('reminders.ruleLabel', { n })}`}
                data={(['days', 'hours'] as const).map((u) => ({ value: u, label: t(`reminders.units.${u}`) }))}
                value={d.unit}
                onChange={(value) => value && set(d.key, { unit: value as Unit })}
                allowDeselect={false}
                w={120}
              />
              <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('reminders.remove', { n })} onClick={() => onChange(drafts.filter((other) => other.key !== d.key))} disabled={drafts.length <= 1}>
                <IconTrash size={16} aria-hidden="true" />
              </ActionIcon>
            </Group>
          );
        })}
      </Stack>
      <Button
        variant="light"
        size="xs"
        w="fit-content"
        leftSection={<IconPlus size={14} aria-hidden="true" />}
        disabled={drafts.length >= REMINDER_RULES_MAX}
        onClick={() => onChange([...drafts, { key: nextKey++, channel: 'sms', amount: 2, unit: 'hours' }])}
      >
        {t('reminders.add')}
      </Button>
    </Stack>
  );
}

/** The plan for an example appointment three weeks ahead (10:00 in person, 18:30 by video). */
export function ReminderPreview({ rules, mode }: { rules: ReminderRule[]; mode: Mode }) {
  const { t } = useTranslation('scheduling');
  const [bookedDays, setBookedDays] = useState('14');
  const startsAt = new Date(parisInstant(addDays(parisToday(), 21), mode === 'teleconsultation' ? 18 * 60 + 30 : 10 * 60));
  const bookedAt = new Date(startsAt.getTime() - Number(bookedDays) * 86_400_000);
  const valid = reminderRuleIssues(rules).length === 0;
  const plan = valid ? planReminders({ startsAt, bookedAt, now: bookedAt, mode, policy: rules }) : [];
  const planned = new Set(plan.map((p) => p.key));
  const dropped = valid ? sortReminderRules(rules).filter((r) => !planned.has(`${r.channel}-${r.minutesBefore}`)) : [];
  return (
    <Paper withBorder p="sm" radius="md" bg="gray.0" component="section" aria-label={`${t('reminders.preview')} — ${t(`reminders.modeTitle.${mode}`)}`} data-testid={`reminder-preview-${mode}`}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600} size="sm">
            {t('reminders.preview')}
          </Text>
          <SegmentedControl
            size="xs"
            aria-label={t('reminders.bookedLabel')}
            value={bookedDays}
            onChange={setBookedDays}
            data={(['14', '2'] as const).map((value) => ({ value, label: t(`reminders.bookedOptions.${value}`) }))}
          />
        </Group>
        <Text size="sm" className="upper-first">
          {t('reminders.previewIntro', { when: formatSlot(startsAt), booked: t(`reminders.bookedOptions.${bookedDays as '14' | '2'}`) })}
        </Text>
        {valid && plan.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('reminders.previewEmpty')}
          </Text>
        ) : null}
        <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: 'none' }} aria-live="polite">
          {plan.map((p) => (
            <Text component="li" key={p.key} size="sm" data-testid="reminder-preview-item" data-key={p.key}>
              {t('reminders.previewItem', { channel: t(`reminders.channels.${p.channel}`), when: formatSlot(p.sendAt) })}
            </Text>
          ))}
          {dropped.map((r) => (
            <Text component="li" key={`${r.channel}-${r.minutesBefore}`} size="sm" c="dimmed">
              {t('reminders.previewDropped', { rule: t(`reminders.describe.${r.channel}`, { lead: leadLabel(t, r.minutesBefore) }) })}
            </Text>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

function PolicyEditor({ policy }: { policy: ReminderPolicy }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState(() => toDrafts(policy.rules));
  const rules = fromDrafts(drafts);
  const valid = reminderRuleIssues(rules).length === 0;
  const changed = JSON.stringify(sortReminderRules(rules)) !== JSON.stringify(sortReminderRules(policy.rules));
  const modeName = t(`reminders.modeTitle.${policy.mode}`);
  const onSaved = (result: { policies: ReminderPolicy[] }, message: string) => {
    queryClient.setQueryData(REMINDER_POLICIES_KEY, result);
    const fresh = result.policies.find((p) => p.mode === policy.mode);
    if (fresh) setDrafts(toDrafts(fresh.rules));
    notifySuccess(message);
    void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
  };
  const save = useMutation({ mutationFn: () => schedulingApi.saveReminderPolicy(policy.mode, rules), onSuccess: (result) => onSaved(result, t('reminders.saved', { mode: modeName })) });
  const reset = useMutation({ mutationFn: () => schedulingApi.resetReminderPolicy(policy.mode), onSuccess: (result) => onSaved(result, t('reminders.resetDone', { mode: modeName })), onError: notifyError });
  const titleId = `reminder-policy-${policy.mode}-title`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={titleId} data-testid={`reminder-policy-${policy.mode}`}>
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Title order={2} size="h4" id={titleId}>
            {modeName}
          </Title>
          {policy.custom && policy.updatedAt ? (
            <Text size="sm" c="dimmed">
              {t('reminders.updated', { date: formatDateTime(policy.updatedAt), name: policy.updatedBy?.name ?? '—' })}
            </Text>
          ) : (
            <Badge variant="light" color="gray">
              {t('reminders.defaultsNote')}
            </Badge>
          )}
        </Group>
        <ErrorAlert error={save.error instanceof ApiError && save.error.fields.length ? null : save.error} />
        <ReminderRulesEditor drafts={drafts} onChange={setDrafts} idPrefix={`policy-${policy.mode}`} />
        <ReminderPreview rules={rules} mode={policy.mode} />
        <Group justify="space-between" gap="sm">
          <Button variant="default" leftSection={<IconRestore size={16} aria-hidden="true" />} onClick={() => reset.mutate()} loading={reset.isPending} disabled={!policy.custom}>
            {t('reminders.reset')}
          </Button>
          <Button leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />} onClick={() => save.mutate()} loading={save.isPending} disabled={!valid || !changed}>
            {t('reminders.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Administration → Rappels. */
export function RemindersTab() {
  const { t } = useTranslation('scheduling');
  const query = useQuery({ queryKey: REMINDER_POLICIES_KEY, queryFn: schedulingApi.reminderPolicies });
  if (!query.data) return query.isPending ? <Text c="dimmed">{t('common:loading')}</Text> : <ErrorAlert error={query.error} />;
  return (
    <Stack gap="lg">
      <Alert variant="light" color="blue" icon={<IconBell aria-hidden="true" />}>
        {t('reminders.intro')}
      </Alert>
      {MODES.map((mode) => {
        const policy = query.data.policies.find((p) => p.mode === mode);
        // Keyed by the saved value, so that a save elsewhere (another tab) resets the drafts.
        return policy ? <PolicyEditor key={`${mode}:${policy.updatedAt ?? 'default'}`} policy={policy} /> : null;
      })}
    </Stack>
  );
}

/**
 * In "Agenda et horaires": the team's policy (shown, per mode) or this practitioner's own list.
 * `value` null = the team's policy.
 */
export function PractitionerReminders({ drafts, onChange }: { drafts: RuleDraft[] | null; onChange: (drafts: RuleDraft[] | null) => void }) {
  const { t } = useTranslation('scheduling');
  const policies = useQuery({ queryKey: REMINDER_POLICIES_KEY, queryFn: schedulingApi.reminderPolicies, retry: false });
  const own = drafts !== null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="schedule-reminders-title" data-testid="schedule-reminders">
      <Title order={3} size="h4" id="schedule-reminders-title">
        {t('reminders.schedule.title')}
      </Title>
      <Radio.Group value={own ? 'own' : 'team'} onChange={(value) => onChange(value === 'own' ? (drafts ?? toDrafts(policies.data?.policies.find((p) => p.mode === 'in_person')?.rules ?? [{ channel: 'email', minutesBefore: DAY }])) : null)} label={t('reminders.schedule.choice')}>
        <Stack gap={6} mt={6}>
          <Radio value="team" label={t('reminders.schedule.team')} />
          {!own && policies.data ? (
            <Stack gap={2} pl="xl">
              {policies.data.policies.map((p) => (
                <Text key={p.mode} size="sm" c="dimmed">
                  {t(`reminders.modeTitle.${p.mode}`)} — {t('reminders.schedule.teamIs', { rules: describeRules(t, p.rules) })}
                </Text>
              ))}
            </Stack>
          ) : null}
          <Radio value="own" label={t('reminders.schedule.own')} />
        </Stack>
      </Radio.Group>
      {drafts ? <ReminderRulesEditor drafts={drafts} onChange={onChange} idPrefix="practitioner" /> : null}
    </Stack>
  );
}
