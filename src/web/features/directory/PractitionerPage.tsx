// Fiche praticien (/annuaire/praticiens/:id): identity from the national directory (RPPS,
// profession, specialties), places (accessibility, coordinates), fees, what the team knows
// (languages, sector, teleconsultation, new patients, notes), the partner switch (refused by the
// server without a valid verification), the verifications, and the reviews.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconEdit, IconMapPin, IconMapPinOff, IconShieldPlus } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { DataTable, ErrorAlert, Facts, PageHeader, PageLoadState, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate, formatDateTime, formatPhone } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import {
  FEE_KINDS,
  type Fees,
  LANGUAGE_CODES,
  type Place,
  type Practitioner,
  SECTORS,
  type Sector,
  useAddPractitionerReview,
  useAddVerification,
  usePractitioner,
  useUpdatePlace,
  useUpdatePractitioner,
  type Verification,
} from './api.ts';
import { ScheduleSection } from '../scheduling/ScheduleEditor.tsx';
import { formatCoordinates, formatEuros, NetworkBadge, placeAddress, ReviewsSection, useDirectoryLabels, VerificationBadge } from './ui.tsx';

function IdentityCard({ practitioner }: { practitioner: Practitioner }) {
  const { t } = useTranslation('directory');
  const labels = useDirectoryLabels();
  return (
    <SectionCard title={t('practitioner.identity')} id="practitioner-identity" fill>
      <Facts
        items={[
          { label: t('practitioner.rpps'), value: practitioner.rpps ? <Text ff="monospace" span>{practitioner.rpps}</Text> : t('practitioner.noRpps') },
          { label: t('practitioner.profession'), value: practitioner.profession },
          { label: t('practitioner.specialties'), value: labels.specialties(practitioner.specialties) },
          { label: t('practitioner.sex'), value: practitioner.sex ? t(`sex.${practitioner.sex}`) : null },
        ]}
      />
    </SectionCard>
  );
}

function PartnerSwitch({ practitioner }: { practitioner: Practitioner }) {
  const { t } = useTranslation('directory');
  const update = useUpdatePractitioner(practitioner.id);
  const refused = update.error instanceof ApiError && update.error.code === 'verification_required' ? update.error : null;
  return (
    <Stack gap="xs">
      <Switch
        size="md"
        label={t('practitioner.partner')}
        description={t('practitioner.partnerHelp')}
        checked={practitioner.networkStatus === 'partner'}
        disabled={update.isPending}
        onChange={(event) => {
          const partner = event.currentTarget.checked;
          update.mutate(
            { networkStatus: partner ? 'partner' : 'none' },
            { onSuccess: () => notifySuccess(partner ? t('practitioner.partnerOn') : t('practitioner.partnerOff')) },
          );
        }}
      />
      {refused ? (
        <Alert color="orange" role="alert" title={t('practitioner.verificationRequiredTitle')} icon={<IconAlertTriangle aria-hidden="true" />}>
          <Stack gap={4}>
            <Text size="sm">{refused.message}</Text>
            <Anchor href="#verifications" size="sm">
              {t('verifications.add')}
            </Anchor>
          </Stack>
        </Alert>
      ) : update.error ? (
        <ErrorAlert error={update.error} />
      ) : null}
    </Stack>
  );
}

interface TeamDraft {
  languages: string[];
  sector: Sector | '';
  teleconsultation: boolean;
  acceptsNewPatients: '' | 'true' | 'false';
  teamNotes: string;
}

function teamDraftOf(practitioner: Practitioner): TeamDraft {
  return {
    languages: practitioner.languages,
    sector: practitioner.sector ?? '',
    teleconsultation: practitioner.teleconsultation,
    acceptsNewPatients: practitioner.acceptsNewPatients === null ? '' : practitioner.acceptsNewPatients ? 'true' : 'false',
    teamNotes: practitioner.teamNotes ?? '',
  };
}

