// « Adhésions » on the client page: the client's memberships (as holder or dependent) with their
// plan, period, status, payer, dependents, automatic renewal and invoices; subscribing a new one
// (a catalogue plan, the joining day, who pays, the family among the registered clients), which
// drafts the first invoice prorated to the days left; turning the renewal off or on; cancelling.
import { Alert, Anchor, Badge, Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { ErrorAlert, Facts, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { CLIENTS_KEY, type ClientSummary, type Contact, clientsApi } from '../clients/api.ts';
import { BILLING_KEY, billingApi, type Invoice, type Membership, type MembershipInput, type MembershipStatus } from './api.ts';
import { InvoiceDetail, StatusBadge, todayParis, useMoney, useServices } from './InvoiceParts.tsx';

const STATUS_COLOR: Record<MembershipStatus, string> = { active: 'green', ended: 'gray', cancelled: 'red' };
const membershipsKey = (clientId: string) => [...BILLING_KEY, 'memberships', clientId] as const;

/** The client page's « Adhésions » section. */
export function ClientMembershipsSection({ clientId }: { clientId: string }) {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: membershipsKey(clientId), queryFn: () => billingApi.memberships(clientId) });
  const memberships = list.data?.memberships ?? [];
  // A membership's invoices are the holder's: one list per holder (the client, or the holders of
  // the memberships they are a dependent of).
  const holders = [...new Set([clientId, ...memberships.map((m) => m.holderId)])];
  const invoiceLists = useQueries({ queries: holders.map((holderId) => ({ queryKey: [...BILLING_KEY, 'invoices', { clientId: holderId }], queryFn: () => billingApi.invoices({ clientId: holderId }) })) });
  const invoicesOf = (membershipId: string): Invoice[] =>
    invoiceLists
      .flatMap((q) => q.data?.invoices ?? [])
      .filter((i) => i.membershipId === membershipId && i.kind === 'invoice')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const [subscribing, setSubscribing] = useState(false);
  const [created, setCreated] = useState<{ invoice: Invoice } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: BILLING_KEY });
  const update = useMutation({
    mutationFn: (v: { membership: Membership; autoRenew?: boolean; cancel?: boolean }) => billingApi.updateMembership(v.membership.id, v.cancel ? { cancel: true } : { autoRenew: v.autoRenew ?? false }),
    onSuccess: (r, v) => {
      queryClient.setQueryData<{ memberships: Membership[] }>(membershipsKey(clientId), (old) => (old ? { memberships: old.memberships.map((m) => (m.id === r.membership.id ? r.membership : m)) } : old));
      notifySuccess(v.cancel ? t('membership.cancelled') : v.autoRenew ? t('membership.autoRenewOn') : t('membership.autoRenewOff'));
      void refresh();
    },
  });
  return (
    <SectionCard
      id="client-memberships"
      title={t('membership.title')}
      icon={<IconUsers size={20} aria-hidden="true" />}
      actions={
        !subscribing ? (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden="true" />}
            onClick={() => {
              setCreated(null);
              setSubscribing(true);
            }}
          >
            {t('membership.subscribe')}
          </Button>
        ) : null
      }
    >
      <Stack>
        <ErrorAlert error={list.error ?? update.error ?? invoiceLists.find((q) => q.error)?.error} />
        {subscribing ? (
          <SubscribeForm
            clientId={clientId}
            onClose={() => setSubscribing(false)}
            onCreated={(r) => {
              setSubscribing(false);
              setCreated(r);
              void refresh();
            }}
          />
        ) : null}
        {created ? (
          <Alert color="green" role="status" withCloseButton onClose={() => setCreated(null)} closeButtonLabel={t('actions.close')}>
            <Stack gap={4}>
              <Text size="sm">{t('membership.created', { amount: money(created.invoice.totalInclCents) })}</Text>
              <Anchor component="button" type="button" size="sm" onClick={() => setOpenId(created.invoice.id)} w="fit-content">
                {t('membership.createdLink')}
              </Anchor>
            </Stack>
          </Alert>
        ) : null}
        {!list.isPending && !memberships.length ? (
          <Text size="sm" c="dimmed">
            {t('membership.none')}
          </Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, lg: memberships.length > 1 ? 2 : 1 }} aria-busy={list.isFetching || update.isPending}>
          {memberships.map((m) => (
            <MembershipCard
              key={m.id}
              membership={m}
              clientId={clientId}
              invoices={invoicesOf(m.id)}
              pending={update.isPending}
              cancelling={update.isPending && update.variables.membership.id === m.id && update.variables.cancel === true}
              autoRenew={update.isPending && update.variables.membership.id === m.id && update.variables.autoRenew !== undefined ? update.variables.autoRenew : m.autoRenew}
              onAutoRenew={(autoRenew) => update.mutate({ membership: m, autoRenew })}
              onCancel={() => {
                if (window.confirm(t('membership.cancelConfirm'))) update.mutate({ membership: m, cancel: true });
              }}
              onOpenInvoice={setOpenId}
            />
          ))}
        </SimpleGrid>
      </Stack>
      {openId ? <InvoiceDetail invoiceId={openId} onClose={() => setOpenId(null)} /> : null}
    </SectionCard>
  );
}

