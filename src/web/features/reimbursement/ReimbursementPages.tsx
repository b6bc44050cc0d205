// Reimbursements: the « Remboursements » section of a client's page (acts with their split as a
// stacked bar, claims with their actions), the team's claims list (/remboursements, overdue first)
// and « Mes remboursements » in the portal (/mes-remboursements).
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Button, Checkbox, Group, Modal, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconReceiptEuro } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable, ErrorAlert, PageHeader, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { CLIENTS_KEY, clientsApi } from '../clients/api.ts';
import { schedulingApi } from '../scheduling/api.ts';
import {
  ACT_CODES,
  type ActCode,
  type ActInput,
  type CareAct,
  type Claim,
  CLAIM_STATUSES,
  type ClaimStatus,
  type Estimate,
  formatCents,
  parseEuros,
  REIMBURSEMENT_KEY,
  reimbursementApi,
  SECTORS,
  type Sector,
} from './api.ts';

const STATUS_COLOR: Record<ClaimStatus, string> = { to_send: 'gray', sent: 'blue', partially_paid: 'orange', paid: 'green', rejected: 'red' };
const todayParis = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

function useMoney() {
  const { i18n } = useTranslation();
  return (cents: number) => formatCents(cents, i18n.language);
}

export function ClaimStatusBadge({ claim }: { claim: Pick<Claim, 'status' | 'overdue'> }) {
  const { t } = useTranslation('reimbursement');
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={STATUS_COLOR[claim.status]} variant="light">
        {t(`status.${claim.status}`)}
      </Badge>
      {claim.overdue ? (
        <Badge color="red" leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}>
          {t('overdue')}
        </Badge>
      ) : null}
    </Group>
  );
}

/** One horizontal stacked bar per act: AMO / mutuelle / remainder, with a table of the same figures next to it. */
export function BreakdownChart({ acts }: { acts: CareAct[] }) {
  const { t } = useTranslation('reimbursement');
  const money = useMoney();
  if (!acts.length) return null;
  const data = acts
    .slice(0, 12)
    .reverse()
    .map((a) => ({ label: `${formatCalendarDate(a.performedOn)} · ${a.actCode}`, amo: a.amoExpectedCents / 100, amc: a.amcExpectedCents / 100, remainder: a.remainderCents / 100 }));
  return (
    <Paper withBorder p="sm" component="figure" m={0} aria-label={t('chart.label')}>
      <Text fw={600} size="sm" mb="xs" component="figcaption">
        {t('chart.title')}
      </Text>
      <BarChart
        h={Math.max(120, data.length * 44 + 60)}
        data={data}
        dataKey="label"
        type="stacked"
        orientation="vertical"
        yAxisProps={{ width: 130 }}
        withLegend
        valueFormatter={(v) => money(Math.round(v * 100))}
        series={[
          { name: 'amo', label: t('parts.amo'), color: 'blue.6' },
          { name: 'amc', label: t('parts.amc'), color: 'teal.6' },
          { name: 'remainder', label: t('parts.remainder'), color: 'orange.6' },
        ]}
      />
    </Paper>
  );
}

type ClaimAction = { kind: 'send' | 'pay' | 'reject'; claim: Claim } | null;

function ClaimActionModal({ action, onClose }: { action: ClaimAction; onClose: () => void }) {
  const { t } = useTranslation('reimbursement');
  return (
    <Modal opened={Boolean(action)} onClose={onClose} title={action ? t(`claim.${action.kind}Title`) : ''}>
      {action ? <ClaimActionForm key={`${action.kind}:${action.claim.id}`} action={action} onClose={onClose} /> : null}
    </Modal>
  );
}

