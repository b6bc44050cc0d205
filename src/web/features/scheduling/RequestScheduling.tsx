// Rendez-vous on a request page (staff): the request's appointments and proposals, the search of
// free slots across the Sélection's practitioners (mode, type, period, the client's days and
// hours), up to six slots proposed to the client (held for a while) or one booked directly, and
// an appointment obtained by phone from a practitioner's secretariat.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Chip,
  Collapse,
  Group,
  Menu,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import {
  IconCalendarPlus,
  IconCalendarTime,
  IconChevronDown,
  IconMail,
  IconPhone,
  IconSearch,
  IconSend,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, Facts, SectionCard } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import type { Practitioner } from '../matching/api.ts';
import { practitionerPath, useShortlist } from '../matching/Shortlist.tsx';
import { type Request, requestKey } from '../requests/api.ts';
import {
  type Appointment,
  appointmentsKey,
  MODES,
  type Mode,
  type Proposal,
  type PractitionerSlots,
  proposalsKey,
  SCHEDULING_KEY,
  type Schedule,
  type Slot,
  type SlotQuery,
  scheduleKey,
  schedulingApi,
  slotsKey,
} from './api.ts';
import { AppointmentLogistics, AppointmentWaitlist } from './Extras.tsx';
import { PreparationBlock } from '../preparation/PreparationBlock.tsx';
import { formatSlot, parisInstant, parisToday, pickerValueToIso } from './time.ts';
import {
  AppointmentStatusBadge,
  CancelAppointmentModal,
  DatesLocale,
  MoveAppointmentModal,
  ParisDateTimePicker,
  SentMessages,
  SlotButtons,
  slotKey,
  usePractitionerNames,
  useWhereLabel,
} from './ui.tsx';

const MAX_SLOTS = 6;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface SearchForm {
  mode: Mode;
  typeCode: string;
  from: string;
  days: number | string;
  weekdays: string[];
  earliest: string;
  latest: string;
}

interface Picked {
  key: string;
  practitionerId: string;
  typeCode: string;
  mode: Mode;
  slot: Slot;
}

function toQuery(form: SearchForm, practitionerIds: string[], perPractitioner: number): SlotQuery {
  const days = Number(form.days);
  return {
    practitionerIds,
    mode: form.mode,
    ...(form.typeCode ? { typeCode: form.typeCode } : {}),
    ...(form.from ? { from: parisInstant(form.from, 0) } : {}),
    days: Number.isInteger(days) && days >= 1 && days <= 90 ? days : 14,
    perPractitioner,
    ...(form.weekdays.length ? { weekdays: form.weekdays.map(Number).sort() } : {}),
    ...(/^\d{2}:\d{2}$/.test(form.earliest) ? { earliestTime: form.earliest } : {}),
    ...(/^\d{2}:\d{2}$/.test(form.latest) ? { latestTime: form.latest } : {}),
  };
}

function placeName(practitioner: Practitioner | undefined, placeId: string | null): string | null {
  const place = practitioner?.places.find((p) => p.id === placeId);
  return place ? [place.name, place.city].filter(Boolean).join(', ') : null;
}

