// Building blocks shared by the scheduling pages: status badges, practitioner names, slot buttons
// grouped by day, a Paris date-time picker, and the dialogs to cancel or move an appointment.
import '@mantine/dates/styles.css';
import './scheduling.css';
import 'dayjs/locale/fr';
import 'dayjs/locale/en-gb';
import { Badge, Button, Group, Input, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput, DatesProvider, TimeInput } from '@mantine/dates';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { DataTable, ErrorAlert } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { notifySuccess } from '../../app/notify.ts';
import { directoryApi, practitionerKey } from '../directory/api.ts';
import {
  APPOINTMENTS_KEY,
  type Appointment,
  type AppointmentStatus,
  messagesKey,
  SCHEDULING_KEY,
  type Slot,
  schedulingApi,
  slotsKey,
} from './api.ts';
import { formatCalendarDay, formatSlot, formatTime, parisInstant, parisParts, parisToday, timeToMinutes } from './time.ts';
import { parseDayMonthYear } from './typed-date.ts';

export const STATUS_COLORS: Record<AppointmentStatus, string> = {
  held: 'orange',
  booked: 'green',
  completed: 'teal',
  no_show: 'red',
  cancelled: 'gray',
  released: 'gray',
};

export function AppointmentStatusBadge({ status, size = 'md' }: { status: AppointmentStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('scheduling');
  return (
    <Badge color={STATUS_COLORS[status]} variant={status === 'booked' ? 'filled' : 'light'} size={size} data-status={status} data-testid="appointment-status">
      {t(`status.${status}`)}
    </Badge>
  );
}

/** The place of an appointment on one line ("Cabinet, 12 rue X, 75011 Paris"), or the mode. */
export function useWhereLabel(): (appointment: Pick<Appointment, 'mode' | 'place'>) => string {
  const { t } = useTranslation('scheduling');
  return (appointment) => {
    if (appointment.mode === 'teleconsultation') return t('mode.teleconsultation');
    const place = appointment.place;
    if (!place) return t('mode.in_person');
    return [place.name, place.street, [place.postalCode, place.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  };
}

/**
 * Names of the practitioners of some appointments: the name the server embeds, else one the page
 * already knows (the Sélection), else the directory entry (fetched once per practitioner).
 */
export function usePractitionerNames(appointments: readonly Pick<Appointment, 'practitionerId' | 'practitioner'>[], known?: ReadonlyMap<string, string>, lookup = true) {
  const { t } = useTranslation('scheduling');
  const embedded = new Map<string, string>();
  for (const appointment of appointments) if (appointment.practitioner?.displayName) embedded.set(appointment.practitionerId, appointment.practitioner.displayName);
  const missing = [...new Set(appointments.map((appointment) => appointment.practitionerId))].filter((id) => !embedded.has(id) && !known?.has(id));
  const fetched = useQueries({
    queries: (lookup ? missing : []).map((id) => ({ queryKey: practitionerKey(id), queryFn: () => directoryApi.get(id), staleTime: 5 * 60_000, retry: false })),
  });
  const fromDirectory = new Map<string, string>();
  fetched.forEach((query, index) => {
    const id = missing[index];
    if (id && query.data) fromDirectory.set(id, query.data.practitioner.displayName);
  });
  return (id: string): string => embedded.get(id) ?? known?.get(id) ?? fromDirectory.get(id) ?? t('unknownPractitioner');
}

/** Mantine's pickers in the interface language, Monday first. */
export function DatesLocale({ children }: { children: ReactNode }) {
  return <DatesProvider settings={{ locale: currentLanguage() === 'en' ? 'en-gb' : 'fr', firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}

/**
 * A date and time in Paris, typed (« 10/12/2026 » then « 19:30 ») or picked from the calendar:
 * staff on the phone type faster than they click. The value is the wall-clock string
 * "YYYY-MM-DD HH:mm:ss", or null until both parts are valid.
 */
export function ParisDateTimePicker({
  label,
  required,
  value,
  onChange,
  error,
  'data-testid': testId,
}: {
  label: string;
  required?: boolean;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: ReactNode;
  'data-testid'?: string;
}) {
  const { t } = useTranslation('scheduling');
  const id = useId();
  // The parts live here so a half-entered value (a date, no time yet) is not lost.
  const [parts, setParts] = useState(() => splitWallClock(value));
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    // Changed from outside (a reset, a drop in the agenda): show it, unless it is what we sent.
    setSeen(value);
    const emitted = parts.date && /^\d{2}:\d{2}$/.test(parts.time) ? `${parts.date} ${parts.time}:00` : null;
    if (value !== emitted) setParts(splitWallClock(value));
  }
  const update = (next: { date: string | null; time: string }) => {
    setParts(next);
    onChange(next.date && /^\d{2}:\d{2}$/.test(next.time) ? `${next.date} ${next.time}:00` : null);
  };
  return (
    <Input.Wrapper label={label} required={required} error={error} id={id} labelElement="div" data-testid={testId}>
      <Group gap="xs" wrap="nowrap" align="flex-start" role="group" aria-labelledby={`${id}-label`}>
        <DatesLocale>
          <DateInput
            aria-label={`${label} : ${t('picker.date')}`}
            placeholder={t('picker.datePlaceholder')}
            valueFormat="DD/MM/YYYY"
            dateParser={parseDayMonthYear}
            value={parts.date}
            onChange={(date) => update({ ...parts, date })}
            error={Boolean(error)}
            aria-describedby={error ? `${id}-error` : undefined}
            flex={3}
            ariaLabels={{
              monthLevelControl: t('picker.monthLevel'),
              yearLevelControl: t('picker.yearLevel'),
              nextMonth: t('picker.nextMonth'),
              previousMonth: t('picker.previousMonth'),
              nextYear: t('picker.nextYear'),
              previousYear: t('picker.previousYear'),
              nextDecade: t('picker.nextDecade'),
              previousDecade: t('picker.previousDecade'),
            }}
          />
        </DatesLocale>
        <TimeInput
          aria-label={`${label} : ${t('picker.time')}`}
          value={parts.time}
          onChange={(event) => update({ ...parts, time: event.currentTarget.value })}
          error={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          flex={2}
        />
      </Group>
    </Input.Wrapper>
  );
}

function splitWallClock(value: string | null): { date: string | null; time: string } {
  if (!value) return { date: null, time: '' };
  const [date = '', time = ''] = value.split(' ');
  return { date, time: time.slice(0, 5) };
}

/** For a button whose label may be longer than a phone is wide: it wraps instead of overflowing. */
export const wrappingLabel = { maw: '100%', h: 'auto', mih: 26, py: 4, styles: { label: { whiteSpace: 'normal', textAlign: 'left' } } } as const;

export const slotKey = (practitionerId: string, slot: Pick<Slot, 'startsAt'>) => `${practitionerId}@${slot.startsAt}`;

/** Free slots as toggle buttons, grouped under their day (Paris time). */
export function SlotButtons({
  slots,
  practitionerId,
  practitionerName,
  selected,
  onToggle,
  disabled,
}: {
  slots: readonly Slot[];
  practitionerId: string;
  practitionerName: string;
  selected: ReadonlySet<string>;
  onToggle: (slot: Slot) => void;
  disabled?: (slot: Slot) => boolean;
}) {
  const { t } = useTranslation('scheduling');
  const days = useMemo(() => {
    const groups = new Map<string, Slot[]>();
    for (const slot of slots) {
      const date = parisParts(slot.startsAt).date;
      groups.set(date, [...(groups.get(date) ?? []), slot]);
    }
    return [...groups.entries()];
  }, [slots]);
  return (
    <Stack gap={6} data-testid="slot-days">
      {days.map(([date, daySlots]) => (
        <Group key={date} gap={6} align="center" wrap="wrap" data-testid="slot-day" data-date={date}>
          <Text size="sm" fw={600} w={{ base: '100%', xs: 110 }} className="upper-first">
            {formatCalendarDay(date)}
          </Text>
          {daySlots.map((slot) => {
            const key = slotKey(practitionerId, slot);
            const pressed = selected.has(key);
            return (
              <Button
                key={key}
                size="xs"
                variant={pressed ? 'filled' : 'default'}
                aria-pressed={pressed}
                aria-label={t('slotLabel', { when: formatSlot(slot.startsAt), name: practitionerName })}
                onClick={() => onToggle(slot)}
                disabled={!pressed && disabled?.(slot)}
                data-testid="slot"
                data-starts-at={slot.startsAt}
                style={{ fontVariantNumeric: 'tabular-nums' }}
              >
                {formatTime(slot.startsAt)}
              </Button>
            );
          })}
        </Group>
      ))}
    </Stack>
  );
}

/** What the platform sent about one appointment (e-mail, SMS). The endpoint may not exist yet: a 404 says so. */
export function SentMessages({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation('scheduling');
  const query = useQuery({ queryKey: messagesKey(appointmentId), queryFn: () => schedulingApi.messages(appointmentId), retry: false });
  if (query.error instanceof ApiError && query.error.status === 404 && query.error.code !== 'appointment_not_found')
    return (
      <Text size="sm" c="dimmed">
        {t('messages.unavailable')}
      </Text>
    );
  if (query.isError) return <ErrorAlert error={query.error} />;
  const messages = query.data?.messages ?? [];
  const label = (group: 'templates' | 'statuses', value: string) => {
    const key = `messages.${group}.${value}`;
    const text = t(key);
    return text === key ? value : text;
  };
  return (
    <div data-testid="appointment-messages">
      <DataTable
        caption={t('messages.caption')}
        minWidth={460}
        busy={query.isFetching}
        verticalSpacing="xs"
        empty={query.isSuccess && messages.length === 0 ? t('messages.empty') : null}
        columns={[
          { key: 'at', label: t('messages.at') },
          { key: 'channel', label: t('messages.channel') },
          { key: 'template', label: t('messages.template') },
          { key: 'to', label: t('messages.to') },
          { key: 'status', label: t('messages.status') },
        ]}
      >
        {messages.map((message) => (
          <Table.Tr key={message.id} data-template={message.template}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(message.sentAt ?? message.createdAt)}</Table.Td>
            <Table.Td>{t(`messages.channels.${message.channel}`)}</Table.Td>
            <Table.Td>
              <Text size="sm">{label('templates', message.template)}</Text>
              {message.subject ? (
                <Text size="xs" c="dimmed">
                  {message.subject}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{message.to}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={message.status === 'failed' ? 'red' : message.status === 'sent' ? 'green' : 'gray'}>
                {label('statuses', message.status)}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </div>
  );
}

/** Cancelling needs a reason; the server's refusal (e.g. too late for the client) is shown as is. */
export function CancelAppointmentModal({
  appointment,
  onClose,
  cancel,
  onCancelled,
  help,
}: {
  appointment: Appointment | null;
  onClose: () => void;
  cancel?: (id: string, reason: string) => Promise<{ appointment: Appointment }>;
  onCancelled?: (appointment: Appointment) => void;
  help?: ReactNode;
}) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) => (cancel ?? schedulingApi.cancel)(id, text),
    onSuccess: ({ appointment: cancelled }) => {
      notifySuccess(t('cancel.done', { number: cancelled.number }));
      void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
      onCancelled?.(cancelled);
      close();
    },
  });
  function close() {
    setReason('');
    setError(null);
    mutation.reset();
    onClose();
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!appointment) return;
    if (!reason.trim()) {
      setError(t('cancel.reasonRequired'));
      return;
    }
    setError(null);
    mutation.mutate({ id: appointment.id, text: reason.trim() });
  }
  const serverError = mutation.error instanceof ApiError ? mutation.error : null;
  return (
    <Modal opened={appointment !== null} onClose={close} title={appointment ? t('cancel.title', { number: appointment.number }) : ''}>
      {appointment ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">{formatSlot(appointment.startsAt)}</Text>
            {help ? (
              <Text size="sm" c="dimmed">
                {help}
              </Text>
            ) : null}
            {mutation.error && !serverError?.fieldMessage('reason') ? <ErrorAlert error={mutation.error} /> : null}
            <Textarea
              label={t('cancel.reason')}
              required
              autosize
              minRows={2}
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={error ?? serverError?.fieldMessage('reason')}
              data-autofocus
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                {t('cancel.keep')}
              </Button>
              <Button type="submit" color="red" loading={mutation.isPending}>
                {t('cancel.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}

/**
 * Moving an appointment: one of the practitioner's free slots, or any date and time (Paris) typed
 * in — the keyboard alternative to dragging it in the Agenda. A refusal (taken meanwhile) is shown
 * and the free slots are fetched again.
 */
export function MoveAppointmentModal({
  appointment,
  practitionerName,
  onClose,
  onMoved,
}: {
  appointment: Appointment | null;
  practitionerName: string;
  onClose: () => void;
  onMoved?: (moved: Appointment) => void;
}) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const opened = appointment !== null;
  const query = appointment
    ? { practitionerIds: [appointment.practitionerId], typeCode: appointment.typeCode, mode: appointment.mode, days: 30, perPractitioner: 12 }
    : null;
  const slots = useQuery({
    queryKey: slotsKey(query ?? { practitionerIds: [], mode: 'in_person' }),
    queryFn: ({ signal }) => schedulingApi.slots(query ?? { practitionerIds: [], mode: 'in_person' }, signal),
    enabled: opened && appointment?.source === 'platform',
    retry: false,
  });
  const mutation = useMutation({
    mutationFn: ({ id, startsAt }: { id: string; startsAt: string }) => schedulingApi.reschedule(id, startsAt, reason.trim() || undefined),
    onSuccess: ({ appointment: moved }) => {
      notifySuccess(t('move.done', { when: formatSlot(moved.startsAt) }));
      void queryClient.invalidateQueries({ queryKey: APPOINTMENTS_KEY });
      void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
      onMoved?.(moved);
      close();
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status === 409) {
        setPicked(null);
        void slots.refetch();
      }
    },
  });
  function close() {
    setPicked(null);
    setDate('');
    setTime('');
    setReason('');
    setError(null);
    mutation.reset();
    onClose();
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!appointment) return;
    let startsAt = picked;
    if (!startsAt && date && /^\d{2}:\d{2}$/.test(time)) startsAt = parisInstant(date, timeToMinutes(time));
    if (!startsAt) {
      setError(t('move.pickOne'));
      return;
    }
    setError(null);
    mutation.mutate({ id: appointment.id, startsAt });
  }
  const free = slots.data?.practitioners[0]?.slots ?? [];
  const selected = new Set(picked && appointment ? [slotKey(appointment.practitionerId, { startsAt: picked })] : []);
  return (
    <Modal opened={opened} onClose={close} size="lg" title={appointment ? t('move.title', { number: appointment.number }) : ''}>
      {appointment ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              {t('move.current', { when: formatSlot(appointment.startsAt) })} — {practitionerName}
            </Text>
            <ErrorAlert error={mutation.error} />
            {appointment.source === 'platform' ? (
              <Stack gap="xs">
                <Text size="sm" fw={600}>
                  {t('move.freeSlots')}
                </Text>
                <ErrorAlert error={slots.error} />
                {slots.isSuccess && free.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('move.noSlots')}
                  </Text>
                ) : null}
                <SlotButtons
                  slots={free}
                  practitionerId={appointment.practitionerId}
                  practitionerName={practitionerName}
                  selected={selected}
                  onToggle={(slot) => {
                    setPicked((current) => (current === slot.startsAt ? null : slot.startsAt));
                    setDate('');
                    setTime('');
                  }}
                />
              </Stack>
            ) : null}
            <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Text component="legend" size="sm" fw={600} mb={6}>
                {t('move.otherTime')}
              </Text>
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput
                  type="date"
                  label={t('move.date')}
                  value={date}
                  min={parisToday()}
                  onChange={(event) => {
                    setDate(event.currentTarget.value);
                    setPicked(null);
                  }}
                  w={{ base: '100%', xs: 180 }}
                />
                <DatesLocale>
                  <TimeInput
                    label={t('move.time')}
                    value={time}
                    step={900}
                    onChange={(event) => {
                      setTime(event.currentTarget.value);
                      setPicked(null);
                    }}
                    w={{ base: '100%', xs: 140 }}
                  />
                </DatesLocale>
              </Group>
            </fieldset>
            <TextInput label={t('move.reason')} value={reason} maxLength={500} onChange={(event) => setReason(event.currentTarget.value)} />
            {error ? (
              <Text size="sm" c="red.8" role="alert">
                {error}
              </Text>
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t('move.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
