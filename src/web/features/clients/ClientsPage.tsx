// Clients: one search box (name with typos and accents, PC-… number, phone, birth date, NIR) and
// the results; the most recent clients when the box is empty.
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable, ErrorAlert, PageHeader, ResultStatus } from '../../app/components.tsx';
import { formatPhone } from '../../app/format.ts';
import { CLIENTS_KEY, type ClientSummary, clientsApi } from './api.ts';
import { BirthDate, IdentityStatusBadge } from './ui.tsx';

function ClientCards({ clients }: { clients: ClientSummary[] }) {
  const { t } = useTranslation('clients');
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
      {clients.map((client) => (
        <Paper component="li" key={client.id} withBorder p="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/clients/${client.id}`} fw={600}>
                {client.displayName}
              </Anchor>
              <Text size="sm" c="dimmed">
                {client.number} · <BirthDate value={client.birthDate} />
              </Text>
              <Text size="sm">{formatPhone(client.phone)}</Text>
            </Stack>
            <Stack gap={4} align="flex-end">
              <IdentityStatusBadge status={client.identityStatus} />
              {client.status === 'pending' ? (
                <Badge variant="outline" color="gray">
                  {t('pending')}
                </Badge>
              ) : null}
            </Stack>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

export function ClientsPage() {
  const { t } = useTranslation('clients');
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [query] = useDebouncedValue(search.trim(), 250);
  const phone = useMediaQuery('(max-width: 48em)');
  const results = useQuery({
    queryKey: [...CLIENTS_KEY, 'search', query],
    queryFn: ({ signal }) => clientsApi.search(query, signal),
    placeholderData: keepPreviousData,
  });
  const clients = results.data?.clients ?? [];

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('intro')}
        actions={
          <Button component={Link} to="/clients/nouveau" leftSection={<IconUserPlus size={16} aria-hidden="true" />}>
            {t('new')}
          </Button>
        }
      />
      <Stack gap="md">
        <search>
          <TextInput
            label={t('search.label')}
            placeholder={t('search.placeholder')}
            type="search"
            size="md"
            leftSection={<IconSearch size={18} aria-hidden="true" />}
            value={search}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setParams(value ? { q: value } : {}, { replace: true });
            }}
            maw={640}
            autoComplete="off"
          />
        </search>

        <ErrorAlert error={results.error} />

        <ResultStatus pending={results.isPending}>
          {query ? t('search.results', { count: clients.length }) : t('search.recent')}
        </ResultStatus>

        {phone ? (
          clients.length > 0 ? (
            <ClientCards clients={clients} />
          ) : null
        ) : (
          <DataTable
            minWidth={720}
            busy={results.isFetching}
            columns={[
              { key: 'number', label: t('columns.number') },
              { key: 'name', label: t('columns.name') },
              { key: 'birthDate', label: t('columns.birthDate') },
              { key: 'phone', label: t('columns.phone') },
              { key: 'identity', label: t('columns.identity') },
            ]}
            empty={!results.isPending && clients.length === 0 ? (query ? t('search.empty') : t('search.emptyRecent')) : null}
          >
            {clients.map((client) => (
              <Table.Tr key={client.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/clients/${client.id}`} ff="monospace" size="sm">
                    {client.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/clients/${client.id}`} fw={600} size="sm">
                    {client.displayName}
                  </Anchor>
                  {client.usedName && client.usedName !== client.birthName ? (
                    <Text size="xs" c="dimmed">
                      {t('fields.birthName')}
                      {t('common:colon')}
                      {client.birthName}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <BirthDate value={client.birthDate} />
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatPhone(client.phone)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <IdentityStatusBadge status={client.identityStatus} />
                    {client.status === 'pending' ? (
                      <Badge variant="outline" color="gray">
                        {t('pending')}
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
        {phone && !results.isPending && clients.length === 0 ? (
          <Text c="dimmed" size="sm">
            {query ? t('search.empty') : t('search.emptyRecent')}
          </Text>
        ) : null}
        {query && !results.isPending && clients.length === 0 ? (
          <Group gap="xs">
            <Text size="sm">{t('search.createHint')}</Text>
            <Button component={Link} to="/clients/nouveau" variant="light" size="xs">
              {t('new')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </>
  );
}
