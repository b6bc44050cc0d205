// /avis-clients — satisfaction survey answers for the team: filters kept in the address (shareable,
// ?negative=1 from a notification), CSAT and NPS by month as a chart (with the figures in text for
// screen readers), and the list with comments.
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Anchor, Badge, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable, ErrorAlert, PageHeader, ResultStatus } from '../../app/components.tsx';
import { formatDate } from '../../app/format.ts';
import { followupApi, type SurveyFilters, type SurveyTrigger, surveysKey } from './api.ts';

const isDay = (v: string) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v);
const fmt = (n: number | null, digits = 0) => (n === null ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: digits }));

export function SurveysPage() {
  const { t } = useTranslation('followup');
  const [params, setParams] = useSearchParams();
  const filters: SurveyFilters = {
    from: params.get('du') ?? '',
    to: params.get('au') ?? '',
    trigger: (params.get('declencheur') ?? '') as SurveyTrigger | '',
    answered: (params.get('reponse') ?? '') as 'true' | 'false' | '',
    negative: params.get('negative') === '1',
  };
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const query = useQuery({ queryKey: surveysKey(filters), queryFn: () => followupApi.surveys(filters), placeholderData: keepPreviousData });
  const data = query.data;
  const columns = [
    { key: 'date', label: t('list.cols.date') },
    { key: 'client', label: t('list.cols.client') },
    { key: 'request', label: t('list.cols.request') },
    { key: 'practitioner', label: t('list.cols.practitioner') },
    { key: 'trigger', label: t('list.cols.trigger') },
    { key: 'csat', label: t('list.cols.csat'), align: 'right' as const },
    { key: 'nps', label: t('list.cols.nps'), align: 'right' as const },
    { key: 'comment', label: t('list.cols.comment') },
  ];

  return (
    <>
      <PageHeader title={t('list.title')} description={t('list.subtitle')} />
      <Stack gap="lg">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput type="date" label={t('list.from')} value={filters.from} max={filters.to || undefined} onChange={(e) => isDay(e.currentTarget.value) && set({ du: e.currentTarget.value })} w={160} />
          <TextInput type="date" label={t('list.to')} value={filters.to} min={filters.from || undefined} onChange={(e) => isDay(e.currentTarget.value) && set({ au: e.currentTarget.value })} w={160} />
          <Select
            label={t('list.trigger')}
            value={filters.trigger || ''}
            onChange={(v) => set({ declencheur: v ?? '' })}
            data={[
              { value: '', label: t('list.all') },
              { value: 'appointment', label: t('trigger.appointment') },
              { value: 'request_closed', label: t('trigger.request_closed') },
            ]}
            allowDeselect={false}
            w={200}
          />
          <Select
            label={t('list.answered')}
            value={filters.answered || ''}
            onChange={(v) => set({ reponse: v ?? '' })}
            data={[
              { value: '', label: t('list.all') },
              { value: 'true', label: t('list.answeredOnly') },
              { value: 'false', label: t('list.pendingOnly') },
            ]}
            allowDeselect={false}
            w={170}
          />
          <Checkbox label={t('list.negative')} checked={Boolean(filters.negative)} onChange={(e) => set({ negative: e.currentTarget.checked ? '1' : '' })} mb={8} />
        </Group>
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {data ? (
          <Paper withBorder p="md" component="figure" m={0} aria-labelledby="surveys-chart-title">
            <Title order={2} size="h4" mb="xs" id="surveys-chart-title">
              {t('list.chart')}
            </Title>
            <Text size="sm" mb="sm" data-testid="surveys-totals">
              {t('list.totals', { answered: data.totals.answered, csat: fmt(data.totals.csat, 2), nps: fmt(data.totals.nps) })}
            </Text>
            {data.trend.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('list.chartEmpty')}
              </Text>
            ) : (
              <>
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                  <LineChart
                    h={200}
                    data={data.trend.map((p) => ({ period: p.period, csat: p.csat }))}
                    dataKey="period"
                    series={[{ name: 'csat', label: t('list.csatSeries'), color: 'blue.6' }]}
                    yAxisProps={{ domain: [1, 5] }}
                    withLegend
                    curveType="linear"
                    connectNulls
                  />
                  <LineChart
                    h={200}
                    data={data.trend.map((p) => ({ period: p.period, nps: p.nps }))}
                    dataKey="period"
                    series={[{ name: 'nps', label: t('list.npsSeries'), color: 'teal.6' }]}
                    yAxisProps={{ domain: [-100, 100] }}
                    referenceLines={[{ y: 0, color: 'gray.5' }]}
                    withLegend
                    curveType="linear"
                    connectNulls
                  />
                </SimpleGrid>
                {/* The same figures as text, for screen readers and for copying. */}
                <figcaption className="visually-hidden-label">
                  {data.trend.map((p) => `${p.period} : CSAT ${fmt(p.csat, 2)}, NPS ${fmt(p.nps)} (${p.count})`).join(' ; ')}
                </figcaption>
              </>
            )}
          </Paper>
        ) : null}
        <ResultStatus pending={query.isPending}>{t('list.count', { count: data?.items.length ?? 0 })}</ResultStatus>
        <DataTable columns={columns} minWidth={900} busy={query.isFetching} empty={data && data.items.length === 0 ? t('list.empty') : null} caption={t('list.title')}>
          {data?.items.map((s) => (
            <Table.Tr key={s.id} data-testid="survey-row">
              <Table.Td>
                <Text size="sm">{formatDate(s.answeredAt ?? s.sentAt)}</Text>
                <Badge size="xs" variant="light" color={s.state === 'answered' ? 'green' : s.state === 'expired' ? 'gray' : 'blue'}>
                  {t(`state.${s.state}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {s.client ? (
                  <Anchor component={Link} to={`/clients/${s.client.id}`} size="sm">
                    {s.client.displayName}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                {s.request ? (
                  <Anchor component={Link} to={`/demandes/${s.request.id}`} size="sm">
                    {s.request.number}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>{s.practitioner?.displayName ?? '—'}</Table.Td>
              <Table.Td>{t(`trigger.${s.trigger}`)}</Table.Td>
              <Table.Td ta="right">{s.csat ?? '—'}</Table.Td>
              <Table.Td ta="right">
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {s.nps ?? '—'}
                  {s.negative ? (
                    <Badge size="xs" color="red">
                      {t('list.negativeBadge')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {s.comment ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Stack>
    </>
  );
}