/** Keyed by claim and action, so each opening starts from fresh values (the remaining amount for a payment). */
function ClaimActionForm({ action, onClose }: { action: NonNullable<ClaimAction>; onClose: () => void }) {
  const { t } = useTranslation('reimbursement');
  const queryClient = useQueryClient();
  const money = useMoney();
  const [date, setDate] = useState(todayParis());
  const [amount, setAmount] = useState(() => (Math.max(0, action.claim.expectedCents - action.claim.receivedCents) / 100).toFixed(2).replace('.', ','));
  const [reason, setReason] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: async () => {
      if (action.kind === 'send') return reimbursementApi.send(action.claim.id, date);
      if (action.kind === 'reject') return reimbursementApi.reject(action.claim.id, reason);
      return reimbursementApi.pay(action.claim.id, parseEuros(amount) ?? 0, date);
    },
    onSuccess: async () => {
      notifySuccess(t('claim.done'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: REIMBURSEMENT_KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (action.kind === 'pay' && !parseEuros(amount)) {
      setAmountError(t('claim.amountInvalid'));
      return;
    }
    setAmountError(null);
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {t(`insurer.${action.claim.insurer}`)} · {action.claim.insurerName} — {t('columns.expected')} {money(action.claim.expectedCents)}, {t('columns.received')} {money(action.claim.receivedCents)}
        </Text>
        {action.kind === 'reject' ? (
          <Textarea label={t('claim.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required maxLength={500} autosize minRows={2} data-autofocus />
        ) : (
          <>
            {action.kind === 'pay' ? (
              <TextInput label={t('claim.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} inputMode="decimal" required error={amountError} data-autofocus />
            ) : null}
            <TextInput type="date" label={action.kind === 'send' ? t('claim.sentOn') : t('claim.paidOn')} value={date} max={todayParis()} onChange={(e) => setDate(e.currentTarget.value)} required />
          </>
        )}
        <ErrorAlert error={mutation.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending} data-testid="claim-action-confirm">
            {t('actions.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ClaimActions({ claim, onAction }: { claim: Claim; onAction: (a: ClaimAction) => void }) {
  const { t } = useTranslation('reimbursement');
  return (
    <Group gap={4} wrap="nowrap">
      {claim.status === 'to_send' || claim.status === 'rejected' ? (
        <Button size="compact-xs" variant="light" onClick={() => onAction({ kind: 'send', claim })}>
          {t('actions.send')}
        </Button>
      ) : null}
      {claim.status === 'sent' || claim.status === 'partially_paid' ? (
        <>
          <Button size="compact-xs" variant="light" color="green" onClick={() => onAction({ kind: 'pay', claim })}>
            {t('actions.pay')}
          </Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onAction({ kind: 'reject', claim })}>
            {t('actions.reject')}
          </Button>
        </>
      ) : null}
    </Group>
  );
}

function ClaimLines({ claims, onAction }: { claims: Claim[]; onAction?: (a: ClaimAction) => void }) {
  const { t } = useTranslation('reimbursement');
  const money = useMoney();
  return (
    <Stack gap={4}>
      {claims.map((c) => (
        <Group key={c.id} gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {t(`insurer.${c.insurer}`)}
            </Text>
            <ClaimStatusBadge claim={c} />
            <Text size="sm">
              {money(c.receivedCents)} / {money(c.expectedCents)}
            </Text>
            {c.dueOn && c.status !== 'paid' ? (
              <Text size="xs" c="dimmed">
                {t('overdueSince', { date: formatCalendarDate(c.dueOn) })}
              </Text>
            ) : null}
            {c.rejectionReason ? (
              <Text size="xs" c="red">
                {t('rejected', { reason: c.rejectionReason })}
              </Text>
            ) : null}
          </Group>
          {onAction ? <ClaimActions claim={c} onAction={onAction} /> : null}
        </Group>
      ))}
    </Stack>
  );
}

function ActsTable({ acts, onAction }: { acts: CareAct[]; onAction?: (a: ClaimAction) => void }) {
  const { t } = useTranslation('reimbursement');
  const money = useMoney();
  return (
    <DataTable
      minWidth={820}
      caption={t('section')}
      empty={acts.length ? null : t('empty')}
      columns={[
        { key: 'date', label: t('columns.date') },
        { key: 'act', label: t('columns.act') },
        { key: 'fee', label: t('columns.fee'), align: 'right' },
        { key: 'amo', label: t('columns.amo'), align: 'right' },
        { key: 'amc', label: t('columns.amc'), align: 'right' },
        { key: 'remainder', label: t('columns.remainder'), align: 'right' },
        { key: 'claims', label: t('columns.status') },
      ]}
    >
      {acts.map((a) => (
        <Table.Tr key={a.id}>
          <Table.Td>{formatCalendarDate(a.performedOn)}</Table.Td>
          <Table.Td>
            <Text size="sm">{t(`act.${a.actCode}`)}</Text>
            {a.practitioner ? (
              <Text size="xs" c="dimmed">
                {a.practitioner.name}
              </Text>
            ) : null}
            <details>
              <summary>
                <Text span size="xs" c="dimmed">
                  {t('explanation')} · {t('rules', { version: a.rulesVersion })}
                </Text>
              </summary>
              <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
                {a.explanation.map((line) => (
                  <li key={line}>
                    <Text size="xs">{line}</Text>
                  </li>
                ))}
              </ul>
            </details>
          </Table.Td>
          <Table.Td ta="right">{money(a.feeCents)}</Table.Td>
          <Table.Td ta="right">{money(a.amoExpectedCents)}</Table.Td>
          <Table.Td ta="right">{money(a.amcExpectedCents)}</Table.Td>
          <Table.Td ta="right" fw={600}>
            {money(a.remainderCents)}
          </Table.Td>
          <Table.Td miw={260}>
            <ClaimLines claims={a.claims} {...(onAction ? { onAction } : {})} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function RecordActModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('reimbursement');
  const queryClient = useQueryClient();
  const money = useMoney();
  const [appointmentId, setAppointmentId] = useState<string | null>(null);
  const [actCode, setActCode] = useState<ActCode | null>(null);
  const [performedOn, setPerformedOn] = useState(todayParis());
  const [fee, setFee] = useState('');
  const [sector, setSector] = useState<Sector | null>(null);
  const [coordinated, setCoordinated] = useState<boolean | null>(null);
  const [exempt, setExempt] = useState(false);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const appointments = useQuery({
    queryKey: [...REIMBURSEMENT_KEY, 'appointments', clientId],
    queryFn: () => schedulingApi.appointments({ clientId, to: new Date().toISOString(), limit: 50 }),
    enabled: opened,
  });
  const past = (appointments.data?.appointments ?? []).filter((a) => a.status === 'completed' || a.status === 'booked');
  // Same cache entry as the client page: by default the act is in the parcours when a médecin traitant is declared.
  const client = useQuery({ queryKey: [...CLIENTS_KEY, 'detail', clientId], queryFn: () => clientsApi.get(clientId), enabled: opened });
  const inParcours = coordinated ?? Boolean(client.data?.client.gp);
  const input = (): ActInput => {
    const body: ActInput = { participationExempt: exempt };
    if (appointmentId) body.appointmentId = appointmentId;
    else body.performedOn = performedOn;
    if (actCode) body.actCode = actCode;
    const cents = parseEuros(fee);
    if (cents !== null) body.feeCents = cents;
    if (sector) body.sector = sector;
    body.coordinated = inParcours;
    return body;
  };
  const compute = useMutation({ mutationFn: () => reimbursementApi.estimate(clientId, input()), onSuccess: (r) => setEstimate(r.estimate) });
  const save = useMutation({
    mutationFn: () => reimbursementApi.record(clientId, input()),
    onSuccess: async () => {
      notifySuccess(t('form.saved'));
      setEstimate(null);
      onClose();
      await queryClient.invalidateQueries({ queryKey: REIMBURSEMENT_KEY });
    },
  });
  const changed = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setEstimate(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('form.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label={t('form.appointment')}
            description={t('form.appointmentHint')}
            data={[{ value: '', label: t('form.noAppointment') }, ...past.map((a) => ({ value: a.id, label: `${formatCalendarDate(a.startsAt.slice(0, 10))} · ${a.practitioner?.displayName ?? a.number}` }))]}
            value={appointmentId ?? ''}
            onChange={changed((v: string | null) => setAppointmentId(v || null))}
            allowDeselect={false}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('form.actCode')}
              data={[{ value: '', label: t('form.actAuto') }, ...ACT_CODES.map((c) => ({ value: c, label: `${c} — ${t(`act.${c}`)}` }))]}
              value={actCode ?? ''}
              onChange={changed((v: string | null) => setActCode((v || null) as ActCode | null))}
              allowDeselect={false}
            />
            {appointmentId ? null : <TextInput type="date" label={t('form.date')} value={performedOn} max={todayParis()} onChange={(e) => changed(setPerformedOn)(e.currentTarget.value)} required />}
            <TextInput label={t('form.fee')} description={t('form.feeHint')} value={fee} inputMode="decimal" onChange={(e) => changed(setFee)(e.currentTarget.value)} />
            <Select
              label={t('form.sector')}
              data={[{ value: '', label: t('form.sectorAuto') }, ...SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) }))]}
              value={sector ?? ''}
              onChange={changed((v: string | null) => setSector((v || null) as Sector | null))}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Switch
            label={t('form.coordinated')}
            description={t('form.coordinatedHint')}
            checked={inParcours}
            onChange={(e) => changed(setCoordinated)(e.currentTarget.checked)}
          />
          <Checkbox label={t('form.exempt')} checked={exempt} onChange={(e) => changed(setExempt)(e.currentTarget.checked)} />
          <ErrorAlert error={compute.error ?? save.error} />
          {estimate ? (
            <Paper withBorder p="sm" role="status" aria-live="polite">
              <Group gap="lg" mb="xs">
                <Text size="sm">
                  {t('parts.amo')} : <b>{money(estimate.amoCents)}</b>
                </Text>
                <Text size="sm">
                  {t('parts.amc')} : <b>{money(estimate.amcCents)}</b>
                </Text>
                <Text size="sm">
                  {t('parts.remainder')} : <b>{money(estimate.remainderCents)}</b>
                </Text>
              </Group>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {estimate.explanation.map((line) => (
                  <li key={line}>
                    <Text size="xs">{line}</Text>
                  </li>
                ))}
              </ul>
            </Paper>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => compute.mutate()} loading={compute.isPending}>
              {t('actions.estimate')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="care-act-save">
              {t('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The « Remboursements » section of a client's page (team). */
export function ClientReimbursementSection({ clientId }: { clientId: string }) {
  const { t } = useTranslation('reimbursement');
  const [recording, setRecording] = useState(false);
  const [action, setAction] = useState<ClaimAction>(null);
  const query = useQuery({ queryKey: [...REIMBURSEMENT_KEY, 'client', clientId], queryFn: () => reimbursementApi.ofClient(clientId) });
  const acts = query.data?.acts ?? [];
  return (
    <SectionCard
      title={t('section')}
      id="client-reimbursements"
      icon={<IconReceiptEuro size={22} aria-hidden="true" />}
      actions={
        <Button size="xs" leftSection={<IconPlus size={14} aria-hidden="true" />} onClick={() => setRecording(true)} data-testid="care-act-new">
          {t('actions.record')}
        </Button>
      }
    >
      <Stack>
        <ErrorAlert error={query.error} />
        <BreakdownChart acts={acts} />
        <ActsTable acts={acts} onAction={setAction} />
      </Stack>
      <RecordActModal clientId={clientId} opened={recording} onClose={() => setRecording(false)} />
      <ClaimActionModal action={action} onClose={() => setAction(null)} />
    </SectionCard>
  );
}

/** /remboursements: every open claim of the team, overdue first. */
export function ReimbursementsPage() {
  const { t } = useTranslation('reimbursement');
  const money = useMoney();
  const [status, setStatus] = useState<ClaimStatus | 'open'>('open');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [action, setAction] = useState<ClaimAction>(null);
  const query = useQuery({ queryKey: [...REIMBURSEMENT_KEY, 'claims', status, overdueOnly], queryFn: () => reimbursementApi.claims({ status, overdue: overdueOnly }) });
  const claims = query.data?.claims ?? [];
  return (
    <>
      <PageHeader title={t('page.title')} description={t('page.description')} />
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <SegmentedControl
            aria-label={t('page.filter')}
            value={status}
            onChange={(v) => setStatus(v as ClaimStatus | 'open')}
            data={[{ value: 'open', label: t('status.open') }, ...CLAIM_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          />
          <Switch label={t('page.overdueOnly')} checked={overdueOnly} onChange={(e) => setOverdueOnly(e.currentTarget.checked)} />
        </Group>
        <ErrorAlert error={query.error} />
        <DataTable
          minWidth={900}
          busy={query.isFetching}
          caption={t('page.title')}
          empty={query.isSuccess && !claims.length ? t('emptyClaims') : null}
          columns={[
            { key: 'client', label: t('columns.client') },
            { key: 'act', label: t('columns.act') },
            { key: 'insurer', label: t('columns.insurer') },
            { key: 'status', label: t('columns.status') },
            { key: 'expected', label: t('columns.expected'), align: 'right' },
            { key: 'received', label: t('columns.received'), align: 'right' },
            { key: 'due', label: t('columns.due') },
            { key: 'actions', label: t('columns.actions'), hiddenLabel: true },
          ]}
        >
          {claims.map((c) => (
            <Table.Tr key={c.id} data-testid="claim-row">
              <Table.Td>
                {c.client ? (
                  <Anchor component={Link} to={`/clients/${c.client.id}`}>
                    {c.client.displayName}
                  </Anchor>
                ) : null}
                <Text size="xs" c="dimmed">
                  {c.client?.number}
                </Text>
              </Table.Td>
              <Table.Td>{c.act ? `${formatCalendarDate(c.act.performedOn)} · ${c.act.actCode}` : '—'}</Table.Td>
              <Table.Td>
                {t(`insurer.${c.insurer}`)}
                <Text size="xs" c="dimmed">
                  {c.insurerName}
                </Text>
              </Table.Td>
              <Table.Td>
                <ClaimStatusBadge claim={c} />
              </Table.Td>
              <Table.Td ta="right">{money(c.expectedCents)}</Table.Td>
              <Table.Td ta="right">{money(c.receivedCents)}</Table.Td>
              <Table.Td>{c.dueOn ? formatCalendarDate(c.dueOn) : '—'}</Table.Td>
              <Table.Td>
                <ClaimActions claim={c} onAction={setAction} />
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Stack>
      <ClaimActionModal action={action} onClose={() => setAction(null)} />
    </>
  );
}

/** /mes-remboursements: the client's own acts — expected, received, still expected, left to pay. */
export function MyReimbursementsPage() {
  const { t } = useTranslation('reimbursement');
  const money = useMoney();
  const query = useQuery({ queryKey: [...REIMBURSEMENT_KEY, 'mine'], queryFn: () => reimbursementApi.mine() });
  const acts = query.data?.acts ?? [];
  const claims = acts.flatMap((a) => a.claims);
  const expected = claims.filter((c) => c.status !== 'rejected').reduce((s, c) => s + c.expectedCents, 0);
  const received = claims.reduce((s, c) => s + c.receivedCents, 0);
  const remainder = acts.reduce((s, a) => s + a.remainderCents, 0);
  return (
    <>
      <PageHeader title={t('portal.title')} description={t('portal.description')} />
      <Stack>
        <ErrorAlert error={query.error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {[
            { label: t('portal.received'), value: received },
            { label: t('portal.toCome'), value: Math.max(0, expected - received) },
            { label: t('portal.remainder'), value: remainder },
          ].map((k) => (
            <Paper withBorder p="md" key={k.label}>
              <Text size="sm" c="dimmed">
                {k.label}
              </Text>
              <Text fz={26} fw={700}>
                {money(k.value)}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        <BreakdownChart acts={acts} />
        <ActsTable acts={acts} />
      </Stack>
    </>
  );
}
