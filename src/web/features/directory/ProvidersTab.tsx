// Prestataires: search (name/service/FINESS, kind, postal code, city — kept in the URL), the
// results, and the "Nouveau prestataire" dialog.
import { Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { DataTable, ErrorAlert, ResultStatus } from '../../app/components.tsx';
import { PROVIDER_KINDS, type ProviderFilters, type ProviderKind, useProviderSearch } from './api.ts';
import { ProviderFormModal } from './ProviderForm.tsx';
import { NetworkBadge, RatingText } from './ui.tsx';

interface Draft {
  q: string;
  kind: ProviderKind | '';
  postalCode: string;
  city: string;
}

const EMPTY: Draft = { q: '', kind: '', postalCode: '', city: '' };

function draftFrom(params: URLSearchParams): Draft {
  const kind = params.get('kind');
  return {
    q: params.get('q') ?? '',
    kind: kind && (PROVIDER_KINDS as readonly string[]).includes(kind) ? (kind as ProviderKind) : '',
    postalCode: params.get('postalCode') ?? '',
    city: params.get('city') ?? '',
  };
}

function filtersFrom(draft: Draft): ProviderFilters {
  return {
    q: draft.q.trim() || undefined,
    kind: draft.kind || undefined,
    postalCode: draft.postalCode.trim() || undefined,
    city: draft.city.trim() || undefined,
  };
}

export function ProvidersTab() {
  const { t } = useTranslation('directory');
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => draftFrom(params), [params]);
  const [draft, setDraft] = useState<Draft>(applied);
  const [creating, setCreating] = useState(false);
  useEffect(() => setDraft(applied), [applied]);

  const filters = useMemo(() => filtersFrom(applied), [applied]);
  const results = useProviderSearch(filters);
  const providers = results.data?.providers ?? [];
  const serverError = results.error instanceof ApiError ? results.error : null;

  function apply(next: Draft) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(filtersFrom(next))) if (value !== undefined) search.set(key, String(value));
    setParams(search);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }

  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
          {t('providers.new')}
        </Button>
      </Group>

      <Paper withBorder p="md" component="form" role="search" aria-label={t('providers.form')} onSubmit={submit} noValidate>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('providers.q')}
            type="search"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={draft.q}
            onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value })}
            error={serverError?.fieldMessage('q')}
            autoComplete="off"
            w={{ base: '100%', sm: 300 }}
          />
          <Select
            label={t('providers.kind')}
            placeholder={t('providers.anyKind')}
            data={PROVIDER_KINDS.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))}
            value={draft.kind || null}
            onChange={(value) => {
              const next = { ...draft, kind: (value ?? '') as Draft['kind'] };
              setDraft(next);
              apply(next);
            }}
            clearable
            w={{ base: '100%', xs: 220 }}
          />
          <TextInput
            label={t('providers.postalCode')}
            value={draft.postalCode}
            onChange={(event) => setDraft({ ...draft, postalCode: event.currentTarget.value })}
            error={serverError?.fieldMessage('postalCode')}
            inputMode="numeric"
            maxLength={5}
            autoComplete="off"
            w={{ base: '100%', xs: 160 }}
          />
          <TextInput
            label={t('providers.city')}
            value={draft.city}
            onChange={(event) => setDraft({ ...draft, city: event.currentTarget.value })}
            autoComplete="off"
            w={{ base: '100%', xs: 200 }}
          />
          <Group gap="xs">
            <Button type="submit" leftSection={<IconSearch size={16} aria-hidden="true" />}>
              {t('providers.submit')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconX size={16} aria-hidden="true" />}
              onClick={() => {
                setDraft(EMPTY);
                apply(EMPTY);
              }}
            >
              {t('providers.reset')}
            </Button>
          </Group>
        </Group>
      </Paper>

      {results.error && !shownOnFields(results.error, ['q', 'postalCode']) ? <ErrorAlert error={results.error} /> : null}

      <ResultStatus pending={results.isPending}>{t('providers.results', { count: providers.length })}</ResultStatus>

      <DataTable
        minWidth={860}
        busy={results.isFetching}
        caption={t('providers.results', { count: providers.length })}
        columns={[
          { key: 'name', label: t('providers.columns.name') },
          { key: 'kind', label: t('providers.columns.kind') },
          { key: 'city', label: t('providers.columns.city') },
          { key: 'services', label: t('providers.columns.services') },
          { key: 'rating', label: t('providers.columns.rating') },
          { key: 'network', label: t('providers.columns.network') },
        ]}
        empty={!results.isPending && providers.length === 0 ? t('providers.empty') : null}
      >
        {providers.map((provider) => (
          <Table.Tr key={provider.id}>
            <Table.Td>
              <Anchor component={Link} to={`/annuaire/prestataires/${provider.id}`} fw={600} size="sm">
                {provider.name}
              </Anchor>
              {provider.finess ? (
                <Text size="xs" c="dimmed" ff="monospace">
                  FINESS {provider.finess}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{t(`kinds.${provider.kind}`, { defaultValue: provider.kind })}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{[provider.postalCode, provider.city].filter(Boolean).join(' ')}</Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {provider.services.map((service) => (
                  <Badge key={service} variant="light" color="gray" size="sm" styles={{ label: { textTransform: 'none' } }}>
                    {service}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>
              <RatingText rating={provider.rating} />
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                <NetworkBadge status={provider.networkStatus} />
                {provider.networkStatus !== 'partner' ? (
                  <Text size="sm" c="dimmed">
                    {t('network.none')}
                  </Text>
                ) : null}
                {!provider.active ? (
                  <Badge variant="outline" color="gray">
                    {t('providers.inactive')}
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>

      <ProviderFormModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
