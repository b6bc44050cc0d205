// Recherche de praticiens on a request page: filters (initialised from what the server applied),
// the ranked list with each score's reasons, "Ajouter à la sélection", and the Sélection above it.
// Changing a filter refetches after a short pause; the previous list stays on screen meanwhile.
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  EmptyState,
  Grid,
  Group,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconAccessible,
  IconCheck,
  IconFilterOff,
  IconMapPin,
  IconPlus,
  IconRosetteDiscountCheck,
  IconSearch,
  IconStar,
  IconUserSearch,
  IconVideo,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert, Facts, SectionCard } from '../../app/components.tsx';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { type Request, SPECIALTIES } from '../requests/api.ts';
import { useSpecialtyLabel } from '../requests/ui.tsx';
import {
  type AppliedQuery,
  MATCHING_KEY,
  type Match,
  type MatchParams,
  type MatchResponse,
  type Mode,
  matchesKey,
  matchingApi,
  SECTORS,
  type Sector,
} from './api.ts';
import { CriteriaList } from './Criteria.tsx';
import { formatEuros, formatNumber, LANGUAGE_CODES, languageName } from './reasons.ts';
import { practitionerPath, Shortlist, useShortlist } from './Shortlist.tsx';

const DEFAULT_MAX_KM = 30;

/** What the advisor typed or picked; a key left undefined shows (and sends) the server's default. */
interface FilterForm {
  mode?: Mode;
  specialty?: string;
  maxKm?: number | string;
  postalCode?: string;
  language?: string | null;
  sex?: 'F' | 'M' | null;
  sectors?: Sector[];
  maxFee?: number | string;
  accessible?: boolean;
}

const isPostalCode = (value: string | undefined): value is string => /^\d{5}$/.test(value ?? '');

/** The query parameters of a form: invalid or empty inputs are left to the server's defaults. */
function toParams(form: FilterForm): MatchParams {
  const params: MatchParams = {};
  if (form.mode) params.mode = form.mode;
  if (form.specialty) params.specialty = form.specialty;
  if (typeof form.maxKm === 'number' && form.maxKm >= 1 && form.maxKm <= 200) params.maxKm = Math.round(form.maxKm);
  if (isPostalCode(form.postalCode?.trim())) params.postalCode = form.postalCode?.trim();
  if (form.language) params.language = form.language;
  if (form.sex) params.sex = form.sex;
  if (form.sectors?.length) params.sectors = form.sectors;
  if (typeof form.maxFee === 'number' && form.maxFee > 0) params.maxFee = form.maxFee;
  if (form.accessible) params.accessible = true;
  return params;
}

