// Pages of the medical file: the « Dossier médical » section of a client's page (team), the open
// alerts (/dossiers), « Mon dossier » in the portal (/mon-dossier) and « Dossiers partagés » for
// practitioner accounts (/dossiers-partages).
import { Anchor, Badge, Button, Checkbox, Group, Modal, Stack, Table, Tabs, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconChartLine, IconFiles, IconFolderOpen } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { DataTable, ErrorAlert, PageHeader, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate, formatDate, formatDateTime } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { RECORDS_KEY, recordsApi, type ResultAlert, type Scope } from './api.ts';
import { DocumentsPanel } from './Documents.tsx';
import { AbnormalBadge, formatValue, ObservationsPanel, rangeText } from './Observations.tsx';

function AcknowledgeModal({ alert, onClose }: { alert: ResultAlert | null; onClose: () => void }) {
  const { t } = useTranslation('records');
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const ack = useMutation({
    mutationFn: () => recordsApi.acknowledge(alert?.id ?? '', note.trim()),
    onSuccess: async () => {
      notifySuccess(t('alerts.done'));
      setNote('');
      onClose();
      await queryClient.invalidateQueries({ queryKey: RECORDS_KEY });
    },
  });
  return (
    <Modal opened={Boolean(alert)} onClose={onClose} title={t('alerts.acknowledge')}>
      <Stack>
        <Textarea label={t('alerts.note')} placeholder={t('alerts.notePlaceholder')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} autosize minRows={3} />
        <ErrorAlert error={ack.error} />
        <Group justify="flex-end">
          <Button onClick={() => ack.mutate()} loading={ack.isPending} data-testid="records-ack-confirm">
            {t('alerts.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function AlertsTable({ clientId, showClient, mine = false, status = 'open' }: { clientId?: string; showClient: boolean; mine?: boolean; status?: 'open' | 'all' }) {
  const { t } = useTranslation('records');
  const [acknowledging, setAcknowledging] = useState<ResultAlert | null>(null);
  const query = useQuery({ queryKey: [...RECORDS_KEY, 'alerts', clientId ?? 'all', mine, status], queryFn: () => recordsApi.alerts({ status, mine, ...(clientId ? { clientId } : {}) }) });
  const alerts = query.data?.alerts ?? [];
  return (
    <>
      <ErrorAlert error={query.error} />
      <DataTable
        minWidth={680}
        busy={query.isFetching}
        empty={query.isSuccess && !alerts.length ? t('alerts.empty') : null}
        caption={t('alerts.title')}
        columns={[
          ...(showClient ? [{ key: 'client', label: t('alerts.client') }] : []),
          { key: 'result', label: t('alerts.result') },
          { key: 'raised', label: t('alerts.raised') },
          { key: 'actions', label: t('list.actions'), hiddenLabel: true, align: 'right' as const },
        ]}
      >
        {alerts.map((a) => (
          <Table.Tr key={a.id} data-testid="records-alert-row">
            {showClient ? (
              <Table.Td>
                {a.client ? (
                  <Anchor component={Link} to={`/clients/${a.clientId}?onglet=dossier`}>
                    {a.client.displayName} <Text span c="dimmed" size="sm">{a.client.number}</Text>
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
            ) : null}
            <Table.Td>
              {a.observation ? (
                <Group gap={6}>
                  <AbnormalBadge abnormal={a.observation.abnormal ?? a.direction} />
                  <Text span fw={600}>
                    {a.observation.label} : {formatValue(a.observation.value)} {a.observation.unit}
                  </Text>
                  <Text span size="sm" c="dimmed">
                    ({rangeText(a.observation)}) · {formatDateTime(a.observation.observedAt)}
                  </Text>
                </Group>
              ) : (
                <Group gap={6}>
                  <Badge color="red" variant="light">
                    {t(`alerts.direction.${a.direction}`)}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {t('alerts.hidden')}
                  </Text>
                </Group>
              )}
            </Table.Td>
            <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
            <Table.Td ta="right">
              {a.status === 'open' ? (
                <Button size="xs" onClick={() => setAcknowledging(a)} leftSection={<IconAlertTriangle size={14} aria-hidden="true" />}>
                  {t('alerts.acknowledge')}
                </Button>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('alerts.acknowledged', { date: formatDateTime(a.acknowledgedAt) })}
                  {a.note ? ` — ${a.note}` : ''}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <AcknowledgeModal alert={acknowledging} onClose={() => setAcknowledging(null)} />
    </>
  );
}

function FileTabs({ scope, withAlerts, canUpload, canRemove }: { scope: Scope; withAlerts: boolean; canUpload: boolean; canRemove: (d: { source: string }) => boolean }) {
  const { t } = useTranslation('records');
  return (
    <Tabs defaultValue="documents" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="documents" leftSection={<IconFiles size={16} aria-hidden="true" />}>
          {t('tabs.documents')}
        </Tabs.Tab>
        <Tabs.Tab value="observations" leftSection={<IconChartLine size={16} aria-hidden="true" />}>
          {t('tabs.observations')}
        </Tabs.Tab>
        {withAlerts ? (
          <Tabs.Tab value="alerts" leftSection={<IconAlertTriangle size={16} aria-hidden="true" />}>
            {t('tabs.alerts')}
          </Tabs.Tab>
        ) : null}
      </Tabs.List>
      <Tabs.Panel value="documents">
        <DocumentsPanel scope={scope} canUpload={canUpload} canRemove={canRemove} />
      </Tabs.Panel>
      <Tabs.Panel value="observations">
        <ObservationsPanel scope={scope} />
      </Tabs.Panel>
      {withAlerts && scope.kind === 'staff' ? (
        <Tabs.Panel value="alerts">
          <AlertsTable clientId={scope.clientId} showClient={false} status="all" />
        </Tabs.Panel>
      ) : null}
    </Tabs>
  );
}

/** The « Dossier médical » section of the client page (team). `?onglet=dossier` scrolls to it. */
export function MedicalFileSection({ clientId }: { clientId: string }) {
  const { t } = useTranslation('records');
  const [params] = useSearchParams();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (params.get('onglet') === 'dossier') ref.current?.scrollIntoView({ block: 'start' });
  }, [params]);
  return (
    <div ref={ref} id="dossier">
      <SectionCard title={t('section')} id="client-medical-file" icon={<IconFolderOpen size={20} aria-hidden="true" />}>
        <FileTabs scope={{ kind: 'staff', clientId }} withAlerts canUpload canRemove={() => true} />
      </SectionCard>
    </div>
  );
}

/** /dossiers: the team's open alerts. */
export function RecordsAlertsPage() {
  const { t } = useTranslation('records');
  const [mine, setMine] = useState(false);
  return (
    <>
      <PageHeader title={t('alerts.title')} description={t('alerts.description')} />
      <SectionCard title={t('nav.alerts')} id="records-alerts" actions={<Checkbox label={t('alerts.mine')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />}>
        <AlertsTable showClient mine={mine} />
      </SectionCard>
    </>
  );
}

/** /mon-dossier: the client's own file. */
export function MyRecordPage() {
  const { t } = useTranslation('records');
  return (
    <>
      <PageHeader title={t('mine.title')} description={t('mine.description')} />
      <FileTabs scope={{ kind: 'portal' }} withAlerts={false} canUpload canRemove={(d) => d.source === 'client'} />
    </>
  );
}

/** /dossiers-partages and /dossiers-partages/:clientId: a practitioner's shared files. */
export function SharedRecordsPage() {
  const { t } = useTranslation('records');
  const { clientId } = useParams();
  const query = useQuery({ queryKey: [...RECORDS_KEY, 'shared'], queryFn: recordsApi.shared });
  const clients = query.data?.clients ?? [];
  const selected = clients.find((c) => c.id === clientId);
  if (clientId) {
    return (
      <>
        <PageHeader
          title={selected ? `${selected.displayName}` : t('shared.title')}
          description={selected ? `${selected.number} · ${formatCalendarDate(selected.birthDate)} · ${selected.types.map((ty) => t(`type.${ty}`)).join(', ')}` : undefined}
          actions={
            <Button component={Link} to="/dossiers-partages" variant="default">
              {t('shared.back')}
            </Button>
          }
        />
        <FileTabs scope={{ kind: 'practitioner', clientId }} withAlerts={false} canUpload={false} canRemove={() => false} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('shared.title')} description={t('shared.description')} />
      <ErrorAlert error={query.error} />
      <DataTable
        minWidth={600}
        busy={query.isFetching}
        empty={query.isSuccess && !clients.length ? t('shared.empty') : null}
        caption={t('shared.title')}
        columns={[
          { key: 'client', label: t('alerts.client') },
          { key: 'types', label: t('list.typeFilter') },
          { key: 'until', label: t('shared.noEnd'), hiddenLabel: true },
        ]}
      >
        {clients.map((c) => (
          <Table.Tr key={c.id} data-testid="records-shared-row">
            <Table.Td>
              <Anchor component={Link} to={`/dossiers-partages/${c.id}`} fw={600}>
                {c.displayName}
              </Anchor>{' '}
              <Text span size="sm" c="dimmed">
                {c.number} · {formatCalendarDate(c.birthDate)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {c.types.map((ty) => (
                  <Badge key={ty} variant="light" size="sm">
                    {t(`type.${ty}`)}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>{c.until ? t('shared.until', { date: formatDate(c.until) }) : t('shared.noEnd')}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </>
  );
}
