// Mes demandes (/mes-demandes): the client's own portal. The permanent emergency numbers, the
// client's requests with their status in plain words, and a form for a new request. When the
// server recognises a life-threatening emergency in the text, an alert takes the focus at once.
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconInfoCircle, IconPhoneCall, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { DataTable, EmergencyPanel, ErrorAlert, PageHeader, ResultStatus, SectionCard } from '../../app/components.tsx';
import { formatDate, formatShortDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { KINDS, type Kind, type Status } from '../requests/api.ts';
import { PortalAppointments } from '../scheduling/PortalAppointments.tsx';
import { PortalPrivacyFooter } from '../consent/MyDataPage.tsx';
import { type NewPortalRequest, PORTAL_KEY, type PortalRequest, portalApi } from './api.ts';

const FIELDS = ['kind', 'text', 'preferredDates', 'constraints'] as const;

const STATUS_COLOR: Record<Status, string> = {
  new: 'blue',
  qualified: 'indigo',
  searching: 'violet',
  proposed: 'orange',
  booked: 'green',
  follow_up: 'teal',
  closed: 'gray',
  cancelled: 'gray',
};

/** Always on the page: the emergency numbers, callable from a phone. */
function EmergencyNotice() {
  const { t } = useTranslation('portal');
  return (
    <Alert
      color="red"
      variant="light"
      role="note"
      icon={<IconPhoneCall aria-hidden="true" />}
      title={t('emergencyNotice.title')}
      data-testid="portal-emergency-notice"
      styles={{ root: { borderLeft: '4px solid var(--mantine-color-red-9)' }, title: { color: 'var(--mantine-color-red-9)' } }}
    >
      <Text size="sm">{t('emergencyNotice.text')}</Text>
    </Alert>
  );
}

/** After a message that evokes a life-threatening emergency: red, announced, focused, with a call button. */
function EmergencyAlert({ number, shownAt }: { number: string; shownAt: number }) {
  const { t } = useTranslation('portal');
  return (
    <EmergencyPanel titleId="portal-emergency-title" title={t('emergencyAlert.title')} testId="portal-emergency-alert" focusKey={shownAt}>
      <Text fz={{ base: 'lg', sm: 'xl' }} fw={600} c="white" lh={1.45}>
        {t('emergencyAlert.text')}
      </Text>
      <Group gap="sm">
        <Button
          component="a"
          href="tel:15"
          size="lg"
          variant="white"
          color="red.9"
          c="red.9"
          leftSection={<IconPhoneCall size={22} aria-hidden="true" />}
        >
          {t('emergencyAlert.call15')}
        </Button>
        <Button
          component="a"
          href="tel:112"
          size="lg"
          variant="outline"
          color="white"
          c="white"
          leftSection={<IconPhoneCall size={22} aria-hidden="true" />}
        >
          {t('emergencyAlert.call112')}
        </Button>
      </Group>
      <Text size="sm" c="white">
        {t('emergencyAlert.number', { number })}
      </Text>
    </EmergencyPanel>
  );
}

function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation('portal');
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" size="lg" tt="none" styles={{ root: { fontWeight: 600, height: 'auto', minHeight: 26, maxWidth: '100%' }, label: { whiteSpace: 'normal', lineHeight: 1.3, paddingBlock: 2 } }} data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

function RequestList({ requests, pending, busy }: { requests: PortalRequest[]; pending: boolean; busy: boolean }) {
  const { t } = useTranslation('portal');
  const phone = useMediaQuery('(max-width: 48em)');
  const empty = !pending && requests.length === 0 ? t('list.empty') : null;
  return (
    <SectionCard title={t('list.title')} id="portal-list-title">
      <Stack gap="sm">
        <ResultStatus pending={pending}>{t('list.count', { count: requests.length })}</ResultStatus>
        {phone ? (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-labelledby="portal-list-title" data-testid="portal-requests">
            {requests.map((request) => (
              <Paper key={request.id} component="li" withBorder p="sm" data-number={request.number}>
                <Group justify="space-between" gap="xs" mb={4}>
                  <Text fw={700} ff="monospace">
                    {request.number}
                  </Text>
                  <StatusBadge status={request.status} />
                </Group>
                <Text size="sm">{t(`kind.${request.kind}`)}</Text>
                <Text size="sm" c="dimmed">
                  {t('list.sentOn', { date: formatDate(request.createdAt) })}
                </Text>
              </Paper>
            ))}
            {empty ? (
              <Text component="li" c="dimmed" size="sm" py="md" ta="center">
                {empty}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <div data-testid="portal-requests">
            <DataTable
              caption={t('list.caption')}
              minWidth={440}
              busy={busy}
              empty={empty}
              columns={[
                { key: 'number', label: t('list.number') },
                { key: 'date', label: t('list.date') },
                { key: 'kind', label: t('list.kind') },
                { key: 'status', label: t('list.status') },
              ]}
            >
              {requests.map((request) => (
                <Table.Tr key={request.id} data-number={request.number}>
                  <Table.Td ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {request.number}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={request.createdAt}>{formatShortDate(request.createdAt)}</time>
                  </Table.Td>
                  <Table.Td>{t(`kind.${request.kind}`)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={request.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          </div>
        )}
      </Stack>
    </SectionCard>
  );
}

const EMPTY_FORM = { kind: 'specialist' as Kind, text: '', preferredDates: '', constraints: '' };

function NewRequestForm({ onEmergency, onNotLinked }: { onEmergency: (number: string) => void; onNotLinked: () => void }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY_FORM);
  const [textError, setTextError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const create = useMutation({
    mutationFn: (input: NewPortalRequest) => portalApi.create(input),
    onSuccess: ({ request, emergency }) => {
      setForm(EMPTY_FORM);
      void queryClient.invalidateQueries({ queryKey: PORTAL_KEY });
      if (emergency) onEmergency(request.number);
      else notifySuccess(t('form.sent', { number: request.number }));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'no_client_record') {
        onNotLinked();
        void queryClient.invalidateQueries({ queryKey: PORTAL_KEY });
      }
    },
  });
  const serverError = create.error instanceof ApiError ? create.error : null;
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const text = form.text.trim();
    if (!text) {
      setTextError(t('form.required'));
      textRef.current?.focus();
      return;
    }
    setTextError(null);
    const preferredDates = form.preferredDates.trim();
    const constraints = form.constraints.trim();
    create.mutate({
      kind: form.kind,
      text,
      ...(preferredDates ? { preferredDates } : {}),
      ...(constraints ? { constraints } : {}),
    });
  }

  return (
    <SectionCard title={t('form.title')} id="portal-form-title">
      <form onSubmit={onSubmit} noValidate aria-labelledby="portal-form-title">
        <Stack gap="sm">
          {create.error && !shownOnFields(create.error, FIELDS) ? <ErrorAlert error={create.error} /> : null}
          <Select
            label={t('form.kind')}
            data={KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
            value={form.kind}
            onChange={(value) => value && set('kind', value as Kind)}
            allowDeselect={false}
            error={serverError?.fieldMessage('kind')}
          />
          <Textarea
            ref={textRef}
            label={t('form.text')}
            description={t('form.textHelp')}
            required
            autosize
            minRows={5}
            maxLength={5000}
            value={form.text}
            onChange={(event) => set('text', event.currentTarget.value)}
            error={textError ?? serverError?.fieldMessage('text')}
          />
          <TextInput
            label={t('form.preferredDates')}
            description={t('form.preferredDatesHelp')}
            maxLength={500}
            value={form.preferredDates}
            onChange={(event) => set('preferredDates', event.currentTarget.value)}
            error={serverError?.fieldMessage('preferredDates')}
          />
          <Textarea
            label={t('form.constraints')}
            description={t('form.constraintsHelp')}
            autosize
            minRows={2}
            maxLength={1000}
            value={form.constraints}
            onChange={(event) => set('constraints', event.currentTarget.value)}
            error={serverError?.fieldMessage('constraints')}
          />
          <Button type="submit" loading={create.isPending} leftSection={<IconSend size={18} aria-hidden="true" />} w={{ base: '100%', sm: 'fit-content' }}>
            {t('form.submit')}
          </Button>
        </Stack>
      </form>
    </SectionCard>
  );
}

export function PortalPage() {
  const { t } = useTranslation('portal');
  const list = useQuery({ queryKey: PORTAL_KEY, queryFn: portalApi.list });
  const [emergency, setEmergency] = useState<{ number: string; at: number } | null>(null);
  const [notLinked, setNotLinked] = useState(false);
  const client = list.data?.client;
  const unlinked = notLinked || (list.isSuccess && client === null);

  return (
    <>
      {emergency ? <EmergencyAlert number={emergency.number} shownAt={emergency.at} /> : null}
      <PageHeader
        title={t('title')}
        description={client ? t('forClient', { name: client.displayName, number: client.number }) : t('description')}
      />
      <Stack gap="lg">
        <EmergencyNotice />
        {list.isError ? <ErrorAlert error={list.error} /> : null}
        {unlinked ? (
          <Alert color="orange" role="status" icon={<IconInfoCircle aria-hidden="true" />} title={t('notLinked.title')} data-testid="portal-not-linked">
            {t('notLinked.text')}
          </Alert>
        ) : null}
        {list.isSuccess && !unlinked ? <PortalAppointments /> : null}
        {unlinked ? null : (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 5, lg: 4 }} order={{ base: 2, md: 1 }}>
              {list.isSuccess ? (
                <NewRequestForm onEmergency={(number) => setEmergency({ number, at: Date.now() })} onNotLinked={() => setNotLinked(true)} />
              ) : null}
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7, lg: 8 }} order={{ base: 1, md: 2 }}>
              <RequestList requests={list.data?.requests ?? []} pending={list.isPending} busy={list.isFetching} />
            </Grid.Col>
          </Grid>
        )}
      </Stack>
      <PortalPrivacyFooter />
    </>
  );
}
