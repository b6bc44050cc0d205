// Around an appointment (request page): transport and lodging (taxi conventionné, VSL, ambulance,
// train, hotel) with provider, times, cost and status — each one a task in the request's list —
// and the waiting list ("Être prévenu d'un créneau plus tôt"). On the practitioner's schedule
// page: the clients waiting for an earlier slot.
import { Anchor, Badge, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconBus, IconClockPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { DataTable, ErrorAlert } from '../../app/components.tsx';
import { formatDate } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { type ProviderKind, useProviderSearch } from '../directory/api.ts';
import { formatEuros } from '../directory/ui.tsx';
import { requestKey } from '../requests/api.ts';
import {
  type Appointment,
  LOGISTICS_KINDS,
  type Logistics,
  type LogisticsKind,
  type LogisticsStatus,
  logisticsKey,
  practitionerWaitlistKey,
  requestWaitlistKey,
  schedulingApi,
  WAITLIST_KEY,
  type WaitlistEntry,
  type WaitlistStatus,
} from './api.ts';
import { formatDayShort, formatTime, parisInstant, pickerValueToIso } from './time.ts';
import { ParisDateTimePicker, wrappingLabel } from './ui.tsx';

const LOGISTICS_COLORS: Record<LogisticsStatus, string> = { requested: 'orange', confirmed: 'green', done: 'teal', cancelled: 'gray' };
const WAITLIST_COLORS: Record<WaitlistStatus, string> = { waiting: 'blue', offered: 'orange', done: 'green', cancelled: 'gray' };
/** The directory's provider kinds offered for each request (train and other: none to choose). */
const PROVIDER_KINDS: Partial<Record<LogisticsKind, ProviderKind>> = { taxi: 'taxi', vsl: 'vsl', ambulance: 'ambulance', lodging: 'lodging' };
/** The next steps offered from each status. */
const NEXT: Record<LogisticsStatus, { status: LogisticsStatus; label: string; color?: string }[]> = {
  requested: [
    { status: 'confirmed', label: 'logistics.confirm' },
    { status: 'cancelled', label: 'logistics.cancel', color: 'red' },
  ],
  confirmed: [
    { status: 'done', label: 'logistics.markDone' },
    { status: 'cancelled', label: 'logistics.cancel', color: 'red' },
  ],
  done: [],
  cancelled: [{ status: 'requested', label: 'logistics.reopen' }],
};

interface LogisticsForm {
  kind: LogisticsKind;
  providerId: string;
  startsAt: string | null;
  endsAt: string | null;
  cost: number | string;
  details: string;
}
const EMPTY: LogisticsForm = { kind: 'taxi', providerId: '', startsAt: null, endsAt: null, cost: '', details: '' };

function AddLogistics({ appointment, onDone }: { appointment: Appointment; onDone: () => void }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<LogisticsForm>(EMPTY);
  const providerKind = PROVIDER_KINDS[form.kind];
  const providers = useProviderSearch({ ...(providerKind ? { kind: providerKind } : {}), limit: 50 });
  const add = useMutation({
    mutationFn: () => {
      const cost = form.cost === '' ? null : Math.round(Number(form.cost) * 100);
      return schedulingApi.addLogistics(appointment.id, {
        kind: form.kind,
        providerId: form.providerId || null,
        startsAt: pickerValueToIso(form.startsAt),
        endsAt: pickerValueToIso(form.endsAt),
        costCents: cost,
        details: form.details.trim() || null,
      });
    },
    onSuccess: ({ logistics }) => {
      notifySuccess(t('logistics.added', { kind: t(`logistics.kinds.${logistics.kind}`) }));
      setForm(EMPTY);
      void queryClient.invalidateQueries({ queryKey: logisticsKey(appointment.id) });
      if (appointment.requestId) void queryClient.invalidateQueries({ queryKey: requestKey(appointment.requestId) });
      onDone();
    },
  });
  const serverError = add.error instanceof ApiError ? add.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const titleId = `logistics-form-${appointment.id}`;
  return (
    <Paper withBorder p="sm" radius="md" bg="gray.0" component="form" onSubmit={submit} noValidate aria-labelledby={titleId} data-testid="logistics-form">
      <Stack gap="sm">
        <Text fw={600} size="sm" id={titleId}>
          {t('logistics.add')}
        </Text>
        {add.error && !serverError?.fields.length ? <ErrorAlert error={add.error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('logistics.kind')}
            data={LOGISTICS_KINDS.map((kind) => ({ value: kind, label: t(`logistics.kinds.${kind}`) }))}
            value={form.kind}
            onChange={(value) => value && setForm({ ...form, kind: value as LogisticsKind, providerId: '' })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          {providerKind ? (
            <Select
              label={t('logistics.provider')}
              description={t('logistics.providerHelp')}
              data={[{ value: '', label: t('logistics.providerNone') }, ...(providers.data?.providers ?? []).map((p) => ({ value: p.id, label: `${p.name} — ${p.city}` }))]}
              value={form.providerId}
              onChange={(value) => setForm({ ...form, providerId: value ?? '' })}
              searchable
              allowDeselect={false}
              nothingFoundMessage="—"
              error={serverError?.fieldMessage('providerId')}
            />
          ) : (
            <div />
          )}
          <ParisDateTimePicker label={t('logistics.startsAt')} value={form.startsAt} onChange={(value) => setForm({ ...form, startsAt: value })} error={serverError?.fieldMessage('startsAt')} data-testid="logistics-starts-at" />
          <ParisDateTimePicker label={t('logistics.endsAt')} value={form.endsAt} onChange={(value) => setForm({ ...form, endsAt: value })} error={serverError?.fieldMessage('endsAt')} />
          <NumberInput
            label={t('logistics.cost')}
            value={form.cost}
            onChange={(value) => setForm({ ...form, cost: value })}
            min={0}
            max={100_000}
            decimalScale={2}
            decimalSeparator={currentLanguage() === 'en' ? '.' : ','}
            error={serverError?.fieldMessage('costCents')}
          />
          <Textarea label={t('logistics.details')} placeholder={t('logistics.detailsPlaceholder')} value={form.details} maxLength={2000} autosize minRows={1} onChange={(event) => setForm({ ...form, details: event.currentTarget.value })} />
        </SimpleGrid>
        <Group justify="flex-end" gap="xs">
          <Button variant="subtle" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending}>
            {t('logistics.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function LogisticsRow({ item, appointment }: { item: Logistics; appointment: Appointment }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const kind = t(`logistics.kinds.${item.kind}`);
  const update = useMutation({
    mutationFn: (status: LogisticsStatus) => schedulingApi.updateLogistics(item.id, { status }),
    onSuccess: ({ logistics }) => {
      notifySuccess(t('logistics.changed', { kind, status: t(`logistics.statuses.${logistics.status}`) }));
      void queryClient.invalidateQueries({ queryKey: logisticsKey(appointment.id) });
      // The request's task is ticked or unticked with the status.
      if (appointment.requestId) void queryClient.invalidateQueries({ queryKey: requestKey(appointment.requestId) });
    },
    onError: notifyError,
  });
  const times = [item.startsAt, item.endsAt]
    .filter((x): x is string => Boolean(x))
    .map((x) => `${formatDayShort(x)} ${formatTime(x)}`)
    .join(' → ');
  return (
    <Paper component="li" withBorder p="xs" radius="sm" data-testid="logistics-item" data-kind={item.kind} data-status={item.status}>
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} size="sm">
              {kind}
            </Text>
            <Badge size="sm" variant="light" color={LOGISTICS_COLORS[item.status]} data-testid="logistics-status">
              {t(`logistics.statuses.${item.status}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {[item.providerName, times, item.costCents !== null ? formatEuros(item.costCents) : null].filter(Boolean).join(' · ') || '—'}
          </Text>
          {item.details ? (
            <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
              {item.details}
            </Text>
          ) : null}
        </Stack>
        <Group gap={4} wrap="wrap" role="group" aria-label={t('logistics.actionsFor', { kind })}>
          {NEXT[item.status].map((next) => (
            <Button key={next.status} size="compact-xs" variant="light" color={next.color} loading={update.isPending && update.variables === next.status} onClick={() => update.mutate(next.status)}>
              {t(next.label)}
            </Button>
          ))}
        </Group>
      </Group>
    </Paper>
  );
}

/** Transport and lodging of one appointment (request page). */
export function AppointmentLogistics({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation('scheduling');
  const [adding, setAdding] = useState(false);
  const query = useQuery({ queryKey: logisticsKey(appointment.id), queryFn: () => schedulingApi.logistics(appointment.id), retry: false });
  const items = query.data?.logistics ?? [];
  const live = appointment.status === 'booked';
  if (!live && items.length === 0) return null;
  return (
    <Stack gap={6} data-testid="appointment-logistics">
      {items.length ? (
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('logistics.title')}>
          {items.map((item) => (
            <LogisticsRow key={item.id} item={item} appointment={appointment} />
          ))}
        </Stack>
      ) : null}
      <ErrorAlert error={query.error instanceof ApiError && query.error.status === 404 ? null : query.error} />
      {adding ? (
        <AddLogistics appointment={appointment} onDone={() => setAdding(false)} />
      ) : live ? (
        <Button size="compact-sm" variant="subtle" w="fit-content" {...wrappingLabel} leftSection={<IconBus size={14} aria-hidden="true" />} onClick={() => setAdding(true)}>
          {t('logistics.add')}
        </Button>
      ) : null}
    </Stack>
  );
}

function WaitlistBadge({ status }: { status: WaitlistStatus }) {
  const { t } = useTranslation('scheduling');
  return (
    <Badge size="sm" variant="light" color={WAITLIST_COLORS[status]} data-testid="waitlist-status" data-status={status}>
      {t(`waitlist.status.${status}`)}
    </Badge>
  );
}

function useCancelWaitlist() {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => schedulingApi.cancelWaitlist(id),
    onSuccess: () => {
      notifySuccess(t('waitlist.cancelled'));
      void queryClient.invalidateQueries({ queryKey: WAITLIST_KEY });
    },
    onError: notifyError,
  });
}

/** "Être prévenu d'un créneau plus tôt" on a booked appointment, and the entry's state. */
export function AppointmentWaitlist({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation('scheduling');
  const queryClient = useQueryClient();
  const requestId = appointment.requestId;
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState({ earliest: '', latest: '' });
  const query = useQuery({ queryKey: requestWaitlistKey(requestId ?? ''), queryFn: () => schedulingApi.requestWaitlist(requestId ?? ''), enabled: Boolean(requestId), retry: false });
  const cancel = useCancelWaitlist();
  const join = useMutation({
    mutationFn: () =>
      schedulingApi.joinWaitlist({
        clientId: appointment.clientId,
        practitionerId: appointment.practitionerId,
        requestId: requestId ?? '',
        appointmentId: appointment.id,
        ...(range.earliest ? { earliest: parisInstant(range.earliest, 0) } : {}),
        ...(range.latest ? { latest: parisInstant(range.latest, 24 * 60) } : {}),
      }),
    onSuccess: () => {
      notifySuccess(t('waitlist.joined'));
      setOpen(false);
      setRange({ earliest: '', latest: '' });
      void queryClient.invalidateQueries({ queryKey: WAITLIST_KEY });
    },
  });
  if (!requestId) return null;
  // The entry made from this appointment (newest first), else an active one for this practitioner.
  const entries = query.data?.entries ?? [];
  const entry =
    entries.find((e) => e.appointmentId === appointment.id) ?? entries.find((e) => e.practitionerId === appointment.practitionerId && (e.status === 'waiting' || e.status === 'offered'));
  const active = entry && (entry.status === 'waiting' || entry.status === 'offered');
  if (!entry && appointment.status !== 'booked') return null;
  const serverError = join.error instanceof ApiError ? join.error : null;
  return (
    <Stack gap={6} data-testid="appointment-waitlist">
      {entry ? (
        <Group gap="xs" wrap="wrap">
          <WaitlistBadge status={entry.status} />
          <Text size="xs" c="dimmed">
            {t('waitlist.since', { date: formatDate(entry.createdAt) })}
          </Text>
          {active ? (
            <Button size="compact-xs" variant="subtle" color="red" loading={cancel.isPending} onClick={() => cancel.mutate(entry.id)}>
              {t('waitlist.cancel')}
            </Button>
          ) : null}
        </Group>
      ) : null}
      {!active && appointment.status === 'booked' ? (
        open ? (
          <Paper
            withBorder
            p="sm"
            radius="md"
            bg="gray.0"
            component="form"
            noValidate
            aria-label={t('waitlist.joinTitle')}
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              join.mutate();
            }}
            data-testid="waitlist-form"
          >
            <Stack gap="xs">
              <Text size="sm">{t('waitlist.joinHelp')}</Text>
              {join.error && !serverError?.fields.length ? <ErrorAlert error={join.error} /> : null}
              <Group gap="sm" wrap="wrap" align="flex-start">
                <TextInput type="date" label={t('waitlist.earliest')} value={range.earliest} onChange={(event) => setRange({ ...range, earliest: event.currentTarget.value })} w={{ base: '100%', xs: 190 }} />
                <TextInput
                  type="date"
                  label={t('waitlist.latest')}
                  value={range.latest}
                  onChange={(event) => setRange({ ...range, latest: event.currentTarget.value })}
                  error={serverError?.fieldMessage('latest')}
                  w={{ base: '100%', xs: 190 }}
                />
              </Group>
              <Group justify="flex-end" gap="xs">
                <Button variant="subtle" onClick={() => setOpen(false)}>
                  {t('common:actions.cancel')}
                </Button>
                <Button type="submit" loading={join.isPending}>
                  {t('waitlist.submit')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        ) : (
          <Button size="compact-sm" variant="subtle" w="fit-content" {...wrappingLabel} leftSection={<IconClockPlus size={14} aria-hidden="true" />} onClick={() => setOpen(true)}>
            {t('waitlist.join')}
          </Button>
        )
      ) : null}
    </Stack>
  );
}

/** The practitioner's schedule page: who waits for an earlier slot. */
export function PractitionerWaitlist({ practitionerId }: { practitionerId: string }) {
  const { t } = useTranslation('scheduling');
  const query = useQuery({ queryKey: practitionerWaitlistKey(practitionerId), queryFn: () => schedulingApi.practitionerWaitlist(practitionerId), retry: false });
  const cancel = useCancelWaitlist();
  const entries: WaitlistEntry[] = query.data?.entries ?? [];
  const when = (e: WaitlistEntry) => (e.earliest || e.latest ? t('waitlist.window', { from: e.earliest ? formatDate(e.earliest) : '…', to: e.latest ? formatDate(e.latest) : '…' }) : '—');
  return (
    <Stack gap="xs" component="section" aria-labelledby="practitioner-waitlist-title" data-testid="practitioner-waitlist">
      <Title order={3} size="h4" id="practitioner-waitlist-title">
        {t('waitlist.practitionerTitle')}
      </Title>
      <ErrorAlert error={query.error} />
      <DataTable
        minWidth={560}
        verticalSpacing="xs"
        empty={query.isSuccess && entries.length === 0 ? t('waitlist.practitionerEmpty') : null}
        columns={[
          { key: 'client', label: t('waitlist.client') },
          { key: 'since', label: t('waitlist.asOf') },
          { key: 'window', label: t('waitlist.windowLabel') },
          { key: 'state', label: t('waitlist.state') },
          { key: 'actions', label: t('request.appointments.actions'), hiddenLabel: true },
        ]}
      >
        {entries.map((e) => (
          <Table.Tr key={e.id} data-testid="practitioner-waitlist-entry">
            <Table.Td>
              {e.requestId ? (
                <Anchor component={Link} to={`/demandes/${e.requestId}`} aria-label={`${t('waitlist.openRequest')} — ${e.client.name}`}>
                  {e.client.name}
                </Anchor>
              ) : (
                e.client.name
              )}{' '}
              <Text span size="xs" c="dimmed" ff="monospace">
                {e.client.number}
              </Text>
            </Table.Td>
            <Table.Td>{formatDate(e.createdAt)}</Table.Td>
            <Table.Td>{when(e)}</Table.Td>
            <Table.Td>
              <WaitlistBadge status={e.status} />
            </Table.Td>
            <Table.Td>
              <Button size="compact-xs" variant="subtle" color="red" loading={cancel.isPending && cancel.variables === e.id} onClick={() => cancel.mutate(e.id)}>
                {t('waitlist.cancel')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}