/** One membership: plan and role, status, period, payer, dependents, invoices; renewal and cancellation. */
function MembershipCard({
  membership: m,
  clientId,
  invoices,
  pending,
  cancelling,
  autoRenew,
  onAutoRenew,
  onCancel,
  onOpenInvoice,
}: {
  membership: Membership;
  clientId: string;
  invoices: Invoice[];
  pending: boolean;
  cancelling: boolean;
  autoRenew: boolean;
  onAutoRenew: (on: boolean) => void;
  onCancel: () => void;
  onOpenInvoice: (id: string) => void;
}) {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const titleId = useId();
  const plan = m.service?.label ?? '—';
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Stack gap={2}>
          <Text fw={700} id={titleId}>
            {plan}
          </Text>
          <Text size="sm" c="dimmed">
            {m.service ? `${t(`period.${m.service.period}`)} · ${money(m.service.unitPriceCents)} HT · ` : null}
            {m.holderId === clientId ? (
              t('membership.holder')
            ) : (
              <>
                {t('membership.dependentOf')}{' '}
                <Anchor component={Link} to={`/clients/${m.holderId}`} size="sm">
                  {m.holderName ?? '—'}
                </Anchor>
              </>
            )}
          </Text>
        </Stack>
        <Badge color={STATUS_COLOR[m.status]} variant="light">
          {t(`membership.status.${m.status}`)}
        </Badge>
      </Group>
      <Facts
        labelWidth={130}
        items={[
          { label: t('membership.col.period'), value: t('membership.periodRange', { start: formatCalendarDate(m.startsOn), end: formatCalendarDate(m.endsOn) }) },
          { label: t('membership.col.payer'), value: m.payer === 'employer' ? t('membership.payerEmployer', { name: m.employerName ?? '—' }) : t('membership.payer.client') },
          {
            label: t('membership.col.members'),
            value: m.members.length ? (
              <Stack gap={2}>
                {m.members.map((x) => (
                  <Text size="sm" key={x.clientId}>
                    {x.clientId === clientId ? (
                      (x.name ?? '—')
                    ) : (
                      <Anchor component={Link} to={`/clients/${x.clientId}`} size="sm">
                        {x.name ?? '—'}
                      </Anchor>
                    )}
                    {x.relation ? ` (${x.relation})` : null}
                  </Text>
                ))}
              </Stack>
            ) : (
              t('membership.noMembers')
            ),
          },
          {
            label: t('membership.col.invoices'),
            value: invoices.length ? (
              <Stack gap={4}>
                {invoices.map((i) => (
                  <Group key={i.id} gap={6}>
                    <Anchor component="button" type="button" size="sm" onClick={() => onOpenInvoice(i.id)}>
                      {t('membership.invoiceLink', { kind: t(`kind.${i.kind}`), number: i.number ?? t('draftNumber').toLowerCase(), amount: money(i.totalInclCents) })}
                    </Anchor>
                    <StatusBadge status={i.paymentStatus} />
                  </Group>
                ))}
              </Stack>
            ) : (
              t('membership.noInvoice')
            ),
          },
        ]}
      />
      <Group justify="space-between" mt="md" gap="sm">
        <Switch
          label={t('membership.col.autoRenew')}
          aria-label={t('membership.autoRenewFor', { plan })}
          checked={autoRenew}
          disabled={m.status !== 'active' || pending}
          onChange={(e) => onAutoRenew(e.currentTarget.checked)}
        />
        {m.status === 'active' ? (
          <Button size="xs" variant="light" color="red" aria-label={t('membership.cancelFor', { plan })} loading={cancelling} disabled={pending && !cancelling} onClick={onCancel}>
            {t('membership.cancel')}
          </Button>
        ) : null}
      </Group>
    </Paper>
  );
}