function Filters({
  form,
  setForm,
  applied,
  origin,
  fallback,
  fetching,
}: {
  form: FilterForm;
  setForm: (next: FilterForm) => void;
  applied: AppliedQuery | undefined;
  origin: MatchResponse['origin'] | undefined;
  fallback: { mode: Mode; specialty: string | null };
  fetching: boolean;
}) {
  const { t } = useTranslation('matching');
  const specialtyLabel = useSpecialtyLabel();
  const mode = form.mode ?? applied?.mode ?? fallback.mode;
  const tele = mode === 'teleconsultation';
  const specialty = form.specialty ?? applied?.specialty ?? fallback.specialty;
  const maxKm = form.maxKm ?? applied?.maxKm ?? DEFAULT_MAX_KM;
  const language = form.language !== undefined ? form.language : (applied?.language ?? null);
  const sex = form.sex !== undefined ? form.sex : (applied?.sex ?? null);
  const sectors = form.sectors ?? applied?.sectors ?? [];
  const maxFee = form.maxFee ?? applied?.maxFee ?? '';
  const accessible = form.accessible ?? applied?.accessible ?? false;
  const postalCode = form.postalCode ?? '';
  const postalError = postalCode.trim() && !isPostalCode(postalCode.trim()) ? t('filters.postalCodeInvalid') : undefined;
  const languageOptions = LANGUAGE_CODES.map((code) => ({ value: code, label: languageName(code, true) })).sort((a, b) =>
    a.label.localeCompare(b.label),
  );
  const specialtyOptions = SPECIALTIES.map((code) => ({ value: code, label: specialtyLabel(code) }));
  const originText = origin
    ? t(`origin.${origin.source}`, { label: origin.label })
    : applied && !tele
      ? t('origin.none')
      : t('filters.postalCodeDescription');

  return (
    <Paper bg="gray.0" p="md" radius="md" component="form" aria-label={t('filters.label')} onSubmit={(event) => event.preventDefault()}>
      <Stack gap="sm">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label={t('filters.mode')}
            value={mode}
            onChange={(value) => setForm({ ...form, mode: value as Mode })}
            data={[
              { value: 'in_person', label: t('filters.modes.in_person') },
              { value: 'teleconsultation', label: t('filters.modes.teleconsultation') },
            ]}
          />
          <Group gap="xs">
            {fetching ? (
              <Group gap={6} role="status">
                <Loader size="xs" aria-hidden="true" />
                <Text size="xs" c="dimmed">
                  {t('filters.updating')}
                </Text>
              </Group>
            ) : null}
            <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={14} aria-hidden="true" />} onClick={() => setForm({})}>
              {t('filters.reset')}
            </Button>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="sm">
          <Select
            label={t('filters.specialty')}
            data={specialtyOptions}
            value={specialty}
            onChange={(value) => value && setForm({ ...form, specialty: value })}
            searchable
            allowDeselect={false}
          />
          <NumberInput
            label={t('filters.maxKm')}
            min={1}
            max={200}
            clampBehavior="blur"
            allowDecimal={false}
            value={maxKm}
            onChange={(value) => setForm({ ...form, maxKm: value })}
            disabled={tele}
          />
          <TextInput
            label={t('filters.postalCode')}
            value={postalCode}
            onChange={(event) => setForm({ ...form, postalCode: event.currentTarget.value })}
            placeholder={origin?.source === 'client_address' ? origin.label : undefined}
            inputMode="numeric"
            maxLength={5}
            autoComplete="off"
            error={postalError}
            disabled={tele}
          />
          <Select
            label={t('filters.language')}
            placeholder={t('filters.anyLanguage')}
            data={languageOptions}
            value={language}
            onChange={(value) => setForm({ ...form, language: value })}
            clearable
            searchable
          />
          <Select
            label={t('filters.sex')}
            placeholder={t('filters.sexes.any')}
            data={[
              { value: 'F', label: t('filters.sexes.F') },
              { value: 'M', label: t('filters.sexes.M') },
            ]}
            value={sex}
            onChange={(value) => setForm({ ...form, sex: value === 'F' || value === 'M' ? value : null })}
            clearable
          />
          <NumberInput
            label={t('filters.maxFee')}
            min={0}
            max={10_000}
            allowNegative={false}
            value={maxFee}
            onChange={(value) => setForm({ ...form, maxFee: value })}
            suffix=" €"
          />
          <Switch
            label={t('filters.accessible')}
            checked={accessible}
            onChange={(event) => setForm({ ...form, accessible: event.currentTarget.checked })}
            mt={{ base: 0, xs: 30 }}
          />
        </SimpleGrid>
          <Checkbox.Group label={t('filters.sectors')} value={sectors} onChange={(value) => setForm({ ...form, sectors: value as Sector[] })}>
            <Group gap="md" mt={6}>
              {SECTORS.map((sector) => (
                <Checkbox key={sector} value={sector} label={t(`sector.${sector}`)} size="sm" />
              ))}
            </Group>
          </Checkbox.Group>
        <Group gap={6} wrap="nowrap" align="flex-start">
          {tele ? <IconVideo size={16} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} /> : <IconMapPin size={16} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />}
          <Text size="sm" data-testid="matching-origin">
            {tele ? t('applied.teleconsultation') : originText}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

/** "Filtres appliqués : Dermatologie · en cabinet à 30 km maximum · parle anglais · …". */
function AppliedFilters({ query }: { query: AppliedQuery }) {
  const { t } = useTranslation('matching');
  const specialty = useSpecialtyLabel();
  const parts = [
    specialty(query.specialty),
    query.mode === 'teleconsultation' ? t('applied.teleconsultation') : t('applied.in_person', { km: formatNumber(query.maxKm, 0) }),
    query.language ? t('applied.language', { language: languageName(query.language) }) : null,
    query.sex ? t(query.sex === 'F' ? 'applied.sexF' : 'applied.sexM') : null,
    query.sectors?.length ? t('applied.sectors', { sectors: query.sectors.map((sector) => t(`sector.${sector}`)).join(', ') }) : null,
    query.maxFee !== undefined && query.maxFee !== null ? t('applied.maxFee', { fee: formatEuros(query.maxFee * 100) }) : null,
    query.accessible ? t('applied.accessible') : null,
    t('applied.active'),
  ].filter(Boolean);
  return (
    <Text size="sm" c="dimmed" data-testid="matching-applied">
      <Text span fw={600} c="dark">
        {t('applied.title')}
        {t('common:colon')}
      </Text>
      {parts.join(' · ')}
    </Text>
  );
}

function ClientFacts({ data }: { data: MatchResponse }) {
  const { t } = useTranslation('matching');
  return (
    <Paper withBorder p="sm" radius="md" data-testid="matching-client">
      <Title order={3} size="h5" mb={6}>
        {t('client.title')}
      </Title>
      <Facts
        labelWidth={170}
        items={[
          {
            label: t('client.language'),
            value: data.preferredLanguage ? t('client.languageOther', { language: languageName(data.preferredLanguage, true) }) : t('client.languageFrench'),
          },
          { label: t('client.mutuelle'), value: data.coversOverruns ? t('client.covers') : t('client.notCovers') },
        ]}
      />
    </Paper>
  );
}