/** Slot search, the selection and what to do with it (propose / book). */
function SlotFinder({ request, practitioners }: { request: Request; practitioners: Practitioner[] }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SearchForm>({ mode: 'in_person', typeCode: '', from: parisToday(), days: 14, weekdays: [], earliest: '', latest: '' });
  const [submitted, setSubmitted] = useState<SearchForm>(form);
  const [perPractitioner, setPerPractitioner] = useState(8);
  const [picked, setPicked] = useState<Picked[]>([]);
  const [holdHours, setHoldHours] = useState<number | string>(48);
  const [refused, setRefused] = useState<ApiError | null>(null);
  const [lastProposal, setLastProposal] = useState<Proposal | null>(null);
  const byId = useMemo(() => new Map(practitioners.map((p) => [p.id, p])), [practitioners]);

  // Each practitioner's consultation types (and whether they have hours at all).
  const schedules = useQueries({
    queries: practitioners.map((p) => ({ queryKey: scheduleKey(p.id), queryFn: () => schedulingApi.schedule(p.id), staleTime: 60_000 })),
  });
  const scheduleOf = new Map<string, Schedule>();
  schedules.forEach((query, index) => {
    const id = practitioners[index]?.id;
    if (id && query.data) scheduleOf.set(id, query.data);
  });
  const typeLabels = new Map<string, string>();
  for (const schedule of scheduleOf.values())
    for (const type of schedule.types) if (type.mode === form.mode && !typeLabels.has(type.code)) typeLabels.set(type.code, type.label);
  const typeOptions = [...typeLabels.entries()].map(([value, label]) => ({ value, label }));

  const offering = practitioners.filter((p) => {
    if (!submitted.typeCode) return true;
    const schedule = scheduleOf.get(p.id);
    return !schedule || schedule.types.some((type) => type.code === submitted.typeCode);
  });
  const query = toQuery(submitted, offering.map((p) => p.id), perPractitioner);
  const slots = useQuery({
    queryKey: slotsKey(query),
    queryFn: ({ signal }) => schedulingApi.slots(query, signal),
    enabled: query.practitionerIds.length > 0,
    retry: false,
  });
  const results = new Map<string, PractitionerSlots>((slots.data?.practitioners ?? []).map((entry) => [entry.practitionerId, entry]));
  const total = [...results.values()].reduce((sum, entry) => sum + entry.slots.length, 0);
  const selected = new Set(picked.map((p) => p.key));

  function toggle(entry: PractitionerSlots, slot: Slot) {
    const key = slotKey(entry.practitionerId, slot);
    setPicked((current) =>
      current.some((p) => p.key === key)
        ? current.filter((p) => p.key !== key)
        : current.length >= MAX_SLOTS
          ? current
          : [...current, { key, practitionerId: entry.practitionerId, typeCode: entry.typeCode, mode: submitted.mode, slot }].sort((a, b) => a.slot.startsAt.localeCompare(b.slot.startsAt)),
    );
  }

  /** A slot was taken meanwhile: say so, fetch the slots again, drop the choices that are gone. */
  async function onRefused(error: unknown) {
    if (!(error instanceof ApiError) || error.status !== 409) {
      notifyError(error);
      return;
    }
    setRefused(error);
    const fresh = await slots.refetch();
    const still = new Set((fresh.data?.practitioners ?? []).flatMap((entry) => entry.slots.map((slot) => slotKey(entry.practitionerId, slot))));
    setPicked((current) => current.filter((p) => still.has(p.key)));
  }

  function refreshAfterBooking() {
    void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
    void queryClient.invalidateQueries({ queryKey: requestKey(request.id) });
  }

  const propose = useMutation({
    mutationFn: () =>
      schedulingApi.propose(request.id, {
        holdHours: Number(holdHours) || 48,
        slots: picked.map((p) => ({
          practitionerId: p.practitionerId,
          startsAt: p.slot.startsAt,
          typeCode: p.typeCode,
          mode: p.mode,
          ...(p.slot.placeId ? { placeId: p.slot.placeId } : {}),
        })),
      }),
    onMutate: () => setRefused(null),
    onSuccess: ({ proposal }) => {
      notifySuccess(t('request.selection.proposed', { count: proposal.slots.length, date: formatDateTime(proposal.expiresAt) }));
      setLastProposal(proposal);
      setPicked([]);
      refreshAfterBooking();
    },
    onError: onRefused,
  });
  const book = useMutation({
    mutationFn: (p: Picked) =>
      schedulingApi.book({
        practitionerId: p.practitionerId,
        clientId: request.client.id,
        requestId: request.id,
        typeCode: p.typeCode,
        mode: p.mode,
        startsAt: p.slot.startsAt,
        ...(p.slot.placeId ? { placeId: p.slot.placeId } : {}),
      }),
    onMutate: () => setRefused(null),
    onSuccess: ({ appointment }) => {
      notifySuccess(t('request.selection.booked', { number: appointment.number }));
      setPicked([]);
      refreshAfterBooking();
    },
    onError: onRefused,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(form);
    setPerPractitioner(8);
    setRefused(null);
  }

  const nameOf = (id: string) => byId.get(id)?.displayName ?? t('unknownPractitioner');
  const busy = propose.isPending || book.isPending;
  const hold = Number(holdHours);
  const holdValid = Number.isInteger(hold) && hold >= 1 && hold <= 168;

  return (
    <Stack gap="md">
      <Title order={3} size="h4" id="slot-search-title">
        {t('request.search.title')}
      </Title>
      <form onSubmit={submit} aria-labelledby="slot-search-title" data-testid="slot-search">
        <Stack gap="sm">
          <Group gap="md" align="flex-end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="slot-mode-label">
                {t('request.search.mode')}
              </Text>
              <SegmentedControl
                aria-labelledby="slot-mode-label"
                value={form.mode}
                onChange={(value) => setForm({ ...form, mode: value as Mode, typeCode: '' })}
                data={MODES.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))}
              />
            </Stack>
            <Select
              label={t('request.search.type')}
              data={[{ value: '', label: t('request.search.typeDefault') }, ...typeOptions]}
              value={form.typeCode}
              onChange={(value) => setForm({ ...form, typeCode: value ?? '' })}
              allowDeselect={false}
              w={{ base: '100%', xs: 260 }}
            />
            <TextInput
              type="date"
              label={t('request.search.from')}
              value={form.from}
              min={parisToday()}
              onChange={(event) => setForm({ ...form, from: event.currentTarget.value })}
              w={{ base: '100%', xs: 170 }}
            />
            <NumberInput label={t('request.search.days')} value={form.days} onChange={(value) => setForm({ ...form, days: value })} min={1} max={90} w={{ base: '100%', xs: 110 }} />
          </Group>
          <Group gap="md" align="flex-end" wrap="wrap">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} id="slot-weekdays-label">
                {t('request.search.weekdays')}
              </Text>
              <Chip.Group multiple value={form.weekdays} onChange={(value) => setForm({ ...form, weekdays: value })}>
                <Group gap={4} wrap="wrap" role="group" aria-labelledby="slot-weekdays-label">
                  {WEEKDAYS.map((day) => (
                    <Chip key={day} value={String(day)} size="xs" aria-label={t(`weekdays.long.${day}`)}>
                      {t(`weekdays.short.${day}`)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              <Text size="xs" c="dimmed">
                {t('request.search.weekdaysHelp')}
              </Text>
            </Stack>
            <DatesLocale>
              <Group gap="sm" wrap="wrap" align="flex-end">
                <TimeInput label={t('request.search.earliest')} value={form.earliest} onChange={(event) => setForm({ ...form, earliest: event.currentTarget.value })} w={{ base: '100%', xs: 130 }} />
                <TimeInput label={t('request.search.latest')} value={form.latest} onChange={(event) => setForm({ ...form, latest: event.currentTarget.value })} w={{ base: '100%', xs: 130 }} />
              </Group>
            </DatesLocale>
            <Button type="submit" leftSection={<IconSearch size={16} aria-hidden="true" />} loading={slots.isFetching} ml={{ base: 0, md: 'auto' }}>
              {t('request.search.submit')}
            </Button>
          </Group>
        </Stack>
      </form>

      <ErrorAlert error={slots.error} />
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {slots.isFetching ? t('common:loading') : slots.isSuccess ? `${t('request.search.count', { count: total })} · ${t('timeZoneNote')}` : ''}
      </Text>

      <Stack gap="sm" data-testid="slot-results" aria-busy={slots.isFetching}>
        {practitioners.map((practitioner) => {
          const entry = results.get(practitioner.id);
          const schedule = scheduleOf.get(practitioner.id);
          const offers = offering.includes(practitioner);
          const type = schedule?.types.find((candidate) => candidate.code === entry?.typeCode);
          return (
            <Paper key={practitioner.id} withBorder p="sm" radius="md" data-testid="slot-practitioner" data-practitioner={practitioner.id}>
              <Stack gap={6}>
                <Group gap="xs" wrap="wrap" justify="space-between">
                  <Anchor component={Link} to={practitionerPath(practitioner.id)} fw={600}>
                    {practitioner.displayName}
                  </Anchor>
                  {entry ? (
                    <Text size="sm" c="dimmed">
                      {[type?.label ?? entry.typeCode, t('durationMinutes', { count: entry.durationMinutes })].join(' · ')}
                    </Text>
                  ) : null}
                </Group>
                {!offers ? (
                  <Text size="sm" c="dimmed">
                    {t('request.search.typeNotOffered')}
                  </Text>
                ) : entry?.slots.length ? (
                  <>
                    {placeName(practitioner, entry.slots[0]?.placeId ?? null) ? (
                      <Text size="xs" c="dimmed">
                        {placeName(practitioner, entry.slots[0]?.placeId ?? null)}
                      </Text>
                    ) : null}
                    <SlotButtons
                      slots={entry.slots}
                      practitionerId={practitioner.id}
                      practitionerName={practitioner.displayName}
                      selected={selected}
                      onToggle={(slot) => toggle(entry, slot)}
                      disabled={() => picked.length >= MAX_SLOTS}
                    />
                  </>
                ) : entry ? (
                  <Text size="sm" c="dimmed">
                    {schedule && schedule.hours.length === 0 ? t('request.search.noHours') : t('request.search.none')}
                  </Text>
                ) : null}
              </Stack>
            </Paper>
          );
        })}
        {slots.isSuccess && perPractitioner < 20 && [...results.values()].some((entry) => entry.slots.length >= perPractitioner) ? (
          <Button variant="subtle" onClick={() => setPerPractitioner((n) => Math.min(20, n + 6))} w="fit-content">
            {t('request.search.more')}
          </Button>
        ) : null}
      </Stack>

      <Paper withBorder p="sm" radius="md" bg="gray.0" component="section" aria-labelledby="slot-selection-title" data-testid="slot-selection">
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Title order={4} size="h5" id="slot-selection-title">
              {t('request.selection.title')} ({picked.length}/{MAX_SLOTS})
            </Title>
            {picked.length ? (
              <Button size="xs" variant="subtle" color="gray" onClick={() => setPicked([])}>
                {t('request.selection.clear')}
              </Button>
            ) : null}
          </Group>
          {refused ? (
            <Alert color="orange" role="alert" data-testid="slot-refused" withCloseButton onClose={() => setRefused(null)} closeButtonLabel={t('common:actions.close')}>
              {refused.message} {t('request.refreshed')}
            </Alert>
          ) : null}
          {picked.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('request.selection.empty')}
            </Text>
          ) : (
            <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
              {picked.map((p) => (
                <Group component="li" key={p.key} gap="xs" wrap="nowrap" justify="space-between" data-testid="picked-slot">
                  <Text size="sm" style={{ minWidth: 0 }}>
                    <Text span fw={600} className="upper-first">
                      {formatSlot(p.slot.startsAt)}
                    </Text>{' '}
                    — {nameOf(p.practitionerId)}
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="gray"
                    aria-label={t('request.selection.remove', { slot: formatSlot(p.slot.startsAt) })}
                    onClick={() => setPicked((current) => current.filter((other) => other.key !== p.key))}
                  >
                    <IconX size={14} aria-hidden="true" />
                  </Button>
                </Group>
              ))}
            </Stack>
          )}
          {picked.length >= MAX_SLOTS ? (
            <Text size="xs" c="dimmed">
              {t('request.selection.max')}
            </Text>
          ) : null}
          <Group gap="sm" align="flex-end" wrap="wrap">
            <NumberInput
              label={t('request.selection.holdHours')}
              description={t('request.selection.holdHelp')}
              value={holdHours}
              onChange={setHoldHours}
              min={1}
              max={168}
              w={{ base: '100%', sm: 300 }}
              error={holdValid ? undefined : '1 – 168'}
            />
            <Button
              leftSection={<IconSend size={16} aria-hidden="true" />}
              disabled={picked.length === 0 || !holdValid || busy}
              loading={propose.isPending}
              onClick={() => propose.mutate()}
            >
              {picked.length ? t('request.selection.proposeCount', { count: picked.length }) : t('request.selection.propose')}
            </Button>
            <Button
              variant="light"
              leftSection={<IconCalendarPlus size={16} aria-hidden="true" />}
              disabled={picked.length !== 1 || busy}
              loading={book.isPending}
              onClick={() => picked[0] && book.mutate(picked[0])}
              title={picked.length > 1 ? t('request.selection.bookOnlyOne') : t('request.selection.bookHelp')}
            >
              {t('request.selection.book')}
            </Button>
          </Group>
          {picked.length > 1 ? (
            <Text size="xs" c="dimmed">
              {t('request.selection.bookOnlyOne')}
            </Text>
          ) : null}
        </Stack>
      </Paper>
      {lastProposal ? <LastProposal proposal={lastProposal} nameOf={nameOf} onClose={() => setLastProposal(null)} /> : null}
    </Stack>
  );
}

