// Measurements and results: a timeline (newest first, out-of-range values flagged in words, not
// only in colour), a chart per measurement with its reference range, and the team's entry form.
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Badge, Button, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { DataTable, ErrorAlert } from '../../app/components.tsx';
import { formatDateTime, formatShortDate } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { notifySuccess } from '../../app/notify.ts';
import { type Observation, RECORDS_KEY, recordsApi, type Scope, scopeKey } from './api.ts';
import { ConsentMissing } from './Documents.tsx';

const formatValue = (v: number) => new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(v);
const rangeText = (o: Observation) => (o.referenceLow !== null && o.referenceHigh !== null ? `${formatValue(o.referenceLow)} – ${formatValue(o.referenceHigh)}` : o.referenceHigh !== null ? `≤ ${formatValue(o.referenceHigh)}` : o.referenceLow !== null ? `≥ ${formatValue(o.referenceLow)}` : '—');

export function AbnormalBadge({ abnormal }: { abnormal: Observation['abnormal'] }) {
  const { t } = useTranslation('records');
  if (!abnormal) return null;
  return (
    <Badge color={abnormal === 'high' ? 'red' : 'orange'} variant="filled" size="sm">
      {t(`observations.${abnormal}`)}
    </Badge>
  );
}

function Charts({ observations }: { observations: Observation[] }) {
  const { t } = useTranslation('records');
  const groups = useMemo(() => {
    const byCode = new Map<string, Observation[]>();
    for (const o of observations) byCode.set(o.code, [...(byCode.get(o.code) ?? []), o]);
    return [...byCode.values()].map((list) => [...list].sort((a, b) => a.observedAt.localeCompare(b.observedAt)));
  }, [observations]);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {groups.map((list) => {
        const last = list.at(-1) as Observation;
        const lines = [
          ...(last.referenceLow !== null ? [{ y: last.referenceLow, label: `${formatValue(last.referenceLow)}`, color: 'orange.6' }] : []),
          ...(last.referenceHigh !== null ? [{ y: last.referenceHigh, label: `${formatValue(last.referenceHigh)}`, color: 'red.6' }] : []),
        ];
        const values = list.map((o) => o.value).concat(lines.map((l) => l.y));
        const pad = (Math.max(...values) - Math.min(...values)) * 0.15 || 1;
        return (
          <Paper withBorder p="sm" key={last.code} component="figure" m={0} aria-label={t('observations.chartLabel', { label: last.label })}>
            <Title order={3} size="h5" mb="xs">
              {last.label} ({last.unit})
            </Title>
            <LineChart
              h={180}
              data={list.map((o) => ({ date: formatShortDate(o.observedAt), value: o.value }))}
              dataKey="date"
              series={[{ name: 'value', label: last.label, color: 'blue.6' }]}
              referenceLines={lines}
              yAxisProps={{ domain: [Math.floor((Math.min(...values) - pad) * 100) / 100, Math.ceil((Math.max(...values) + pad) * 100) / 100] }}
              valueFormatter={(v) => `${formatValue(v)} ${last.unit}`}
              curveType="linear"
            />
            {/* The same figures for screen readers: a chart alone says nothing to them. */}
            <figcaption className="visually-hidden-label">{list.map((o) => `${formatShortDate(o.observedAt)} : ${formatValue(o.value)} ${o.unit}`).join(' ; ')}</figcaption>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

function AddObservation({ clientId }: { clientId: string }) {
  const { t } = useTranslation('records');
  const queryClient = useQueryClient();
  const catalogue = useQuery({ queryKey: [...RECORDS_KEY, 'catalogue'], queryFn: recordsApi.catalogue, staleTime: Number.POSITIVE_INFINITY });
  const [code, setCode] = useState<string | null>(null);
  const [value, setValue] = useState<number | string>('');
  const [at, setAt] = useState('');
  const [low, setLow] = useState<number | string>('');
  const [high, setHigh] = useState<number | string>('');
  const entry = catalogue.data?.catalogue.find((e) => e.code === code);
  const lang = currentLanguage();
  const save = useMutation({
    mutationFn: () =>
      recordsApi.addObservation(clientId, {
        code: code ?? '',
        value: Number(value),
        observedAt: new Date(at).toISOString(),
        ...(low !== '' || high !== '' ? { referenceLow: low === '' ? null : Number(low), referenceHigh: high === '' ? null : Number(high) } : {}),
      }),
    onSuccess: async (res) => {
      notifySuccess(res.alert ? t('observations.savedAlert') : t('observations.saved'));
      setValue('');
      await queryClient.invalidateQueries({ queryKey: RECORDS_KEY });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (code && value !== '' && at) save.mutate();
  };
  const fieldError = (path: string) => (save.error instanceof ApiError ? save.error.fieldMessage(path) : undefined);
  return (
    <Paper withBorder p="md" component="form" onSubmit={onSubmit} aria-label={t('observations.add')}>
      <Title order={3} size="h5" mb="sm">
        {t('observations.add')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('observations.code')}
          required
          searchable
          data={(catalogue.data?.catalogue ?? []).map((e) => ({ value: e.code, label: `${e.label[lang]} (${e.unit})` }))}
          value={code}
          onChange={setCode}
          error={fieldError('code')}
          w={280}
        />
        <NumberInput label={t('observations.valueLabel', { unit: entry?.unit ?? '' })} required decimalScale={entry?.decimals ?? 2} decimalSeparator={lang === 'fr' ? ',' : '.'} value={value} onChange={setValue} w={140} />
        <TextInput type="datetime-local" label={t('observations.observedAt')} required value={at} onChange={(e) => setAt(e.currentTarget.value)} w={220} />
        <NumberInput label={t('observations.low_')} placeholder={entry?.low !== null && entry?.low !== undefined ? String(entry.low) : ''} value={low} onChange={setLow} w={150} error={fieldError('referenceLow')} />
        <NumberInput label={t('observations.high_')} placeholder={entry?.high !== null && entry?.high !== undefined ? String(entry.high) : ''} value={high} onChange={setHigh} w={150} />
        <Button type="submit" loading={save.isPending}>
          {t('observations.save')}
        </Button>
      </Group>
      {save.error && !shownOnFields(save.error, ['code', 'referenceLow']) ? <ErrorAlert error={save.error} /> : null}
    </Paper>
  );
}

export function ObservationsPanel({ scope }: { scope: Scope }) {
  const { t } = useTranslation('records');
  const [view, setView] = useState<'timeline' | 'charts'>('timeline');
  const query = useQuery({ queryKey: [...scopeKey(scope), 'observations'], queryFn: () => recordsApi.observations(scope), retry: false });
  const list = [...(query.data?.observations ?? [])].sort((a, b) => b.observedAt.localeCompare(a.observedAt));
  const consentMissing = query.error instanceof ApiError && query.error.status === 403;
  return (
    <Stack gap="md">
      {scope.kind === 'staff' ? <AddObservation clientId={scope.clientId} /> : null}
      {consentMissing ? (
        <ConsentMissing practitioner={scope.kind === 'practitioner'} />
      ) : (
        <>
          <ErrorAlert error={query.error} />
          <SegmentedControl
            value={view}
            onChange={(v) => setView(v as 'timeline' | 'charts')}
            data={[
              { value: 'timeline', label: t('observations.timeline') },
              { value: 'charts', label: t('observations.charts') },
            ]}
            w="fit-content"
          />
          {view === 'charts' ? (
            <Charts observations={list} />
          ) : (
            <DataTable
              minWidth={640}
              busy={query.isFetching}
              empty={query.isSuccess && !list.length ? t('observations.empty') : null}
              caption={t('observations.timeline')}
              columns={[
                { key: 'date', label: t('observations.date') },
                { key: 'measure', label: t('observations.measure') },
                { key: 'value', label: t('observations.value'), align: 'right' },
                { key: 'range', label: t('observations.range') },
                { key: 'source', label: t('observations.source') },
              ]}
            >
              {list.map((o) => (
                <Table.Tr key={o.id} data-testid="records-observation-row">
                  <Table.Td>{formatDateTime(o.observedAt)}</Table.Td>
                  <Table.Td>{o.label}</Table.Td>
                  <Table.Td ta="right">
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <AbnormalBadge abnormal={o.abnormal} />
                      <Text fw={o.abnormal ? 700 : undefined} span>
                        {formatValue(o.value)} {o.unit}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{rangeText(o)}</Table.Td>
                  <Table.Td>{t(`observations.sources.${o.source}`)}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </Stack>
  );
}

export { formatValue, rangeText };