function TeamCard({ practitioner }: { practitioner: Practitioner }) {
  const { t } = useTranslation('directory');
  const labels = useDirectoryLabels();
  const update = useUpdatePractitioner(practitioner.id);
  const [draft, setDraft] = useState<TeamDraft>(() => teamDraftOf(practitioner));
  const [editing, setEditing] = useState(false);
  const serverError = update.error instanceof ApiError ? update.error : null;
  const languageCodes = Array.from(new Set([...LANGUAGE_CODES, ...practitioner.languages]));

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        languages: draft.languages,
        sector: draft.sector || null,
        teleconsultation: draft.teleconsultation,
        acceptsNewPatients: draft.acceptsNewPatients === '' ? null : draft.acceptsNewPatients === 'true',
        teamNotes: draft.teamNotes.trim() || null,
      },
      {
        onSuccess: () => {
          notifySuccess(t('practitioner.saved'));
          setEditing(false);
        },
      },
    );
  }

  const yesNo = (value: boolean | null) => (value === null ? t('unknown') : value ? t('yes') : t('no'));

  return (
    <SectionCard
      title={t('practitioner.team')}
      id="practitioner-team"
      fill
      actions={
        editing ? null : (
          <Button
            variant="light"
            size="xs"
            leftSection={<IconEdit size={16} aria-hidden="true" />}
            onClick={() => {
              setDraft(teamDraftOf(practitioner));
              update.reset();
              setEditing(true);
            }}
          >
            {t('providers.edit')}
            <span className="visually-hidden-label"> — {t('practitioner.team')}</span>
          </Button>
        )
      }
    >
      <Stack gap="md">
        <PartnerSwitch practitioner={practitioner} />
        {editing ? (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('practitioner.teamHelp')}
              </Text>
              {update.error && !shownOnFields(update.error, ['languages', 'sector', 'teamNotes']) ? <ErrorAlert error={update.error} /> : null}
              <MultiSelect
                label={t('practitioner.languages')}
                data={languageCodes.map((code) => ({ value: code, label: labels.language(code) }))}
                value={draft.languages}
                onChange={(languages) => setDraft({ ...draft, languages })}
                error={serverError?.fieldMessage('languages')}
                searchable
                clearable
              />
              <Select
                label={t('practitioner.sector')}
                placeholder={t('unknown')}
                data={SECTORS.map((sector) => ({ value: sector, label: labels.sector(sector) ?? sector }))}
                value={draft.sector || null}
                onChange={(value) => setDraft({ ...draft, sector: (value ?? '') as Sector | '' })}
                error={serverError?.fieldMessage('sector')}
                clearable
              />
              <Select
                label={t('practitioner.acceptsNewPatients')}
                data={[
                  { value: '', label: t('unknown') },
                  { value: 'true', label: t('yes') },
                  { value: 'false', label: t('no') },
                ]}
                value={draft.acceptsNewPatients}
                onChange={(value) => setDraft({ ...draft, acceptsNewPatients: (value ?? '') as TeamDraft['acceptsNewPatients'] })}
                allowDeselect={false}
              />
              <Switch
                label={t('practitioner.teleconsultation')}
                checked={draft.teleconsultation}
                onChange={(event) => setDraft({ ...draft, teleconsultation: event.currentTarget.checked })}
              />
              <Textarea
                label={t('practitioner.teamNotes')}
                value={draft.teamNotes}
                onChange={(event) => setDraft({ ...draft, teamNotes: event.currentTarget.value })}
                error={serverError?.fieldMessage('teamNotes')}
                autosize
                minRows={3}
                maxLength={5000}
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setEditing(false)}>
                  {t('common:actions.cancel')}
                </Button>
                <Button type="submit" loading={update.isPending}>
                  {t('common:actions.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Facts
            labelWidth={200}
            items={[
              { label: t('practitioner.languages'), value: labels.languages(practitioner.languages) },
              { label: t('practitioner.sector'), value: labels.sector(practitioner.sector) },
              { label: t('practitioner.teleconsultation'), value: yesNo(practitioner.teleconsultation) },
              { label: t('practitioner.acceptsNewPatients'), value: yesNo(practitioner.acceptsNewPatients) },
              { label: t('practitioner.teamNotes'), value: practitioner.teamNotes ? <span className="pre-wrap">{practitioner.teamNotes}</span> : null },
            ]}
          />
        )}
      </Stack>
    </SectionCard>
  );
}

function PlaceItem({ practitionerId, place }: { practitionerId: string; place: Place }) {
  const { t } = useTranslation('directory');
  const update = useUpdatePlace(practitionerId);
  const coordinates = formatCoordinates(place.latitude, place.longitude);
  return (
    <Paper component="li" withBorder p="sm">
      <Stack gap={6}>
        <Text fw={600}>{place.name ?? placeAddress(place)}</Text>
        <Facts
          labelWidth={150}
          items={[
            { label: t('practitioner.address'), value: placeAddress(place) },
            { label: t('practitioner.phone'), value: place.phone ? <Anchor href={`tel:${place.phone}`}>{formatPhone(place.phone)}</Anchor> : null },
            ...(place.finess ? [{ label: t('practitioner.finess'), value: <Text ff="monospace" span>{place.finess}</Text> }] : []),
            {
              label: t('practitioner.coordinates'),
              value: coordinates ? (
                <Group gap={4} wrap="nowrap">
                  <IconMapPin size={16} aria-hidden="true" />
                  <span>{coordinates}</span>
                </Group>
              ) : (
                <Group gap={4} wrap="nowrap" c="dimmed">
                  <IconMapPinOff size={16} aria-hidden="true" />
                  <span>{t('practitioner.notGeolocated')}</span>
                </Group>
              ),
            },
          ]}
        />
        <Switch
          label={t('practitioner.accessible')}
          description={place.accessible === null ? t('practitioner.accessibleUnknown') : undefined}
          checked={place.accessible === true}
          disabled={update.isPending}
          onChange={(event) =>
            update.mutate({ placeId: place.id, patch: { accessible: event.currentTarget.checked } }, { onSuccess: () => notifySuccess(t('practitioner.accessibleSaved')), onError: notifyError })
          }
        />
      </Stack>
    </Paper>
  );
}

