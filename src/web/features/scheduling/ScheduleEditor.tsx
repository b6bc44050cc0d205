// Agenda et horaires, on a practitioner's directory page: weekly hours per place (weekday, start,
// end, modes), consultation types with their durations, booking rules (notice, buffer, step,
// client cancellation notice) saved together; and exceptions (closures, extra openings) added and
// deleted one by one. Times are Paris wall-clock times.
import { ActionIcon, Badge, Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { IconCalendarCog, IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { DataTable, ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import type { Place } from '../directory/api.ts';
import { type BookingRules, type ConsultationType, MODES, type Mode, type Schedule, SCHEDULING_KEY, scheduleKey, schedulingApi, type WeeklyHours } from './api.ts';
import { pickerValueToIso } from './time.ts';
import { reminderRuleIssues } from '../../../modules/scheduling/reminders.ts';
import { CalendarFeedCard } from './CalendarFeed.tsx';
import { PractitionerWaitlist } from './Extras.tsx';
import { fromDrafts, PractitionerReminders, type RuleDraft, toDrafts } from './Reminders.tsx';
import { DatesLocale, ParisDateTimePicker } from './ui.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const CODE = /^[a-z_]{2,30}$/;

type HoursRow = WeeklyHours & { key: number };
type TypeRow = Omit<ConsultationType, 'durationMinutes'> & { key: number; durationMinutes: number | string };
type RulesDraft = Record<Exclude<keyof BookingRules, 'reminders'>, number | string>;

let nextKey = 1;
const withKey = <T,>(value: T): T & { key: number } => ({ ...value, key: nextKey++ });

function placeLabel(place: Place): string {
  return [place.name, place.street, place.city].filter(Boolean).join(', ') || place.id.slice(0, 8);
}

function WeeklyEditor({ practitionerId, places, schedule }: { practitionerId: string; places: Place[]; schedule: Schedule }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<HoursRow[]>(() => schedule.hours.map(withKey));
  const [types, setTypes] = useState<TypeRow[]>(() => schedule.types.map(withKey));
  const [rules, setRules] = useState<RulesDraft>(() => {
    const { reminders: _reminders, ...numbers } = schedule.rules;
    return numbers;
  });
  // null: the team's policy; a list: this practitioner's own reminders.
  const [reminders, setReminders] = useState<RuleDraft[] | null>(() => (schedule.rules.reminders ? toDrafts(schedule.rules.reminders) : null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      schedulingApi.saveSchedule(practitionerId, {
        hours: hours.map(({ key: _key, timeZone: _zone, ...row }) => ({ ...row, validFrom: row.validFrom ?? null, validUntil: row.validUntil ?? null })),
        types: types.map(({ key: _key, ...row }) => ({ ...row, label: row.label.trim(), durationMinutes: Number(row.durationMinutes) })),
        rules: {
          minNoticeMinutes: Number(rules.minNoticeMinutes),
          bufferMinutes: Number(rules.bufferMinutes),
          slotStepMinutes: Number(rules.slotStepMinutes),
          cancellationNoticeHours: Number(rules.cancellationNoticeHours),
          reminders: reminders ? fromDrafts(reminders) : null,
        },
      }),
    onSuccess: () => {
      notifySuccess(t('schedule.saved'));
      void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
    },
  });
  const serverError = save.error instanceof ApiError ? save.error : null;
  const fieldError = (path: string) => errors[path] ?? serverError?.fields.find((field) => field.path === path)?.message;

  const placeOptions = [{ value: '', label: t('schedule.placeNone') }, ...places.map((place) => ({ value: place.id, label: placeLabel(place) }))];
  const weekdayOptions = WEEKDAYS.map((day) => ({ value: String(day), label: t(`weekdays.long.${day}`) }));
  const modeOptions = MODES.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }));
  const setHour = (key: number, patch: Partial<WeeklyHours>) => setHours((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const setType = (key: number, patch: Partial<TypeRow>) => setTypes((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    hours.forEach((row, i) => {
      if (!TIME.test(row.startTime)) next[`hours.${i}.startTime`] = t('schedule.required');
      if (!TIME.test(row.endTime) && row.endTime !== '24:00') next[`hours.${i}.endTime`] = t('schedule.required');
      else if (row.startTime >= row.endTime) next[`hours.${i}.endTime`] = t('schedule.invalidRange');
      if (!row.modes.length) next[`hours.${i}.modes`] = t('schedule.required');
    });
    types.forEach((row, i) => {
      if (!CODE.test(row.code)) next[`types.${i}.code`] = t('schedule.invalidCode');
      if (!row.label.trim()) next[`types.${i}.label`] = t('schedule.required');
      const duration = Number(row.durationMinutes);
      if (!Number.isInteger(duration) || duration < 5 || duration > 480) next[`types.${i}.durationMinutes`] = '5 – 480';
    });
    // The reminder rows show their own messages (same checks as the server).
    if (reminders && reminderRuleIssues(fromDrafts(reminders)).length) next['rules.reminders'] = t('reminders.invalidLead');
    setErrors(next);
    if (Object.keys(next).length === 0) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="schedule-editor">
      <Stack gap="lg">
        {save.error && !serverError?.fields.length ? <ErrorAlert error={save.error} /> : null}
        {serverError?.fields.length ? <ErrorAlert error={serverError} /> : null}
        <Stack gap="xs" component="section" aria-labelledby="schedule-hours-title">
          <Title order={3} size="h4" id="schedule-hours-title">
            {t('schedule.hours')}
          </Title>
          <DatesLocale>
            <DataTable
              minWidth={760}
              striped={false}
              verticalSpacing="xs"
              empty={hours.length === 0 ? t('schedule.hoursEmpty') : null}
              columns={[
                { key: 'weekday', label: t('schedule.weekday'), width: 150 },
                { key: 'place', label: t('schedule.place') },
                { key: 'start', label: t('schedule.start'), width: 110 },
                { key: 'end', label: t('schedule.end'), width: 110 },
                { key: 'modes', label: t('schedule.modes'), width: 170 },
                { key: 'actions', label: t('request.appointments.actions'), hiddenLabel: true, width: 50 },
              ]}
            >
              {hours.map((row, i) => {
                const n = i + 1;
                return (
                  <Table.Tr key={row.key} data-testid="schedule-hours-row">
                    <Table.Td>
                      <Select
                        aria-label={`${t('schedule.weekday')} ${n}`}
                        data={weekdayOptions}
                        value={String(row.weekday)}
                        onChange={(value) => value && setHour(row.key, { weekday: Number(value) })}
                        allowDeselect={false}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`${t('schedule.place')} ${n}`}
                        data={placeOptions}
                        value={row.placeId ?? ''}
                        onChange={(value) => setHour(row.key, { placeId: value || null })}
                        allowDeselect={false}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TimeInput aria-label={`${t('schedule.start')} ${n}`} value={row.startTime} onChange={(event) => setHour(row.key, { startTime: event.currentTarget.value })} error={fieldError(`hours.${i}.startTime`)} />
                    </Table.Td>
                    <Table.Td>
                      <TimeInput aria-label={`${t('schedule.end')} ${n}`} value={row.endTime} onChange={(event) => setHour(row.key, { endTime: event.currentTarget.value })} error={fieldError(`hours.${i}.endTime`)} />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox.Group
                        aria-label={`${t('schedule.modes')} ${n}`}
                        value={row.modes}
                        onChange={(value) => setHour(row.key, { modes: value as Mode[] })}
                        error={fieldError(`hours.${i}.modes`)}
                      >
                        <Stack gap={4}>
                          {MODES.map((mode) => (
                            <Checkbox key={mode} value={mode} label={t(`mode.${mode}`)} size="xs" />
                          ))}
                        </Stack>
                      </Checkbox.Group>
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('schedule.removeHours', { weekday: t(`weekdays.long.${row.weekday}`), start: row.startTime, end: row.endTime })}
                        onClick={() => setHours((rows) => rows.filter((other) => other.key !== row.key))}
                      >
                        <IconTrash size={16} aria-hidden="true" />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </DataTable>
          </DatesLocale>
          <Button
            variant="light"
            size="xs"
            w="fit-content"
            leftSection={<IconPlus size={14} aria-hidden="true" />}
            onClick={() => {
              const previous = hours[hours.length - 1];
              setHours((rows) => [
                ...rows,
                withKey({
                  placeId: previous?.placeId ?? places[0]?.id ?? null,
                  weekday: previous ? (previous.weekday % 7) + 1 : 1,
                  startTime: previous?.startTime ?? '09:00',
                  endTime: previous?.endTime ?? '12:00',
                  modes: previous?.modes ?? ['in_person'],
                }),
              ]);
            }}
          >
            {t('schedule.addHours')}
          </Button>
        </Stack>

        <Stack gap="xs" component="section" aria-labelledby="schedule-types-title">
          <Title order={3} size="h4" id="schedule-types-title">
            {t('schedule.types')}
          </Title>
          <DataTable
            minWidth={640}
            striped={false}
            verticalSpacing="xs"
            empty={types.length === 0 ? t('schedule.typesEmpty') : null}
            columns={[
              { key: 'label', label: t('schedule.label') },
              { key: 'code', label: t('schedule.code'), width: 150 },
              { key: 'duration', label: t('schedule.duration'), width: 110 },
              { key: 'mode', label: t('schedule.mode'), width: 170 },
              { key: 'actions', label: t('request.appointments.actions'), hiddenLabel: true, width: 50 },
            ]}
          >
            {types.map((row, i) => {
              const n = i + 1;
              return (
                <Table.Tr key={row.key} data-testid="schedule-type-row">
                  <Table.Td>
                    <TextInput aria-label={`${t('schedule.label')} ${n}`} value={row.label} maxLength={80} onChange={(event) => setType(row.key, { label: event.currentTarget.value })} error={fieldError(`types.${i}.label`)} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`${t('schedule.code')} ${n} (${t('schedule.codeHelp')})`}
                      value={row.code}
                      maxLength={30}
                      ff="monospace"
                      onChange={(event) => setType(row.key, { code: event.currentTarget.value })}
                      error={fieldError(`types.${i}.code`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={`${t('schedule.duration')} ${n}`} value={row.durationMinutes} min={5} max={480} step={5} onChange={(value) => setType(row.key, { durationMinutes: value })} error={fieldError(`types.${i}.durationMinutes`)} />
                  </Table.Td>
                  <Table.Td>
                    <Select aria-label={`${t('schedule.mode')} ${n}`} data={modeOptions} value={row.mode} onChange={(value) => value && setType(row.key, { mode: value as Mode })} allowDeselect={false} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('schedule.removeType', { label: row.label || row.code })}
                      onClick={() => setTypes((rows) => rows.filter((other) => other.key !== row.key))}
                    >
                      <IconTrash size={16} aria-hidden="true" />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </DataTable>
          <Button
            variant="light"
            size="xs"
            w="fit-content"
            leftSection={<IconPlus size={14} aria-hidden="true" />}
            onClick={() => setTypes((rows) => [...rows, withKey({ code: '', label: '', durationMinutes: 30, mode: 'in_person' as Mode })])}
          >
            {t('schedule.addType')}
          </Button>
        </Stack>

        <Stack gap="xs" component="section" aria-labelledby="schedule-rules-title">
          <Title order={3} size="h4" id="schedule-rules-title">
            {t('schedule.rules')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput label={t('schedule.minNotice')} value={rules.minNoticeMinutes} min={0} max={43_200} step={15} onChange={(value) => setRules({ ...rules, minNoticeMinutes: value })} error={fieldError('rules.minNoticeMinutes')} />
            <NumberInput label={t('schedule.buffer')} value={rules.bufferMinutes} min={0} max={120} step={5} onChange={(value) => setRules({ ...rules, bufferMinutes: value })} error={fieldError('rules.bufferMinutes')} />
            <NumberInput label={t('schedule.step')} value={rules.slotStepMinutes} min={5} max={120} step={5} onChange={(value) => setRules({ ...rules, slotStepMinutes: value })} error={fieldError('rules.slotStepMinutes')} />
            <NumberInput
              label={t('schedule.cancellationNotice')}
              value={rules.cancellationNoticeHours}
              min={0}
              max={168}
              onChange={(value) => setRules({ ...rules, cancellationNoticeHours: value })}
              error={fieldError('rules.cancellationNoticeHours')}
            />
          </SimpleGrid>
        </Stack>
        <PractitionerReminders drafts={reminders} onChange={setReminders} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}>
            {t('schedule.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Exceptions({ practitionerId, places, schedule }: { practitionerId: string; places: Place[]; schedule: Schedule }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const empty = { kind: 'closed' as 'closed' | 'open', placeId: '', startsAt: null as string | null, endsAt: null as string | null, reason: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => void queryClient.invalidateQueries({ queryKey: scheduleKey(practitionerId) });
  const add = useMutation({
    mutationFn: () =>
      schedulingApi.addException(practitionerId, {
        kind: form.kind,
        placeId: form.placeId || null,
        startsAt: pickerValueToIso(form.startsAt) ?? '',
        endsAt: pickerValueToIso(form.endsAt) ?? '',
        ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
      }),
    onSuccess: () => {
      notifySuccess(t('schedule.exceptionAdded'));
      setForm(empty);
      refresh();
      void queryClient.invalidateQueries({ queryKey: [...SCHEDULING_KEY, 'slots'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => schedulingApi.deleteException(practitionerId, id),
    onSuccess: () => {
      notifySuccess(t('schedule.exceptionDeleted'));
      refresh();
    },
    onError: notifyError,
  });
  const serverError = add.error instanceof ApiError ? add.error : null;
  const placeName = (id: string | null) => {
    const place = places.find((p) => p.id === id);
    return place ? placeLabel(place) : t('schedule.allPlaces');
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!form.startsAt) next.startsAt = t('schedule.required');
    if (!form.endsAt) next.endsAt = t('schedule.required');
    else if (form.startsAt && form.endsAt <= form.startsAt) next.endsAt = t('schedule.invalidRange');
    setErrors(next);
    if (Object.keys(next).length === 0) add.mutate();
  }
  const exceptions = [...schedule.exceptions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <Stack gap="sm" component="section" aria-labelledby="schedule-exceptions-title">
      <Title order={3} size="h4" id="schedule-exceptions-title">
        {t('schedule.exceptions')}
      </Title>
      <DataTable
        minWidth={560}
        verticalSpacing="xs"
        empty={exceptions.length === 0 ? t('schedule.exceptionsEmpty') : null}
        columns={[
          { key: 'kind', label: t('schedule.kind') },
          { key: 'from', label: t('schedule.from') },
          { key: 'to', label: t('schedule.to') },
          { key: 'place', label: t('schedule.place') },
          { key: 'reason', label: t('schedule.reason') },
          { key: 'actions', label: t('request.appointments.actions'), hiddenLabel: true, width: 50 },
        ]}
      >
        {exceptions.map((exception) => (
          <Table.Tr key={exception.id} data-testid="schedule-exception">
            <Table.Td>
              <Badge color={exception.kind === 'closed' ? 'gray' : 'green'} variant="light">
                {t(`schedule.kinds.${exception.kind}`)}
              </Badge>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(exception.startsAt)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(exception.endsAt)}</Table.Td>
            <Table.Td>{placeName(exception.placeId)}</Table.Td>
            <Table.Td>{exception.reason ?? '—'}</Table.Td>
            <Table.Td>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('schedule.deleteException', { date: formatDateTime(exception.startsAt) })}
                onClick={() => remove.mutate(exception.id)}
                loading={remove.isPending && remove.variables === exception.id}
              >
                <IconTrash size={16} aria-hidden="true" />
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <Paper withBorder p="sm" radius="md" bg="gray.0">
        <form onSubmit={submit} noValidate data-testid="exception-form">
          <Stack gap="sm">
            {add.error && !serverError?.fields.length ? <ErrorAlert error={add.error} /> : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Stack gap={4}>
                <Text size="sm" fw={500} id="exception-kind-label">
                  {t('schedule.kind')}
                </Text>
                <SegmentedControl
                  aria-labelledby="exception-kind-label"
                  value={form.kind}
                  onChange={(value) => setForm({ ...form, kind: value as 'closed' | 'open' })}
                  data={[
                    { value: 'closed', label: t('schedule.kinds.closed') },
                    { value: 'open', label: t('schedule.kinds.open') },
                  ]}
                />
              </Stack>
              <Select
                label={t('schedule.place')}
                data={[{ value: '', label: t('schedule.allPlaces') }, ...places.map((place) => ({ value: place.id, label: placeLabel(place) }))]}
                value={form.placeId}
                onChange={(value) => setForm({ ...form, placeId: value ?? '' })}
                allowDeselect={false}
              />
              <ParisDateTimePicker
                label={t('schedule.from')}
                required
                value={form.startsAt}
                onChange={(value) => setForm({ ...form, startsAt: value })}
                error={errors.startsAt ?? serverError?.fieldMessage('startsAt')}
              />
              <ParisDateTimePicker
                label={t('schedule.to')}
                required
                value={form.endsAt}
                onChange={(value) => setForm({ ...form, endsAt: value })}
                error={errors.endsAt ?? serverError?.fieldMessage('endsAt')}
              />
            </SimpleGrid>
            <TextInput label={t('schedule.reason')} value={form.reason} maxLength={200} onChange={(event) => setForm({ ...form, reason: event.currentTarget.value })} />
            <Group justify="flex-end">
              <Button type="submit" variant="light" loading={add.isPending} leftSection={<IconPlus size={16} aria-hidden="true" />}>
                {t('schedule.addException')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** The section of the practitioner page. */
export function ScheduleSection({ practitionerId, places }: { practitionerId: string; places: Place[] }) {
  const { t } = useTranslation('scheduling');
  const query = useQuery({ queryKey: scheduleKey(practitionerId), queryFn: () => schedulingApi.schedule(practitionerId) });
  return (
    <SectionCard title={t('schedule.title')} id="practitioner-schedule" icon={<IconCalendarCog size={22} aria-hidden="true" />}>
      <Stack gap="lg">
        <Text size="sm" c="dimmed">
          {t('schedule.intro')}
        </Text>
        <ErrorAlert error={query.error} />
        {query.isPending ? (
          <Text size="sm" c="dimmed" role="status">
            {t('common:loading')}
          </Text>
        ) : null}
        {query.data ? (
          <>
            <WeeklyEditor practitionerId={practitionerId} places={places} schedule={query.data} />
            <Exceptions practitionerId={practitionerId} places={places} schedule={query.data} />
            <PractitionerWaitlist practitionerId={practitionerId} />
            <CalendarFeedCard kind="practitioner" generate={() => schedulingApi.practitionerCalendarFeed(practitionerId)} />
          </>
        ) : null}
      </Stack>
    </SectionCard>
  );
}
