// Nouvelle demande (/demandes/nouvelle?client=<id>): the client (chosen, searched, or created on
// the way), channel, kind, the reason in the person's own words, who calls, availability and
// constraints. The server triages it at once; the request page opens next.
import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconSearch, IconSend, IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { ErrorAlert, PageHeader } from '../../app/components.tsx';
import { formatCalendarDate, formatPhone } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { CLIENTS_KEY, type ClientSummary, clientsApi } from '../clients/api.ts';
import { IdentityStatusBadge } from '../clients/ui.tsx';
import { CHANNELS, type Channel, KINDS, type Kind, REQUESTS_KEY, requestKey, requestsApi } from './api.ts';

function ChosenClient({ client, onChange }: { client: ClientSummary; onChange: () => void }) {
  const { t } = useTranslation('requests');
  return (
    <Paper withBorder p="sm" bg="parcours.0" data-testid="chosen-client">
      <Group justify="space-between" gap="sm">
        <Stack gap={2}>
          <Anchor component={Link} to={`/clients/${client.id}`} fw={700}>
            {client.displayName}
          </Anchor>
          <Text size="sm" c="dimmed">
            <Code>{client.number}</Code> · {formatCalendarDate(client.birthDate)}
            {client.phone ? ` · ${formatPhone(client.phone)}` : ''}
          </Text>
        </Stack>
        <Group gap="xs">
          <IdentityStatusBadge status={client.identityStatus} />
          <Button variant="default" size="xs" onClick={onChange}>
            {t('create.change')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

function ClientPicker({ onPick, error }: { onPick: (client: ClientSummary) => void; error?: string }) {
  const { t } = useTranslation('requests');
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const results = useQuery({
    queryKey: [...CLIENTS_KEY, 'search', query],
    queryFn: ({ signal }) => clientsApi.search(query, signal),
    enabled: query.length >= 2,
    placeholderData: keepPreviousData,
  });
  const clients = query.length >= 2 ? (results.data?.clients ?? []) : [];
  return (
    <Stack gap="xs">
      <Select
        label={t('create.client')}
        placeholder={t('create.clientPlaceholder')}
        description={t('create.clientHelp')}
        required
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        data={clients.map((client) => ({
          value: client.id,
          label: `${client.displayName} — ${client.number} — ${formatCalendarDate(client.birthDate)}`,
        }))}
        value={null}
        onChange={(value) => {
          const client = clients.find((item) => item.id === value);
          if (client) onPick(client);
        }}
        nothingFoundMessage={query.length >= 2 && !results.isFetching ? t('clients:search.empty') : undefined}
        leftSection={<IconSearch size={16} aria-hidden="true" />}
        rightSection={<span />}
        error={error}
        maw={640}
      />
      <Group gap="xs">
        <Text size="sm">{t('create.clientMissing')}</Text>
        <Button
          component={Link}
          to="/clients/nouveau?suite=demande"
          variant="light"
          size="xs"
          leftSection={<IconUserPlus size={14} aria-hidden="true" />}
        >
          {t('create.createClient')}
        </Button>
      </Group>
    </Stack>
  );
}

export function NewRequestPage() {
  const { t } = useTranslation('requests');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const clientId = params.get('client') ?? '';
  const preset = useQuery({
    queryKey: [...CLIENTS_KEY, 'detail', clientId],
    queryFn: () => clientsApi.get(clientId),
    enabled: Boolean(clientId),
  });
  const [picked, setPicked] = useState<ClientSummary | null>(null);
  const client: ClientSummary | null = picked ?? (clientId && preset.data ? preset.data.client : null);

  const [channel, setChannel] = useState<Channel>('phone');
  const [kind, setKind] = useState<Kind>('specialist');
  const [text, setText] = useState('');
  const [requester, setRequester] = useState('');
  const [preferredDates, setPreferredDates] = useState('');
  const [constraints, setConstraints] = useState('');
  const [errors, setErrors] = useState<{ client?: string; text?: string }>({});
  const textRef = useRef<HTMLTextAreaElement>(null);

  const create = useMutation({
    mutationFn: () =>
      requestsApi.create({
        clientId: client?.id ?? '',
        channel,
        kind,
        text: text.trim(),
        ...(requester.trim() ? { requester: requester.trim() } : {}),
        ...(preferredDates.trim() ? { preferredDates: preferredDates.trim() } : {}),
        ...(constraints.trim() ? { constraints: constraints.trim() } : {}),
      }),
    onSuccess: ({ request }) => {
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
      queryClient.removeQueries({ queryKey: requestKey(request.id) });
      notifySuccess(t('create.created', { number: request.number }));
      navigate(`/demandes/${request.id}`);
    },
  });
  const serverError = create.error instanceof ApiError ? create.error : null;

  useEffect(() => {
    if (errors.text) textRef.current?.focus();
  }, [errors]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!client) found.client = t('create.clientRequired');
    if (!text.trim()) found.text = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate();
  }

  return (
    <>
      <PageHeader title={t('create.title')} />
      <form onSubmit={submit} noValidate>
        <Stack gap="lg" maw={900}>
          {create.error && !shownOnFields(create.error, ['clientId', 'text', 'channel', 'kind', 'requester', 'preferredDates', 'constraints']) ? (
            <ErrorAlert error={create.error} />
          ) : null}
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />} py="xs" role="note">
            <Text size="sm" fw={600}>
              {t('emergency.title')}
            </Text>
          </Alert>
          <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="new-request-client">
            <Title order={2} size="h3" id="new-request-client" mb="md">
              {t('create.client')}
            </Title>
            {client ? (
              <ChosenClient
                client={client}
                onChange={() => {
                  setPicked(null);
                  setParams({}, { replace: true });
                }}
              />
            ) : clientId && preset.isPending ? (
              <Text c="dimmed">{t('common:loading')}</Text>
            ) : (
              <>
                {clientId && preset.isError ? <ErrorAlert error={preset.error} /> : null}
                <ClientPicker
                  onPick={(chosen) => {
                    setPicked(chosen);
                    setErrors((previous) => ({ ...previous, client: undefined }));
                  }}
                  error={errors.client ?? serverError?.fieldMessage('clientId')}
                />
              </>
            )}
          </Paper>

          <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="new-request-details">
            <Title order={2} size="h3" id="new-request-details" mb="md">
              {t('detail.motive')}
            </Title>
            <Stack gap="md">
              <Radio.Group label={t('create.channel')} value={channel} onChange={(value) => setChannel(value as Channel)} required>
                <Group gap="lg" mt={6}>
                  {CHANNELS.map((value) => (
                    <Radio key={value} value={value} label={t(`channel.${value}`)} />
                  ))}
                </Group>
              </Radio.Group>
              <Radio.Group label={t('create.kind')} value={kind} onChange={(value) => setKind(value as Kind)} required>
                <Group gap="lg" mt={6}>
                  {KINDS.map((value) => (
                    <Radio key={value} value={value} label={t(`kind.${value}`)} />
                  ))}
                </Group>
              </Radio.Group>
              <Textarea
                ref={textRef}
                label={t('create.text')}
                description={t('create.textHelp')}
                required
                autosize
                minRows={4}
                maxRows={14}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                error={errors.text ?? serverError?.fieldMessage('text')}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                <TextInput
                  label={t('create.requester')}
                  placeholder={t('create.requesterPlaceholder')}
                  value={requester}
                  onChange={(event) => setRequester(event.currentTarget.value)}
                  error={serverError?.fieldMessage('requester')}
                  autoComplete="off"
                />
                <TextInput
                  label={t('create.preferredDates')}
                  placeholder={t('create.preferredDatesPlaceholder')}
                  value={preferredDates}
                  onChange={(event) => setPreferredDates(event.currentTarget.value)}
                  error={serverError?.fieldMessage('preferredDates')}
                  autoComplete="off"
                />
                <TextInput
                  label={t('create.constraints')}
                  placeholder={t('create.constraintsPlaceholder')}
                  value={constraints}
                  onChange={(event) => setConstraints(event.currentTarget.value)}
                  error={serverError?.fieldMessage('constraints')}
                  autoComplete="off"
                />
              </SimpleGrid>
            </Stack>
          </Paper>

          <Group justify="flex-end">
            <Button component={Link} to="/demandes" variant="default">
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} leftSection={<IconSend size={16} aria-hidden="true" />}>
              {t('create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