function PlacesCard({ practitioner }: { practitioner: Practitioner }) {
  const { t } = useTranslation('directory');
  return (
    <SectionCard title={t('practitioner.places')} id="practitioner-places" fill>
      {practitioner.places.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('practitioner.noPlaces')}
        </Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {practitioner.places.map((place) => (
            <PlaceItem key={place.id} practitionerId={practitioner.id} place={place} />
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}

function FeesCard({ practitioner }: { practitioner: Practitioner }) {
  const { t } = useTranslation('directory');
  const update = useUpdatePractitioner(practitioner.id);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Partial<Record<keyof Fees, number | ''>>>({});
  const decimalSeparator = currentLanguage() === 'en' ? '.' : ',';

  function start() {
    const next: Partial<Record<keyof Fees, number | ''>> = {};
    for (const kind of FEE_KINDS) {
      const cents = practitioner.fees[kind];
      next[kind] = cents === undefined ? '' : cents / 100;
    }
    setDraft(next);
    update.reset();
    setEditing(true);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const fees: Fees = {};
    for (const kind of FEE_KINDS) {
      const euros = draft[kind];
      if (typeof euros === 'number' && Number.isFinite(euros)) fees[kind] = Math.round(euros * 100);
    }
    update.mutate(
      { fees },
      {
        onSuccess: () => {
          notifySuccess(t('practitioner.saved'));
          setEditing(false);
        },
      },
    );
  }

  return (
    <SectionCard
      title={t('practitioner.fees')}
      id="practitioner-fees"
      fill
      actions={
        editing ? null : (
          <Button variant="light" size="xs" leftSection={<IconEdit size={16} aria-hidden="true" />} onClick={start}>
            {t('providers.edit')}
            <span className="visually-hidden-label"> — {t('practitioner.fees')}</span>
          </Button>
        )
      }
    >
      {editing ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('practitioner.feesHelp')}
            </Text>
            <ErrorAlert error={update.error} />
            {FEE_KINDS.map((kind) => (
              <NumberInput
                key={kind}
                label={`${t(`practitioner.feeKinds.${kind}`)} (€)`}
                value={draft[kind] ?? ''}
                onChange={(value) => setDraft({ ...draft, [kind]: typeof value === 'number' ? value : value === '' ? '' : Number(String(value).replace(',', '.')) })}
                min={0}
                max={10000}
                decimalScale={2}
                decimalSeparator={decimalSeparator}
                allowNegative={false}
                hideControls
                rightSection={<Text size="sm" c="dimmed" aria-hidden="true">€</Text>}
              />
            ))}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(false)}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" loading={update.isPending}>
                {t('common:actions.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Facts
          labelWidth={200}
          items={FEE_KINDS.map((kind) => ({
            label: t(`practitioner.feeKinds.${kind}`),
            value: practitioner.fees[kind] === undefined ? t('practitioner.noFee') : formatEuros(practitioner.fees[kind]),
          }))}
        />
      )}
    </SectionCard>
  );
}

function VerificationForm({ practitionerId, onDone }: { practitionerId: string; onDone: () => void }) {
  const { t } = useTranslation('directory');
  const add = useAddVerification(practitionerId);
  const [rppsChecked, setRppsChecked] = useState(true);
  const [licenceChecked, setLicenceChecked] = useState(true);
  const [certifications, setCertifications] = useState('');
  const [evidence, setEvidence] = useState('');
  const [months, setMonths] = useState<number | ''>(12);
  const [errors, setErrors] = useState<{ evidence?: string; months?: string }>({});
  const serverError = add.error instanceof ApiError ? add.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!evidence.trim()) next.evidence = t('verifications.evidenceRequired');
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 36) next.months = t('verifications.monthsError');
    setErrors(next);
    if (next.evidence || next.months) return;
    add.mutate(
      { rppsChecked, licenceChecked, evidence: evidence.trim(), validMonths: months as number, ...(certifications.trim() ? { certifications: certifications.trim() } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t('verifications.saved'));
          onDone();
        },
      },
    );
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="verification-form-title">
      <Stack gap="sm">
        <Text fw={600} id="verification-form-title">
          {t('verifications.addTitle')}
        </Text>
        {add.error && !shownOnFields(add.error, ['evidence', 'validMonths', 'certifications']) ? <ErrorAlert error={add.error} /> : null}
        <Group gap="xl">
          <Checkbox label={t('verifications.rppsChecked')} checked={rppsChecked} onChange={(event) => setRppsChecked(event.currentTarget.checked)} />
          <Checkbox label={t('verifications.licenceChecked')} checked={licenceChecked} onChange={(event) => setLicenceChecked(event.currentTarget.checked)} />
        </Group>
        <TextInput
          label={t('verifications.certifications')}
          value={certifications}
          onChange={(event) => setCertifications(event.currentTarget.value)}
          error={serverError?.fieldMessage('certifications')}
        />
        <Textarea
          label={t('verifications.evidence')}
          description={t('verifications.evidenceHelp')}
          value={evidence}
          onChange={(event) => setEvidence(event.currentTarget.value)}
          error={errors.evidence ?? serverError?.fieldMessage('evidence')}
          required
          autosize
          minRows={2}
          maxLength={2000}
        />
        <NumberInput
          label={t('verifications.validMonths')}
          value={months}
          onChange={(value) => setMonths(typeof value === 'number' ? value : value === '' ? '' : Number(value))}
          error={errors.months ?? serverError?.fieldMessage('validMonths')}
          min={1}
          max={36}
          step={1}
          allowDecimal={false}
          allowNegative={false}
          w={220}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending}>
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function VerificationsSection({ practitioner, verifications }: { practitioner: Practitioner; verifications: Verification[] }) {
  const { t } = useTranslation('directory');
  const [adding, setAdding] = useState(false);
  const yesNo = (value: boolean) => (value ? t('yes') : t('no'));
  return (
    <SectionCard
      title={t('verifications.title')}
      id="verifications"
      actions={
        adding ? null : (
          <Button variant="light" size="xs" leftSection={<IconShieldPlus size={16} aria-hidden="true" />} onClick={() => setAdding(true)}>
            {t('verifications.add')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            {t('verifications.status')}
            {t('common:colon')}
          </Text>
          <VerificationBadge verification={practitioner.verification} />
        </Group>
        {adding ? <VerificationForm practitionerId={practitioner.id} onDone={() => setAdding(false)} /> : null}
        <DataTable
          minWidth={900}
          verticalSpacing="xs"
          columns={[
            { key: 'when', label: t('verifications.when') },
            { key: 'who', label: t('verifications.who') },
            { key: 'rpps', label: t('verifications.rppsChecked') },
            { key: 'licence', label: t('verifications.licenceChecked') },
            { key: 'certifications', label: t('verifications.certifications') },
            { key: 'evidence', label: t('verifications.evidence') },
            { key: 'validUntil', label: t('verifications.validUntil') },
          ]}
          empty={verifications.length === 0 ? t('verifications.empty') : null}
        >
          {verifications.map((verification) => (
            <Table.Tr key={verification.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDateTime(verification.checkedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{verification.checkedBy.name}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{yesNo(verification.rppsChecked)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{yesNo(verification.licenceChecked)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{verification.certifications ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="pre-wrap">
                  {verification.evidence}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatCalendarDate(verification.expiresOn)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Stack>
    </SectionCard>
  );
}

export function PractitionerPage() {
  const { t } = useTranslation('directory');
  const { id = '' } = useParams();
  const location = useLocation();
  const detail = usePractitioner(id);
  const addReview = useAddPractitionerReview(id);
  const loaded = Boolean(detail.data);

  // A link to a section (#verifications from the "À revérifier" list): scroll there once loaded.
  useEffect(() => {
    if (!loaded || !location.hash) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView({ block: 'start' });
  }, [loaded, location.hash]);

  if (!detail.data)
    return <PageLoadState isPending={detail.isPending} error={detail.error} title={t('practitioner.notFound')} backTo="/annuaire" backLabel={t('practitioner.back')} />;

  const { practitioner, verifications, reviews } = detail.data;
  return (
    <>
      <Anchor component={Link} to="/annuaire" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden="true" />
          {t('practitioner.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={practitioner.displayName}
        actions={
          <Group gap="xs">
            <NetworkBadge status={practitioner.networkStatus} />
            <VerificationBadge verification={practitioner.verification} />
            {!practitioner.active ? (
              <Badge color="gray" variant="outline">
                {t('practitioner.inactive')}
              </Badge>
            ) : null}
          </Group>
        }
      />
      <Stack gap="lg">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <IdentityCard practitioner={practitioner} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TeamCard practitioner={practitioner} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <PlacesCard practitioner={practitioner} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <FeesCard practitioner={practitioner} />
          </Grid.Col>
        </Grid>
        <VerificationsSection practitioner={practitioner} verifications={verifications} />
        <ScheduleSection practitionerId={practitioner.id} places={practitioner.places} />
        <ReviewsSection rating={practitioner.rating} reviews={reviews} mutation={addReview} />
      </Stack>
    </>
  );
}
