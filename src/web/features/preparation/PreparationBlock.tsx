// "Préparation" of an appointment on the request page: the checklist the client receives, the
// pre-appointment pack to the practitioner (only what the client agreed to share; allergies,
// treatments and history by medical advisors only; the consent recorded with its channel), its
// link shown once with a copy button, and the packs sent so far, each revocable at once.
import { Alert, Anchor, Badge, Button, Checkbox, CopyButton, Group, Modal, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconBan, IconCheck, IconChecklist, IconCopy, IconInfoCircle, IconLink, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { useUser } from '../../app/session.ts';
import { ChecklistBody } from './AppointmentChecklist.tsx';
import { wrappingLabel } from '../scheduling/ui.tsx';
import {
  CONSENT_CHANNELS,
  type ConsentChannel,
  type CreatedPack,
  checklistKey,
  MEDICAL_KINDS,
  PACK_KINDS,
  type Pack,
  type PackKind,
  packsKey,
  preparationApi,
} from './api.ts';

interface Subject {
  id: string;
  number: string;
  status: string;
}

const STATUS_COLOR: Record<Pack['status'], string> = { active: 'green', expired: 'gray', revoked: 'red' };

function PackRow({ pack }: { pack: Pack }) {
  const { t } = useTranslation('preparation');
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => preparationApi.revokePack(pack.id),
    onSuccess: () => {
      notifySuccess(t('pack.revoked'));
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: packsKey(pack.appointmentId) });
    },
    onError: notifyError,
  });
  return (
    <Paper component="li" withBorder p="xs" radius="md" data-testid="pack" data-status={pack.status}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Badge color={STATUS_COLOR[pack.status]} variant="light">
            {t(`status.${pack.status}`)}
          </Badge>
          {pack.kinds.map((kind) => (
            <Badge key={kind} variant="outline" color="gray">
              {t(`kinds.${kind}`)}
            </Badge>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {t('pack.meta', { date: formatDateTime(pack.createdAt), name: pack.createdBy?.name ?? '—', channel: pack.consentChannel ? t(`channels.${pack.consentChannel}`) : '—' })}
        </Text>
        <Text size="xs" c="dimmed">
          {pack.status === 'revoked'
            ? t('pack.revokedBy', { date: formatDateTime(pack.revokedAt), name: pack.revokedBy?.name ?? '—' })
            : t('pack.expires', { date: formatDateTime(pack.expiresAt) })}
          {' · '}
          {t('pack.opens', { count: pack.openCount, date: formatDateTime(pack.lastOpenedAt) })}
        </Text>
        {pack.status === 'active' && !confirming ? (
          <Button size="compact-xs" variant="subtle" color="red" w="fit-content" leftSection={<IconBan size={14} aria-hidden="true" />} onClick={() => setConfirming(true)}>
            {t('pack.revoke')}
          </Button>
        ) : null}
        {pack.status === 'active' && confirming ? (
          <Group gap="xs" wrap="wrap">
            <Text size="xs">{t('pack.revokeHelp')}</Text>
            <Button size="compact-xs" color="red" loading={revoke.isPending} onClick={() => revoke.mutate()}>
              {t('pack.revokeConfirm')}
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => setConfirming(false)}>
              {t('pack.revokeCancel')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function SendPackModal({ appointment, opened, onClose }: { appointment: Subject; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('preparation');
  const queryClient = useQueryClient();
  const user = useUser();
  // The server holds the rule (action clients.medical); the form only explains it.
  const medicalAllowed = user.role === 'advisor';
  const [kinds, setKinds] = useState<PackKind[]>([]);
  const [note, setNote] = useState('');
  const [channel, setChannel] = useState<ConsentChannel | null>(null);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedPack | null>(null);
  const ids = { intro: useId() };
  // A fixed field stops saying it is wrong.
  const clearError = (key: string) => setErrors(({ [key]: _, ...rest }) => rest);
  const mutation = useMutation({
    mutationFn: () => preparationApi.createPack(appointment.id, { items: kinds, ...(kinds.includes('note') ? { note: note.trim() } : {}), consentChannel: channel as ConsentChannel, consentConfirmed: consent }),
    onSuccess: (result) => {
      setCreated(result);
      notifySuccess(t('modal.created'));
      void queryClient.invalidateQueries({ queryKey: packsKey(appointment.id) });
    },
  });
  function close() {
    setKinds([]);
    setNote('');
    setChannel(null);
    setConsent(false);
    setErrors({});
    setCreated(null);
    mutation.reset();
    onClose();
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!kinds.length) next.items = t('modal.itemsRequired');
    if (kinds.includes('note') && !note.trim()) next.note = t('modal.noteRequired');
    if (!channel) next.channel = t('modal.channelRequired');
    if (!consent) next.consent = t('modal.consentRequired');
    setErrors(next);
    if (Object.keys(next).length === 0) mutation.mutate();
  }
  const server = mutation.error instanceof ApiError ? mutation.error : null;
  return (
    <Modal opened={opened} onClose={close} title={t('modal.title', { number: appointment.number })} size="lg">
      {created ? (
        <Stack gap="md" data-testid="pack-created">
          <Alert color="green" icon={<IconCheck aria-hidden="true" />} role="status">
            {created.emailedTo ? t('modal.emailed', { email: created.emailedTo }) : t('modal.notEmailed')}
          </Alert>
          <TextInput label={t('modal.link')} description={t('modal.linkOnce')} value={created.link} readOnly leftSection={<IconLink size={16} aria-hidden="true" />} data-testid="pack-link" onFocus={(event) => event.currentTarget.select()} />
          <Group justify="space-between" gap="xs">
            <CopyButton value={created.link}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'green' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />} onClick={copy}>
                  {copied ? t('modal.copied') : t('modal.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>{t('modal.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-describedby={ids.intro}>
          <Stack gap="md">
            <Text size="sm" id={ids.intro}>
              {t('modal.intro')}
            </Text>
            {mutation.error && !server?.fields.length ? <ErrorAlert error={mutation.error} /> : null}
            <Checkbox.Group
              label={t('modal.items')}
              value={kinds}
              onChange={(value) => {
                setKinds(value as PackKind[]);
                clearError('items');
              }}
              error={errors.items ?? server?.fieldMessage('items')}
              required
            >
              <Stack gap={6} mt={6}>
                {PACK_KINDS.map((kind) => (
                  <Checkbox key={kind} value={kind} label={t(`kinds.${kind}`)} disabled={MEDICAL_KINDS.includes(kind) && !medicalAllowed} />
                ))}
              </Stack>
            </Checkbox.Group>
            {!medicalAllowed ? (
              <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden="true" />} data-testid="pack-medical-only">
                {t('modal.medicalOnly')}
              </Alert>
            ) : null}
            {kinds.includes('note') ? (
              <Textarea
                label={t('modal.note')}
                description={t('modal.noteHelp')}
                required
                autosize
                minRows={3}
                maxLength={4000}
                value={note}
                onChange={(event) => {
                  setNote(event.currentTarget.value);
                  clearError('note');
                }}
                error={errors.note ?? server?.fieldMessage('note')}
              />
            ) : null}
            <Radio.Group label={t('modal.channel')} value={channel} onChange={(value) => {
                setChannel(value as ConsentChannel);
                clearError('channel');
              }} error={errors.channel ?? server?.fieldMessage('consentChannel')} required>
              <Group gap="md" mt={6}>
                {CONSENT_CHANNELS.map((c) => (
                  <Radio key={c} value={c} label={t(`channelOptions.${c}`)} />
                ))}
              </Group>
            </Radio.Group>
            <Checkbox
              label={t('modal.consent')}
              checked={consent}
              onChange={(event) => {
                setConsent(event.currentTarget.checked);
                clearError('consent');
              }}
              error={errors.consent ?? server?.fieldMessage('consentConfirmed')}
              fw={600}
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                {t('modal.cancel')}
              </Button>
              <Button type="submit" loading={mutation.isPending} leftSection={<IconSend size={16} aria-hidden="true" />}>
                {t('modal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function PreparationDetails({ appointment }: { appointment: Subject }) {
  const { t } = useTranslation('preparation');
  const user = useUser();
  const [sending, setSending] = useState(false);
  const checklist = useQuery({ queryKey: checklistKey(appointment.id), queryFn: () => preparationApi.checklist(appointment.id), retry: false });
  const packs = useQuery({ queryKey: packsKey(appointment.id), queryFn: () => preparationApi.packs(appointment.id), retry: false });
  const list = packs.data?.packs ?? [];
  const ids = { checklist: useId(), packs: useId() };
  return (
    <Stack gap="sm" data-testid="preparation">
      <Stack gap={6} component="section" aria-labelledby={ids.checklist}>
        <Group justify="space-between" gap="xs">
          <Title order={4} size="h6" id={ids.checklist}>
            {t('block.checklistTitle')}
          </Title>
          {user.role === 'admin' || user.role === 'coordinator' ? (
            <Anchor component={Link} to="/preparation/modeles" size="sm">
              {t('block.editTemplates')}
            </Anchor>
          ) : null}
        </Group>
        <ErrorAlert error={checklist.error} />
        {checklist.data?.checklist ? (
          <>
            <Text size="xs" c="dimmed">
              {t('block.checklistLang', { lang: t(`block.languages.${checklist.data.checklist.lang}`) })}
            </Text>
            <ChecklistBody appointmentId={appointment.id} checklist={checklist.data.checklist} headingOrder={5} readOnly />
          </>
        ) : checklist.isSuccess ? (
          <Text size="sm" c="dimmed">
            {t('block.noChecklist')}
          </Text>
        ) : null}
      </Stack>
      <Stack gap={6} component="section" aria-labelledby={ids.packs}>
        <Group justify="space-between" gap="xs">
          <Title order={4} size="h6" id={ids.packs}>
            {t('block.packs')}
          </Title>
          {appointment.status === 'booked' ? (
            <Button size="xs" leftSection={<IconSend size={14} aria-hidden="true" />} onClick={() => setSending(true)}>
              {t('block.send')}
            </Button>
          ) : null}
        </Group>
        <ErrorAlert error={packs.error} />
        {packs.isSuccess && list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('block.packsEmpty')}
          </Text>
        ) : null}
        {list.length ? (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {list.map((pack) => (
              <PackRow key={pack.id} pack={pack} />
            ))}
          </Stack>
        ) : null}
      </Stack>
      <SendPackModal appointment={appointment} opened={sending} onClose={() => setSending(false)} />
    </Stack>
  );
}

/** The toggle and, once opened, the preparation of one appointment (loaded only then). */
export function PreparationBlock({ appointment }: { appointment: Subject }) {
  const { t } = useTranslation('preparation');
  const [open, setOpen] = useState(false);
  const id = useId();
  if (appointment.status === 'held' || appointment.status === 'released') return null;
  return (
    <>
      <Button
        size="compact-sm"
        variant="subtle"
        w="fit-content"
        {...wrappingLabel}
        leftSection={<IconChecklist size={14} aria-hidden="true" />}
        onClick={() => setOpen((value) => !value)}
        aria-expanded={open}
        aria-controls={id}
      >
        {open ? t('block.hide') : t('block.toggle')}
      </Button>
      <div id={id}>{open ? <PreparationDetails appointment={appointment} /> : null}</div>
    </>
  );
}