function LastProposal({ proposal, nameOf, onClose }: { proposal: Proposal; nameOf: (id: string) => string; onClose: () => void }) {
  const { t } = useTranslation('scheduling');
  return (
    <Alert
      color="green"
      role="status"
      icon={<IconMail aria-hidden="true" />}
      title={t('request.lastProposal')}
      withCloseButton
      onClose={onClose}
      closeButtonLabel={t('common:actions.close')}
      data-testid="last-proposal"
    >
      <Stack gap={4}>
        <Text size="sm">{t('request.selection.proposed', { count: proposal.slots.length, date: formatDateTime(proposal.expiresAt) })}</Text>
        <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: 'none' }}>
          {proposal.slots.map((slot) => (
            <Text component="li" size="sm" key={slot.id}>
              {formatSlot(slot.startsAt)} — {slot.practitioner?.displayName ?? nameOf(slot.practitionerId)} ({t(`status.${slot.status}`)})
            </Text>
          ))}
        </Stack>
      </Stack>
    </Alert>
  );
}

/** An appointment obtained by phone: the practitioner, the time (Paris), who confirmed it. */
function PhoneBooking({ request, practitioners }: { request: Request; practitioners: Practitioner[] }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const empty = { practitionerId: practitioners[0]?.id ?? null, placeId: null as string | null, mode: 'in_person' as Mode, startsAt: null as string | null, duration: 30 as number | string, confirmedWith: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const practitioner = practitioners.find((p) => p.id === form.practitionerId);
  const save = useMutation({
    mutationFn: () => {
      const startsAt = pickerValueToIso(form.startsAt) ?? '';
      return schedulingApi.bookExternal({
        practitionerId: form.practitionerId ?? '',
        clientId: request.client.id,
        requestId: request.id,
        mode: form.mode,
        startsAt,
        durationMinutes: Number(form.duration),
        confirmedWith: form.confirmedWith.trim(),
        ...(form.placeId && form.mode === 'in_person' ? { placeId: form.placeId } : {}),
      });
    },
    onSuccess: ({ appointment }) => {
      notifySuccess(t('request.phone.saved', { number: appointment.number }));
      setForm({ ...empty, practitionerId: form.practitionerId });
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
      void queryClient.invalidateQueries({ queryKey: requestKey(request.id) });
    },
  });
  const serverError = save.error instanceof ApiError ? save.error : null;
  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!form.practitionerId) next.practitionerId = t('request.phone.required');
    if (!form.startsAt) next.startsAt = t('request.phone.required');
    const duration = Number(form.duration);
    if (!Number.isInteger(duration) || duration < 5 || duration > 480) next.duration = '5 – 480';
    if (form.confirmedWith.trim().length < 2) next.confirmedWith = t('request.phone.required');
    setErrors(next);
    if (Object.keys(next).length === 0) save.mutate();
  }
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconPhone size={16} aria-hidden="true" />}
          rightSection={<IconChevronDown size={14} aria-hidden="true" style={{ transform: open ? 'rotate(180deg)' : undefined }} />}
          onClick={() => setOpen((value) => !value)}
          aria-expanded={open}
          aria-controls="phone-booking"
          h="auto"
          mih={36}
          py={6}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
        >
          {t('request.phone.open')}
        </Button>
      </Group>
      <Collapse expanded={open} id="phone-booking">
        {open ? (
          <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="phone-booking-title">
            <form onSubmit={submit} noValidate data-testid="phone-booking">
              <Stack gap="sm">
                <Title order={4} size="h5" id="phone-booking-title">
                  {t('request.phone.title')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('request.phone.intro')}
                </Text>
                {save.error && !serverError?.fields.length ? <ErrorAlert error={save.error} /> : null}
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Select
                    label={t('request.phone.practitioner')}
                    required
                    data={practitioners.map((p) => ({ value: p.id, label: p.displayName }))}
                    value={form.practitionerId}
                    onChange={(value) => setForm({ ...form, practitionerId: value, placeId: null })}
                    error={errors.practitionerId ?? serverError?.fieldMessage('practitionerId')}
                    allowDeselect={false}
                  />
                  <Stack gap={4}>
                    <Text size="sm" fw={500} id="phone-mode-label">
                      {t('request.phone.mode')}
                    </Text>
                    <SegmentedControl
                      aria-labelledby="phone-mode-label"
                      value={form.mode}
                      onChange={(value) => setForm({ ...form, mode: value as Mode })}
                      data={MODES.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))}
                    />
                  </Stack>
                  {form.mode === 'in_person' ? (
                    <Select
                      label={t('request.phone.place')}
                      data={[{ value: '', label: t('request.phone.placeNone') }, ...(practitioner?.places ?? []).map((place) => ({ value: place.id, label: [place.name, place.street, place.city].filter(Boolean).join(', ') }))]}
                      value={form.placeId ?? ''}
                      onChange={(value) => setForm({ ...form, placeId: value || null })}
                      allowDeselect={false}
                    />
                  ) : null}
                  <ParisDateTimePicker
                    label={t('request.phone.startsAt')}
                    required
                    value={form.startsAt}
                    onChange={(value) => setForm({ ...form, startsAt: value })}
                    error={errors.startsAt ?? serverError?.fieldMessage('startsAt')}
                    data-testid="phone-starts-at"
                  />
                  <NumberInput
                    label={t('request.phone.duration')}
                    required
                    min={5}
                    max={480}
                    step={5}
                    value={form.duration}
                    onChange={(value) => setForm({ ...form, duration: value })}
                    error={errors.duration ?? serverError?.fieldMessage('durationMinutes')}
                  />
                  <TextInput
                    label={t('request.phone.confirmedWith')}
                    placeholder={t('request.phone.confirmedWithPlaceholder')}
                    required
                    maxLength={200}
                    value={form.confirmedWith}
                    onChange={(event) => setForm({ ...form, confirmedWith: event.currentTarget.value })}
                    error={errors.confirmedWith ?? serverError?.fieldMessage('confirmedWith')}
                  />
                </SimpleGrid>
                <Group justify="flex-end">
                  <Button type="submit" loading={save.isPending} leftSection={<IconCalendarPlus size={16} aria-hidden="true" />}>
                    {t('request.phone.submit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        ) : null}
      </Collapse>
    </Stack>
  );
}

