// « Indicateurs »: the team's KPIs for a period, filters kept in the URL (a view can be shared or
// bookmarked), a chart and a table for each figure (the table is also what screen readers and the
// CSV export use), the monthly PDF report, and revenue and receivables for admins only.
import '@mantine/charts/styles.css';
import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDownload, IconFileTypePdf } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type CsvCell, toCsv } from '../../../modules/reporting/domain.ts';
import { specialties } from '../../../platform/specialties.ts';
import { DataTable, ErrorAlert, PageHeader, ResultStatus, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { useUser } from '../../app/session.ts';
import { type Granularity, type KpiParams, type Kpis, REPORTING_KEY, reportingApi } from './api.ts';

const COLORS = ['blue.6', 'teal.6', 'orange.6', 'grape.6', 'red.6', 'cyan.6', 'lime.7', 'pink.6', 'indigo.6', 'yellow.7'];

/** Today in Paris as YYYY-MM-DD, and calendar arithmetic on such days (no time of day involved). */
const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const prevMonth = (day: string) => addDays(monthStart(day), -1).slice(0, 7);
const isDay = (v: string | null): v is string => Boolean(v && /^\d{4}-\d{2}-\d{2}$/.test(v));

function usePeriodParams() {
  const [params, setParams] = useSearchParams();
  const today = parisToday();
  const from = isDay(params.get('du')) ? (params.get('du') as string) : monthStart(today);
  const to = isDay(params.get('au')) ? (params.get('au') as string) : today;
  const granularity: Granularity = params.get('par') === 'mois' ? 'month' : 'week';
  const value: KpiParams = { from, to, granularity, assigneeId: params.get('membre') ?? undefined, specialty: params.get('specialite') ?? undefined };
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return { value, set, today };
}

function useFormat() {
  const { t } = useTranslation('reporting');
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'fr-FR';
  return useMemo(() => {
    const number = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? t('none') : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v));
    return {
      number,
      pct: (v: number | null | undefined) => (v === null || v === undefined ? t('none') : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v)),
      euros: (cents: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100),
      minutes: (v: number | null | undefined) => (v === null || v === undefined ? t('none') : v >= 120 ? t('units.h', { v: number(v / 60, 1) }) : t('units.min', { v: number(v) })),
      hours: (v: number | null | undefined) => (v === null || v === undefined ? t('none') : v >= 48 ? t('units.d', { v: number(v / 24, 1) }) : t('units.h', { v: number(v, 1) })),
      days: (v: number | null | undefined) => (v === null || v === undefined ? t('none') : t('units.d', { v: number(v, 1) })),
    };
  }, [t, locale]);
}

function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

