// Shared pieces of the billing screens: status badge, lines editor, invoice detail (issue, credit
// note, payment), used by the « Facturation » page and the request page's block.
import { Alert, Anchor, Badge, Button, Group, Modal, NumberInput, Radio, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/components.tsx';
import { formatCalendarDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { BILLING_KEY, type BillingService, billingApi, formatCents, type Invoice, type LineItem, PAYMENT_METHODS, type PaymentMethod, type PaymentStatus, parseEuros, pdfUrl, VAT_RATES, vatLabel } from './api.ts';

const STATUS_COLOR: Record<PaymentStatus, string> = { draft: 'gray', cancelled: 'gray', unpaid: 'blue', partially_paid: 'orange', paid: 'green', overdue: 'red', credited: 'grape', refund_due: 'yellow', credit_note: 'grape' };
export const todayParis = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

export function useMoney() {
  const { i18n } = useTranslation();
  return (cents: number) => formatCents(cents, i18n.language);
}

export function StatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation('billing');
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function useServices() {
  return useQuery({ queryKey: [...BILLING_KEY, 'services'], queryFn: () => billingApi.services() });
}

/** Editable lines: a catalogue service (its price by default) or a free line with its own price and VAT. */
export function LinesEditor({ lines, onChange, services }: { lines: LineItem[]; onChange: (lines: LineItem[]) => void; services: BillingService[] }) {
  const { t, i18n } = useTranslation('billing');
  const money = useMoney();
  const set = (i: number, patch: Partial<LineItem>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <Stack gap="xs">
      {lines.map((line, i) => {
        const service = services.find((s) => s.id === line.serviceId);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity before they are saved
          <Group key={i} align="flex-end" gap="xs" wrap="wrap">
            <Select
              label={t('draft.service')}
              w={280}
              data={[{ value: '', label: t('draft.free') }, ...services.filter((s) => s.active).map((s) => ({ value: s.id, label: `${s.label} — ${money(s.unitPriceCents)}` }))]}
              value={line.serviceId ?? ''}
              onChange={(v) => set(i, v ? { serviceId: v, label: undefined, unitPriceCents: undefined, vatRateBp: undefined } : { serviceId: null })}
            />
            {!service ? (
              <>
                <TextInput label={t('draft.label')} w={220} value={line.label ?? ''} onChange={(e) => set(i, { label: e.currentTarget.value })} />
                <TextInput
                  label={t('col.unit')}
                  w={110}
                  defaultValue={line.unitPriceCents !== undefined ? (line.unitPriceCents / 100).toFixed(2).replace('.', ',') : ''}
                  onBlur={(e) => set(i, { unitPriceCents: parseEuros(e.currentTarget.value) ?? undefined })}
                />
                <Select label={t('col.vat')} w={100} data={VAT_RATES.map((r) => ({ value: String(r), label: vatLabel(r, i18n.language) }))} value={String(line.vatRateBp ?? 2000)} onChange={(v) => set(i, { vatRateBp: Number(v ?? 2000) })} />
              </>
            ) : null}
            <NumberInput label={t('col.qty')} w={80} min={1} max={10000} value={line.quantity} onChange={(v) => set(i, { quantity: Math.max(1, Number(v) || 1) })} />
            <Button variant="subtle" color="red" aria-label={t('actions.removeLine', { n: i + 1 })} onClick={() => onChange(lines.filter((_, j) => j !== i))}>
              <IconTrash size={16} aria-hidden="true" />
            </Button>
          </Group>
        );
      })}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => onChange([...lines, { serviceId: services.find((s) => s.active && s.kind !== 'membership')?.id ?? null, quantity: 1, vatRateBp: 2000 }])}>
          {t('actions.addLine')}
        </Button>
      </Group>
    </Stack>
  );
}

