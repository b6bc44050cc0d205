// /teleconsultations — the team's view of a day's teleconsultations (today by default), live: the
// status (scheduled, patient waiting, in progress, ended, no-show) and who came when, refreshed
// every 10 seconds; a fresh link for the practitioner or the patient, to copy and send.
import { ActionIcon, Badge, Button, CopyButton, Group, Modal, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, ErrorAlert, PageHeader, ResultStatus } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError } from '../../app/notify.ts';
import { formatTime, parisToday } from '../scheduling/time.ts';
import { type CallStatus, type TeleconsultationRow, type TeleLink, teleApi, teleListKey } from './api.ts';

const STATUS_COLOR: Record<CallStatus, string> = { scheduled: 'gray', waiting: 'orange', in_progress: 'green', ended: 'blue', no_show: 'red' };

export function CallStatusBadge({ status }: { status: CallStatus }) {
  const { t } = useTranslation('teleconsultation');
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant={status === 'in_progress' || status === 'waiting' ? 'filled' : 'light'} data-testid="call-status-badge" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

function Participants({ row }: { row: TeleconsultationRow }) {
  const { t } = useTranslation('teleconsultation');
  if (row.participants.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('staff.noParticipants')}
      </Text>
    );
  return (
    <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: 'none' }}>
      {row.participants.map((p) => (
        <Text component="li" size="sm" key={`${p.role}-${p.name}-${p.joinedAt ?? ""}-${p.leftAt ?? ""}`}>
          <strong>{p.name}</strong> ({t(`role.${p.role}`)}) —{' '}
          {p.leftAt ? t('staff.left', { time: formatTime(p.leftAt) }) : p.joinedAt ? t('staff.present', { time: formatTime(p.joinedAt) }) : t('staff.notYet')}
        </Text>
      ))}
    </Stack>
  );
}

interface Issued extends TeleLink {
  name: string;
  number: string;
}

export function TeleconsultationsPage() {
  const { t } = useTranslation('teleconsultation');
  const [date, setDate] = useState(parisToday());
  const [issued, setIssued] = useState<Issued | null>(null);
  const query = useQuery({ queryKey: teleListKey(date), queryFn: () => teleApi.list(date), refetchInterval: 10_000, refetchIntervalInBackground: false });
  const link = useMutation({
    mutationFn: ({ row, role }: { row: TeleconsultationRow; role: 'practitioner' | 'client' }) => teleApi.newLink(row.appointmentId, role),
    onSuccess: (data, { row, role }) => {
      setIssued({ ...data, name: role === 'practitioner' ? row.practitionerName : row.clientName, number: row.number });
      // Straight to the clipboard when the browser allows it; the dialog shows the link anyway.
      void navigator.clipboard?.writeText(data.url).catch(() => {});
    },
    onError: notifyError,
  });
  const rows = query.data?.teleconsultations ?? [];
  const columns = [
    { key: 'time', label: t('staff.columns.time'), width: 90 },
    { key: 'number', label: t('staff.columns.number') },
    { key: 'practitioner', label: t('staff.columns.practitioner') },
    { key: 'client', label: t('staff.columns.client') },
    { key: 'status', label: t('staff.columns.status') },
    { key: 'participants', label: t('staff.columns.participants') },
    { key: 'links', label: t('staff.columns.links') },
  ];
  return (
    <>
      <PageHeader
        title={t('staff.title')}
        description={t('staff.description')}
        actions={<TextInput type="date" label={t('staff.date')} value={date} onChange={(event) => event.currentTarget.value && setDate(event.currentTarget.value)} w={180} />}
      />
      <Stack gap="sm">
        <ErrorAlert error={query.error} />
        <ResultStatus pending={query.isPending}>{t('staff.count', { count: rows.length })}</ResultStatus>
        <DataTable columns={columns} minWidth={900} busy={query.isFetching} empty={query.isSuccess && rows.length === 0 ? t('staff.empty') : null}>
          {rows.map((row) => {
            const pending = link.isPending && link.variables?.row.appointmentId === row.appointmentId;
            return (
              <Table.Tr key={row.appointmentId} data-testid="teleconsultation-row" data-number={row.number} data-status={row.status}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={row.startsAt}>{formatTime(row.startsAt)}</time>–{formatTime(row.endsAt)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.number}</Table.Td>
                <Table.Td>{row.practitionerName}</Table.Td>
                <Table.Td>{row.clientName}</Table.Td>
                <Table.Td>
                  <CallStatusBadge status={row.status} />
                </Table.Td>
                <Table.Td>
                  <Participants row={row} />
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconLink size={14} aria-hidden="true" />}
                      loading={pending && link.variables?.role === 'practitioner'}
                      onClick={() => link.mutate({ row, role: 'practitioner' })}
                      aria-label={`${t('staff.practitionerLink')} — ${row.number}`}
                    >
                      {t('staff.practitionerLink')}
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconLink size={14} aria-hidden="true" />}
                      loading={pending && link.variables?.role === 'client'}
                      onClick={() => link.mutate({ row, role: 'client' })}
                      aria-label={`${t('staff.clientLink')} — ${row.number}`}
                    >
                      {t('staff.clientLink')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </DataTable>
      </Stack>
      <Modal opened={Boolean(issued)} onClose={() => setIssued(null)} title={issued ? t('staff.linkFor', { name: issued.name, number: issued.number }) : ''} centered size="lg">
        {issued ? (
          <Stack gap="sm">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput label={t('staff.linkLabel')} value={issued.url} readOnly style={{ flex: 1 }} onFocus={(event) => event.currentTarget.select()} data-testid="issued-link" />
              <CopyButton value={issued.url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('staff.copied') : t('staff.copy')}>
                    <ActionIcon size="lg" variant="light" color={copied ? 'green' : undefined} onClick={copy} aria-label={copied ? t('staff.copied') : t('staff.copy')}>
                      {copied ? <IconCheck size={18} aria-hidden="true" /> : <IconCopy size={18} aria-hidden="true" />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" c="dimmed">
              {t('staff.validUntil', { date: formatDateTime(issued.expiresAt) })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setIssued(null)}>
                {t('staff.close')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
