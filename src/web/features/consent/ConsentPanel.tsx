// Consents of one client: the list (live, upcoming, expired, withdrawn) with withdrawal, and the form
// to give an access. The same component serves the portal (the client themself) and the staff client
// page (recorded on the client's explicit instruction: channel and instruction text required).
import { Badge, Button, Checkbox, Group, Modal, Paper, Radio, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { DataTable, ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { directoryApi } from '../directory/api.ts';
import { type Consent, type ConsentState, consentApi, consentKey, DOCUMENT_TYPES, type DocumentType, historyKey, type PractitionerHit, STAFF_CHANNELS, type Scope, type StaffChannel } from './api.ts';

const STATE_COLOR: Record<ConsentState, string> = { live: 'green', scheduled: 'blue', expired: 'gray', revoked: 'red' };

function PractitionerPicker({ scope, value, onChange, error }: { scope: Scope; value: PractitionerHit | null; onChange: (p: PractitionerHit | null) => void; error?: string | undefined }) {
  const { t } = useTranslation('consent');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const search = useQuery({
    queryKey: ['consent-practitioners', scope.kind, debounced],
    enabled: debounced.length >= 2 && !value,
    queryFn: async (): Promise<PractitionerHit[]> => {
      if (scope.kind === 'portal') return (await consentApi.practitioners(debounced)).practitioners;
      const found = await directoryApi.search({ q: debounced, limit: 15 });
      return found.practitioners.map((p) => ({ id: p.id, name: p.displayName, profession: p.profession, specialties: p.specialties }));
    },
  });
  if (value) {
    return (
      <Group gap="sm" data-testid="consent-practitioner-chosen">
        <Text size="sm" fw={600}>
          {t('form.chosen', { name: value.name })}
        </Text>
        <Button size="compact-sm" variant="subtle" onClick={() => onChange(null)}>
          {t('form.change')}
        </Button>
      </Group>
    );
  }
  return (
    <Stack gap="xs">
      <TextInput label={t('form.search')} description={t('form.searchHelp')} value={q} onChange={(e) => setQ(e.currentTarget.value)} error={error} data-testid="consent-practitioner-search" />
      {search.data ? (
        search.data.length ? (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-live="polite">
            {search.data.map((p) => (
              <Group key={p.id} component="li" justify="space-between" gap="xs">
                <Text size="sm">
                  {p.name} <Text span c="dimmed">· {p.profession}</Text>
                </Text>
                <Button size="compact-sm" variant="light" onClick={() => onChange(p)} aria-label={`${t('form.choose')} ${p.name}`}>
                  {t('form.choose')}
                </Button>
              </Group>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('form.searchNone')}
          </Text>
        )
      ) : null}
    </Stack>
  );
}

function GrantForm({ scope }: { scope: Scope }) {
  const { t } = useTranslation('consent');
  const queryClient = useQueryClient();
  const staff = scope.kind === 'staff';
  const [granteeType, setGranteeType] = useState<'team' | 'practitioner'>(staff ? 'team' : 'practitioner');
  const [practitioner, setPractitioner] = useState<PractitionerHit | null>(null);
  const [all, setAll] = useState(false);
  const [types, setTypes] = useState<DocumentType[]>([]);
  const [purpose, setPurpose] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [channel, setChannel] = useState<StaffChannel>('phone');
  const [instruction, setInstruction] = useState('');
  const grant = useMutation({
    mutationFn: () =>
      consentApi.grant(scope, {
        granteeType,
        practitionerId: granteeType === 'practitioner' ? (practitioner?.id ?? null) : null,
        documentTypes: all ? null : types,
        purpose,
        endsAt: endsAt || null,
        ...(staff ? { channel, instruction } : {}),
      }),
    onSuccess: () => {
      notifySuccess(t(staff ? 'shares.recorded' : 'shares.granted'));
      setPractitioner(null);
      setTypes([]);
      setAll(false);
      setPurpose('');
      setEndsAt('');
      setInstruction('');
      void queryClient.invalidateQueries({ queryKey: consentKey(scope) });
      void queryClient.invalidateQueries({ queryKey: historyKey(scope) });
    },
  });
  const err = grant.error instanceof ApiError ? grant.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    grant.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="consent-form-title" noValidate data-testid="consent-form">
      <Stack gap="sm">
        <Text fw={700} id="consent-form-title">
          {t(staff ? 'form.staffTitle' : 'form.title')}
        </Text>
        {staff ? (
          <Text size="sm" c="dimmed">
            {t('form.staffHelp')}
          </Text>
        ) : null}
        <Radio.Group label={t('form.grantee')} value={granteeType} onChange={(v) => setGranteeType(v as 'team' | 'practitioner')}>
          <Group mt={4}>
            <Radio value="practitioner" label={t('form.granteePractitioner')} />
            <Radio value="team" label={t('form.granteeTeam')} />
          </Group>
        </Radio.Group>
        {granteeType === 'practitioner' ? <PractitionerPicker scope={scope} value={practitioner} onChange={setPractitioner} error={err?.fieldMessage('practitionerId')} /> : null}
        <Checkbox.Group label={t('form.scope')} value={all ? [] : types} onChange={(v) => setTypes(v as DocumentType[])} error={err?.fieldMessage('documentTypes')}>
          <Stack gap={6} mt={4}>
            <Checkbox label={t(staff ? 'form.allStaff' : 'form.all')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} value="__all" />
            <Group gap="md">
              {DOCUMENT_TYPES.map((type) => (
                <Checkbox key={type} value={type} label={t(`type.${type}`)} disabled={all} />
              ))}
            </Group>
          </Stack>
        </Checkbox.Group>
        <TextInput label={t('form.purpose')} placeholder={t('form.purposePlaceholder')} required maxLength={300} value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} error={err?.fieldMessage('purpose')} />
        <TextInput type="date" label={t('form.endsAt')} description={t('form.endsAtHelp')} value={endsAt} onChange={(e) => setEndsAt(e.currentTarget.value)} error={err?.fieldMessage('endsAt')} w={{ base: '100%', sm: 260 }} />
        {staff ? (
          <>
            <Select
              label={t('form.channel')}
              data={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
              value={channel}
              onChange={(v) => v && setChannel(v as StaffChannel)}
              allowDeselect={false}
              w={{ base: '100%', sm: 300 }}
            />
            <Textarea label={t('form.instruction')} description={t('form.instructionHelp')} required autosize minRows={2} maxLength={2000} value={instruction} onChange={(e) => setInstruction(e.currentTarget.value)} error={err?.fieldMessage('instruction')} />
          </>
        ) : null}
        {grant.error && !(err?.fields.length) ? <ErrorAlert error={grant.error} /> : null}
        <Button type="submit" loading={grant.isPending} leftSection={<IconShieldCheck size={18} aria-hidden="true" />} w={{ base: '100%', sm: 'fit-content' }}>
          {t(staff ? 'form.staffSubmit' : 'form.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}

function RevokeButton({ scope, consent, name }: { scope: Scope; consent: Consent; name: string }) {
  const { t } = useTranslation('consent');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [channel, setChannel] = useState<StaffChannel>('phone');
  const [instruction, setInstruction] = useState('');
  const revoke = useMutation({
    mutationFn: () => consentApi.revoke(scope, consent.id, scope.kind === 'staff' ? { channel, instruction } : undefined),
    onSuccess: () => {
      notifySuccess(t('shares.revoked'));
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: consentKey(scope) });
      void queryClient.invalidateQueries({ queryKey: historyKey(scope) });
    },
  });
  const err = revoke.error instanceof ApiError ? revoke.error : null;
  return (
    <>
      <Button size="compact-sm" color="red" variant="light" onClick={() => setOpen(true)} aria-label={t('shares.revokeLabel', { name })}>
        {t('shares.revoke')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={scope.kind === 'staff' ? t('form.revokeTitle') : t('shares.revoke')}>
        <Stack gap="sm">
          <Text size="sm">{t('shares.revokeConfirm')}</Text>
          {scope.kind === 'staff' ? (
            <>
              <Select label={t('form.channel')} data={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} value={channel} onChange={(v) => v && setChannel(v as StaffChannel)} allowDeselect={false} />
              <Textarea label={t('form.instruction')} description={t('form.instructionHelp')} required autosize minRows={2} value={instruction} onChange={(e) => setInstruction(e.currentTarget.value)} error={err?.fieldMessage('instruction')} />
            </>
          ) : null}
          {revoke.error && !(err?.fields.length) ? <ErrorAlert error={revoke.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('form.cancel')}
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate()} data-testid="consent-revoke-confirm">
              {t('form.revokeSubmit')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function ConsentPanel({ scope }: { scope: Scope }) {
  const { t } = useTranslation('consent');
  const staff = scope.kind === 'staff';
  const list = useQuery({ queryKey: consentKey(scope), queryFn: () => consentApi.list(scope) });
  const consents = list.data?.consents ?? [];
  const nameOf = (c: Consent) => (c.grantee.type === 'team' ? t('shares.team') : (c.grantee.name ?? '—'));
  return (
    <SectionCard title={t(staff ? 'shares.staffTitle' : 'shares.title')} id={staff ? 'client-consents-title' : 'my-shares-title'}>
      <Stack gap="md">
        {list.isError ? <ErrorAlert error={list.error} /> : null}
        <div data-testid="consent-list">
          <DataTable
            caption={t(staff ? 'shares.staffCaption' : 'shares.caption')}
            minWidth={640}
            busy={list.isFetching}
            empty={list.isSuccess && consents.length === 0 ? t(staff ? 'shares.staffEmpty' : 'shares.empty') : null}
            columns={[
              { key: 'grantee', label: t('shares.grantee') },
              { key: 'scope', label: t('shares.scope') },
              { key: 'purpose', label: t('shares.purpose') },
              { key: 'period', label: t('shares.period') },
              { key: 'state', label: t('shares.stateLabel') },
              { key: 'actions', label: t('shares.revoke'), hiddenLabel: true },
            ]}
          >
            {consents.map((c) => (
              <Table.Tr key={c.id} data-state={c.state} data-grantee={nameOf(c)}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {nameOf(c)}
                  </Text>
                  {staff && c.recordedBy ? (
                    <Text size="xs" c="dimmed">
                      {t('shares.recordedBy', { name: c.recordedBy.name, channel: t(`channel.${c.channel}`) })}
                    </Text>
                  ) : null}
                  {staff && c.instruction ? (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                      {c.instruction}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.documentTypes ? c.documentTypes.map((d) => t(`type.${d}`)).join(', ') : t('shares.all')}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.purpose}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {t('shares.from', { date: formatDate(c.startsAt) })}, {c.endsAt ? t('shares.until', { date: formatDate(c.endsAt) }) : t('shares.noEnd')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[c.state]} variant="light" tt="none">
                    {t(`state.${c.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{c.state === 'live' || c.state === 'scheduled' ? <RevokeButton scope={scope} consent={c} name={nameOf(c)} /> : null}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </div>
        <GrantForm scope={scope} />
      </Stack>
    </SectionCard>
  );
}
