// Praticiens: the search form (name or RPPS in one field, specialty, postal code, city, language,
// sex, teleconsultation, partners only), the results as a list or on a map. The applied search
// lives in the URL query string, so it survives a reload and can be shared or bookmarked.
import {
  Anchor,
  Button,
  Center,
  Checkbox,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconList, IconMap2, IconSearch, IconX } from '@tabler/icons-react';
import { type FormEvent, lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { DataTable, ErrorAlert, ResultStatus } from '../../app/components.tsx';
import { LANGUAGE_CODES, type Practitioner, type PractitionerFilters, SPECIALTIES, useMapConfig, usePractitionerSearch } from './api.ts';
import type { MapPoint } from './DirectoryMap.tsx';
import { NetworkCell, placeAddress, RatingText, useDirectoryLabels } from './ui.tsx';

const DirectoryMap = lazy(() => import('./DirectoryMap.tsx'));

interface Draft {
  q: string;
  specialty: string;
  postalCode: string;
  city: string;
  language: string;
  sex: '' | 'F' | 'M';
  teleconsultation: '' | 'true' | 'false';
  partner: boolean;
}

const EMPTY: Draft = { q: '', specialty: '', postalCode: '', city: '', language: '', sex: '', teleconsultation: '', partner: false };

function draftFrom(params: URLSearchParams): Draft {
  const sex = params.get('sex');
  const teleconsultation = params.get('teleconsultation');
  return {
    q: params.get('q') ?? '',
    specialty: params.get('specialty') ?? '',
    postalCode: params.get('postalCode') ?? '',
    city: params.get('city') ?? '',
    language: params.get('language') ?? '',
    sex: sex === 'F' || sex === 'M' ? sex : '',
    teleconsultation: teleconsultation === 'true' || teleconsultation === 'false' ? teleconsultation : '',
    partner: params.get('partner') === 'true',
  };
}

function filtersFrom(draft: Draft): PractitionerFilters {
  return {
    q: draft.q.trim() || undefined,
    specialty: draft.specialty || undefined,
    postalCode: draft.postalCode.trim() || undefined,
    city: draft.city.trim() || undefined,
    language: draft.language || undefined,
    sex: draft.sex || undefined,
    teleconsultation: draft.teleconsultation === '' ? undefined : draft.teleconsultation === 'true',
    partner: draft.partner || undefined,
  };
}

const validPostalCode = (value: string) => value.trim() === '' || /^\d{2,5}$/.test(value.trim());

function PractitionerRows({ practitioners }: { practitioners: Practitioner[] }) {
  const { t } = useTranslation('directory');
  const labels = useDirectoryLabels();
  return (
    <>
      {practitioners.map((practitioner) => {
        const first = practitioner.places[0];
        const more = practitioner.places.length - 1;
        return (
          <Table.Tr key={practitioner.id}>
            <Table.Td>
              <Anchor component={Link} to={`/annuaire/praticiens/${practitioner.id}`} fw={600} size="sm">
                {practitioner.displayName}
              </Anchor>
              <Text size="xs" c="dimmed" ff="monospace">
                {practitioner.rpps ? `RPPS ${practitioner.rpps}` : t('practitioner.noRpps')}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{labels.specialties(practitioner.specialties) || practitioner.profession}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{first ? [first.postalCode, first.city].filter(Boolean).join(' ') || '—' : '—'}</Text>
              {more > 0 ? (
                <Text size="xs" c="dimmed">
                  {t('morePlaces', { count: more })}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{labels.sector(practitioner.sector) ?? '—'}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{labels.languages(practitioner.languages) || '—'}</Text>
            </Table.Td>
            <Table.Td>
              <RatingText rating={practitioner.rating} />
            </Table.Td>
            <Table.Td>
              <NetworkCell practitioner={practitioner} />
            </Table.Td>
          </Table.Tr>
        );
      })}
    </>
  );
}

function MapView({ practitioners }: { practitioners: Practitioner[] }) {
  const { t } = useTranslation('directory');
  const labels = useDirectoryLabels();
  const config = useMapConfig();
  // `labels` is rebuilt on each render; it only changes with the language, hence `t`.
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels change with t
  const { points, missing } = useMemo(() => {
    const points: MapPoint[] = [];
    const missing: { key: string; practitioner: Practitioner; address: string }[] = [];
    for (const practitioner of practitioners) {
      for (const place of practitioner.places) {
        const key = `${practitioner.id}:${place.id}`;
        if (place.latitude !== null && place.longitude !== null) {
          points.push({
            key,
            latitude: place.latitude,
            longitude: place.longitude,
            title: practitioner.displayName,
            lines: [labels.specialties(practitioner.specialties), [place.name, placeAddress(place)].filter(Boolean).join(' — ')].filter(Boolean),
            href: `/annuaire/praticiens/${practitioner.id}`,
            partner: practitioner.networkStatus === 'partner',
          });
        } else {
          missing.push({ key, practitioner, address: placeAddress(place) });
        }
      }
    }
    return { points, missing };
  }, [practitioners, t]);

  if (config.isPending)
    return (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  const tileUrl = config.data?.tileUrl ?? null;

  return (
    <Stack gap="sm">
      <ErrorAlert error={config.error} />
      <Text size="sm" c="dimmed" id="directory-map-hint">
        {t('map.hint')}
      </Text>
      {tileUrl === null ? (
        <Text size="sm" c="dimmed" fs="italic" data-testid="map-no-tiles">
          {t('map.noTiles')}
        </Text>
      ) : null}
      <Suspense
        fallback={
          <Center py="xl" role="status">
            <Loader aria-label={t('common:loading')} />
          </Center>
        }
      >
        <DirectoryMap
          points={points}
          tileUrl={tileUrl}
          attribution={config.data?.attribution ?? ''}
          label={t('map.label')}
          zoomInTitle={t('map.zoomIn')}
          zoomOutTitle={t('map.zoomOut')}
        />
      </Suspense>
      <Text size="sm" role="status">
        {t('map.markers', { count: points.length })}
        {missing.length > 0 ? ` · ${t('map.withoutCoordinates', { count: missing.length })}` : ''}
      </Text>
      {missing.length > 0 ? (
        <Paper withBorder p="sm" component="section" aria-labelledby="directory-map-missing">
          <Title order={3} size="h5" id="directory-map-missing" mb="xs">
            {t('map.withoutCoordinates', { count: missing.length })}
          </Title>
          <Stack component="ul" gap={4} m={0} pl="md">
            {missing.map((item) => (
              <li key={item.key}>
                <Anchor component={Link} to={`/annuaire/praticiens/${item.practitioner.id}`} size="sm" fw={600}>
                  {item.practitioner.displayName}
                </Anchor>
                {item.address ? (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    — {item.address}
                  </Text>
                ) : null}
              </li>
            ))}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}

export function PractitionersTab() {
  const { t } = useTranslation('directory');
  const labels = useDirectoryLabels();
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => draftFrom(params), [params]);
  const [draft, setDraft] = useState<Draft>(applied);
  const [postalError, setPostalError] = useState(false);
  const view = params.get('view') === 'map' ? 'map' : 'list';

  // Back/forward or a shared link: the form shows what is applied.
  useEffect(() => setDraft(applied), [applied]);

  const filters = useMemo(() => filtersFrom(applied), [applied]);
  const results = usePractitionerSearch(filters);
  const practitioners = results.data?.practitioners ?? [];
  const error = results.error;
  const qError = error instanceof ApiError ? error.fieldMessage('q') : undefined;
  const postalServerError = error instanceof ApiError ? error.fieldMessage('postalCode') : undefined;

  function apply(next: Draft, nextView = view) {
    if (!validPostalCode(next.postalCode)) {
      setPostalError(true);
      return;
    }
    setPostalError(false);
    const search = new URLSearchParams();
    const f = filtersFrom(next);
    for (const [key, value] of Object.entries(f)) if (value !== undefined) search.set(key, String(value));
    if (nextView === 'map') search.set('view', 'map');
    setParams(search);
  }

  /** Selects and switches apply at once; text fields on submit. */
  function change(patch: Partial<Draft>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    apply(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }

  const specialtyOptions = SPECIALTIES.map((code) => ({ value: code, label: labels.specialty(code) })).sort((a, b) => a.label.localeCompare(b.label));
  const languageOptions = LANGUAGE_CODES.map((code) => ({ value: code, label: labels.language(code) }));

  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="form" role="search" aria-label={t('search.form')} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label={t('search.q')}
                placeholder={t('search.qPlaceholder')}
                description={t('search.qHelp')}
                type="search"
                leftSection={<IconSearch size={16} aria-hidden="true" />}
                value={draft.q}
                onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value })}
                error={qError}
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, md: 6 }}>
              <Select
                label={t('search.specialty')}
                placeholder={t('search.anySpecialty')}
                data={specialtyOptions}
                value={draft.specialty || null}
                onChange={(value) => change({ specialty: value ?? '' })}
                searchable
                clearable
                nothingFoundMessage="—"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <TextInput
                label={t('search.postalCode')}
                description={t('search.postalCodeHelp')}
                value={draft.postalCode}
                onChange={(event) => {
                  setDraft({ ...draft, postalCode: event.currentTarget.value });
                  setPostalError(false);
                }}
                error={postalError ? t('search.postalCodeError') : postalServerError}
                inputMode="numeric"
                maxLength={5}
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <TextInput
                label={t('search.city')}
                value={draft.city}
                onChange={(event) => setDraft({ ...draft, city: event.currentTarget.value })}
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <Select
                label={t('search.language')}
                placeholder={t('search.anyLanguage')}
                data={languageOptions}
                value={draft.language || null}
                onChange={(value) => change({ language: value ?? '' })}
                searchable
                clearable
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <Select
                label={t('search.sex')}
                data={[
                  { value: '', label: t('any') },
                  { value: 'F', label: t('sex.F') },
                  { value: 'M', label: t('sex.M') },
                ]}
                value={draft.sex}
                onChange={(value) => change({ sex: (value ?? '') as Draft['sex'] })}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <Select
                label={t('search.teleconsultation')}
                data={[
                  { value: '', label: t('any') },
                  { value: 'true', label: t('search.teleconsultationYes') },
                  { value: 'false', label: t('search.teleconsultationNo') },
                ]}
                value={draft.teleconsultation}
                onChange={(value) => change({ teleconsultation: (value ?? '') as Draft['teleconsultation'] })}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <Checkbox
                label={t('search.partnersOnly')}
                checked={draft.partner}
                onChange={(event) => change({ partner: event.currentTarget.checked })}
                py={8}
              />
            </Grid.Col>
          </Grid>
          <Group gap="xs">
            <Button type="submit" leftSection={<IconSearch size={16} aria-hidden="true" />}>
              {t('search.submit')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconX size={16} aria-hidden="true" />}
              onClick={() => {
                setDraft(EMPTY);
                setPostalError(false);
                apply(EMPTY);
              }}
            >
              {t('search.reset')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      {error && !shownOnFields(error, ['q', 'postalCode']) ? <ErrorAlert error={error} /> : null}

      <Group justify="space-between" align="center" gap="sm">
        <ResultStatus pending={results.isPending}>{t('search.results', { count: practitioners.length })}</ResultStatus>
        <SegmentedControl
          aria-label={t('search.view')}
          value={view}
          onChange={(value) => apply(applied, value === 'map' ? 'map' : 'list')}
          data={[
            {
              value: 'list',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconList size={16} aria-hidden="true" />
                  <span>{t('search.list')}</span>
                </Group>
              ),
            },
            {
              value: 'map',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconMap2 size={16} aria-hidden="true" />
                  <span>{t('search.map')}</span>
                </Group>
              ),
            },
          ]}
        />
      </Group>

      {view === 'map' ? (
        <MapView practitioners={practitioners} />
      ) : (
        <DataTable
          minWidth={980}
          busy={results.isFetching}
          caption={t('search.results', { count: practitioners.length })}
          columns={[
            { key: 'name', label: t('columns.name') },
            { key: 'specialties', label: t('columns.specialties') },
            { key: 'city', label: t('columns.city') },
            { key: 'sector', label: t('columns.sector') },
            { key: 'languages', label: t('columns.languages') },
            { key: 'rating', label: t('columns.rating') },
            { key: 'network', label: t('columns.network') },
          ]}
          empty={!results.isPending && practitioners.length === 0 ? t('search.empty') : null}
        >
          <PractitionerRows practitioners={practitioners} />
        </DataTable>
      )}
    </Stack>
  );
}
