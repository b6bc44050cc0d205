// Agenda (/agenda): the team's appointments in a day or week calendar, in Europe/Paris time, with a
// practitioner filter. A confirmed appointment can be dragged to another time (15-minute grid): it
// moves there at once and goes back if the server refuses (taken meanwhile), with the reason shown.
// Keyboard users open an appointment and use "Déplacer". Held slots (proposals awaiting the
// client's answer) are hatched; cancelled ones are hidden unless asked for.
//
// The grid's rows are Paris wall-clock times: an instant's row comes from its Intl-formatted Paris
// time (time.ts), never from adding hours to UTC, so the days of a DST change are laid out right.
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendarTime, IconChevronLeft, IconChevronRight, IconGripVertical, IconPhone } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CSSProperties, type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, Facts, PageHeader } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { APPOINTMENTS_KEY, type Appointment, type AppointmentFilter, appointmentsKey, schedulingApi } from './api.ts';
import {
  addDays,
  formatCalendarDay,
  formatSlot,
  formatTime,
  minutesToTime,
  parisInstant,
  parisParts,
  parisToday,
  startOfWeek,
} from './time.ts';
import { CalendarFeedButton } from './CalendarFeed.tsx';
import { AppointmentStatusBadge, CancelAppointmentModal, MoveAppointmentModal, usePractitionerNames, useWhereLabel } from './ui.tsx';

const STEP = 15;
const ROW = 18; // px per 15 minutes
const DEFAULT_START = 7 * 60;
const DEFAULT_END = 20 * 60;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type View = 'day' | 'week';

interface Placed {
  appointment: Appointment;
  date: string;
  start: number;
  end: number;
  lane: number;
  lanes: number;
}

/** Paris minutes of an appointment on its start day (one that runs past midnight stops there). */
function span(appointment: Appointment): { date: string; start: number; end: number } {
  const start = parisParts(appointment.startsAt);
  const end = parisParts(appointment.endsAt);
  return { date: start.date, start: start.minutes, end: end.date === start.date ? Math.max(end.minutes, start.minutes + STEP) : 24 * 60 };
}

/** Side-by-side lanes for appointments that overlap on one day. */
function layOut(appointments: Appointment[]): Placed[] {
  const byDay = new Map<string, Placed[]>();
  for (const appointment of appointments) {
    const s = span(appointment);
    byDay.set(s.date, [...(byDay.get(s.date) ?? []), { appointment, ...s, lane: 0, lanes: 1 }]);
  }
  const placed: Placed[] = [];
  for (const items of byDay.values()) {
    items.sort((a, b) => a.start - b.start || b.end - a.end);
    let cluster: Placed[] = [];
    let clusterEnd = -1;
    const flush = () => {
      const lanes = Math.max(1, ...cluster.map((item) => item.lane + 1));
      for (const item of cluster) item.lanes = lanes;
      cluster = [];
    };
    for (const item of items) {
      if (item.start >= clusterEnd) flush();
      const laneEnds: number[] = [];
      for (const other of cluster) laneEnds[other.lane] = Math.max(laneEnds[other.lane] ?? 0, other.end);
      let lane = 0;
      while ((laneEnds[lane] ?? -1) > item.start) lane++;
      item.lane = lane;
      cluster.push(item);
      clusterEnd = Math.max(clusterEnd, item.end);
      placed.push(item);
    }
    flush();
  }
  return placed;
}

function blockStyle(status: Appointment['status']): CSSProperties {
  switch (status) {
    case 'held':
      return {
        background: 'repeating-linear-gradient(135deg, var(--mantine-color-orange-1) 0 6px, var(--mantine-color-white) 6px 12px)',
        border: '1px dashed var(--mantine-color-orange-7)',
        color: 'var(--mantine-color-dark-7)',
      };
    case 'cancelled':
    case 'released':
      return { background: 'var(--mantine-color-gray-1)', border: '1px solid var(--mantine-color-gray-4)', color: 'var(--mantine-color-gray-7)', textDecoration: 'line-through' };
    case 'completed':
      return { background: 'var(--mantine-color-teal-0)', borderLeft: '4px solid var(--mantine-color-teal-7)', color: 'var(--mantine-color-dark-7)' };
    case 'no_show':
      return { background: 'var(--mantine-color-red-0)', borderLeft: '4px solid var(--mantine-color-red-8)', color: 'var(--mantine-color-dark-7)' };
    default:
      return { background: 'var(--mantine-color-parcours-0)', borderLeft: '4px solid var(--mantine-color-parcours-7)', color: 'var(--mantine-color-dark-8)' };
  }
}