function MatchCard({
  match,
  shortlisted,
  adding,
  onAdd,
  mode,
}: {
  match: Match;
  shortlisted: boolean;
  adding: boolean;
  onAdd: () => void;
  mode: Mode;
}) {
  const { t } = useTranslation('matching');
  const specialty = useSpecialtyLabel();
  const { practitioner, place } = match;
  const name = practitioner.displayName;
  const headingId = `match-${practitioner.id}`;
  const where = place ? [place.name, [place.postalCode, place.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : null;
  const distance =
    mode === 'teleconsultation' ? t('results.teleconsultation') : match.distanceKm !== null ? t('results.distance', { km: formatNumber(match.distanceKm) }) : null;

  return (
    <Paper component="li" withBorder p="md" radius="md" aria-labelledby={headingId} data-testid="match" data-practitioner={practitioner.id} data-score={match.score}>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap={6}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon radius="xl" size={32} variant="light" aria-hidden="true" style={{ flexShrink: 0 }}>
                <Text fw={700} size="sm">
                  {match.rank}
                </Text>
              </ThemeIcon>
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Title order={3} size="h4" id={headingId}>
                  <span className="visually-hidden-label">{t('results.rank', { rank: match.rank })} — </span>
                  <Anchor component={Link} to={practitionerPath(practitioner.id)} inherit>
                    {name}
                  </Anchor>
                </Title>
                <Text size="sm" c="dimmed">
                  {practitioner.specialties.length ? practitioner.specialties.map((code) => specialty(code)).join(', ') : practitioner.profession}
                </Text>
              </Stack>
            </Group>
            <Group gap={6} wrap="wrap">
              {practitioner.networkStatus === 'partner' ? (
                <Badge color="teal" variant="filled" leftSection={<IconRosetteDiscountCheck size={14} aria-hidden="true" />}>
                  {t('results.partner')}
                </Badge>
              ) : null}
              <Badge color="gray" variant="light">
                {t(`sector.${practitioner.sector ?? 'unknown'}`)}
              </Badge>
              {place?.accessible ? (
                <Badge color="blue" variant="light" leftSection={<IconAccessible size={14} aria-hidden="true" />}>
                  {t('filters.accessible')}
                </Badge>
              ) : null}
              {practitioner.acceptsNewPatients === false ? (
                <Badge color="orange" variant="light">
                  {t('results.notAcceptingNew')}
                </Badge>
              ) : null}
            </Group>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <IconMapPin size={16} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
              <Text size="sm">
                {where ?? t('results.noPlace')}
                {distance ? (
                  <Text span fw={600}>
                    {' · '}
                    {distance}
                  </Text>
                ) : null}
              </Text>
            </Group>
            <Group gap={6} wrap="nowrap">
              <IconStar size={16} aria-hidden="true" style={{ flexShrink: 0 }} />
              <Text size="sm" data-testid="match-rating">
                {practitioner.rating.count > 0 && practitioner.rating.mean !== null
                  ? t('results.ratingValue', { mean: formatNumber(practitioner.rating.mean), count: practitioner.rating.count })
                  : t('results.noRating')}
              </Text>
            </Group>
            {practitioner.languages.length ? (
              <Text size="xs" c="dimmed">
                {practitioner.languages.map((code) => languageName(code, true)).join(', ')}
              </Text>
            ) : null}
            <Button
              mt={4}
              w="fit-content"
              variant={shortlisted ? 'light' : 'filled'}
              leftSection={shortlisted ? <IconCheck size={16} aria-hidden="true" /> : <IconPlus size={16} aria-hidden="true" />}
              disabled={shortlisted}
              loading={adding}
              onClick={onAdd}
              aria-label={shortlisted ? `${t('results.added')} — ${name}` : `${t('results.add')} — ${name}`}
            >
              {shortlisted ? t('results.added') : t('results.add')}
            </Button>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap={8}>
            <Group justify="space-between" align="baseline" gap="xs">
              <Text size="sm" fw={600}>
                {t('results.reasons')}
              </Text>
              <Text fz={24} fw={800} c="parcours.8" lh={1} data-testid="match-score" aria-label={t('results.scoreLabel', { score: match.score })} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {match.score}
                <Text span size="sm" c="dimmed" fw={500}>
                  /100
                </Text>
              </Text>
            </Group>
            <CriteriaList criteria={match.criteria} testId="match-reasons" />
          </Stack>
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

export function MatchingPanel({ request }: { request: Request }) {
  const { t } = useTranslation('matching');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<FilterForm>({});
  const params = toParams(form);
  // Debounce a string: a new params object each render must not restart the timer.
  const [debounced] = useDebouncedValue(JSON.stringify(params), 400);
  const sent = useMemo(() => JSON.parse(debounced) as MatchParams, [debounced]);
  const fallback = { mode: (request.kind === 'teleconsultation' ? 'teleconsultation' : 'in_person') as Mode, specialty: request.specialty };

  const matches = useQuery({
    queryKey: matchesKey(request.id, request.specialty, sent),
    queryFn: ({ signal }) => matchingApi.matches(request.id, sent, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const data = matches.data;
  const shortlist = useShortlist(request.id);
  const inShortlist = new Set((shortlist.data?.items ?? []).map((item) => item.practitioner.id));

  const add = useMutation({
    mutationFn: (match: Match) =>
      matchingApi.addToShortlist(request.id, {
        practitionerId: match.practitioner.id,
        ...(match.place ? { placeId: match.place.id } : {}),
        ...(data?.query.specialty ? { specialty: data.query.specialty } : {}),
        ...(data?.query.mode ? { mode: data.query.mode } : {}),
        ...(data?.query.maxKm ? { maxKm: data.query.maxKm } : {}),
        ...(sent.postalCode ? { postalCode: sent.postalCode } : {}),
      }),
    onSuccess: (_, match) => {
      notifySuccess(t('results.addedToast', { name: match.practitioner.displayName }));
      void queryClient.invalidateQueries({ queryKey: [...MATCHING_KEY, request.id] });
    },
    onError: notifyError,
  });

  const results = data?.results ?? [];
  const mode = data?.query.mode ?? fallback.mode;
  const maxKm = data?.query.maxKm ?? DEFAULT_MAX_KM;
  const filtered = Boolean(data && (data.query.language || data.query.sex || data.query.sectors?.length || data.query.maxFee || data.query.accessible));

  return (
    <Stack gap="lg" mt="lg">
      <Shortlist requestId={request.id} />
      <SectionCard title={t('title')} id="request-matching" icon={<IconUserSearch size={22} aria-hidden="true" />}>
        <Stack gap="md" data-testid="matching-panel">
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
          <Filters
            form={form}
            setForm={setForm}
            applied={data?.query}
            origin={data?.origin}
            fallback={fallback}
            fetching={matches.isFetching}
          />
          <ErrorAlert error={matches.error} />
          {data ? (
            <>
              <AppliedFilters query={data.query} />
              <ClientFacts data={data} />
              <Text size="sm" c="dimmed" role="status" aria-live="polite">
                {t('results.count', { count: results.length })}
              </Text>
              {results.length ? (
                <Stack
                  component="ol"
                  gap="sm"
                  p={0}
                  m={0}
                  style={{ listStyle: 'none', opacity: matches.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
                  aria-label={t('results.label')}
                  aria-busy={matches.isFetching}
                  data-testid="matches"
                >
                  {results.map((match) => (
                    <MatchCard
                      key={`${match.practitioner.id}:${match.place?.id ?? ''}`}
                      match={match}
                      mode={mode}
                      shortlisted={match.shortlisted || inShortlist.has(match.practitioner.id)}
                      adding={add.isPending && add.variables?.practitioner.id === match.practitioner.id}
                      onAdd={() => add.mutate(match)}
                    />
                  ))}
                </Stack>
              ) : (
                <EmptyState
                  icon={<IconSearch size={28} aria-hidden="true" />}
                  title={t('results.emptyTitle')}
                  description={t('results.emptyText')}
                  data-testid="matches-empty"
                >
                  <EmptyState.Actions>
                    {mode === 'in_person' && maxKm < 200 ? (
                      <Button variant="light" onClick={() => setForm({ ...form, maxKm: Math.min(200, maxKm * 2) })}>
                        {t('results.widen', { km: Math.min(200, maxKm * 2) })}
                      </Button>
                    ) : null}
                    {filtered ? (
                      <Button
                        variant="light"
                        onClick={() =>
                          setForm({ mode: form.mode, specialty: form.specialty, maxKm: form.maxKm, postalCode: form.postalCode, language: null, sex: null, sectors: [], maxFee: '', accessible: false })
                        }
                      >
                        {t('results.clearFilters')}
                      </Button>
                    ) : null}
                    {mode === 'in_person' ? (
                      <Button variant="default" onClick={() => setForm({ ...form, mode: 'teleconsultation' })}>
                        {t('results.tryTele')}
                      </Button>
                    ) : null}
                  </EmptyState.Actions>
                </EmptyState>
              )}
            </>
          ) : matches.isPending ? (
            <Group justify="center" py="lg" role="status">
              <Loader aria-label={t('common:loading')} />
            </Group>
          ) : null}
        </Stack>
      </SectionCard>
    </Stack>
  );
}
