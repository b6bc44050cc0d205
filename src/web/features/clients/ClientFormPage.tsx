// Nouveau client (/clients/nouveau) and Modifier (/clients/:id/modifier): identity with the INS
// strict traits and RNIV status, contact details, trusted person and relatives, GP, insurance and
// (on creation) the encrypted medical basics. Server field errors show next to their fields; a
// possible duplicate (409) is shown with "open the existing record" and "create anyway".
import {
  Alert,
  Anchor,
  Button,
  Center,
  Fieldset,
  Group,
  List,
  Loader,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCopy, IconDeviceFloppy, IconLock, IconPlus, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, PageHeader } from '../../app/components.tsx';
import { formatCalendarDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import {
  AMO_SCHEMES,
  CLIENTS_KEY,
  type Client,
  type ClientSummary,
  clientsApi,
  IDENTITY_DOCUMENT_TYPES,
  IDENTITY_STATUSES,
  type IdentityDocumentType,
  type IdentityStatus,
} from './api.ts';
import {
  type ClientDraft,
  type ContactDraft,
  checkDraft,
  EMPTY_CONTACT,
  EMPTY_DRAFT,
  fromClient,
  type LocalErrors,
  medicalOf,
  placeOf,
  toInput,
} from './form.ts';
import { PharmacyPicker } from './PharmacyPicker.tsx';
import { IdentityStatusBadge } from './ui.tsx';

const LANGUAGE_CODES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'ar', 'zh'] as const;

function FormSection({ title, id, children, description }: { title: string; id: string; children: ReactNode; description?: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb={description ? 4 : 'md'}>
        {title}
      </Title>
      {description ? <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>{description}</div> : null}
      <Stack gap="md">{children}</Stack>
    </Paper>
  );
}