function AppointmentItem({
  appointment,
  name,
  onCancel,
  onMove,
}: {
  appointment: Appointment;
  name: string;
  onCancel: () => void;
  onMove: () => void;
}) {
  const { t } = useTranslation('scheduling');
  const where = useWhereLabel();
  const queryClient = useQueryClient();
  const [showMessages, setShowMessages] = useState(false);
  const outcome = useMutation({
    mutationFn: (status: 'completed' | 'no_show') => schedulingApi.outcome(appointment.id, status),
    onSuccess: ({ appointment: updated }) => {
      notifySuccess(t('request.appointments.outcomeSaved', { number: updated.number, status: t(`status.${updated.status}`) }));
      void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
    },
    onError: notifyError,
  });
  const live = appointment.status === 'booked' || appointment.status === 'held';
  const messagesId = `appointment-messages-${appointment.id}`;
  return (
    <Paper component="li" withBorder p="sm" radius="md" data-testid="request-appointment" data-number={appointment.number} data-status={appointment.status} data-starts-at={appointment.startsAt}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
            <Group gap="xs" wrap="wrap">
              <Text fw={700} ff="monospace" size="sm">
                {appointment.number}
              </Text>
              <AppointmentStatusBadge status={appointment.status} />
              {appointment.source === 'phone' ? (
                <Badge variant="outline" color="gray" leftSection={<IconPhone size={12} aria-hidden="true" />}>
                  {t('source.phone')}
                </Badge>
              ) : null}
            </Group>
            <Text fw={600} className="upper-first">
              <time dateTime={appointment.startsAt}>{formatSlot(appointment.startsAt)}</time>
            </Text>
            <Text size="sm">
              {name} · {where(appointment)}
            </Text>
            {appointment.status === 'held' && appointment.holdExpiresAt ? (
              <Text size="xs" c="dimmed">
                {t('request.appointments.heldUntil', { date: formatDateTime(appointment.holdExpiresAt) })}
              </Text>
            ) : null}
            {appointment.externalNote ? (
              <Text size="xs" c="dimmed">
                {t('request.appointments.confirmedWith', { name: appointment.externalNote })}
              </Text>
            ) : null}
            {appointment.cancelReason && (appointment.status === 'cancelled' || appointment.status === 'released') ? (
              <Text size="xs" c="dimmed">
                {t('request.appointments.cancelReason', { reason: appointment.cancelReason })}
              </Text>
            ) : null}
          </Stack>
          <Group gap={6} wrap="wrap">
            {appointment.status === 'booked' ? (
              <Button size="xs" variant="light" leftSection={<IconCalendarTime size={14} aria-hidden="true" />} onClick={onMove}>
                {t('request.appointments.move')}
              </Button>
            ) : null}
            {live ? (
              <Button size="xs" variant="subtle" color="red" onClick={onCancel}>
                {t('request.appointments.cancel')}
              </Button>
            ) : null}
            {appointment.status === 'booked' || appointment.status === 'completed' || appointment.status === 'no_show' ? (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} aria-hidden="true" />} loading={outcome.isPending}>
                    {t('request.appointments.outcome')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => outcome.mutate('completed')} disabled={appointment.status === 'completed'}>
                    {t('request.appointments.completed')}
                  </Menu.Item>
                  <Menu.Item onClick={() => outcome.mutate('no_show')} disabled={appointment.status === 'no_show'}>
                    {t('request.appointments.noShow')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        </Group>
        {appointment.status === 'held' || appointment.status === 'released' ? null : (
          <Button
            size="compact-sm"
            variant="subtle"
            w="fit-content"
            leftSection={<IconMail size={14} aria-hidden="true" />}
            onClick={() => setShowMessages((value) => !value)}
            aria-expanded={showMessages}
            aria-controls={messagesId}
          >
            {showMessages ? t('request.appointments.hideMessages') : t('request.appointments.messages')}
          </Button>
        )}
        <div id={messagesId}>{showMessages ? <SentMessages appointmentId={appointment.id} /> : null}</div>
        <AppointmentLogistics appointment={appointment} />
        <AppointmentWaitlist appointment={appointment} />
        <PreparationBlock appointment={appointment} />
      </Stack>
    </Paper>
  );
}

function Proposals({ requestId, nameOf }: { requestId: string; nameOf: (id: string) => string }) {
  const { t } = useTranslation('scheduling');
  const query = useQuery({ queryKey: proposalsKey(requestId), queryFn: () => schedulingApi.proposals(requestId), retry: false });
  const proposals = [...(query.data?.proposals ?? [])].reverse();
  return (
    <Stack gap="xs" component="section" aria-labelledby="request-proposals-title">
      <Title order={3} size="h4" id="request-proposals-title">
        {t('request.proposals.title')}
      </Title>
      {query.error instanceof ApiError && query.error.status === 404 ? (
        <Text size="sm" c="dimmed">
          {t('request.proposals.unavailable')}
        </Text>
      ) : (
        <ErrorAlert error={query.error} />
      )}
      {query.isSuccess && proposals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('request.proposals.empty')}
        </Text>
      ) : null}
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {proposals.map((proposal) => (
          <Paper component="li" key={proposal.id} withBorder p="sm" radius="md" data-testid="request-proposal" data-status={proposal.status}>
            <Stack gap={4}>
              <Group gap="xs" wrap="wrap">
                <Badge color={proposal.status === 'open' ? 'orange' : proposal.status === 'accepted' ? 'green' : 'gray'} variant="light">
                  {t(`proposalStatus.${proposal.status}`)}
                </Badge>
                {proposal.createdAt ? (
                  <Text size="xs" c="dimmed">
                    {t('request.proposals.sentAt', { date: formatDateTime(proposal.createdAt) })}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed">
                  {t('request.proposals.expiresAt', { date: formatDateTime(proposal.expiresAt) })}
                </Text>
              </Group>
              <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('request.proposals.slots')}>
                {proposal.slots.map((slot) => (
                  <Group component="li" key={slot.id} gap="xs" wrap="wrap">
                    <Text size="sm" className="upper-first">
                      {formatSlot(slot.startsAt)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {slot.practitioner?.displayName ?? nameOf(slot.practitionerId)}
                    </Text>
                    <AppointmentStatusBadge status={slot.status} size="sm" />
                  </Group>
                ))}
              </Stack>
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function RequestAppointmentsList({ requestId, known }: { requestId: string; known: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('scheduling');
  const [showFree, setShowFree] = useState(false);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [moving, setMoving] = useState<Appointment | null>(null);
  const query = useQuery({
    queryKey: appointmentsKey({ requestId, includeCancelled: true }),
    queryFn: ({ signal }) => schedulingApi.appointments({ requestId, includeCancelled: true }, signal),
  });
  const all = query.data?.appointments ?? [];
  const nameOf = usePractitionerNames(all, known);
  const shown = all.filter((a) => showFree || (a.status !== 'cancelled' && a.status !== 'released'));
  const hidden = all.length - shown.length;
  return (
    <Stack gap="md">
      <Stack gap="xs" component="section" aria-labelledby="request-appointments-title">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h4" id="request-appointments-title">
            {t('request.appointments.title')}
          </Title>
          <Switch
            size="sm"
            label={`${t('request.appointments.showCancelled')}${hidden && !showFree ? ` (${hidden})` : ''}`}
            checked={showFree}
            onChange={(event) => setShowFree(event.currentTarget.checked)}
          />
        </Group>
        <ErrorAlert error={query.error} />
        {query.isSuccess && shown.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="request-appointments-empty">
            {t('request.appointments.empty')}
          </Text>
        ) : null}
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} data-testid="request-appointments" aria-busy={query.isFetching}>
          {shown.map((appointment) => (
            <AppointmentItem
              key={appointment.id}
              appointment={appointment}
              name={nameOf(appointment.practitionerId)}
              onCancel={() => setCancelling(appointment)}
              onMove={() => setMoving(appointment)}
            />
          ))}
        </Stack>
      </Stack>
      <Proposals requestId={requestId} nameOf={nameOf} />
      <CancelAppointmentModal appointment={cancelling} onClose={() => setCancelling(null)} />
      <MoveAppointmentModal appointment={moving} practitionerName={moving ? nameOf(moving.practitionerId) : ''} onClose={() => setMoving(null)} />
    </Stack>
  );
}

/** The "Rendez-vous" section of a request page (staff). */
export function RequestScheduling({ request }: { request: Request }) {
  const { t } = useTranslation('scheduling');
  const shortlist = useShortlist(request.id);
  const practitioners = useMemo(() => {
    const seen = new Map<string, Practitioner>();
    for (const item of shortlist.data?.items ?? []) if (item.status !== 'declined' && !seen.has(item.practitioner.id)) seen.set(item.practitioner.id, item.practitioner);
    return [...seen.values()];
  }, [shortlist.data]);
  const known = useMemo(() => new Map((shortlist.data?.items ?? []).map((item) => [item.practitioner.id, item.practitioner.displayName])), [shortlist.data]);
  const availability = [
    { label: t('request.clientAvailability'), value: [request.preferredDates, request.constraints].filter(Boolean).join(' — ') },
  ];
  return (
    <Stack gap="lg" mt="lg">
      <SectionCard title={t('request.title')} id="request-scheduling" icon={<IconCalendarTime size={22} aria-hidden="true" />}>
        <Stack gap="lg" data-testid="request-scheduling">
          <RequestAppointmentsList requestId={request.id} known={known} />
          {request.preferredDates || request.constraints ? <Facts items={availability} labelWidth={220} /> : null}
          <ErrorAlert error={shortlist.error} />
          {shortlist.isSuccess && practitioners.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="scheduling-no-shortlist">
              {t('request.noShortlist')}
            </Text>
          ) : null}
          {practitioners.length ? (
            <>
              <SlotFinder request={request} practitioners={practitioners} />
              <PhoneBooking request={request} practitioners={practitioners} />
            </>
          ) : null}
        </Stack>
      </SectionCard>
    </Stack>
  );
}
