// The provider form (new or edit), in a dialog: kind, name, FINESS (the server checks the format
// and uniqueness; its French message shows on the field), SIRET, address, contact, services as
// tags, partner switch, notes.
import { Button, Grid, Group, Modal, Select, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { ErrorAlert } from '../../app/components.tsx';
import { notifySuccess } from '../../app/notify.ts';
import { PROVIDER_KINDS, type Provider, type ProviderInput, type ProviderKind, useCreateProvider, useUpdateProvider } from './api.ts';

interface Draft {
  kind: ProviderKind | '';
  name: string;
  finess: string;
  siret: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  website: string;
  services: string[];
  partner: boolean;
  teamNotes: string;
  active: boolean;
}

const FIELDS = ['kind', 'name', 'finess', 'siret', 'street', 'postalCode', 'city', 'phone', 'email', 'website', 'services', 'teamNotes'] as const;

function draftOf(provider?: Provider): Draft {
  return {
    kind: provider?.kind ?? '',
    name: provider?.name ?? '',
    finess: provider?.finess ?? '',
    siret: provider?.siret ?? '',
    street: provider?.street ?? '',
    postalCode: provider?.postalCode ?? '',
    city: provider?.city ?? '',
    phone: provider?.phone ?? '',
    email: provider?.email ?? '',
    website: provider?.website ?? '',
    services: provider?.services ?? [],
    partner: provider?.networkStatus === 'partner',
    teamNotes: provider?.teamNotes ?? '',
    active: provider?.active ?? true,
  };
}

const orNull = (value: string) => (value.trim() ? value.trim() : null);

function ProviderFields({ provider, onDone, onCancel }: { provider?: Provider; onDone: (provider: Provider) => void; onCancel: () => void }) {
  const { t } = useTranslation('directory');
  const [draft, setDraft] = useState<Draft>(() => draftOf(provider));
  const [missing, setMissing] = useState<string[]>([]);
  const create = useCreateProvider();
  const update = useUpdateProvider(provider?.id ?? '');
  const mutation = provider ? update : create;
  const serverError = mutation.error instanceof ApiError ? mutation.error : null;
  // A duplicate FINESS (409) belongs next to the FINESS field too.
  const duplicate = serverError?.code === 'provider_duplicate' ? serverError.message : undefined;
  const fieldError = (path: (typeof FIELDS)[number]) =>
    (missing.includes(path) ? t('providers.required') : undefined) ?? serverError?.fieldMessage(path) ?? (path === 'finess' ? duplicate : undefined);

  const set = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const required = (['kind', 'name', 'postalCode', 'city'] as const).filter((key) => !String(draft[key]).trim());
    setMissing(required);
    if (required.length > 0 || !draft.kind) return;
    const input: ProviderInput = {
      kind: draft.kind,
      name: draft.name.trim(),
      finess: orNull(draft.finess.replace(/\s/g, '')),
      siret: orNull(draft.siret.replace(/\s/g, '')),
      street: orNull(draft.street),
      postalCode: draft.postalCode.trim(),
      city: draft.city.trim(),
      phone: orNull(draft.phone),
      email: orNull(draft.email),
      website: orNull(draft.website),
      services: draft.services,
      networkStatus: draft.partner ? 'partner' : 'none',
      teamNotes: orNull(draft.teamNotes),
    };
    if (provider) {
      update.mutate(
        { ...input, active: draft.active },
        {
          onSuccess: ({ provider: saved }) => {
            notifySuccess(t('providers.saved'));
            onDone(saved);
          },
        },
      );
    } else {
      // A new provider: send only what was filled in.
      const body = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as unknown as ProviderInput;
      create.mutate(body, {
        onSuccess: ({ provider: saved }) => {
          notifySuccess(t('providers.created', { name: saved.name }));
          onDone(saved);
        },
      });
    }
  }

  const kindOptions = PROVIDER_KINDS.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }));
  const showAlert = mutation.error && !shownOnFields(mutation.error, FIELDS) && !duplicate;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {showAlert ? <ErrorAlert error={mutation.error} /> : null}
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Select
              label={t('providers.fields.kind')}
              data={kindOptions}
              value={draft.kind || null}
              onChange={(value) => set({ kind: (value ?? '') as ProviderKind | '' })}
              error={fieldError('kind')}
              allowDeselect={false}
              required
              data-autofocus
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 7 }}>
            <TextInput label={t('providers.fields.name')} value={draft.name} onChange={(event) => set({ name: event.currentTarget.value })} error={fieldError('name')} required maxLength={200} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('providers.fields.finess')}
              description={t('providers.fields.finessHelp')}
              value={draft.finess}
              onChange={(event) => set({ finess: event.currentTarget.value })}
              error={fieldError('finess')}
              autoComplete="off"
              maxLength={20}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('providers.fields.siret')} value={draft.siret} onChange={(event) => set({ siret: event.currentTarget.value })} error={fieldError('siret')} autoComplete="off" maxLength={20} />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput label={t('providers.fields.street')} value={draft.street} onChange={(event) => set({ street: event.currentTarget.value })} error={fieldError('street')} autoComplete="off" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 4 }}>
            <TextInput
              label={t('providers.fields.postalCode')}
              value={draft.postalCode}
              onChange={(event) => set({ postalCode: event.currentTarget.value })}
              error={fieldError('postalCode')}
              required
              inputMode="numeric"
              maxLength={5}
              autoComplete="off"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 8 }}>
            <TextInput label={t('providers.fields.city')} value={draft.city} onChange={(event) => set({ city: event.currentTarget.value })} error={fieldError('city')} required autoComplete="off" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput label={t('providers.fields.phone')} type="tel" value={draft.phone} onChange={(event) => set({ phone: event.currentTarget.value })} error={fieldError('phone')} autoComplete="off" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput label={t('providers.fields.email')} type="email" value={draft.email} onChange={(event) => set({ email: event.currentTarget.value })} error={fieldError('email')} autoComplete="off" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput label={t('providers.fields.website')} type="url" value={draft.website} onChange={(event) => set({ website: event.currentTarget.value })} error={fieldError('website')} autoComplete="off" />
          </Grid.Col>
          <Grid.Col span={12}>
            <TagsInput
              label={t('providers.fields.services')}
              description={t('providers.fields.servicesHelp')}
              value={draft.services}
              onChange={(services) => set({ services })}
              error={fieldError('services')}
              splitChars={[',', ';']}
              clearable
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea label={t('providers.fields.teamNotes')} value={draft.teamNotes} onChange={(event) => set({ teamNotes: event.currentTarget.value })} error={fieldError('teamNotes')} autosize minRows={2} />
          </Grid.Col>
          <Grid.Col span={12}>
            <Group gap="xl">
              <Switch label={t('providers.fields.partner')} checked={draft.partner} onChange={(event) => set({ partner: event.currentTarget.checked })} />
              {provider ? <Switch label={t('providers.fields.active')} checked={draft.active} onChange={(event) => set({ active: event.currentTarget.checked })} /> : null}
            </Group>
          </Grid.Col>
        </Grid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The dialog; `onSaved` receives the saved provider. */
export function ProviderFormModal({ opened, onClose, onSaved, provider }: { opened: boolean; onClose: () => void; onSaved?: (provider: Provider) => void; provider?: Provider }) {
  const { t } = useTranslation('directory');
  return (
    <Modal opened={opened} onClose={onClose} title={provider ? t('providers.editTitle', { name: provider.name }) : t('providers.newTitle')} size="lg">
      {opened ? (
        <ProviderFields
          provider={provider}
          onCancel={onClose}
          onDone={(saved) => {
            onSaved?.(saved);
            onClose();
          }}
        />
      ) : null}
    </Modal>
  );
}
