// « Facturation » (/facturation): invoices with filters, the aged receivables (chart and table),
// the catalogue (admins edit it), CSV exports; « Mes factures » in the portal (/mes-factures);
// the « Facturation » block of a request page (its invoices, invoicing its services, its quotes
// and their documents).
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Button, FileButton, FileInput, Group, Paper, Progress, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { IconDownload, IconFileInvoice, IconFileText, IconPaperclip, IconPlus } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type MouseEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fetchFile } from '../../app/api.ts';
import { DataTable, ErrorAlert, PageHeader, ResultStatus, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { useUser } from '../../app/session.ts';
import { CLIENTS_KEY, type ClientSummary, clientsApi } from '../clients/api.ts';
import { ACCEPTED_TYPES, MAX_UPLOAD_BYTES } from '../records/api.ts';
import { BILLING_KEY, type BillingService, billingApi, csvUrl, type InvoiceFilters, type LineItem, parseEuros, pdfUrl, type Quote, quoteDocumentUrl, SERVICE_KINDS, type ServiceKind, type ServicePeriod, uploadQuoteDocument, VAT_RATES, vatLabel } from './api.ts';
import { InvoiceDetail, LinesEditor, StatusBadge, useMoney, useServices } from './InvoiceParts.tsx';

export function BillingPage() {
  const { t } = useTranslation('billing');
  const [params, setParams] = useSearchParams();
  const tab = params.get('onglet') ?? 'factures';
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'factures' ? { onglet: v } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="factures">{t('tabs.invoices')}</Tabs.Tab>
          <Tabs.Tab value="creances">{t('tabs.receivables')}</Tabs.Tab>
          <Tabs.Tab value="catalogue">{t('tabs.catalogue')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="factures">
          <InvoicesTab />
        </Tabs.Panel>
        <Tabs.Panel value="creances">
          <ReceivablesTab />
        </Tabs.Panel>
        <Tabs.Panel value="catalogue">
          <CatalogueTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function InvoicesTab() {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const [state, setState] = useState('all');
  const [q, setQ] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const filters: InvoiceFilters = { q: q || undefined, from: from || undefined, to: to || undefined, status: state === 'draft' ? 'draft' : state === 'issued' ? 'issued' : undefined, open: state === 'open', overdue: state === 'overdue' };
  const list = useQuery({ queryKey: [...BILLING_KEY, 'invoices', filters], queryFn: () => billingApi.invoices(filters) });
  const rows = list.data?.invoices ?? [];
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t('filters.status')}
          value={state}
          onChange={setState}
          data={(['all', 'draft', 'issued', 'open', 'overdue'] as const).map((v) => ({ value: v, label: t(`filters.${v === 'all' ? 'all' : v === 'draft' ? 'drafts' : v}`) }))}
        />
        <TextInput label={t('filters.q')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={200} />
        <TextInput type="date" label={t('filters.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
        <TextInput type="date" label={t('filters.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
        <Anchor href={csvUrl('invoices', from || undefined, to || undefined)} download>
          <Group gap={4}>
            <IconDownload size={16} aria-hidden="true" />
            {t('actions.exportInvoices')}
          </Group>
        </Anchor>
        <Anchor href={csvUrl('payments', from || undefined, to || undefined)} download>
          <Group gap={4}>
            <IconDownload size={16} aria-hidden="true" />
            {t('actions.exportPayments')}
          </Group>
        </Anchor>
        {!creating ? (
          <Button variant="light" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
            {t('actions.newDraft')}
          </Button>
        ) : null}
      </Group>
      {creating ? (
        <NewDraftForm
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setOpenId(id);
          }}
        />
      ) : null}
      <ErrorAlert error={list.error} />
      <ResultStatus pending={list.isPending}>{rows.length}</ResultStatus>
      <DataTable
        minWidth={860}
        busy={list.isFetching}
        empty={!list.isPending && !rows.length ? t('empty') : null}
        columns={[
          { key: 'number', label: t('col.number') },
          { key: 'date', label: t('col.date') },
          { key: 'buyer', label: t('col.buyer') },
          { key: 'total', label: t('col.total'), align: 'right' },
          { key: 'balance', label: t('col.balance'), align: 'right' },
          { key: 'due', label: t('col.due') },
          { key: 'status', label: t('col.status') },
          { key: 'actions', label: t('col.actions'), hiddenLabel: true },
        ]}
      >
        {rows.map((i) => (
          <Table.Tr key={i.id}>
            <Table.Td>
              <Anchor component="button" type="button" onClick={() => setOpenId(i.id)}>
                {i.number ?? t('draftNumber')}
              </Anchor>
            </Table.Td>
            <Table.Td>{formatCalendarDate(i.issueDay ?? i.createdAt.slice(0, 10))}</Table.Td>
            <Table.Td>{i.buyer?.name ?? i.clientName}</Table.Td>
            <Table.Td ta="right">{money(i.totalInclCents)}</Table.Td>
            <Table.Td ta="right">{i.kind === 'invoice' && i.status === 'issued' ? money(i.balanceCents) : '—'}</Table.Td>
            <Table.Td>{i.dueOn ? formatCalendarDate(i.dueOn) : '—'}</Table.Td>
            <Table.Td>
              <StatusBadge status={i.paymentStatus} />
            </Table.Td>
            <Table.Td>{i.number ? <Anchor href={pdfUrl(i.id)} target="_blank" rel="noopener" aria-label={`${t('actions.pdf')} ${i.number}`}>{t('actions.pdf')}</Anchor> : null}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {openId ? <InvoiceDetail invoiceId={openId} onClose={() => setOpenId(null)} /> : null}
    </Stack>
  );
}

/** A draft for a client searched by name or number, its lines from the catalogue or typed. */
function NewDraftForm({ onClose, onCreated }: { onClose: () => void; onCreated: (invoiceId: string) => void }) {
  const { t } = useTranslation('billing');
  const queryClient = useQueryClient();
  const services = useServices();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({ queryKey: [...CLIENTS_KEY, 'search', query], queryFn: ({ signal }) => clientsApi.search(query, signal), enabled: query.length >= 2, placeholderData: keepPreviousData });
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [lines, setLines] = useState<LineItem[] | null>(null);
  const catalogue = services.data?.services ?? [];
  const shown = lines ?? [{ serviceId: catalogue.find((s) => s.active && s.kind === 'request_fee')?.id ?? null, quantity: 1, vatRateBp: 2000 }];
  const options = [...(client ? [client] : []), ...(query.length >= 2 ? (found.data?.clients ?? []) : []).filter((c) => c.id !== client?.id)];
  const create = useMutation({
    mutationFn: () => billingApi.createDraft({ clientId: client?.id ?? '', lines: shown }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: BILLING_KEY });
      onCreated(r.invoice.id);
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        aria-label={t('actions.newDraft')}
        onSubmit={(e) => {
          e.preventDefault();
          if (client && shown.length) create.mutate();
        }}
      >
        <Stack gap="xs">
          <ErrorAlert error={create.error} />
          <Select
            label={t('draft.client')}
            description={t('draft.clientHelp')}
            required
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            data={options.map((c) => ({ value: c.id, label: `${c.displayName} — ${c.number}` }))}
            value={client?.id ?? null}
            onChange={(v) => setClient(options.find((c) => c.id === v) ?? null)}
            maw={480}
          />
          <LinesEditor lines={shown} onChange={setLines} services={catalogue} />
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!client || !shown.length}>
              {t('actions.save')}
            </Button>
            <Button variant="subtle" onClick={onClose}>
              {t('actions.close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ReceivablesTab() {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const ar = useQuery({ queryKey: [...BILLING_KEY, 'receivables'], queryFn: billingApi.receivables });
  const [openId, setOpenId] = useState<string | null>(null);
  const data = ar.data;
  return (
    <Stack>
      <ErrorAlert error={ar.error} />
      {data ? (
        <>
          <SectionCard id="ar-chart" title={t('receivables.title')}>
            <Text mb="sm" fw={600}>
              {t('receivables.total', { amount: money(data.totalCents) })}
            </Text>
            <BarChart
              h={240}
              aria-label={t('receivables.chart')}
              data={data.buckets.map((b) => ({ bucket: t(`bucket.${b.bucket}`), amount: b.amountCents / 100 }))}
              dataKey="bucket"
              series={[{ name: 'amount', label: t('col.balance'), color: 'teal.6' }]}
              valueFormatter={(v) => money(Math.round(v * 100))}
            />
            <Table mt="md" aria-label={t('receivables.chart')}>
              <Table.Thead>
                <Table.Tr>
                  {data.buckets.map((b) => (
                    <Table.Th key={b.bucket} scope="col" ta="right">
                      {t(`bucket.${b.bucket}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  {data.buckets.map((b) => (
                    <Table.Td key={b.bucket} ta="right">
                      {money(b.amountCents)} ({b.count})
                    </Table.Td>
                  ))}
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </SectionCard>
          <SectionCard id="ar-table" title={t('receivables.table')}>
            <DataTable
              minWidth={700}
              empty={data.invoices.length ? null : t('receivables.none')}
              columns={[
                { key: 'n', label: t('col.number') },
                { key: 'b', label: t('col.buyer') },
                { key: 'd', label: t('col.due') },
                { key: 'l', label: t('col.daysLate'), align: 'right' },
                { key: 'r', label: t('col.balance'), align: 'right' },
                { key: 's', label: t('col.status') },
              ]}
            >
              {data.invoices.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => setOpenId(i.id)}>
                      {i.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{i.buyer?.name ?? i.clientName}</Table.Td>
                  <Table.Td>{i.dueOn ? formatCalendarDate(i.dueOn) : '—'}</Table.Td>
                  <Table.Td ta="right">{i.daysLate}</Table.Td>
                  <Table.Td ta="right">{money(i.balanceCents)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={i.paymentStatus} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          </SectionCard>
        </>
      ) : null}
      {openId ? <InvoiceDetail invoiceId={openId} onClose={() => setOpenId(null)} /> : null}
    </Stack>
  );
}

function CatalogueTab() {
  const { t, i18n } = useTranslation('billing');
  const money = useMoney();
  const user = useUser();
  const isAdmin = user.role === 'admin';
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: [...BILLING_KEY, 'services', 'all'], queryFn: () => billingApi.services(true) });
  const toggle = useMutation({ mutationFn: (s: BillingService) => billingApi.updateService(s.id, { active: !s.active }), onSuccess: () => queryClient.invalidateQueries({ queryKey: BILLING_KEY }) });
  return (
    <SectionCard id="catalogue" title={t('catalogue.title')}>
      {!isAdmin ? (
        <Text size="sm" c="dimmed" mb="sm">
          {t('catalogue.admin')}
        </Text>
      ) : null}
      <ErrorAlert error={list.error ?? toggle.error} />
      <DataTable
        minWidth={720}
        columns={[
          { key: 'code', label: t('col.code') },
          { key: 'label', label: t('col.label') },
          { key: 'kind', label: t('col.kind') },
          { key: 'price', label: t('col.price'), align: 'right' },
          { key: 'vat', label: t('col.vat'), align: 'right' },
          { key: 'period', label: t('col.period') },
          { key: 'active', label: t('col.active') },
        ]}
      >
        {(list.data?.services ?? []).map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td>{s.code}</Table.Td>
            <Table.Td>{s.label}</Table.Td>
            <Table.Td>{t(`serviceKind.${s.kind}`)}</Table.Td>
            <Table.Td ta="right">{money(s.unitPriceCents)}</Table.Td>
            <Table.Td ta="right">{vatLabel(s.vatRateBp, i18n.language)}</Table.Td>
            <Table.Td>{t(`period.${s.period}`)}</Table.Td>
            <Table.Td>{isAdmin ? <Switch checked={s.active} onChange={() => toggle.mutate(s)} aria-label={`${t('col.active')} — ${s.label}`} /> : s.active ? '✓' : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {isAdmin ? <NewServiceForm /> : null}
    </SectionCard>
  );
}

function NewServiceForm() {
  const { t, i18n } = useTranslation('billing');
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [kind, setKind] = useState<ServiceKind>('other');
  const [price, setPrice] = useState('');
  const [vat, setVat] = useState('2000');
  const [period, setPeriod] = useState<ServicePeriod>('one_off');
  const create = useMutation({
    mutationFn: (unitPriceCents: number) => billingApi.createService({ code, label, kind, unitPriceCents, vatRateBp: Number(vat), period: kind === 'membership' ? (period === 'one_off' ? 'yearly' : period) : 'one_off', active: true }),
    onSuccess: () => {
      notifySuccess(t('catalogue.saved'));
      setCode('');
      setLabel('');
      setPrice('');
      void queryClient.invalidateQueries({ queryKey: BILLING_KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cents = parseEuros(price);
    if (cents !== null) create.mutate(cents);
  };
  return (
    <form onSubmit={submit} aria-label={t('actions.addService')}>
      <Stack gap="xs" mt="md">
        <ErrorAlert error={create.error} />
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('col.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} required w={140} />
          <TextInput label={t('col.label')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} required w={260} />
          <Select label={t('col.kind')} data={SERVICE_KINDS.map((k) => ({ value: k, label: t(`serviceKind.${k}`) }))} value={kind} onChange={(v) => setKind((v as ServiceKind) ?? 'other')} w={200} />
          {kind === 'membership' ? <Select label={t('col.period')} data={(['monthly', 'yearly'] as const).map((p) => ({ value: p, label: t(`period.${p}`) }))} value={period === 'one_off' ? 'yearly' : period} onChange={(v) => setPeriod((v as ServicePeriod) ?? 'yearly')} w={140} /> : null}
          <TextInput label={t('col.price')} value={price} onChange={(e) => setPrice(e.currentTarget.value)} required w={110} error={price && parseEuros(price) === null ? t('invalidAmount') : undefined} />
          <Select label={t('col.vat')} data={VAT_RATES.map((r) => ({ value: String(r), label: vatLabel(r, i18n.language) }))} value={vat} onChange={(v) => setVat(v ?? '2000')} w={100} />
          <Button type="submit" leftSection={<IconPlus size={16} aria-hidden="true" />} loading={create.isPending}>
            {t('actions.addService')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** « Mes factures »: the client's issued invoices and credit notes, each with its PDF. */
export function MyInvoicesPage() {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const list = useQuery({ queryKey: [...BILLING_KEY, 'portal'], queryFn: billingApi.portalInvoices });
  const rows = list.data?.invoices ?? [];
  return (
    <>
      <PageHeader title={t('portal.title')} description={t('portal.description')} />
      <ErrorAlert error={list.error} />
      <DataTable
        minWidth={600}
        busy={list.isFetching}
        empty={!list.isPending && !rows.length ? t('portal.none') : null}
        columns={[
          { key: 'n', label: t('col.number') },
          { key: 'd', label: t('col.date') },
          { key: 't', label: t('col.total'), align: 'right' },
          { key: 'b', label: t('col.balance'), align: 'right' },
          { key: 's', label: t('col.status') },
          { key: 'p', label: t('actions.pdf') },
        ]}
      >
        {rows.map((i) => (
          <Table.Tr key={i.id}>
            <Table.Td>
              {t(`kind.${i.kind}`)} {i.number}
            </Table.Td>
            <Table.Td>{i.issueDay ? formatCalendarDate(i.issueDay) : '—'}</Table.Td>
            <Table.Td ta="right">{money(i.totalInclCents)}</Table.Td>
            <Table.Td ta="right">{i.kind === 'invoice' ? money(Math.max(0, i.balanceCents)) : '—'}</Table.Td>
            <Table.Td>
              <StatusBadge status={i.paymentStatus} />
            </Table.Td>
            <Table.Td>
              <Anchor href={`${pdfUrl(i.id, true)}?disposition=attachment`} download aria-label={t('portal.download', { number: i.number })}>
                <IconDownload size={18} aria-hidden="true" />
              </Anchor>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </>
  );
}

/** The request page's « Facturation » block: invoice the services delivered, see its invoices, compare its quotes. */
export function RequestBillingSection({ requestId, clientId }: { requestId: string; clientId: string }) {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const queryClient = useQueryClient();
  const services = useServices();
  const invoicesQ = useQuery({ queryKey: [...BILLING_KEY, 'invoices', { requestId }], queryFn: () => billingApi.invoices({ requestId }) });
  const [lines, setLines] = useState<LineItem[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const draft = useMutation({
    mutationFn: (l: LineItem[]) => billingApi.createDraft({ clientId, requestId, lines: l }),
    onSuccess: (r) => {
      setLines(null);
      setOpenId(r.invoice.id);
      void queryClient.invalidateQueries({ queryKey: BILLING_KEY });
    },
  });
  return (
    <SectionCard id="request-billing" title={t('request.title')} icon={<IconFileInvoice size={20} aria-hidden="true" />}>
      <Stack>
        <ErrorAlert error={invoicesQ.error ?? draft.error} />
        <Text fw={600}>{t('request.invoices')}</Text>
        {(invoicesQ.data?.invoices ?? []).length ? (
          <Stack gap={4}>
            {invoicesQ.data!.invoices.map((i) => (
              <Group key={i.id} gap="sm">
                <Anchor component="button" type="button" onClick={() => setOpenId(i.id)}>
                  {t(`kind.${i.kind}`)} {i.number ?? t('draftNumber')}
                </Anchor>
                <Text size="sm">{money(i.totalInclCents)}</Text>
                <StatusBadge status={i.paymentStatus} />
              </Group>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('request.none')}
          </Text>
        )}
        {lines ? (
          <Stack gap="xs">
            <LinesEditor lines={lines} onChange={setLines} services={services.data?.services ?? []} />
            <Group>
              <Button onClick={() => draft.mutate(lines)} loading={draft.isPending} disabled={!lines.length}>
                {t('actions.save')}
              </Button>
              <Button variant="subtle" onClick={() => setLines(null)}>
                {t('actions.close')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group>
            <Button variant="light" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setLines([{ serviceId: services.data?.services.find((s) => s.kind === 'request_fee')?.id ?? null, quantity: 1, vatRateBp: 2000 }])}>
              {t('actions.invoiceServices')}
            </Button>
          </Group>
        )}
        <QuotesBlock requestId={requestId} clientId={clientId} />
      </Stack>
      {openId ? <InvoiceDetail invoiceId={openId} onClose={() => setOpenId(null)} /> : null}
    </SectionCard>
  );
}

function QuotesBlock({ requestId, clientId }: { requestId: string; clientId: string }) {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const queryClient = useQueryClient();
  const quotes = useQuery({ queryKey: [...BILLING_KEY, 'quotes', requestId], queryFn: () => billingApi.quotes(requestId) });
  const [form, setForm] = useState<{ label: string; total: string; amo: string; amc: string; file: File | null } | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState(0);
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...BILLING_KEY, 'quotes', requestId] });
  const create = useMutation({
    mutationFn: async ({ file, ...f }: { label: string; totalCents: number; amoExpectedCents: number; amcExpectedCents: number; file: File | null }) => {
      if (file) checkQuoteFile(file, t('request.tooLarge', { max: MAX_UPLOAD_BYTES / 1024 / 1024 }));
      const { quote } = await billingApi.createQuote({ clientId, requestId, ...f });
      if (!file) return quote;
      setProgress(0);
      try {
        return await uploadQuoteDocument(quote.id, file, setProgress);
      } catch (error) {
        // The quote is recorded: close the form (no duplicate on a retry); its card offers the upload again.
        setForm(null);
        void refresh();
        throw error;
      }
    },
    onSuccess: (q) => {
      setForm(null);
      if (q.documentId) notifySuccess(t('request.attached'));
      void refresh();
    },
  });
  const decide = useMutation({ mutationFn: (v: { id: string; decision: 'accepted' | 'declined' }) => billingApi.decideQuote(v.id, { decision: v.decision, note: notes[v.id] || null }), onSuccess: refresh });
  const rows = quotes.data?.quotes ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const total = parseEuros(form.total);
    const amo = parseEuros(form.amo || '0');
    const amc = parseEuros(form.amc || '0');
    if (total === null || amo === null || amc === null) return;
    create.mutate({ label: form.label, totalCents: total, amoExpectedCents: amo, amcExpectedCents: amc, file: form.file });
  };
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('request.quotes')}</Text>
      <ErrorAlert error={quotes.error ?? create.error ?? decide.error} />
      {rows.length ? (
        <>
          {rows.length > 1 ? (
            <BarChart
              h={60 + rows.length * 36}
              orientation="vertical"
              // Long quote labels, shortened on the axis (the cards below give them in full).
              yAxisProps={{ width: 120, tickFormatter: (v: string) => (v.length > 18 ? `${v.slice(0, 17)}…` : v) }}
              aria-label={t('request.compare')}
              data={rows.map((q) => ({ quote: q.label, amo: q.amoExpectedCents / 100, amc: q.amcExpectedCents / 100, oop: q.outOfPocketCents / 100 }))}
              dataKey="quote"
              type="stacked"
              series={[
                { name: 'amo', label: t('request.amo'), color: 'blue.5' },
                { name: 'amc', label: t('request.amc'), color: 'teal.5' },
                { name: 'oop', label: t('request.outOfPocket'), color: 'orange.6' },
              ]}
              valueFormatter={(v) => money(Math.round(v * 100))}
            />
          ) : null}
          <SimpleGrid type="container" cols={{ base: 1, '520px': Math.min(rows.length, 2), '780px': Math.min(rows.length, 3) }}>
            {rows.map((q) => (
              <Paper key={q.id} withBorder p="sm">
                <Stack gap={4}>
                  <Group justify="space-between">
                    <Text fw={600}>{q.label}</Text>
                    {q.best && rows.length > 1 ? <Badge color="green">{t('request.best')}</Badge> : null}
                  </Group>
                  {q.issuerName ? <Text size="sm">{q.issuerName}</Text> : null}
                  <Text size="sm">
                    {t('col.total')} : {money(q.totalCents)}
                  </Text>
                  <Text size="sm">
                    {t('request.amo')} : {money(q.amoExpectedCents)}
                  </Text>
                  <Text size="sm">
                    {t('request.amc')} : {money(q.amcExpectedCents)}
                  </Text>
                  <Text fw={700}>
                    {t('request.outOfPocket')} : {money(q.outOfPocketCents)}
                  </Text>
                  {q.extraOverBestCents > 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('request.extra', { amount: money(q.extraOverBestCents) })}
                    </Text>
                  ) : null}
                  <QuoteDocument quote={q} onDone={refresh} />
                  {q.status === 'received' ? (
                    <>
                      <Textarea label={t('request.decisionNote')} autosize minRows={1} value={notes[q.id] ?? ''} onChange={(e) => setNotes({ ...notes, [q.id]: e.currentTarget.value })} />
                      <Group gap="xs">
                        <Button size="xs" color="green" onClick={() => decide.mutate({ id: q.id, decision: 'accepted' })}>
                          {t('request.accept')}
                        </Button>
                        <Button size="xs" variant="light" color="red" onClick={() => decide.mutate({ id: q.id, decision: 'declined' })}>
                          {t('request.decline')}
                        </Button>
                      </Group>
                    </>
                  ) : (
                    <Badge color={q.status === 'accepted' ? 'green' : 'gray'}>{t(`request.decided.${q.status}`)}</Badge>
                  )}
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('request.noQuotes')}
        </Text>
      )}
      {form ? (
        <form onSubmit={submit} aria-label={t('request.addQuote')}>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('request.quoteLabel')} value={form.label} onChange={(e) => setForm({ ...form, label: e.currentTarget.value })} required w={260} />
            <TextInput label={t('request.total')} value={form.total} onChange={(e) => setForm({ ...form, total: e.currentTarget.value })} required w={110} />
            <TextInput label={t('request.amo')} value={form.amo} onChange={(e) => setForm({ ...form, amo: e.currentTarget.value })} w={170} />
            <TextInput label={t('request.amc')} value={form.amc} onChange={(e) => setForm({ ...form, amc: e.currentTarget.value })} w={150} />
            <FileInput
              label={t('request.fileField')}
              description={t('request.documentHelp')}
              placeholder={t('request.filePlaceholder')}
              accept={ACCEPTED_TYPES.join(',')}
              clearable
              value={form.file}
              onChange={(file) => setForm({ ...form, file })}
              leftSection={<IconPaperclip size={16} aria-hidden="true" />}
              w={340}
            />
            <Button type="submit" loading={create.isPending}>
              {t('request.addQuote')}
            </Button>
          </Group>
          {create.isPending && form.file ? <Progress mt="xs" value={progress * 100} animated aria-label={t('request.uploadProgress', { label: form.label })} /> : null}
        </form>
      ) : (
        <Group>
          <Button variant="subtle" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setForm({ label: '', total: '', amo: '', amc: '', file: null })}>
            {t('request.addQuote')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Refuses, before sending, a file the server would refuse for its size. */
function checkQuoteFile(file: File, tooLarge: string): void {
  if (file.size > MAX_UPLOAD_BYTES) throw new Error(tooLarge);
}

/** A quote's document: attach it (or replace it) with a busy state and progress, then open it. */
function QuoteDocument({ quote, onDone }: { quote: Quote; onDone: () => unknown }) {
  const { t } = useTranslation('billing');
  const [progress, setProgress] = useState(0);
  const [openError, setOpenError] = useState<unknown>(null);
  const resetRef = useRef<() => void>(null);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      checkQuoteFile(file, t('request.tooLarge', { max: MAX_UPLOAD_BYTES / 1024 / 1024 }));
      setProgress(0);
      return uploadQuoteDocument(quote.id, file, setProgress);
    },
    onSuccess: () => {
      setOpenError(null);
      notifySuccess(t('request.attached'));
      void onDone();
    },
    onSettled: () => resetRef.current?.(),
  });
  // The document lives in the client's file, under their consent: fetch it first, so a refusal
  // shows the API's message here rather than a raw JSON page in the new tab.
  const openDocument = async (event: MouseEvent<HTMLAnchorElement>, url: string) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // The tab is opened during the click (no popup blocker), then given the file or closed.
    const tab = window.open('', '_blank');
    if (!tab) return; // blocked all the same: the link opens the document itself
    event.preventDefault();
    tab.opener = null;
    tab.document.title = t('request.opening');
    tab.document.body.textContent = t('request.opening');
    try {
      const file = await fetchFile(url);
      setOpenError(null);
      if (tab.closed) return;
      const objectUrl = URL.createObjectURL(file);
      tab.location.replace(objectUrl);
      // The viewer has the file by then; a later download from it keeps working for a while.
      window.setTimeout(() => URL.revokeObjectURL(objectUrl), 5 * 60_000);
    } catch (error) {
      tab.close();
      setOpenError(error);
    }
  };
  const action = quote.documentId ? t('request.replace') : t('request.attach');
  return (
    <Stack gap={4}>
      <ErrorAlert error={upload.error} />
      <ErrorAlert error={openError} />
      {quote.documentId ? (
        <Anchor
          href={quoteDocumentUrl(quote.documentId)}
          onClick={(event) => void openDocument(event, quoteDocumentUrl(quote.documentId as string))}
          target="_blank"
          rel="noopener"
          size="sm"
          aria-label={`${t('request.openDocument')} — ${quote.label}`}
        >
          <Group gap={4} component="span">
            <IconFileText size={16} aria-hidden="true" />
            {t('request.openDocument')}
          </Group>
        </Anchor>
      ) : null}
      <Group gap="xs">
        <FileButton onChange={(file) => file && upload.mutate(file)} accept={ACCEPTED_TYPES.join(',')} resetRef={resetRef}>
          {(props) => (
            <Button {...props} size="xs" variant={quote.documentId ? 'subtle' : 'light'} leftSection={<IconPaperclip size={14} aria-hidden="true" />} loading={upload.isPending} aria-label={`${action} — ${quote.label}`}>
              {action}
            </Button>
          )}
        </FileButton>
      </Group>
      {upload.isPending ? (
        <>
          <Progress value={progress * 100} animated aria-label={t('request.uploadProgress', { label: quote.label })} />
          <Text size="xs" c="dimmed" role="status">
            {t('request.uploading')}
          </Text>
        </>
      ) : null}
    </Stack>
  );
}