interface MemberDraft {
  key: number;
  client: ClientSummary | null;
  search: string;
  relation: string;
}

/** The subscription: plan, joining day, payer, renewal, dependents; the API's field errors next to their fields. */
function SubscribeForm({ clientId, onClose, onCreated }: { clientId: string; onClose: () => void; onCreated: (r: { invoice: Invoice }) => void }) {
  const { t } = useTranslation('billing');
  const money = useMoney();
  const services = useServices();
  const client = useQuery({ queryKey: [...CLIENTS_KEY, 'detail', clientId], queryFn: () => clientsApi.get(clientId) });
  const plans = (services.data?.services ?? []).filter((s) => s.kind === 'membership' && s.active && s.period !== 'one_off');
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState(todayParis());
  const [payer, setPayer] = useState<'client' | 'employer'>('client');
  const [employerName, setEmployerName] = useState('');
  const [employerEmail, setEmployerEmail] = useState('');
  const [employerAddress, setEmployerAddress] = useState('');
  const [autoRenew, setAutoRenew] = useState(true);
  const [members, setMembers] = useState<MemberDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [missing, setMissing] = useState<Set<number>>(new Set());
  const plan = serviceId ?? plans[0]?.id ?? null;

  const create = useMutation({
    mutationFn: (body: MembershipInput) => billingApi.createMembership(body),
    onSuccess: (r) => onCreated({ invoice: r.invoice }),
  });
  const serverError = create.error instanceof ApiError ? create.error : null;
  const fieldPaths = ['serviceId', 'startsOn', 'employer.name', 'employer.email', 'members'];

  const addMember = (search = '', relation = '') => {
    setMembers([...members, { key: nextKey, client: null, search, relation }]);
    setNextKey(nextKey + 1);
  };
  const setMember = (key: number, patch: Partial<MemberDraft>) => setMembers(members.map((m) => (m.key === key ? { ...m, ...patch } : m)));
  const relatives: Contact[] = [...(client.data?.client.relatives ?? []), ...(client.data?.client.trustedPerson ? [client.data.client.trustedPerson] : [])].filter(
    (r, i, all) => all.findIndex((o) => o.name === r.name) === i && !members.some((m) => m.search === r.name || m.client?.displayName.toLowerCase() === r.name.toLowerCase()),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const empty = new Set(members.filter((m) => !m.client).map((m) => m.key));
    setMissing(empty);
    if (!plan || empty.size) return;
    create.mutate({
      holderId: clientId,
      serviceId: plan,
      payer,
      employer:
        payer === 'employer'
          ? {
              name: employerName,
              address: employerAddress
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean)
                .slice(0, 6),
              email: employerEmail.trim() || null,
            }
          : null,
      startsOn,
      autoRenew,
      members: members.map((m) => ({ clientId: m.client?.id ?? '', relation: m.relation.trim() || null })),
    });
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label={t('membership.subscribe')}>
        <Stack gap="sm">
          {create.error && !shownOnFields(create.error, fieldPaths) ? <ErrorAlert error={create.error} /> : null}
          {services.isSuccess && !plans.length ? <Alert color="yellow">{t('membership.form.noPlan')}</Alert> : null}
          <Group align="flex-start" wrap="wrap">
            <Select
              label={t('membership.form.plan')}
              required
              w={380}
              allowDeselect={false}
              data={plans.map((s) => ({ value: s.id, label: `${s.label} — ${money(s.unitPriceCents)} HT (${t(`period.${s.period}`).toLowerCase()})` }))}
              value={plan}
              onChange={setServiceId}
              error={serverError?.fieldMessage('serviceId')}
            />
            <TextInput type="date" label={t('membership.form.startsOn')} description={t('membership.form.startsOnHelp')} required w={260} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} error={serverError?.fieldMessage('startsOn')} />
          </Group>
          <Radio.Group label={t('membership.form.payer')} value={payer} onChange={(v) => setPayer(v === 'employer' ? 'employer' : 'client')}>
            <Group mt={4}>
              <Radio value="client" label={t('membership.payer.client')} />
              <Radio value="employer" label={t('membership.payer.employer')} />
            </Group>
          </Radio.Group>
          {payer === 'employer' ? (
            <Group align="flex-start" wrap="wrap">
              <TextInput label={t('membership.form.employerName')} required w={280} value={employerName} onChange={(e) => setEmployerName(e.currentTarget.value)} error={serverError?.fieldMessage('employer.name')} maxLength={200} />
              <TextInput type="email" label={t('membership.form.employerEmail')} w={260} value={employerEmail} onChange={(e) => setEmployerEmail(e.currentTarget.value)} error={serverError?.fieldMessage('employer.email')} />
              <Textarea label={t('membership.form.employerAddress')} description={t('membership.form.employerAddressHelp')} w={300} autosize minRows={2} value={employerAddress} onChange={(e) => setEmployerAddress(e.currentTarget.value)} />
            </Group>
          ) : null}
          <Switch label={t('membership.form.autoRenew')} checked={autoRenew} onChange={(e) => setAutoRenew(e.currentTarget.checked)} />
          <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Text component="legend" fw={600} size="sm">
              {t('membership.form.members')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('membership.form.membersHelp')}
            </Text>
            {members.map((m, i) => (
              <MemberRow
                key={m.key}
                index={i + 1}
                draft={m}
                exclude={[clientId, ...members.filter((o) => o.key !== m.key && o.client).map((o) => o.client!.id)]}
                missing={missing.has(m.key)}
                onChange={(patch) => {
                  setMember(m.key, patch);
                  if (patch.client) setMissing(new Set([...missing].filter((k) => k !== m.key)));
                }}
                onRemove={() => setMembers(members.filter((o) => o.key !== m.key))}
              />
            ))}
            {serverError?.fieldMessage('members') ? (
              <Text size="sm" c="red" role="alert">
                {serverError.fieldMessage('members')}
              </Text>
            ) : null}
            <Group gap="xs" wrap="wrap">
              <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden="true" />} onClick={() => addMember()}>
                {t('membership.form.addMember')}
              </Button>
              {relatives.length ? (
                <>
                  <Text size="xs" c="dimmed">
                    {t('membership.form.relatives')}
                  </Text>
                  {relatives.map((r) => (
                    <Button key={r.name} variant="default" size="xs" onClick={() => addMember(r.name, r.relation)}>
                      {t('membership.form.addRelative', { name: r.name, relation: r.relation })}
                    </Button>
                  ))}
                </>
              ) : null}
            </Group>
          </Stack>
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!plan}>
              {t('membership.form.submit')}
            </Button>
            <Button variant="subtle" onClick={onClose}>
              {t('membership.form.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** One dependent: a registered client searched by name, number or phone, and their relation to the holder. */
function MemberRow({ index, draft, exclude, missing, onChange, onRemove }: { index: number; draft: MemberDraft; exclude: string[]; missing: boolean; onChange: (patch: Partial<MemberDraft>) => void; onRemove: () => void }) {
  const { t } = useTranslation('billing');
  const [query] = useDebouncedValue(draft.search.trim(), 250);
  const found = useQuery({ queryKey: [...CLIENTS_KEY, 'search', query], queryFn: ({ signal }) => clientsApi.search(query, signal), enabled: query.length >= 2 && !draft.client, placeholderData: keepPreviousData });
  const options = [...(draft.client ? [draft.client] : []), ...(query.length >= 2 ? (found.data?.clients ?? []) : []).filter((c) => c.id !== draft.client?.id && !exclude.includes(c.id))];
  return (
    <Group align="flex-start" gap="xs" wrap="wrap" data-testid="membership-member">
      <Select
        label={t('membership.form.member', { n: index })}
        description={t('membership.form.memberHelp')}
        required
        searchable
        w={{ base: '100%', sm: 380 }}
        searchValue={draft.search}
        onSearchChange={(search) => onChange(draft.client && search !== `${draft.client.displayName} — ${draft.client.number}` ? { search, client: null } : { search })}
        filter={({ options: all }) => all}
        data={options.map((c) => ({ value: c.id, label: `${c.displayName} — ${c.number}` }))}
        value={draft.client?.id ?? null}
        onChange={(v) => onChange({ client: options.find((c) => c.id === v) ?? null })}
        error={missing ? t('membership.form.memberRequired') : undefined}
      />
      <TextInput label={t('membership.form.relation')} placeholder={t('membership.form.relationPlaceholder')} w={200} maxLength={60} value={draft.relation} onChange={(e) => onChange({ relation: e.currentTarget.value })} />
      <Button variant="subtle" color="red" mt={24} aria-label={t('membership.form.removeMember', { n: index })} onClick={onRemove}>
        <IconTrash size={16} aria-hidden="true" />
      </Button>
    </Group>
  );
}
