// Journal d'accès: who did what, when (Paris time), from where; filters and cursor pagination.
import { Badge, Button, Code, Group, Paper, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconFilter, IconFilterOff } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../app/api.ts';
import { DataTable, ErrorAlert, ResultStatus } from '../../app/components.tsx';
import { formatDateTime, parisWallClockToIso } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { actionLabel, targetLabel } from './actionLabels.ts';
import { adminApi, type AuditEvent, type AuditFilters, type AuditOutcome } from './api.ts';
import { USERS_KEY } from './UsersTab.tsx';

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'green', failure: 'orange', denied: 'red' };

interface Draft {
  actorId: string;
  clientId: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { actorId: '', clientId: '', action: '', from: '', to: '' };

function toFilters(draft: Draft): AuditFilters {
  const filters: AuditFilters = {};
  if (draft.actorId) filters.actorId = draft.actorId;
  if (draft.clientId.trim()) filters.clientId = draft.clientId.trim();
  if (draft.action) filters.action = draft.action;
  // Whole days in Paris time: from the start of "from" to the end of "to".
  if (draft.from) filters.from = parisWallClockToIso(draft.from, '00:00:00');
  if (draft.to) filters.to = parisWallClockToIso(draft.to, '23:59:59.999');
  return filters;
}

function Actor({ event }: { event: AuditEvent }) {
  const { t } = useTranslation('admin');
  if (!event.actorId && (event.actorRole === 'system' || !event.actorEmail)) {
    return (
      <Text size="sm" c="dimmed">
        {t('audit.system')}
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {event.actorEmail ?? t('audit.anonymous')}
      </Text>
      <Text size="xs" c="dimmed">
        {event.actorRole && (ROLES as readonly string[]).includes(event.actorRole)
          ? t(`common:roles.${event.actorRole}`)
          : event.actorId
            ? event.actorRole
            : t('audit.anonymous')}
      </Text>
    </Stack>
  );
}

/** Details as "key: value, …" (nested values as JSON). */
function detailsText(details: unknown): string | null {
  if (details === null || details === undefined || details === '') return null;
  if (typeof details !== 'object' || Array.isArray(details)) return typeof details === 'string' ? details : JSON.stringify(details);
  const entries = Object.entries(details as Record<string, unknown>);
  if (entries.length === 0) return null;
  return entries
    .map(([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(', ');
}

export function AuditTab() {
  const { t } = useTranslation('admin');
  const language = currentLanguage();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [applied, setApplied] = useState<AuditFilters>({});

  const users = useQuery({ queryKey: [...USERS_KEY, {}], queryFn: () => adminApi.users({}) });
  const actions = useQuery({ queryKey: ['admin', 'audit-actions'], queryFn: () => adminApi.auditActions() });
  const events = useInfiniteQuery({
    queryKey: ['admin', 'audit', applied],
    queryFn: ({ pageParam }) => adminApi.audit(applied, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  const userOptions = (users.data?.users ?? []).map((user) => ({
    value: user.id,
    label: `${user.displayName} (${user.email})`,
  }));
  const actionOptions = (actions.data?.actions ?? []).map((code) => {
    const label = actionLabel(code, language);
    return { value: code, label: label ? `${label} (${code})` : code };
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setApplied(toFilters(draft));
  }

  function clear() {
    setDraft(EMPTY);
    setApplied({});
  }

  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={t('audit.filters')} role="search">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('audit.user')}
            placeholder={t('audit.anyUser')}
            data={userOptions}
            value={draft.actorId || null}
            onChange={(value) => setDraft({ ...draft, actorId: value ?? '' })}
            searchable
            clearable
            nothingFoundMessage="—"
            w={{ base: '100%', sm: 280 }}
          />
          <Select
            label={t('audit.action')}
            placeholder={t('audit.anyAction')}
            data={actionOptions}
            value={draft.action || null}
            onChange={(value) => setDraft({ ...draft, action: value ?? '' })}
            searchable
            clearable
            nothingFoundMessage="—"
            w={{ base: '100%', sm: 300 }}
          />
          <TextInput
            label={t('audit.clientId')}
            value={draft.clientId}
            onChange={(event) => setDraft({ ...draft, clientId: event.currentTarget.value })}
            w={{ base: '100%', sm: 220 }}
          />
          <TextInput
            label={t('audit.from')}
            type="date"
            value={draft.from}
            max={draft.to || undefined}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
            w={{ base: '100%', xs: 170 }}
          />
          <TextInput
            label={t('audit.to')}
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
            w={{ base: '100%', xs: 170 }}
          />
          <Group gap="xs">
            <Button type="submit" leftSection={<IconFilter size={16} aria-hidden="true" />}>
              {t('audit.apply')}
            </Button>
            <Button variant="default" onClick={clear} leftSection={<IconFilterOff size={16} aria-hidden="true" />}>
              {t('audit.clear')}
            </Button>
          </Group>
        </Group>
      </Paper>

      <ErrorAlert error={events.error} />

      <ResultStatus pending={events.isPending}>{t('audit.shown', { count: rows.length })}</ResultStatus>

      <DataTable
        minWidth={920}
        verticalSpacing="xs"
        busy={events.isFetching}
        columns={[
          { key: 'date', label: t('audit.date') },
          { key: 'actor', label: t('audit.actor') },
          { key: 'action', label: t('audit.action') },
          { key: 'outcome', label: t('audit.outcome') },
          { key: 'target', label: t('audit.target') },
          { key: 'client', label: t('audit.client') },
          { key: 'ip', label: t('audit.ip') },
        ]}
        empty={!events.isPending && rows.length === 0 ? t('audit.empty') : null}
      >
            {rows.map((event) => {
              const label = actionLabel(event.action, language);
              const details = detailsText(event.details);
              return (
                <Table.Tr key={event.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                  </Table.Td>
                  <Table.Td>
                    <Actor event={event} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {label ? <Text size="sm">{label}</Text> : null}
                      <Code w="fit-content">{event.action}</Code>
                      {details ? (
                        <Tooltip label={details} multiline maw={420} withinPortal>
                          <Text size="xs" c="dimmed" maw={260} truncate="end" tabIndex={0}>
                            {details}
                          </Text>
                        </Tooltip>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={OUTCOME_COLORS[event.outcome] ?? 'gray'} variant="light">
                      {t(`audit.outcomes.${event.outcome}`, { defaultValue: event.outcome })}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {event.targetType ? (
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {targetLabel(event.targetType, language)}
                        {event.targetId ? (
                          <Text span size="xs" c="dimmed" ff="monospace" display="block">
                            {event.targetId}
                          </Text>
                        ) : null}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {event.clientId ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" title={event.userAgent ?? undefined}>
                      {event.ip ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
      </DataTable>

      {events.hasNextPage ? (
        <Button
          variant="default"
          onClick={() => void events.fetchNextPage()}
          loading={events.isFetchingNextPage}
          w="fit-content"
          mx="auto"
        >
          {t('audit.loadMore')}
        </Button>
      ) : rows.length > 0 ? (
        <Text size="sm" c="dimmed" ta="center">
          {t('audit.end')}
        </Text>
      ) : null}
    </Stack>
  );
}
