// Administration › RGPD: find a client, export their data or erase it (typed confirmation), the
// register of erasures, and the retention periods applied every night.
import { Alert, Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { DataTable, ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { type ClientSummary, clientsApi } from '../clients/api.ts';
import { privacyApi, type RetentionRow } from './api.ts';

function EraseForm({ client }: { client: ClientSummary }) {
  const { t } = useTranslation('privacy');
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['erasure', client.id], queryFn: () => privacyApi.erasure(client.id) });
  const [reason, setReason] = useState('');
  const [requestedAt, setRequestedAt] = useState('');
  const [confirmNumber, setConfirm] = useState('');
  const erase = useMutation({
    mutationFn: () => privacyApi.erase(client.id, { reason, confirmNumber, ...(requestedAt ? { requestedAt } : {}) }),
    onSuccess: () => {
      notifySuccess(t('admin.erase.done'));
      void queryClient.invalidateQueries({ queryKey: ['erasure', client.id] });
      void queryClient.invalidateQueries({ queryKey: ['erasures'] });
    },
  });
  const err = erase.error instanceof ApiError ? erase.error : null;
  if (status.data?.erasure) return <Alert color="gray">{t('admin.erase.already', { date: formatDate(status.data.erasure.performedAt) })}</Alert>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    erase.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="erase-title">
      <Stack gap="sm">
        <Text fw={700} id="erase-title">
          {t('admin.erase.title', { name: client.displayName, number: client.number })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('admin.erase.help')}
        </Text>
        <TextInput label={t('admin.erase.reason')} placeholder={t('admin.erase.reasonPlaceholder')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={err?.fieldMessage('reason')} />
        <TextInput type="date" label={t('admin.erase.requestedAt')} value={requestedAt} onChange={(e) => setRequestedAt(e.currentTarget.value)} w={{ base: '100%', sm: 240 }} />
        <TextInput label={t('admin.erase.confirm')} placeholder={client.number} required value={confirmNumber} onChange={(e) => setConfirm(e.currentTarget.value)} error={err?.fieldMessage('confirmNumber')} w={{ base: '100%', sm: 240 }} />
        {erase.error && !err?.fields.length ? <ErrorAlert error={erase.error} /> : null}
        <Group>
          <Button component="a" href={`/api/admin/clients/${client.id}/export`} download variant="default" leftSection={<IconDownload size={18} aria-hidden="true" />}>
            {t('admin.export')}
          </Button>
          <Button type="submit" color="red" loading={erase.isPending} leftSection={<IconTrash size={18} aria-hidden="true" />}>
            {t('admin.erase.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Retention() {
  const { t, i18n } = useTranslation('privacy');
  const queryClient = useQueryClient();
  const rows = useQuery({ queryKey: ['retention'], queryFn: privacyApi.retention });
  const [values, setValues] = useState<Record<string, number>>({});
  useEffect(() => {
    if (rows.data) setValues(Object.fromEntries(rows.data.retention.map((r) => [r.kind, r.days])));
  }, [rows.data]);
  const save = useMutation({
    mutationFn: () => privacyApi.saveRetention(values),
    onSuccess: (data) => {
      queryClient.setQueryData(['retention'], data);
      notifySuccess(t('admin.retention.saved'));
    },
  });
  const run = useMutation({
    mutationFn: privacyApi.runRetention,
    onSuccess: ({ report }) => notifySuccess(t('admin.retention.ran', { messages: report.messages, sessions: report.sessions, clients: report.clientsErased })),
  });
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <SectionCard title={t('admin.retention.title')} id="retention-title">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('admin.retention.help')}
        </Text>
        {rows.isError ? <ErrorAlert error={rows.error} /> : null}
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <DataTable minWidth={560} columns={[{ key: 'kind', label: t('admin.retention.kind') }, { key: 'days', label: t('admin.retention.days') }, { key: 'basis', label: t('admin.retention.basis') }]}>
          {(rows.data?.retention ?? []).map((r: RetentionRow) => (
            <Table.Tr key={r.kind}>
              <Table.Td>{r.label[lang]}</Table.Td>
              <Table.Td>
                <NumberInput aria-label={`${t('admin.retention.days')} — ${r.label[lang]}`} min={r.minDays} max={36600} value={values[r.kind] ?? r.days} onChange={(v) => setValues((s) => ({ ...s, [r.kind]: Number(v) }))} w={140} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.basis[lang]}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            {t('admin.retention.save')}
          </Button>
          <Button variant="default" onClick={() => run.mutate()} loading={run.isPending}>
            {t('admin.retention.run')}
          </Button>
        </Group>
      </Stack>
    </SectionCard>
  );
}

export function AdminPrivacyTab() {
  const { t } = useTranslation('privacy');
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [chosen, setChosen] = useState<ClientSummary | null>(null);
  const found = useQuery({ queryKey: ['privacy-clients', submitted], enabled: submitted.length > 0, queryFn: () => clientsApi.search(submitted) });
  const register = useQuery({ queryKey: ['erasures'], queryFn: privacyApi.erasures });
  return (
    <Stack gap="lg">
      <Text c="dimmed">{t('admin.intro')}</Text>
      <SectionCard title={t('admin.find')} id="privacy-client-title">
        <Stack gap="sm">
          <Group
            component="form"
            align="flex-end"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              setChosen(null);
              setSubmitted(q.trim());
            }}
          >
            <TextInput label={t('admin.find')} placeholder={t('admin.findPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={{ base: '100%', sm: 320 }} />
            <Button type="submit">{t('admin.findButton')}</Button>
          </Group>
          {found.data && !chosen ? (
            found.data.clients.length ? (
              <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {found.data.clients.map((c) => (
                  <Group key={c.id} component="li" gap="sm">
                    <Text size="sm">
                      {c.number} — {c.displayName} ({formatDate(c.birthDate)})
                    </Text>
                    <Button size="compact-sm" variant="light" onClick={() => setChosen(c)}>
                      {t('admin.select')}
                    </Button>
                  </Group>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {t('admin.none')}
              </Text>
            )
          ) : null}
          {chosen ? <EraseForm client={chosen} /> : null}
        </Stack>
      </SectionCard>
      <SectionCard title={t('admin.register.title')} id="erasures-title">
        <DataTable
          minWidth={560}
          empty={register.isSuccess && register.data.erasures.length === 0 ? t('admin.register.empty') : null}
          columns={[
            { key: 'client', label: t('admin.register.client') },
            { key: 'reason', label: t('admin.register.reason') },
            { key: 'requested', label: t('admin.register.requested') },
            { key: 'performed', label: t('admin.register.performed') },
          ]}
        >
          {(register.data?.erasures ?? []).map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{e.clientNumber}</Table.Td>
              <Table.Td>{e.reason}</Table.Td>
              <Table.Td>{formatDate(e.requestedAt)}</Table.Td>
              <Table.Td>{formatDate(e.performedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </SectionCard>
      <Retention />
    </Stack>
  );
}
