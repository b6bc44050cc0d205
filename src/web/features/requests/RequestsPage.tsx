// La file des demandes (/demandes): counters, filters (scope, status, specialty, urgency) kept in
// the address, and the queue in the server's order (emergencies, then urgency, then age). Live:
// the event stream (opened by the shell) invalidates it; it also refetches every 30 s, and the
// age and first-response timers tick every second.
import {
  Anchor,
  Badge,
  Button,
  Collapse,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFilter, IconFilterOff, IconPlus, IconPointFilled } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type CSSProperties, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable, ErrorAlert, PageHeader, ResultStatus } from '../../app/components.tsx';
import { formatDateTime, formatRelative } from '../../app/format.ts';
import {
  type Counters,
  type QueueFilters,
  REQUESTS_KEY,
  type Request,
  requestsApi,
  type Scope,
  SPECIALTIES,
  STATUSES,
  type Status,
  URGENCIES,
  type Urgency,
} from './api.ts';
import { useLiveConnected, useNow } from './live.ts';
import { FirstResponseTimer, StatusBadge, UrgencyBadge, useSpecialtyLabel } from './ui.tsx';

const SCOPES: readonly Scope[] = ['mine', 'unassigned', 'all'];

export function useQueueFilters(): [QueueFilters, (patch: Partial<QueueFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const scope = params.get('vue');
  const filters: QueueFilters = {
    scope: scope === 'mine' || scope === 'unassigned' ? scope : 'all',
    status: (params.get('statut') ?? '') as Status | '',
    specialty: params.get('specialite') ?? '',
    urgency: (params.get('urgence') ?? '') as Urgency | '',
  };
  const update = (patch: Partial<QueueFilters>) => {
    const next = { ...filters, ...patch };
    const search: Record<string, string> = {};
    if (next.scope !== 'all') search.vue = next.scope;
    if (next.status) search.statut = next.status;
    if (next.specialty) search.specialite = next.specialty;
    if (next.urgency) search.urgence = next.urgency;
    setParams(search, { replace: true });
  };
  return [filters, update];
}

function Counter({
  label,
  value,
  tone,
  onClick,
  active,
}: {
  label: string;
  value: number | undefined;
  tone?: 'red' | 'orange';
  onClick?: () => void;
  active?: boolean;
}) {
  const highlighted = tone && (value ?? 0) > 0;
  const style: CSSProperties = {
    borderRadius: 'var(--mantine-radius-md)',
    border: `1px solid ${highlighted ? `var(--mantine-color-${tone}-9)` : 'var(--mantine-color-gray-3)'}`,
    background: highlighted ? `var(--mantine-color-${tone}-0)` : 'var(--mantine-color-white)',
    padding: '10px 14px',
    outline: active ? '2px solid var(--mantine-color-parcours-7)' : undefined,
    width: '100%',
    textAlign: 'left',
  };
  const content = (
    <>
      <Text size="xs" c={highlighted ? `${tone}.9` : 'dimmed'} fw={600} tt="uppercase" lh={1.2}>
        {label}
      </Text>
      <Text fz={26} fw={700} lh={1.2} c={highlighted ? `${tone}.9` : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value ?? '–'}
      </Text>
    </>
  );
  return onClick ? (
    <UnstyledButton onClick={onClick} style={style} aria-pressed={active}>
      {content}
    </UnstyledButton>
  ) : (
    <div style={style}>{content}</div>
  );
}

function CountersBar({
  counters,
  filters,
  update,
}: {
  counters: Counters | undefined;
  filters: QueueFilters;
  update: (patch: Partial<QueueFilters>) => void;
}) {
  const { t } = useTranslation('requests');
  const statuses = STATUSES.filter((status) => (counters?.byStatus[status] ?? 0) > 0);
  return (
    <Stack gap="xs" component="section" aria-label={t('queue.counters')}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Counter label={t('queue.total')} value={counters?.total} />
        <Counter
          label={t('queue.unassigned')}
          value={counters?.unassigned}
          tone="orange"
          active={filters.scope === 'unassigned'}
          onClick={() => update({ scope: filters.scope === 'unassigned' ? 'all' : 'unassigned' })}
        />
        <Counter label={t('queue.overdue')} value={counters?.overdue} tone="red" />
        <Counter
          label={t('queue.emergency')}
          value={counters?.emergency}
          tone="red"
          active={filters.urgency === 'emergency'}
          onClick={() => update({ urgency: filters.urgency === 'emergency' ? '' : 'emergency' })}
        />
      </SimpleGrid>
      {statuses.length ? (
        <Group gap={6}>
          {statuses.map((status) => (
            <UnstyledButton
              key={status}
              onClick={() => update({ status: filters.status === status ? '' : status })}
              aria-pressed={filters.status === status}
              style={{ borderRadius: 6 }}
            >
              <Badge
                variant={filters.status === status ? 'filled' : 'light'}
                color="parcours"
                size="lg"
                rightSection={<span style={{ fontVariantNumeric: 'tabular-nums' }}>{counters?.byStatus[status]}</span>}
              >
                {t(`status.${status}`)}
              </Badge>
            </UnstyledButton>
          ))}
        </Group>
      ) : null}
    </Stack>
  );
}

function Filters({ filters, update }: { filters: QueueFilters; update: (patch: Partial<QueueFilters>) => void }) {
  const { t } = useTranslation('requests');
  const specialty = useSpecialtyLabel();
  const live = useLiveConnected();
  const filtered = filters.scope !== 'all' || filters.status || filters.specialty || filters.urgency;
  return (
    <Paper withBorder p="sm" component="form" role="search" aria-label={t('queue.filters')} onSubmit={(event) => event.preventDefault()}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="queue-scope-label">
              {t('queue.scope')}
            </Text>
            <SegmentedControl
              aria-labelledby="queue-scope-label"
              value={filters.scope}
              onChange={(value) => update({ scope: value as Scope })}
              data={SCOPES.map((scope) => ({ value: scope, label: t(`queue.scopes.${scope}`) }))}
            />
          </Stack>
          <Group gap={4} c={live ? 'green.9' : 'dimmed'} role="status">
            <IconPointFilled size={14} aria-hidden="true" />
            <Text size="xs" c={live ? 'green.9' : 'dimmed'}>
              {live ? t('queue.live') : t('queue.offline')}
            </Text>
          </Group>
        </Group>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('queue.status')}
            placeholder={t('queue.anyStatus')}
            data={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
            value={filters.status || null}
            onChange={(value) => update({ status: (value ?? '') as Status | '' })}
            clearable
            w={{ base: '100%', xs: 200 }}
          />
          <Select
            label={t('queue.specialty')}
            placeholder={t('queue.anySpecialty')}
            data={SPECIALTIES.map((code) => ({ value: code, label: specialty(code) })).sort((a, b) => a.label.localeCompare(b.label, 'fr'))}
            value={filters.specialty || null}
            onChange={(value) => update({ specialty: value ?? '' })}
            searchable
            clearable
            nothingFoundMessage="—"
            w={{ base: '100%', xs: 240 }}
          />
          <Select
            label={t('queue.urgency')}
            placeholder={t('queue.anyUrgency')}
            data={URGENCIES.map((urgency) => ({ value: urgency, label: t(`urgency.${urgency}`) }))}
            value={filters.urgency || null}
            onChange={(value) => update({ urgency: (value ?? '') as Urgency | '' })}
            clearable
            w={{ base: '100%', xs: 200 }}
          />
          {filtered ? (
            <Button
              variant="subtle"
              leftSection={<IconFilterOff size={16} aria-hidden="true" />}
              onClick={() => update({ scope: 'all', status: '', specialty: '', urgency: '' })}
            >
              {t('queue.clear')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}

const emergencyRow = (request: Request): CSSProperties | undefined =>
  request.urgency === 'emergency' || (request.emergency && !request.emergency.resolvedAt)
    ? { background: 'var(--mantine-color-red-0)', boxShadow: 'inset 4px 0 0 var(--mantine-color-red-9)' }
    : undefined;

function Age({ request, now }: { request: Request; now: number }) {
  return (
    <time dateTime={request.createdAt} title={formatDateTime(request.createdAt)} style={{ whiteSpace: 'nowrap' }}>
      {formatRelative(request.createdAt, now)}
    </time>
  );
}

function QueueCards({ requests, now }: { requests: Request[]; now: number }) {
  const { t } = useTranslation('requests');
  const specialty = useSpecialtyLabel();
  return (
    <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('title')}>
      {requests.map((request) => (
        <Paper component="li" key={request.id} withBorder p="sm" style={emergencyRow(request)} data-request={request.number}>
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/demandes/${request.id}`} fw={700} ff="monospace">
                {request.number}
              </Anchor>
              <UrgencyBadge urgency={request.urgency} size="sm" />
            </Group>
            <Text size="sm" fw={600}>
              {request.client.displayName}
            </Text>
            <Group gap="xs">
              <StatusBadge status={request.status} size="sm" />
              <Text size="sm">{specialty(request.specialty)}</Text>
            </Group>
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed">
                <Age request={request} now={now} /> · {request.assignee?.displayName ?? t('queue.unassignedValue')}
              </Text>
              <FirstResponseTimer request={request} now={now} />
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

export function RequestsPage() {
  const { t } = useTranslation('requests');
  const [filters, update] = useQueueFilters();
  const now = useNow();
  const specialty = useSpecialtyLabel();
  const phone = useMediaQuery('(max-width: 48em)');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = [filters.scope !== 'all', filters.status, filters.specialty, filters.urgency].filter(Boolean).length;
  const queue = useQuery({
    queryKey: [...REQUESTS_KEY, 'list', filters],
    queryFn: () => requestsApi.queue(filters),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
    staleTime: 5_000,
  });
  const requests = queue.data?.requests ?? [];
  const cell = (children: ReactNode) => <Table.Td>{children}</Table.Td>;

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('intro')}
        actions={
          <Button component={Link} to="/demandes/nouvelle" leftSection={<IconPlus size={16} aria-hidden="true" />}>
            {t('new')}
          </Button>
        }
      />
      <Stack gap="md">
        <CountersBar counters={queue.data?.counters} filters={filters} update={update} />
        {phone ? (
          <Button
            variant="default"
            w="fit-content"
            leftSection={<IconFilter size={16} aria-hidden="true" />}
            aria-expanded={filtersOpen}
            aria-controls="queue-filters"
            onClick={() => setFiltersOpen((open) => !open)}
          >
            {activeFilters ? t('queue.filtersButtonCount', { count: activeFilters }) : t('queue.filtersButton')}
          </Button>
        ) : null}
        <Collapse expanded={!phone || filtersOpen} id="queue-filters">
          <Filters filters={filters} update={update} />
        </Collapse>
        <ErrorAlert error={queue.error} />
        <ResultStatus pending={queue.isPending}>{t('queue.shown', { count: requests.length })}</ResultStatus>
        {phone ? (
          requests.length ? (
            <QueueCards requests={requests} now={now} />
          ) : queue.isPending ? null : (
            <Text c="dimmed" size="sm">
              {t('queue.empty')}
            </Text>
          )
        ) : (
          <DataTable
            minWidth={900}
            busy={queue.isFetching}
            striped={false}
            caption={t('title')}
            columns={[
              { key: 'number', label: t('queue.columns.number') },
              { key: 'client', label: t('queue.columns.client') },
              { key: 'urgency', label: t('queue.columns.urgency') },
              { key: 'specialty', label: t('queue.columns.specialty') },
              { key: 'status', label: t('queue.columns.status') },
              { key: 'assignee', label: t('queue.columns.assignee') },
              { key: 'timing', label: t('queue.columns.timing') },
            ]}
            empty={!queue.isPending && requests.length === 0 ? t('queue.empty') : null}
          >
            {requests.map((request) => (
              <Table.Tr key={request.id} style={emergencyRow(request)} data-request={request.number}>
                {cell(
                  <Anchor component={Link} to={`/demandes/${request.id}`} ff="monospace" fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {request.number}
                  </Anchor>,
                )}
                {cell(
                  <Anchor component={Link} to={`/clients/${request.client.id}`} size="sm" c="dark">
                    {request.client.displayName}
                  </Anchor>,
                )}
                {cell(<UrgencyBadge urgency={request.urgency} size="sm" />)}
                {cell(<Text size="sm">{specialty(request.specialty)}</Text>)}
                {cell(<StatusBadge status={request.status} size="sm" />)}
                {cell(
                  request.assignee ? (
                    <Text size="sm">{request.assignee.displayName}</Text>
                  ) : (
                    <Text size="sm" c="dimmed" fs="italic">
                      {t('queue.unassignedValue')}
                    </Text>
                  ),
                )}
                {cell(
                  <Stack gap={0}>
                    <FirstResponseTimer request={request} now={now} />
                    <Text size="xs" c="dimmed">
                      {t('queue.received')} <Age request={request} now={now} />
                    </Text>
                  </Stack>,
                )}
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Stack>
    </>
  );
}