/** One invoice: lines, totals, payments; the actions its state allows. */
export function InvoiceDetail({ invoiceId, onClose }: { invoiceId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('billing');
  const money = useMoney();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: [...BILLING_KEY, 'invoice', invoiceId], queryFn: () => billingApi.invoice(invoiceId) });
  const services = useServices();
  const [editLines, setEditLines] = useState<LineItem[] | null>(null);
  const [mode, setMode] = useState<'credit' | 'pay' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: BILLING_KEY });
  const save = useMutation({ mutationFn: (lines: LineItem[]) => billingApi.updateDraft(invoiceId, { lines }), onSuccess: () => { setEditLines(null); void refresh(); } });
  const issue = useMutation({ mutationFn: () => billingApi.issue(invoiceId), onSuccess: (r) => { notifySuccess(t('issued', { number: r.invoice.number })); void refresh(); } });
  const remove = useMutation({ mutationFn: () => billingApi.deleteDraft(invoiceId), onSuccess: () => { refresh(); onClose(); } });
  const inv = query.data?.invoice;
  return (
    <Modal opened onClose={onClose} size="xl" title={inv ? `${t(`kind.${inv.kind}`)} ${inv.number ?? t('draftNumber')}` : '…'}>
      <ErrorAlert error={query.error ?? save.error ?? issue.error ?? remove.error} />
      {inv ? (
        <Stack>
          <Group justify="space-between">
            <Text>
              {inv.buyer?.name ?? inv.clientName} {inv.clientNumber ? `(${inv.clientNumber})` : ''}
            </Text>
            <StatusBadge status={inv.paymentStatus} />
          </Group>
          {inv.corrects ? <Text size="sm">↳ {inv.corrects.number}</Text> : null}
          {inv.status === 'draft' && editLines ? (
            <>
              <LinesEditor lines={editLines} onChange={setEditLines} services={services.data?.services ?? []} />
              <Group>
                <Button onClick={() => save.mutate(editLines)} loading={save.isPending}>
                  {t('actions.save')}
                </Button>
              </Group>
            </>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('col.label')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('col.qty')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('col.unit')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('col.vat')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('col.excl')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(inv.lines ?? []).map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>{l.label}</Table.Td>
                    <Table.Td ta="right">{l.quantity}</Table.Td>
                    <Table.Td ta="right">{money(l.unitPriceCents)}</Table.Td>
                    <Table.Td ta="right">{vatLabel(l.vatRateBp, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{money(l.totalExclCents)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Stack gap={2} align="flex-end">
            <Text size="sm">
              {t('totals.excl')} : {money(inv.totalExclCents)}
            </Text>
            {inv.vatByRate.map((r) => (
              <Text size="sm" key={r.vatRateBp}>
                {t('totals.vat', { rate: vatLabel(r.vatRateBp, i18n.language) })} : {money(r.vatCents)}
              </Text>
            ))}
            <Text fw={700}>
              {t('totals.incl')} : {money(inv.totalInclCents)}
            </Text>
            {inv.kind === 'invoice' && inv.status === 'issued' ? (
              <>
                {inv.creditedCents ? (
                  <Text size="sm">
                    {t('totals.credited')} : {money(inv.creditedCents)}
                  </Text>
                ) : null}
                <Text size="sm">
                  {t('totals.paid')} : {money(inv.paidCents)}
                </Text>
                <Text fw={700}>
                  {t('totals.balance')} : {money(inv.balanceCents)}
                </Text>
              </>
            ) : null}
          </Stack>
          {inv.payments?.length ? (
            <Stack gap={2}>
              {inv.payments.map((p) => (
                <Text size="sm" key={p.id}>
                  {formatCalendarDate(p.receivedOn)} — {t(`method.${p.method}`)} — {money(p.amountCents)} {p.reference ? `(${p.reference})` : ''}
                </Text>
              ))}
            </Stack>
          ) : null}
          {inv.status === 'issued' ? (
            <Text size="sm" c="dimmed">
              {inv.kind === 'invoice' ? t('frozen') : null} {inv.dueOn ? `${t('col.due')} : ${formatCalendarDate(inv.dueOn)}` : null}
            </Text>
          ) : null}
          <Group>
            {inv.status === 'draft' ? (
              <>
                {!editLines ? (
                  <Button variant="light" onClick={() => setEditLines((inv.lines ?? []).map((l) => ({ serviceId: l.serviceId, label: l.serviceId ? undefined : l.label, quantity: l.quantity, unitPriceCents: l.serviceId ? undefined : l.unitPriceCents, vatRateBp: l.vatRateBp })))}>
                    {t('actions.open')}
                  </Button>
                ) : null}
                <Button
                  onClick={() => {
                    if (window.confirm(t('actions.issueConfirm'))) issue.mutate();
                  }}
                  loading={issue.isPending}
                >
                  {t('actions.issue')}
                </Button>
                <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                  {t('actions.deleteDraft')}
                </Button>
              </>
            ) : (
              <>
                <Anchor href={pdfUrl(inv.id)} target="_blank" rel="noopener">
                  <Group gap={4}>
                    <IconDownload size={16} aria-hidden="true" />
                    {t('actions.pdf')}
                  </Group>
                </Anchor>
                {inv.kind === 'invoice' ? (
                  <>
                    <Button variant="light" onClick={() => setMode('pay')} disabled={inv.balanceCents <= 0}>
                      {t('actions.pay')}
                    </Button>
                    <Button variant="light" color="grape" onClick={() => setMode('credit')}>
                      {t('actions.credit')}
                    </Button>
                  </>
                ) : null}
              </>
            )}
          </Group>
          {mode === 'pay' ? <PaymentForm invoice={inv} onDone={() => { setMode(null); void refresh(); }} /> : null}
          {mode === 'credit' ? <CreditForm invoice={inv} onDone={() => { setMode(null); void refresh(); }} /> : null}
        </Stack>
      ) : null}
    </Modal>
  );
}

function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const { t } = useTranslation('billing');
  const [amount, setAmount] = useState((invoice.balanceCents / 100).toFixed(2).replace('.', ','));
  const [method, setMethod] = useState<PaymentMethod>('transfer');
  const [receivedOn, setReceivedOn] = useState(todayParis());
  const [reference, setReference] = useState('');
  const [invalid, setInvalid] = useState(false);
  const pay = useMutation({ mutationFn: (amountCents: number) => billingApi.payment(invoice.id, { amountCents, method, receivedOn, reference: reference || null }), onSuccess: () => { notifySuccess(t('payment.done')); onDone(); } });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cents = parseEuros(amount);
    setInvalid(!cents);
    if (cents) pay.mutate(cents);
  };
  return (
    <form onSubmit={submit} aria-label={t('payment.title', { number: invoice.number })}>
      <Stack gap="xs">
        <ErrorAlert error={pay.error} />
        <Group align="flex-end">
          <TextInput label={t('payment.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={invalid ? t('invalidAmount') : undefined} w={130} required />
          <Select label={t('payment.method')} data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))} value={method} onChange={(v) => setMethod((v as PaymentMethod) ?? 'transfer')} w={160} />
          <TextInput type="date" label={t('payment.receivedOn')} value={receivedOn} max={todayParis()} onChange={(e) => setReceivedOn(e.currentTarget.value)} w={160} />
          <TextInput label={t('payment.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} w={220} />
          <Button type="submit" loading={pay.isPending}>
            {t('payment.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreditForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const { t } = useTranslation('billing');
  const [full, setFull] = useState('full');
  const [reason, setReason] = useState('error');
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const credit = useMutation({
    mutationFn: () => billingApi.creditNote(invoice.id, full === 'full' ? { full: true, reason } : { reason, lines: Object.entries(quantities).map(([position, quantity]) => ({ position: Number(position), quantity })) }),
    onSuccess: (r) => { notifySuccess(t('credit.done', { number: r.creditNote.number })); onDone(); },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        credit.mutate();
      }}
      aria-label={t('credit.title', { number: invoice.number })}
    >
      <Stack gap="xs">
        <ErrorAlert error={credit.error} />
        <Radio.Group value={full} onChange={setFull} label={t('credit.title', { number: invoice.number })}>
          <Stack gap={4} mt={4}>
            <Radio value="full" label={t('credit.full')} />
            <Radio value="partial" label={t('credit.partial')} />
          </Stack>
        </Radio.Group>
        {full === 'partial'
          ? (invoice.lines ?? []).map((l) => (
              <NumberInput key={l.id} label={`${l.label} (${l.quantity})`} min={0} max={l.quantity} value={quantities[l.position] ?? 0} onChange={(v) => setQuantities({ ...quantities, [l.position]: Number(v) || 0 })} w={320} />
            ))
          : null}
        <Select label={t('credit.reason')} w={260} data={(['error', 'cancellation', 'commercial_gesture', 'other'] as const).map((r) => ({ value: r, label: t(`credit.reasons.${r}`) }))} value={reason} onChange={(v) => setReason(v ?? 'error')} />
        <Group>
          <Button type="submit" color="grape" loading={credit.isPending}>
            {t('credit.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NoServicesHint({ services }: { services: BillingService[] | undefined }) {
  const { t } = useTranslation('billing');
  if (!services || services.length) return null;
  return <Alert color="yellow">{t('catalogue.admin')}</Alert>;
}
