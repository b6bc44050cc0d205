// Faire une demande (/demande): the public form, no account needed. Identity, contact, the request
// and an explicit consent to the processing of health data; the emergency numbers are on the form.
import { Alert, Anchor, Button, Checkbox, Group, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconPhoneCall, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { ErrorAlert, usePageTitle } from '../../app/components.tsx';
import { KINDS, type Kind, type PublicRequest, requestsApi } from './api.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FIELDS = ['birthName', 'firstName', 'birthDate', 'sex', 'email', 'phone', 'kind', 'text', 'consent'] as const;
type Field = (typeof FIELDS)[number];

function EmergencyNotice() {
  const { t } = useTranslation('requests');
  return (
    <Alert color="red" variant="filled" role="note" icon={<IconPhoneCall aria-hidden="true" />} data-testid="public-emergency" styles={{ root: { background: 'var(--mantine-color-red-9)' } }}>
      <Text fw={700} c="white">
        {t('public.emergency')}
      </Text>
      <Text size="sm" c="white">
        {t('public.emergencyText')}
      </Text>
    </Alert>
  );
}

export function PublicRequestPage() {
  const { t } = useTranslation('requests');
  usePageTitle(t('public.title'));
  const [form, setForm] = useState({
    birthName: '',
    firstName: '',
    birthDate: '',
    sex: '' as '' | 'F' | 'M',
    email: '',
    phone: '',
    kind: 'specialist' as Kind,
    text: '',
    consent: false,
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const submit = useMutation({
    mutationFn: (input: PublicRequest) => requestsApi.submitPublic(input),
    onError: () => setAttempt((value) => value + 1),
  });
  const serverError = submit.error instanceof ApiError ? submit.error : null;
  const err = (field: Field) => errors[field] ?? serverError?.fieldMessage(field);

  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  useEffect(() => {
    if (submit.data) doneRef.current?.focus();
  }, [submit.data]);

  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!form.birthName.trim()) found.birthName = t('validation.required');
    if (!form.firstName.trim()) found.firstName = t('validation.required');
    if (!form.birthDate) found.birthDate = t('validation.required');
    if (!form.sex) found.sex = t('validation.required');
    if (!EMAIL.test(form.email.trim())) found.email = t('validation.email');
    if (form.phone.replace(/\D/g, '').length < 9) found.phone = t('validation.phone');
    if (!form.text.trim()) found.text = t('validation.required');
    if (!form.consent) found.consent = t('public.consentRequired');
    setErrors(found);
    if (Object.keys(found).length) {
      setAttempt((value) => value + 1);
      return;
    }
    submit.mutate({
      birthName: form.birthName.trim(),
      firstName: form.firstName.trim(),
      birthDate: form.birthDate,
      sex: form.sex as 'F' | 'M',
      email: form.email.trim(),
      phone: form.phone.trim(),
      kind: form.kind,
      text: form.text.trim(),
      consent: true,
    });
  }

  if (submit.data) {
    return (
      <Stack gap="md" ref={doneRef} tabIndex={-1} aria-labelledby="public-done-title">
        <Group gap="sm" wrap="nowrap">
          <IconCircleCheck size={36} color="var(--mantine-color-green-9)" aria-hidden="true" />
          <Title order={1} id="public-done-title" fz={28}>
            {t('public.doneTitle')}
          </Title>
        </Group>
        <Text size="lg" role="status">
          {t('public.doneText', { number: submit.data.number })}
        </Text>
        <Text fz={32} fw={700} ff="monospace" ta="center" data-testid="public-number">
          {submit.data.number}
        </Text>
        <Text c="dimmed">{t('public.doneKeep')}</Text>
        <EmergencyNotice />
        <Group justify="space-between">
          <Anchor component={Link} to="/connexion" size="sm">
            {t('public.backToSignIn')}
          </Anchor>
          <Button variant="default" onClick={() => { submit.reset(); setForm((previous) => ({ ...previous, text: '', consent: false })); }}>
            {t('public.another')}
          </Button>
        </Group>
      </Stack>
    );
  }

  const today = new Date().toISOString().slice(0, 10);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="public-title">
      <Stack gap="lg">
        <div>
          <Title order={1} id="public-title" fz={28}>
            {t('public.title')}
          </Title>
          <Text c="dimmed">{t('public.intro')}</Text>
        </div>
        <EmergencyNotice />
        {submit.error && !shownOnFields(submit.error, FIELDS) ? <ErrorAlert error={submit.error} /> : null}
        {Object.keys(errors).length ? (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {t('public.fix')}
          </Alert>
        ) : null}

        <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Title order={2} size="h4" component="legend">
            {t('public.you')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('public.birthName')} required autoComplete="family-name" value={form.birthName} onChange={(event) => set('birthName', event.currentTarget.value)} error={err('birthName')} />
            <TextInput label={t('public.firstName')} required autoComplete="given-name" value={form.firstName} onChange={(event) => set('firstName', event.currentTarget.value)} error={err('firstName')} />
            <TextInput label={t('public.birthDate')} type="date" required max={today} autoComplete="bday" value={form.birthDate} onChange={(event) => set('birthDate', event.currentTarget.value)} error={err('birthDate')} />
            <Radio.Group label={t('public.sex')} required value={form.sex} onChange={(value) => set('sex', value as 'F' | 'M')} error={err('sex')}>
              <Group gap="lg" mt={6}>
                <Radio value="F" label={t('clients:sex.F')} />
                <Radio value="M" label={t('clients:sex.M')} />
              </Group>
            </Radio.Group>
          </SimpleGrid>
        </Stack>

        <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Title order={2} size="h4" component="legend">
            {t('public.contact')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('public.email')} type="email" required autoComplete="email" value={form.email} onChange={(event) => set('email', event.currentTarget.value)} error={err('email')} />
            <TextInput label={t('public.phone')} type="tel" required autoComplete="tel" value={form.phone} onChange={(event) => set('phone', event.currentTarget.value)} error={err('phone')} />
          </SimpleGrid>
        </Stack>

        <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Title order={2} size="h4" component="legend">
            {t('public.request')}
          </Title>
          <Select
            label={t('public.kind')}
            data={KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
            value={form.kind}
            onChange={(value) => value && set('kind', value as Kind)}
            allowDeselect={false}
            error={err('kind')}
          />
          <Textarea
            label={t('public.text')}
            description={t('public.textHelp')}
            required
            autosize
            minRows={5}
            value={form.text}
            onChange={(event) => set('text', event.currentTarget.value)}
            error={err('text')}
          />
        </Stack>

        <Checkbox
          label={t('public.consent')}
          description={t('public.consentHelp')}
          checked={form.consent}
          onChange={(event) => set('consent', event.currentTarget.checked)}
          error={err('consent')}
        />

        <Button type="submit" size="md" loading={submit.isPending} leftSection={<IconSend size={18} aria-hidden="true" />}>
          {t('public.submit')}
        </Button>
        <Anchor component={Link} to="/connexion" size="sm" ta="center">
          {t('public.backToSignIn')}
        </Anchor>
      </Stack>
    </form>
  );
}