function downloadCsv(name: string, rows: CsvCell[][]) {
  // A BOM so spreadsheets read UTF-8 accents correctly.
  const blob = new Blob([`\ufeff${toCsv(rows, currentLanguage())}`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A table of figures with its CSV export: `raw` values go to the file, `shown` to the screen. */
function FigureTable({ title, file, head, rows }: { title: string; file: string; head: string[]; rows: { raw: CsvCell[]; shown: ReactNode[] }[] }) {
  const { t } = useTranslation('reporting');
  return (
    <Stack gap="xs">
      <DataTable caption={title} columns={head.map((label, i) => ({ key: String(i), label, align: i === 0 ? 'left' : 'right' }))} minWidth={Math.max(200, 110 * head.length)} verticalSpacing="xs" empty={rows.length === 0 ? t('empty') : null}>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows of a computed table have no other identity
          <Table.Tr key={i}>
            {r.shown.map((c, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
              <Table.Td key={j} ta={j === 0 ? 'left' : 'right'}>
                {c}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </DataTable>
      <Group justify="flex-end">
        <Button size="compact-sm" variant="subtle" leftSection={<IconDownload size={14} aria-hidden="true" />} aria-label={t('csvLabel', { table: title })} onClick={() => downloadCsv(file, [head, ...rows.map((r) => r.raw)])}>
          {t('csv')}
        </Button>
      </Group>
    </Stack>
  );
}

function Chart({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation('reporting');
  return (
    <Stack gap={4} component="figure" m={0} aria-label={t('chartOf', { title })}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Filters({ params, set, today }: ReturnType<typeof usePeriodParams> & { params: KpiParams }) {
  const { t } = useTranslation('reporting');
  const lang = currentLanguage();
  const team = useQuery({ queryKey: [...REPORTING_KEY, 'team'], queryFn: reportingApi.team, staleTime: 5 * 60_000 });
  const presets: Record<string, { du: string; au: string }> = {
    thisMonth: { du: monthStart(today), au: today },
    lastMonth: { du: `${prevMonth(today)}-01`, au: addDays(monthStart(today), -1) },
    last30: { du: addDays(today, -29), au: today },
    last12: { du: addDays(today, -364), au: today },
  };
  const preset = Object.entries(presets).find(([, p]) => p.du === params.from && p.au === params.to)?.[0] ?? '';
  return (
    <Paper withBorder p="md" mb="lg" component="form" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <Group align="flex-end" wrap="wrap" gap="md">
        <SegmentedControl
          aria-label={t('filters.preset')}
          value={preset}
          onChange={(v) => set({ du: presets[v]?.du ?? null, au: presets[v]?.au ?? null, par: v === 'last12' ? 'mois' : null })}
          data={Object.keys(presets).map((k) => ({ value: k, label: t(`filters.${k}`) }))}
        />
        <TextInput type="date" label={t('filters.from')} value={params.from} max={params.to} onChange={(e) => isDay(e.currentTarget.value) && set({ du: e.currentTarget.value })} w={160} />
        <TextInput type="date" label={t('filters.to')} value={params.to} min={params.from} onChange={(e) => isDay(e.currentTarget.value) && set({ au: e.currentTarget.value })} w={160} />
        <Select
          label={t('filters.granularity')}
          value={params.granularity}
          onChange={(v) => set({ par: v === 'month' ? 'mois' : null })}
          data={[
            { value: 'week', label: t('filters.week') },
            { value: 'month', label: t('filters.month') },
          ]}
          allowDeselect={false}
          w={130}
        />
        <Select
          label={t('filters.member')}
          placeholder={t('filters.allMembers')}
          clearable
          searchable
          value={params.assigneeId ?? null}
          onChange={(v) => set({ membre: v })}
          data={(team.data?.members ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
          w={220}
        />
        <Select
          label={t('filters.specialty')}
          placeholder={t('filters.allSpecialties')}
          clearable
          searchable
          value={params.specialty ?? null}
          onChange={(v) => set({ specialite: v })}
          data={specialties.map((s) => ({ value: s.code, label: s[lang] }))}
          w={240}
        />
      </Group>
    </Paper>
  );
}

function Headline({ k, finance }: { k: Kpis; finance: ReturnType<typeof useFinance> }) {
  const { t } = useTranslation('reporting');
  const f = useFormat();
  const all = k.reimbursement.byInsurer[0];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} mb="lg">
      <Stat testId="kpi-requests" label={t('headline.requests')} value={f.number(k.volume.total)} />
      <Stat testId="kpi-within" label={t('headline.withinTarget')} value={f.pct(k.firstResponse.withinShare)} />
      <Stat
        testId="kpi-emergencies"
        label={t('headline.emergencies')}
        value={f.pct(k.emergencies.withinShare)}
        hint={t('headline.emergenciesHint', { within: k.emergencies.withinTarget, total: k.emergencies.requests, minutes: k.emergencies.targetMinutes })}
      />
      <Stat
        testId="kpi-to-appointment"
        label={t('headline.toAppointment')}
        value={f.hours(k.timeToAppointment.medianHours)}
        hint={t('headline.toAppointmentHint', { p90: f.hours(k.timeToAppointment.p90Hours), count: k.timeToAppointment.withAppointment })}
      />
      <Stat
        testId="kpi-no-show"
        label={t('headline.noShow')}
        value={f.pct(k.appointments.noShowRate)}
        hint={t('headline.noShowHint', { noShow: k.appointments.noShow, total: k.appointments.completed + k.appointments.noShow })}
      />
      <Stat testId="kpi-tele" label={t('headline.tele')} value={f.pct(k.appointments.teleconsultationShare)} hint={t('headline.teleHint', { tele: k.appointments.teleconsultation, total: k.appointments.total })} />
      <Stat testId="kpi-csat" label={t('headline.csat')} value={f.number(k.satisfaction.overall.csatMean, 2)} hint={t('headline.csatHint', { count: k.satisfaction.overall.answers })} />
      <Stat testId="kpi-nps" label={t('headline.nps')} value={f.number(k.satisfaction.overall.nps)} hint={t('headline.npsHint')} />
      <Stat testId="kpi-claims" label={t('headline.claims')} value={f.days(all?.medianDays)} hint={t('headline.claimsHint', { overdue: k.reimbursement.overdue })} />
      {finance.data ? (
        <>
          <Stat testId="kpi-revenue" label={t('headline.revenue')} value={f.euros(finance.data.revenueExclCents)} hint={t('headline.revenueHint', { incl: f.euros(finance.data.revenueInclCents) })} />
          <Stat
            testId="kpi-outstanding"
            label={t('headline.outstanding')}
            value={f.euros(finance.data.outstandingCents)}
            hint={t('headline.outstandingHint', { overdue: f.euros(finance.data.overdueCents) })}
          />
        </>
      ) : null}
    </SimpleGrid>
  );
}

function useFinance(params: KpiParams, enabled: boolean) {
  return useQuery({ queryKey: [...REPORTING_KEY, 'finance', params], queryFn: () => reportingApi.finance(params), enabled, placeholderData: keepPreviousData });
}

function Sections({ k, finance, params }: { k: Kpis; finance: ReturnType<typeof useFinance>; params: KpiParams }) {
  const { t } = useTranslation('reporting');
  const f = useFormat();
  const lang = currentLanguage();
  const bucketHead = params.granularity === 'week' ? t('cols.weekOf') : t('cols.monthOf');
  const bucketLabel = (b: string) => (params.granularity === 'month' ? new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${b}T12:00:00Z`)) : formatCalendarDate(b));
  const specialtyLabel = (code: string) => specialties.find((s) => s.code === code)?.[lang] ?? t('notTriaged');
  const channelLabel = (c: string) => t(`channels.${c}`, { defaultValue: c });
  const urgencyLabel = (u: string) => t(`urgencies.${u}`, { defaultValue: u });
  const sorted = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]);
  const suffix = `${params.from}_${params.to}`;

  return (
    <Stack gap="lg">
      <SectionCard id="kpi-volume" title={t('sections.volume')}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <Chart title={t('sections.overTime')}>
            <BarChart h={220} data={k.volume.series.map((s) => ({ bucket: bucketLabel(s.bucket), count: s.count }))} dataKey="bucket" series={[{ name: 'count', label: t('cols.count'), color: 'blue.6' }]} />
            <FigureTable
              title={t('sections.overTime')}
              file={`demandes-periode_${suffix}`}
              head={[bucketHead, t('cols.count')]}
              rows={k.volume.series.map((s) => ({ raw: [s.bucket, s.count], shown: [bucketLabel(s.bucket), f.number(s.count)] }))}
            />
          </Chart>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Chart title={t('sections.byChannel')}>
              <DonutChart mx="auto" size={140} thickness={24} withTooltip data={sorted(k.volume.byChannel).map(([c, n], i) => ({ name: channelLabel(c), value: n, color: COLORS[i % COLORS.length] as string }))} />
              <FigureTable title={t('sections.byChannel')} file={`demandes-canal_${suffix}`} head={[t('cols.channel'), t('cols.count')]} rows={sorted(k.volume.byChannel).map(([c, n]) => ({ raw: [channelLabel(c), n], shown: [channelLabel(c), f.number(n)] }))} />
            </Chart>
            <Chart title={t('sections.byUrgency')}>
              <DonutChart
                mx="auto"
                size={140}
                thickness={24}
                withTooltip
                data={sorted(k.volume.byUrgency).map(([u, n]) => ({ name: urgencyLabel(u), value: n, color: ({ emergency: 'red.7', urgent: 'orange.6', soon: 'yellow.6', routine: 'blue.5' } as Record<string, string>)[u] ?? 'gray.5' }))}
              />
              <FigureTable title={t('sections.byUrgency')} file={`demandes-urgence_${suffix}`} head={[t('cols.urgency'), t('cols.count')]} rows={sorted(k.volume.byUrgency).map(([u, n]) => ({ raw: [urgencyLabel(u), n], shown: [urgencyLabel(u), f.number(n)] }))} />
            </Chart>
          </SimpleGrid>
        </SimpleGrid>
        <Chart title={t('sections.bySpecialty')}>
          <BarChart
            h={Math.max(120, 28 * Object.keys(k.volume.bySpecialty).length)}
            orientation="vertical"
            data={sorted(k.volume.bySpecialty).map(([c, n]) => ({ specialty: specialtyLabel(c), count: n }))}
            dataKey="specialty"
            yAxisProps={{ width: 180 }}
            series={[{ name: 'count', label: t('cols.count'), color: 'teal.6' }]}
          />
          <FigureTable title={t('sections.bySpecialty')} file={`demandes-specialite_${suffix}`} head={[t('cols.specialty'), t('cols.count')]} rows={sorted(k.volume.bySpecialty).map(([c, n]) => ({ raw: [specialtyLabel(c), n], shown: [specialtyLabel(c), f.number(n)] }))} />
        </Chart>
      </SectionCard>

      <SectionCard id="kpi-response" title={t('sections.response')}>
        <BarChart
          h={200}
          data={k.firstResponse.byUrgency.map((r) => ({ urgency: urgencyLabel(r.urgency), share: r.withinShare === null ? 0 : Math.round(r.withinShare * 1000) / 10 }))}
          dataKey="urgency"
          unit=" %"
          yAxisProps={{ domain: [0, 100] }}
          series={[{ name: 'share', label: t('cols.share'), color: 'blue.6' }]}
        />
        <FigureTable
          title={t('sections.response')}
          file={`premiere-reponse_${suffix}`}
          head={[t('cols.urgency'), t('cols.target'), t('cols.requests'), t('cols.within'), t('cols.pending'), t('cols.share'), t('cols.median'), t('cols.p90')]}
          rows={k.firstResponse.byUrgency.map((r) => ({
            raw: [urgencyLabel(r.urgency), r.targetMinutes, r.requests, r.withinTarget, r.pending, r.withinShare, r.medianMinutes, r.p90Minutes],
            shown: [urgencyLabel(r.urgency), r.urgency === 'emergency' ? t('immediate', { minutes: r.targetMinutes }) : f.minutes(r.targetMinutes), f.number(r.requests), f.number(r.withinTarget), f.number(r.pending), f.pct(r.withinShare), f.minutes(r.medianMinutes), f.minutes(r.p90Minutes)],
          }))}
        />
      </SectionCard>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <SectionCard id="kpi-appointments" title={t('sections.appointments')} fill>
          <BarChart
            h={220}
            type="stacked"
            data={k.appointments.series.map((s) => ({ bucket: bucketLabel(s.bucket), inPerson: s.inPerson, teleconsultation: s.teleconsultation }))}
            dataKey="bucket"
            withLegend
            series={[
              { name: 'inPerson', label: t('cols.inPerson'), color: 'blue.6' },
              { name: 'teleconsultation', label: t('cols.teleconsultation'), color: 'grape.6' },
            ]}
          />
          <FigureTable
            title={t('sections.appointments')}
            file={`rendez-vous_${suffix}`}
            head={[bucketHead, t('cols.inPerson'), t('cols.teleconsultation'), t('cols.noShow')]}
            rows={k.appointments.series.map((s) => ({ raw: [s.bucket, s.inPerson, s.teleconsultation, s.noShow], shown: [bucketLabel(s.bucket), f.number(s.inPerson), f.number(s.teleconsultation), f.number(s.noShow)] }))}
          />
        </SectionCard>
        <SectionCard id="kpi-satisfaction" title={t('sections.satisfaction')} fill>
          <LineChart
            h={220}
            data={k.satisfaction.series.map((s) => ({ bucket: bucketLabel(s.bucket ?? ''), csat: s.csatMean, nps: s.nps }))}
            dataKey="bucket"
            withLegend
            withRightYAxis
            yAxisProps={{ domain: [1, 5] }}
            rightYAxisProps={{ domain: [-100, 100] }}
            connectNulls
            series={[
              { name: 'csat', label: t('cols.csat'), color: 'teal.6' },
              { name: 'nps', label: t('cols.nps'), color: 'orange.6', yAxisId: 'right' },
            ]}
          />
          <FigureTable
            title={t('sections.satisfaction')}
            file={`satisfaction_${suffix}`}
            head={[bucketHead, t('cols.answers'), t('cols.csat'), t('cols.nps')]}
            rows={k.satisfaction.series.map((s) => ({ raw: [s.bucket, s.answers, s.csatMean, s.nps], shown: [bucketLabel(s.bucket ?? ''), f.number(s.answers), f.number(s.csatMean, 2), f.number(s.nps)] }))}
          />
        </SectionCard>
      </SimpleGrid>

      <SectionCard id="kpi-reimbursement" title={t('sections.reimbursement')}>
        <FigureTable
          title={t('sections.reimbursement')}
          file={`remboursements_${suffix}`}
          head={[t('cols.insurer'), t('cols.paid'), t('cols.median'), t('cols.p90')]}
          rows={k.reimbursement.byInsurer.map((r) => ({ raw: [t(`insurers.${r.insurer}`), r.paid, r.medianDays, r.p90Days], shown: [t(`insurers.${r.insurer}`), f.number(r.paid), f.days(r.medianDays), f.days(r.p90Days)] }))}
        />
      </SectionCard>

      {finance.data ? (
        <SectionCard id="kpi-finance" title={t('sections.finance')}>
          <Text size="sm" c="dimmed" mb="sm">
            {t('sections.financeNote')}
          </Text>
          <BarChart
            h={200}
            data={finance.data.series.map((s) => ({ bucket: bucketLabel(s.bucket), revenue: s.revenueExclCents / 100 }))}
            dataKey="bucket"
            valueFormatter={(v) => f.euros(v * 100)}
            series={[{ name: 'revenue', label: t('cols.revenue'), color: 'green.7' }]}
          />
          <FigureTable
            title={t('sections.finance')}
            file={`chiffre-affaires_${suffix}`}
            head={[bucketHead, t('cols.revenue')]}
            rows={finance.data.series.map((s) => ({ raw: [s.bucket, s.revenueExclCents / 100], shown: [bucketLabel(s.bucket), f.euros(s.revenueExclCents)] }))}
          />
        </SectionCard>
      ) : null}
    </Stack>
  );
}

function ReportDownload({ today }: { today: string }) {
  const { t } = useTranslation('reporting');
  const [month, setMonth] = useState(prevMonth(today));
  return (
    <Group align="flex-end" gap="xs">
      <TextInput type="month" label={t('report.month')} value={month} max={today.slice(0, 7)} onChange={(e) => setMonth(e.currentTarget.value)} w={170} />
      <Button component="a" href={reportingApi.monthlyReportUrl(month, currentLanguage())} download leftSection={<IconFileTypePdf size={16} aria-hidden="true" />} disabled={!/^\d{4}-\d{2}$/.test(month)}>
        {t('report.download')}
      </Button>
    </Group>
  );
}

export function KpisPage() {
  const { t } = useTranslation('reporting');
  const user = useUser();
  const period = usePeriodParams();
  const params = period.value;
  const valid = params.from <= params.to;
  const kpis = useQuery({ queryKey: [...REPORTING_KEY, 'kpis', params], queryFn: () => reportingApi.kpis(params), enabled: valid, placeholderData: keepPreviousData });
  const finance = useFinance(params, valid && user.role === 'admin');
  const busy = kpis.isFetching || finance.isFetching;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={<ReportDownload today={period.today} />} />
      <Filters {...period} params={params} />
      {!valid ? <ErrorAlert error={new Error(t('filters.invalid'))} /> : null}
      <ErrorAlert error={kpis.error ?? finance.error} />
      <div aria-busy={busy} data-testid="kpis" style={{ opacity: kpis.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
        <ResultStatus pending={kpis.isPending || busy}>{kpis.data ? t('updated', { from: formatCalendarDate(kpis.data.period.from), to: formatCalendarDate(kpis.data.period.to) }) : null}</ResultStatus>
        {kpis.data ? (
          <>
            <Headline k={kpis.data} finance={finance} />
            <Sections k={kpis.data} finance={finance} params={params} />
          </>
        ) : kpis.isPending && valid ? (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} mt="md" aria-hidden="true">
            {Array.from({ length: 8 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
              <Skeleton key={i} h={96} radius="md" />
            ))}
          </SimpleGrid>
        ) : null}
      </div>
    </>
  );
}