function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function AppointmentDetails({
  appointment,
  name,
  onClose,
  onMove,
  onCancel,
}: {
  appointment: Appointment | null;
  name: string;
  onClose: () => void;
  onMove: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('scheduling');
  const where = useWhereLabel();
  return (
    <Modal opened={appointment !== null} onClose={onClose} title={appointment ? t('agenda.details', { number: appointment.number }) : ''}>
      {appointment ? (
        <Stack gap="md" data-testid="agenda-details">
          <Group gap="xs">
            <AppointmentStatusBadge status={appointment.status} />
            {appointment.source === 'phone' ? (
              <Badge variant="outline" color="gray" leftSection={<IconPhone size={12} aria-hidden="true" />}>
                {t('source.phone')}
              </Badge>
            ) : null}
          </Group>
          <Facts
            labelWidth={120}
            items={[
              { label: t('request.appointments.when'), value: <span className="upper-first">{`${formatSlot(appointment.startsAt)} – ${formatTime(appointment.endsAt)}`}</span> },
              { label: t('request.appointments.practitioner'), value: name },
              { label: t('agenda.client'), value: appointment.client ? `${appointment.client.name} (${appointment.client.number})` : null },
              { label: t('request.appointments.where'), value: where(appointment) },
              ...(appointment.status === 'held' && appointment.holdExpiresAt
                ? [{ label: t('status.held'), value: t('request.appointments.heldUntil', { date: formatDateTime(appointment.holdExpiresAt) }) }]
                : []),
              ...(appointment.externalNote ? [{ label: t('request.phone.confirmedWith'), value: appointment.externalNote }] : []),
              ...(appointment.cancelReason ? [{ label: t('cancel.reason'), value: appointment.cancelReason }] : []),
            ]}
          />
          {appointment.status === 'held' ? (
            <Text size="sm" c="dimmed">
              {t('agenda.noDragHeld')}
            </Text>
          ) : null}
          <Group gap="xs" justify="flex-end" wrap="wrap">
            {appointment.requestId ? (
              <Button component={Link} to={`/demandes/${appointment.requestId}`} variant="subtle">
                {t('agenda.openRequest')}
              </Button>
            ) : null}
            {appointment.status === 'held' || appointment.status === 'booked' ? (
              <Button variant="subtle" color="red" onClick={onCancel}>
                {t('request.appointments.cancel')}
              </Button>
            ) : null}
            {appointment.status === 'booked' ? (
              <Button leftSection={<IconCalendarTime size={16} aria-hidden="true" />} onClick={onMove} data-autofocus>
                {t('request.appointments.move')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export function AgendaPage() {
  const { t } = useTranslation('scheduling');
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const now = useNow();
  const today = parisToday(now);
  const anchor = DATE.test(params.get('date') ?? '') ? (params.get('date') as string) : today;
  const view: View = params.get('vue') === 'jour' ? 'day' : params.get('vue') === 'semaine' ? 'week' : phone ? 'day' : 'week';
  const practitionerId = params.get('praticien') || null;
  const [showCancelled, setShowCancelled] = useState(false);
  const [refusal, setRefusal] = useState<{ number: string; message: string } | null>(null);
  const [opened, setOpened] = useState<Appointment | null>(null);
  const [moving, setMoving] = useState<Appointment | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [dragging, setDragging] = useState<{ appointment: Appointment; grab: number; duration: number } | null>(null);
  const [hover, setHover] = useState<{ date: string; minutes: number } | null>(null);
  const columns = useRef(new Map<string, HTMLDivElement>());

  function update(next: Record<string, string | null>) {
    const copy = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) copy.set(key, value);
      else copy.delete(key);
    }
    setParams(copy, { replace: true });
  }

  const days = useMemo(() => {
    if (view === 'day') return [anchor];
    const monday = startOfWeek(anchor);
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }, [view, anchor]);
  const first = days[0] ?? anchor;
  const last = days[days.length - 1] ?? anchor;
  const filter: AppointmentFilter = {
    from: parisInstant(first, 0),
    to: parisInstant(addDays(last, 1), 0),
    ...(practitionerId ? { practitionerId } : {}),
    ...(showCancelled ? { includeCancelled: true } : {}),
    limit: 500,
  };
  const optionsFilter: AppointmentFilter = { ...filter };
  delete optionsFilter.practitionerId;
  const key = appointmentsKey(filter);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => schedulingApi.appointments(filter, signal), refetchInterval: 60_000 });
  const everyone = useQuery({
    queryKey: appointmentsKey(optionsFilter),
    queryFn: ({ signal }) => schedulingApi.appointments(optionsFilter, signal),
    enabled: practitionerId !== null,
  });
  const all = query.data?.appointments ?? [];
  const visible = all.filter((a) => !(a.status === 'held' && a.holdExpiresAt && new Date(a.holdExpiresAt) <= now));
  const pool = practitionerId ? (everyone.data?.appointments ?? []) : all;
  const nameOf = usePractitionerNames([...pool, ...all]);
  const practitionerOptions = [...new Set([...pool.map((a) => a.practitionerId), ...(practitionerId ? [practitionerId] : [])])]
    .map((id) => ({ value: id, label: nameOf(id) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));

  const placed = layOut(visible);
  let gridStart = DEFAULT_START;
  let gridEnd = DEFAULT_END;
  for (const item of placed) {
    if (!days.includes(item.date)) continue;
    gridStart = Math.min(gridStart, Math.floor(item.start / 60) * 60);
    gridEnd = Math.max(gridEnd, Math.ceil(item.end / 60) * 60);
  }
  const rows = (gridEnd - gridStart) / STEP;
  const height = rows * ROW;
  const hours = Array.from({ length: (gridEnd - gridStart) / 60 }, (_, i) => gridStart + i * 60);
  const nowParts = parisParts(now);

  const move = useMutation({
    mutationFn: ({ appointment, startsAt }: { appointment: Appointment; startsAt: string }) => schedulingApi.reschedule(appointment.id, startsAt),
    onMutate: async ({ appointment, startsAt }) => {
      setRefusal(null);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<{ appointments: Appointment[] }>(key);
      const duration = new Date(appointment.endsAt).getTime() - new Date(appointment.startsAt).getTime();
      const endsAt = new Date(new Date(startsAt).getTime() + duration).toISOString();
      queryClient.setQueryData<{ appointments: Appointment[] }>(key, (data) =>
        data ? { appointments: data.appointments.map((a) => (a.id === appointment.id ? { ...a, startsAt, endsAt } : a)) } : data,
      );
      return { previous };
    },
    onError: (error, { appointment }, context) => {
      // Back where it was, and why.
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      if (error instanceof ApiError) setRefusal({ number: appointment.number, message: error.message });
      else notifyError(error);
    },
    onSuccess: ({ appointment }) => {
      notifySuccess(t('agenda.moved', { number: appointment.number, when: formatSlot(appointment.startsAt) }));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: APPOINTMENTS_KEY });
    },
  });

  function slotAt(date: string, event: DragEvent<HTMLDivElement>, grab: number): number {
    const column = columns.current.get(date);
    if (!column) return gridStart;
    const y = event.clientY - column.getBoundingClientRect().top - grab;
    const index = Math.min(rows - 1, Math.max(0, Math.round(y / ROW)));
    return gridStart + index * STEP;
  }

  function onDragOver(date: string, event: DragEvent<HTMLDivElement>) {
    if (!dragging) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const minutes = slotAt(date, event, dragging.grab);
    if (hover?.date !== date || hover.minutes !== minutes) setHover({ date, minutes });
  }

  function onDrop(date: string, event: DragEvent<HTMLDivElement>) {
    if (!dragging) return;
    event.preventDefault();
    const { appointment, grab } = dragging;
    const minutes = slotAt(date, event, grab);
    setDragging(null);
    setHover(null);
    const startsAt = parisInstant(date, minutes);
    if (new Date(startsAt).getTime() === new Date(appointment.startsAt).getTime()) return;
    move.mutate({ appointment, startsAt });
  }

  const rangeLabel =
    view === 'week' ? t('agenda.weekOf', { from: formatCalendarDay(first), to: formatCalendarDay(last, 'shortWithYear') }) : formatCalendarDay(anchor, true);
  const step = view === 'week' ? 7 : 1;
  const gutter = 52;
  const minColumn = view === 'week' ? 112 : 220;

  return (
    <>
      <PageHeader title={t('agenda.title')} description={t('agenda.description')} actions={<CalendarFeedButton label={t('feed.subscribe')} generate={schedulingApi.myCalendarFeed} />} />
      <Stack gap="md">
        <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-label={t('agenda.view')}>
          <Group gap="md" align="flex-end" wrap="wrap">
            <Group gap={6} wrap="nowrap">
              <ActionIcon variant="default" size="lg" aria-label={t('agenda.previous')} onClick={() => update({ date: addDays(anchor, -step) })}>
                <IconChevronLeft size={18} aria-hidden="true" />
              </ActionIcon>
              <Button variant="default" onClick={() => update({ date: null })}>
                {t('agenda.today')}
              </Button>
              <ActionIcon variant="default" size="lg" aria-label={t('agenda.next')} onClick={() => update({ date: addDays(anchor, step) })}>
                <IconChevronRight size={18} aria-hidden="true" />
              </ActionIcon>
            </Group>
            <TextInput
              type="date"
              label={t('agenda.goTo')}
              value={anchor}
              onChange={(event) => DATE.test(event.currentTarget.value) && update({ date: event.currentTarget.value })}
              w={{ base: '100%', xs: 170 }}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="agenda-view-label">
                {t('agenda.view')}
              </Text>
              <SegmentedControl
                aria-labelledby="agenda-view-label"
                value={view}
                onChange={(value) => update({ vue: value === 'day' ? 'jour' : 'semaine' })}
                data={[
                  { value: 'day', label: t('agenda.day') },
                  { value: 'week', label: t('agenda.week') },
                ]}
              />
            </Stack>
            <Select
              label={t('agenda.practitioner')}
              placeholder={t('agenda.allPractitioners')}
              data={practitionerOptions}
              value={practitionerId}
              onChange={(value) => update({ praticien: value })}
              searchable
              clearable
              w={{ base: '100%', xs: 260 }}
            />
            <Switch label={t('agenda.showCancelled')} checked={showCancelled} onChange={(event) => setShowCancelled(event.currentTarget.checked)} mb={6} />
          </Group>
        </Paper>

        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} size="h3" className="upper-first" data-testid="agenda-range">
            {rangeLabel}
          </Title>
          <Group gap="sm" wrap="wrap" aria-label={t('agenda.legend')} role="group">
            <Group gap={4} wrap="nowrap">
              <Box w={14} h={14} style={{ borderRadius: 3, ...blockStyle('booked') }} aria-hidden="true" />
              <Text size="xs">{t('agenda.legendBooked')}</Text>
            </Group>
            <Group gap={4} wrap="nowrap">
              <Box w={14} h={14} style={{ borderRadius: 3, ...blockStyle('held') }} aria-hidden="true" />
              <Text size="xs">{t('agenda.legendHeld')}</Text>
            </Group>
            {showCancelled ? (
              <Group gap={4} wrap="nowrap">
                <Box w={14} h={14} style={{ borderRadius: 3, ...blockStyle('cancelled') }} aria-hidden="true" />
                <Text size="xs">{t('agenda.legendCancelled')}</Text>
              </Group>
            ) : null}
          </Group>
        </Group>

        {refusal ? (
          <Alert color="red" role="alert" title={t('agenda.refused')} withCloseButton onClose={() => setRefusal(null)} closeButtonLabel={t('common:actions.close')} data-testid="agenda-refused">
            {refusal.number} — {refusal.message}
          </Alert>
        ) : null}
        <ErrorAlert error={query.error} />
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {query.isPending ? t('common:loading') : `${visible.length ? t('agenda.count', { count: visible.length }) : t('agenda.empty')} · ${t('timeZoneNote')}`}
        </Text>

        <Paper withBorder p={0} style={{ overflowX: 'auto' }} data-testid="agenda">
          <Box
            style={{
              display: 'grid',
              gridTemplateColumns: `${gutter}px repeat(${days.length}, minmax(${minColumn}px, 1fr))`,
              minWidth: gutter + days.length * minColumn,
            }}
            aria-busy={query.isFetching || move.isPending}
            data-view={view}
          >
            {/* Column headings */}
            <Box style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }} aria-hidden="true" />
            {days.map((date) => (
              <Box
                key={`head-${date}`}
                p={6}
                ta="center"
                style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', borderLeft: '1px solid var(--mantine-color-gray-3)', background: date === today ? 'var(--mantine-color-parcours-0)' : undefined }}
              >
                <Text size="sm" fw={date === today ? 700 : 600} className="upper-first">
                  {formatCalendarDay(date)}
                </Text>
              </Box>
            ))}

            {/* Hours gutter */}
            <Box style={{ position: 'relative', height }} aria-hidden="true">
              {hours.map((minutes) => (
                <Text key={minutes} size="xs" c="dimmed" style={{ position: 'absolute', top: ((minutes - gridStart) / STEP) * ROW - 7, right: 6 }}>
                  {minutesToTime(minutes)}
                </Text>
              ))}
            </Box>

            {/* Day columns */}
            {days.map((date) => {
              const items = placed.filter((item) => item.date === date).sort((a, b) => a.start - b.start);
              return (
                <Box
                  key={date}
                  component="section"
                  aria-label={formatCalendarDay(date, true)}
                  data-testid="agenda-day"
                  data-date={date}
                  ref={(element: HTMLDivElement | null) => {
                    if (element) columns.current.set(date, element);
                    else columns.current.delete(date);
                  }}
                  onDragOver={(event: DragEvent<HTMLDivElement>) => onDragOver(date, event)}
                  onDrop={(event: DragEvent<HTMLDivElement>) => onDrop(date, event)}
                  onDragLeave={(event: DragEvent<HTMLDivElement>) => {
                    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setHover(null);
                  }}
                  style={{
                    position: 'relative',
                    height,
                    borderLeft: '1px solid var(--mantine-color-gray-3)',
                    background: `repeating-linear-gradient(to bottom, var(--mantine-color-gray-2) 0 1px, transparent 1px ${ROW * 4}px), ${date === today ? 'var(--mantine-color-parcours-0)' : 'var(--mantine-color-white)'}`,
                    backgroundSize: `100% ${ROW * 4}px, auto`,
                  }}
                >
                  {/* 15-minute drop targets (visual only; the drop position is read from the pointer) */}
                  {Array.from({ length: rows }, (_, index) => {
                    const minutes = gridStart + index * STEP;
                    return (
                      <div
                        key={minutes}
                        aria-hidden="true"
                        data-testid="agenda-cell"
                        data-date={date}
                        data-time={minutesToTime(minutes)}
                        style={{ position: 'absolute', left: 0, right: 0, top: index * ROW, height: ROW }}
                      />
                    );
                  })}
                  {date === nowParts.date && nowParts.minutes >= gridStart && nowParts.minutes < gridEnd ? (
                    <div aria-hidden="true" style={{ position: 'absolute', left: 0, right: 0, top: ((nowParts.minutes - gridStart) / STEP) * ROW, borderTop: '2px solid var(--mantine-color-red-6)', zIndex: 2 }} />
                  ) : null}
                  {hover && dragging && hover.date === date ? (
                    <div
                      aria-hidden="true"
                      data-testid="agenda-drop-preview"
                      style={{
                        position: 'absolute',
                        left: 2,
                        right: 2,
                        top: ((hover.minutes - gridStart) / STEP) * ROW,
                        height: Math.max(ROW, (dragging.duration / STEP) * ROW),
                        border: '2px dashed var(--mantine-color-parcours-7)',
                        borderRadius: 4,
                        background: 'rgba(255,255,255,0.6)',
                        zIndex: 3,
                        pointerEvents: 'none',
                        fontSize: 11,
                        padding: '0 4px',
                      }}
                    >
                      {t('agenda.dropHint', { when: minutesToTime(hover.minutes) })}
                    </div>
                  ) : null}
                  {items.map((item) => {
                    const { appointment } = item;
                    const draggable = appointment.status === 'booked' && !move.isPending;
                    const width = 100 / item.lanes;
                    const name = nameOf(appointment.practitionerId);
                    const top = ((Math.max(item.start, gridStart) - gridStart) / STEP) * ROW;
                    const blockHeight = Math.max(ROW, ((Math.min(item.end, gridEnd) - Math.max(item.start, gridStart)) / STEP) * ROW - 1);
                    const isDragged = dragging?.appointment.id === appointment.id;
                    return (
                      <UnstyledButton
                        key={appointment.id}
                        draggable={draggable}
                        onDragStart={(event: DragEvent<HTMLButtonElement>) => {
                          const rect = event.currentTarget.getBoundingClientRect();
                          event.dataTransfer.effectAllowed = 'move';
                          event.dataTransfer.setData('text/plain', appointment.id);
                          setDragging({
                            appointment,
                            grab: event.clientY - rect.top,
                            duration: item.end - item.start,
                          });
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setHover(null);
                        }}
                        onClick={() => setOpened(appointment)}
                        aria-label={t('agenda.blockLabel', {
                          time: `${formatTime(appointment.startsAt)}–${formatTime(appointment.endsAt)}`,
                          name,
                          client: appointment.client?.name ?? appointment.number,
                          status: t(`status.${appointment.status}`),
                        })}
                        data-testid="agenda-appointment"
                        data-id={appointment.id}
                        data-number={appointment.number}
                        data-status={appointment.status}
                        data-starts-at={appointment.startsAt}
                        style={{
                          position: 'absolute',
                          top,
                          height: blockHeight,
                          left: `calc(${item.lane * width}% + 2px)`,
                          width: `calc(${width}% - 4px)`,
                          borderRadius: 4,
                          padding: '1px 4px',
                          overflow: 'hidden',
                          fontSize: 11,
                          lineHeight: 1.25,
                          zIndex: isDragged ? 1 : 4,
                          opacity: isDragged ? 0.5 : 1,
                          cursor: draggable ? 'grab' : 'pointer',
                          // While something is dragged, the other blocks let the drop reach their column.
                          pointerEvents: dragging && !isDragged ? 'none' : undefined,
                          ...blockStyle(appointment.status),
                        }}
                      >
                        <span style={{ display: 'flex', gap: 2, alignItems: 'center' }}>
                          {draggable ? <IconGripVertical size={10} aria-hidden="true" style={{ flexShrink: 0 }} /> : null}
                          <strong style={{ fontVariantNumeric: 'tabular-nums' }}>{formatTime(appointment.startsAt)}</strong>
                          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{name}</span>
                        </span>
                        {blockHeight > ROW * 1.5 ? (
                          <span style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                            {appointment.client?.name ?? appointment.number}
                          </span>
                        ) : null}
                      </UnstyledButton>
                    );
                  })}
                </Box>
              );
            })}
          </Box>
        </Paper>
      </Stack>
      <AppointmentDetails
        appointment={opened}
        name={opened ? nameOf(opened.practitionerId) : ''}
        onClose={() => setOpened(null)}
        onMove={() => {
          setMoving(opened);
          setOpened(null);
        }}
        onCancel={() => {
          setCancelling(opened);
          setOpened(null);
        }}
      />
      <MoveAppointmentModal appointment={moving} practitionerName={moving ? nameOf(moving.practitionerId) : ''} onClose={() => setMoving(null)} />
      <CancelAppointmentModal appointment={cancelling} onClose={() => setCancelling(null)} />
    </>
  );
}