function DuplicateAlert({
  duplicates,
  onCreateAnyway,
  creating,
}: {
  duplicates: ClientSummary[];
  onCreateAnyway: () => void;
  creating: boolean;
}) {
  const { t } = useTranslation('clients');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="orange"
      role="alert"
      title={t('duplicate.title')}
      icon={<IconCopy aria-hidden="true" />}
      data-testid="duplicate-alert"
    >
      <Stack gap="sm">
        <Text size="sm">{t('duplicate.text')}</Text>
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {duplicates.map((client) => (
            <Paper component="li" key={client.id} withBorder p="xs">
              <Group justify="space-between" gap="xs">
                <Stack gap={0}>
                  <Text size="sm" fw={600}>
                    {client.displayName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {client.number} · {formatCalendarDate(client.birthDate)}
                  </Text>
                </Stack>
                <Group gap="xs">
                  <IdentityStatusBadge status={client.identityStatus} />
                  <Button component={Link} to={`/clients/${client.id}`} size="xs" variant="white" color="orange">
                    {t('duplicate.open')}
                  </Button>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
        <Button variant="outline" color="orange" w="fit-content" onClick={onCreateAnyway} loading={creating}>
          {t('duplicate.createAnyway')}
        </Button>
      </Stack>
    </Alert>
  );
}

function ClientForm({ client }: { client?: Client }) {
  const { t } = useTranslation('clients');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = params.get('suite');
  const editing = client !== undefined;
  const [draft, setDraft] = useState<ClientDraft>(() => (client ? fromClient(client) : EMPTY_DRAFT));
  const [localErrors, setLocalErrors] = useState<LocalErrors>({});
  const [duplicates, setDuplicates] = useState<ClientSummary[] | null>(null);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const save = useMutation({
    mutationFn: async (confirmNotDuplicate: boolean) => {
      const input = toInput(draft);
      if (client) return clientsApi.update(client.id, input);
      return clientsApi.create({ ...input, medical: medicalOf(draft), ...(confirmNotDuplicate ? { confirmNotDuplicate } : {}) });
    },
    onSuccess: ({ client: saved }) => {
      setDuplicates(null);
      queryClient.setQueryData([...CLIENTS_KEY, 'detail', saved.id], { client: saved });
      void queryClient.invalidateQueries({ queryKey: [...CLIENTS_KEY, 'search'] });
      notifySuccess(editing ? t('saved') : t('created', { number: saved.number }));
      if (!editing && next === 'demande') navigate(`/demandes/nouvelle?client=${saved.id}`);
      else navigate(`/clients/${saved.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'possible_duplicate') {
        const list = Array.isArray(error.body.duplicates) ? (error.body.duplicates as ClientSummary[]) : [];
        setDuplicates(list);
      } else {
        setDuplicates(null);
        setAttempt((value) => value + 1);
      }
    },
  });

  const serverError = save.error instanceof ApiError && save.error.code !== 'possible_duplicate' ? save.error : null;
  const { serverErrors, unplaced } = useMemo(() => {
    const placed: Record<string, string> = {};
    const rest: string[] = [];
    for (const field of serverError?.fields ?? []) {
      const place = placeOf(field.path);
      if (place && !placed[place]) placed[place] = field.message;
      else if (!place) rest.push(field.message);
    }
    return { serverErrors: placed, unplaced: rest };
  }, [serverError]);
  const err = (path: string): string | undefined => localErrors[path] ?? serverErrors[path];

  // After a failed submit, move focus to the first field in error.
  useEffect(() => {
    if (attempt === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [attempt]);

  const set = <K extends keyof ClientDraft>(key: K, value: ClientDraft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const setContact = (index: number | 'trusted', patch: Partial<ContactDraft>) =>
    setDraft((previous) =>
      index === 'trusted'
        ? { ...previous, trusted: { ...previous.trusted, ...patch } }
        : { ...previous, relatives: previous.relatives.map((item, i) => (i === index ? { ...item, ...patch } : item)) },
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkDraft(draft, t);
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((value) => value + 1);
      return;
    }
    save.mutate(false);
  }

  const needsDocument = draft.identityStatus === 'VALI' || draft.identityStatus === 'QUAL';
  const statusOptions = IDENTITY_STATUSES.map((status) => ({
    value: status,
    label: `${t(`identityStatus.${status}`)} (${status}) — ${t(`identityStatusHelp.${status}`)}`,
  }));
  const documentOptions = IDENTITY_DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`documentTypes.${type}`) }));
  const today = new Date().toISOString().slice(0, 10);
  const hasErrors = Object.keys(localErrors).length > 0 || (serverError?.fields.length ?? 0) > 0;

  const contactFields = (index: number | 'trusted', value: ContactDraft, prefix: string) => (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <TextInput
        label={t('fields.name')}
        value={value.name}
        onChange={(event) => setContact(index, { name: event.currentTarget.value })}
        error={err(`${prefix}.name`)}
        autoComplete="off"
      />
      <TextInput
        label={t('fields.relation')}
        placeholder={t('fields.relationPlaceholder')}
        value={value.relation}
        onChange={(event) => setContact(index, { relation: event.currentTarget.value })}
        error={err(`${prefix}.relation`)}
        autoComplete="off"
      />
      <TextInput
        label={t('fields.phone')}
        type="tel"
        value={value.phone}
        onChange={(event) => setContact(index, { phone: event.currentTarget.value })}
        error={err(`${prefix}.phone`)}
        autoComplete="off"
      />
      <TextInput
        label={t('fields.email')}
        type="email"
        value={value.email}
        onChange={(event) => setContact(index, { email: event.currentTarget.value })}
        error={err(`${prefix}.email`)}
        autoComplete="off"
      />
    </SimpleGrid>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="lg">
        {duplicates ? <DuplicateAlert duplicates={duplicates} onCreateAnyway={() => save.mutate(true)} creating={save.isPending} /> : null}
        {serverError && serverError.fields.length === 0 ? <ErrorAlert error={serverError} /> : null}
        {hasErrors ? (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />} title={t('validation.fixFields')}>
            {unplaced.length ? (
              <List size="sm">
                {unplaced.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}

        <FormSection title={t('sections.identity')} id="client-identity">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('fields.birthName')}
              required
              value={draft.birthName}
              onChange={(event) => set('birthName', event.currentTarget.value)}
              error={err('birthName')}
              autoComplete="off"
              styles={{ input: { textTransform: 'uppercase' } }}
            />
            <TextInput
              label={t('fields.usedName')}
              value={draft.usedName}
              onChange={(event) => set('usedName', event.currentTarget.value)}
              error={err('usedName')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.firstName')}
              required
              value={draft.firstName}
              onChange={(event) => set('firstName', event.currentTarget.value)}
              error={err('firstNames.0') ?? err('firstNames')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.otherFirstNames')}
              description={t('fields.otherFirstNamesHelp')}
              value={draft.otherFirstNames}
              onChange={(event) => set('otherFirstNames', event.currentTarget.value)}
              error={localErrors['firstNames.0'] ? undefined : err('firstNames')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.usedFirstName')}
              value={draft.usedFirstName}
              onChange={(event) => set('usedFirstName', event.currentTarget.value)}
              error={err('usedFirstName')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.birthDate')}
              type="date"
              required
              max={today}
              value={draft.birthDate}
              onChange={(event) => set('birthDate', event.currentTarget.value)}
              error={err('birthDate')}
            />
            <Radio.Group
              label={t('fields.sex')}
              required
              value={draft.sex}
              onChange={(value) => set('sex', value as ClientDraft['sex'])}
              error={err('sex')}
            >
              <Group gap="lg" mt={6}>
                <Radio value="F" label={t('sex.F')} />
                <Radio value="M" label={t('sex.M')} />
              </Group>
            </Radio.Group>
            <TextInput
              label={t('fields.birthplaceCode')}
              description={t('fields.birthplaceCodeHelp')}
              value={draft.birthplaceCode}
              onChange={(event) => set('birthplaceCode', event.currentTarget.value.toUpperCase())}
              error={err('birthplaceCode')}
              maxLength={5}
              autoComplete="off"
              inputMode="text"
            />
            <Select
              label={t('fields.identityStatus')}
              data={statusOptions}
              value={draft.identityStatus}
              onChange={(value) => value && set('identityStatus', value as IdentityStatus)}
              allowDeselect={false}
              error={err('identityStatus')}
            />
            {needsDocument ? (
              <Select
                label={t('fields.identityDocument')}
                description={t('fields.identityDocumentHelp')}
                required
                data={documentOptions}
                value={draft.documentType || null}
                onChange={(value) => set('documentType', (value ?? '') as IdentityDocumentType | '')}
                error={err('identityDocument')}
              />
            ) : null}
          </SimpleGrid>
        </FormSection>

        <FormSection title={t('sections.contact')} id="client-contact">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('fields.phone')}
              description={t('fields.phoneHelp')}
              type="tel"
              value={draft.phone}
              onChange={(event) => set('phone', event.currentTarget.value)}
              error={err('phone')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.email')}
              type="email"
              value={draft.email}
              onChange={(event) => set('email', event.currentTarget.value)}
              error={err('email')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.addressLine1')}
              value={draft.line1}
              onChange={(event) => set('line1', event.currentTarget.value)}
              error={err('address.line1')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.addressLine2')}
              value={draft.line2}
              onChange={(event) => set('line2', event.currentTarget.value)}
              error={err('address.line2')}
              autoComplete="off"
            />
            <Group grow align="flex-start" gap="md">
              <TextInput
                label={t('fields.postalCode')}
                value={draft.postalCode}
                onChange={(event) => set('postalCode', event.currentTarget.value)}
                error={err('address.postalCode')}
                inputMode="numeric"
                maxLength={10}
                autoComplete="off"
                style={{ flexGrow: 0, flexBasis: 130 }}
              />
              <TextInput
                label={t('fields.city')}
                value={draft.city}
                onChange={(event) => set('city', event.currentTarget.value)}
                error={err('address.city')}
                autoComplete="off"
              />
            </Group>
            <TextInput
              label={t('fields.country')}
              value={draft.country}
              onChange={(event) => set('country', event.currentTarget.value)}
              error={err('address.country')}
              autoComplete="off"
            />
            <Select
              label={t('fields.preferredLanguage')}
              data={LANGUAGE_CODES.map((code) => ({ value: code, label: t(`languages.${code}`) }))}
              value={draft.preferredLanguage || null}
              onChange={(value) => set('preferredLanguage', value ?? '')}
              error={err('preferredLanguage')}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection title={t('sections.relatives')} id="client-relatives">
          <Fieldset legend={t('fields.trustedPerson')} variant="unstyled" styles={{ legend: { fontWeight: 600 } }}>
            <Text size="xs" c="dimmed" mb="xs">
              {t('fields.trustedPersonHelp')}
            </Text>
            {contactFields('trusted', draft.trusted, 'trustedPerson')}
          </Fieldset>
          {draft.relatives.map((relative, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows are edited in place, by position
            <Fieldset key={index} legend={t('fields.relativeN', { n: index + 1 })}>
              <Stack gap="sm">
                {contactFields(index, relative, `relatives.${index}`)}
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  w="fit-content"
                  leftSection={<IconTrash size={14} aria-hidden="true" />}
                  onClick={() => set('relatives', draft.relatives.filter((_, i) => i !== index))}
                >
                  {t('fields.removeRelative')}
                </Button>
              </Stack>
            </Fieldset>
          ))}
          <Button
            variant="default"
            w="fit-content"
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => set('relatives', [...draft.relatives, EMPTY_CONTACT])}
          >
            {t('fields.addRelative')}
          </Button>
        </FormSection>

        <FormSection title={t('sections.gp')} id="client-gp">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label={t('fields.gpName')}
              value={draft.gpName}
              onChange={(event) => set('gpName', event.currentTarget.value)}
              error={err('gp.name')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.gpPhone')}
              type="tel"
              value={draft.gpPhone}
              onChange={(event) => set('gpPhone', event.currentTarget.value)}
              error={err('gp.phone')}
              autoComplete="off"
            />
            <TextInput
              label={t('fields.rpps')}
              description={t('fields.rppsHelp')}
              value={draft.gpRpps}
              onChange={(event) => set('gpRpps', event.currentTarget.value.replace(/\D/g, ''))}
              error={err('gp.rpps')}
              inputMode="numeric"
              maxLength={11}
              autoComplete="off"
            />
          </SimpleGrid>
        </FormSection>

        <FormSection title={t('sections.pharmacy')} id="client-pharmacy">
          <PharmacyPicker value={draft.pharmacy} onChange={(pharmacy) => set('pharmacy', pharmacy)} description={t('fields.pharmacyHelp')} error={err('pharmacyId')} />
        </FormSection>

        <FormSection title={t('sections.insurance')} id="client-insurance">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('fields.nir')}
              description={t('fields.nirHelp')}
              value={draft.nir}
              onChange={(event) => set('nir', event.currentTarget.value.toUpperCase())}
              error={err('insurance.nir')}
              maxLength={21}
              autoComplete="off"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.04em' } }}
            />
            <Select
              label={t('fields.amoScheme')}
              data={AMO_SCHEMES.map((scheme) => ({ value: scheme, label: t(`amoSchemes.${scheme}`) }))}
              value={draft.amoScheme || null}
              onChange={(value) => set('amoScheme', (value ?? '') as ClientDraft['amoScheme'])}
              clearable
              error={err('insurance.amoScheme')}
            />
            <TextInput
              label={t('fields.amoFund')}
              placeholder={t('fields.amoFundPlaceholder')}
              value={draft.amoFund}
              onChange={(event) => set('amoFund', event.currentTarget.value)}
              error={err('insurance.amoFund')}
              autoComplete="off"
            />
          </SimpleGrid>
          <Fieldset legend={t('fields.mutuelle')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <TextInput
                label={t('fields.mutuelleOrganism')}
                value={draft.mutOrganism}
                onChange={(event) => set('mutOrganism', event.currentTarget.value)}
                error={err('insurance.mutuelle.organism')}
                autoComplete="off"
              />
              <TextInput
                label={t('fields.contractNumber')}
                value={draft.mutContract}
                onChange={(event) => set('mutContract', event.currentTarget.value)}
                error={err('insurance.mutuelle.contractNumber')}
                autoComplete="off"
              />
              <TextInput
                label={t('fields.coverage')}
                value={draft.mutCoverage}
                onChange={(event) => set('mutCoverage', event.currentTarget.value)}
                error={err('insurance.mutuelle.coverage')}
                autoComplete="off"
              />
            </SimpleGrid>
          </Fieldset>
        </FormSection>

        {editing ? null : (
          <FormSection
            title={t('sections.medical')}
            id="client-medical"
            description={
              <Group gap={6} wrap="nowrap" c="dimmed">
                <IconLock size={16} aria-hidden="true" />
                <Text size="sm" c="dimmed">
                  {t('medical.lockNote')}
                </Text>
              </Group>
            }
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TagsInput
                label={t('fields.allergies')}
                description={t('fields.listHelp')}
                value={draft.allergies}
                onChange={(value) => set('allergies', value)}
                error={err('medical.allergies')}
                splitChars={[';']}
                clearable
              />
              <TagsInput
                label={t('fields.treatments')}
                description={t('fields.listHelp')}
                value={draft.treatments}
                onChange={(value) => set('treatments', value)}
                error={err('medical.treatments')}
                splitChars={[';']}
                clearable
              />
            </SimpleGrid>
            <Textarea
              label={t('fields.history')}
              value={draft.history}
              onChange={(event) => set('history', event.currentTarget.value)}
              error={err('medical.history')}
              autosize
              minRows={3}
            />
          </FormSection>
        )}

        <Group justify="flex-end" gap="sm">
          <Button component={Link} to={client ? `/clients/${client.id}` : '/clients'} variant="default">
            {t('common:actions.cancel')}
          </Button>
          <Button
            type="submit"
            loading={save.isPending}
            leftSection={editing ? <IconDeviceFloppy size={16} aria-hidden="true" /> : <IconUserPlus size={16} aria-hidden="true" />}
          >
            {editing ? t('actions.save') : t('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewClientPage() {
  const { t } = useTranslation('clients');
  return (
    <>
      <PageHeader title={t('newTitle')} />
      <ClientForm />
    </>
  );
}

export function EditClientPage() {
  const { t } = useTranslation('clients');
  const { id = '' } = useParams();
  const client = useQuery({ queryKey: [...CLIENTS_KEY, 'detail', id], queryFn: () => clientsApi.get(id), enabled: Boolean(id) });
  if (client.isPending)
    return (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  if (client.isError)
    return (
      <Stack>
        <ErrorAlert error={client.error} />
        <Anchor component={Link} to="/clients">
          {t('actions.back')}
        </Anchor>
      </Stack>
    );
  const title = t('editTitle', { name: client.data.client.displayName });
  return (
    <>
      <PageHeader title={title} />
      <ClientForm key={client.data.client.id} client={client.data.client} />
    </>
  );
}

