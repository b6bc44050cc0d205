// « Suivi » block of the request page: the plan of each completed appointment (its four steps, who
// owns them, the explanation note, the client's pharmacy — the usual one from the client file is
// preselected, and a new choice can be kept on the file), the one-click closure once every task is
// done, and the satisfaction surveys sent for the request.
import { Alert, Badge, Button, Checkbox, Group, List, Modal, Stack, Text, Textarea, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconCircleMinus, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { CLIENTS_KEY, type PharmacyOption } from '../clients/api.ts';
import { PharmacyPicker } from '../clients/PharmacyPicker.tsx';
import { type Note, REQUESTS_KEY, requestKey, requestsApi } from '../requests/api.ts';
import { type Followup, type FollowupStep, followupApi, followupKey, type StepInput } from './api.ts';

type Dialog = { step: FollowupStep; mode: 'done' | 'skip' } | null;

function StepDialog({ requestId, dialog, usual, onClose }: { requestId: string; dialog: Dialog; usual: Followup['clientPharmacy']; onClose: () => void }) {
  const { t } = useTranslation('followup');
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  // The client's usual pharmacy is proposed (a closed one is not: the server would refuse it).
  const [pharmacy, setPharmacy] = useState<PharmacyOption | null>(usual?.active ? usual : null);
  // Kept on the client file by default when the file has none; a change of usual pharmacy is opt-in.
  const [saveAsUsual, setSaveAsUsual] = useState(!usual);
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (input: StepInput) => followupApi.step(requestId, dialog?.step.taskId ?? '', input),
    onSuccess: (data, input) => {
      queryClient.setQueryData(followupKey(requestId), data);
      void queryClient.invalidateQueries({ queryKey: requestKey(requestId) });
      if (input.saveAsUsual) void queryClient.invalidateQueries({ queryKey: CLIENTS_KEY });
      notifySuccess(t('panel.stepDone'));
      setText('');
      onClose();
    },
  });
  if (!dialog) return null;
  const field = dialog.mode === 'skip' ? 'reason' : dialog.step.step === 'explain_results' ? 'note' : 'pharmacyId';
  const serverError = save.error instanceof ApiError ? save.error : null;
  // Offered only when the choice differs from what the client file already says.
  const offerSave = pharmacy !== null && pharmacy.id !== usual?.id;
  // A proposed pharmacy is confirmed with Enter; otherwise the search box takes the focus (and opens its list).
  const proposed = field === 'pharmacyId' && usual?.active === true;
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = field === 'pharmacyId' ? pharmacy?.id : text.trim();
    if (!value) {
      setError(t('dialog.required'));
      return;
    }
    setError(undefined);
    save.mutate({
      action: dialog?.mode ?? 'done',
      ...(field === 'note' ? { note: text.trim() } : field === 'reason' ? { reason: text.trim() } : { pharmacyId: value, ...(offerSave && saveAsUsual ? { saveAsUsual: true } : {}) }),
    });
  }
  const title = dialog.mode === 'skip' ? t('dialog.skipTitle') : field === 'note' ? t('dialog.explainTitle') : t('dialog.pharmacyTitle');
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" fw={600}>
            {t(`step.${dialog.step.step}`)}
          </Text>
          {serverError && !serverError.fieldMessage(field) ? <ErrorAlert error={serverError} /> : null}
          {field === 'pharmacyId' ? (
            <Stack gap="sm">
              <PharmacyPicker
                label={t('dialog.pharmacyLabel')}
                description={usual && pharmacy?.id === usual.id ? t('dialog.pharmacyUsual') : usual ? undefined : t('dialog.pharmacyNoUsual')}
                required
                value={pharmacy}
                onChange={setPharmacy}
                error={error ?? serverError?.fieldMessage('pharmacyId')}
                autoFocus={!proposed}
              />
              {offerSave ? (
                <Checkbox
                  label={t('dialog.saveAsUsual')}
                  description={usual ? t('dialog.saveAsUsualReplace', { name: usual.name }) : t('dialog.saveAsUsualNew')}
                  checked={saveAsUsual}
                  onChange={(event) => setSaveAsUsual(event.currentTarget.checked)}
                />
              ) : null}
            </Stack>
          ) : (
            <Textarea
              label={field === 'note' ? t('dialog.explainLabel') : t('dialog.reasonLabel')}
              description={field === 'note' ? t('dialog.explainHint') : undefined}
              required
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              error={error ?? serverError?.fieldMessage(field)}
              autosize
              minRows={3}
              data-autofocus
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-autofocus={proposed || undefined}>
              {t('dialog.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function StepRow({ step, notes, onAct }: { step: FollowupStep; notes: Note[]; onAct: (mode: 'done' | 'skip') => void }) {
  const { t } = useTranslation('followup');
  const explanation = step.explanation ? notes.find((n) => n.id === step.explanation?.noteId) : undefined;
  const icon = step.skipped ? <IconCircleMinus size={18} /> : step.doneAt ? <IconCircleCheck size={18} /> : <IconCircleDashed size={18} />;
  return (
    <List.Item
      icon={
        <ThemeIcon color={step.doneAt ? (step.skipped ? 'gray' : 'green') : 'blue'} variant="light" radius="xl" size={26} aria-hidden="true">
          {icon}
        </ThemeIcon>
      }
      data-testid={`followup-step-${step.step}`}
    >
      <Stack gap={4}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Text fw={600} size="sm">
            {t(`step.${step.step}`)}
          </Text>
          {step.doneAt ? (
            <Badge color={step.skipped ? 'gray' : 'green'} variant="light">
              {step.skipped ? t('panel.skipped') : t('panel.done', { date: formatDate(step.doneAt) })}
            </Badge>
          ) : (
            <Group gap={6}>
              <Button size="compact-sm" onClick={() => onAct('done')}>
                {t('panel.complete')}
              </Button>
              <Button size="compact-sm" variant="subtle" color="gray" onClick={() => onAct('skip')}>
                {t('panel.skip')}
              </Button>
            </Group>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {[step.dueAt && !step.doneAt ? t('panel.due', { date: formatDate(step.dueAt) }) : null, step.owner ? t('panel.owner', { name: step.owner.displayName }) : null].filter(Boolean).join(' · ')}
        </Text>
        {step.explanation ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Text span size="xs" c="dimmed" display="block">
              {t('panel.explained', { date: formatDateTime(step.explanation.at), name: step.explanation.by?.displayName ?? '—' })}
            </Text>
            {explanation?.body}
          </Text>
        ) : null}
      </Stack>
    </List.Item>
  );
}

export function FollowupPanel({ requestId, notes }: { requestId: string; notes: Note[] }) {
  const { t } = useTranslation('followup');
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const query = useQuery({ queryKey: followupKey(requestId), queryFn: () => followupApi.get(requestId) });
  const close = useMutation({
    mutationFn: () => requestsApi.transition(requestId, 'closed'),
    onSuccess: () => {
      notifySuccess(t('panel.closed'));
      void queryClient.invalidateQueries({ queryKey: followupKey(requestId) });
      void queryClient.invalidateQueries({ queryKey: requestKey(requestId) });
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
    onError: notifyError,
  });
  // Collecting the report and organising what comes next need nothing more than a click.
  const direct = useMutation({
    mutationFn: (taskId: string) => followupApi.step(requestId, taskId, { action: 'done' }),
    onSuccess: (result) => {
      queryClient.setQueryData(followupKey(requestId), result);
      void queryClient.invalidateQueries({ queryKey: requestKey(requestId) });
      notifySuccess(t('panel.stepDone'));
    },
    onError: notifyError,
  });
  const act = (step: FollowupStep, mode: 'done' | 'skip') => {
    if (mode === 'done' && (step.step === 'collect_report' || step.step === 'next_steps')) direct.mutate(step.taskId);
    else setDialog({ step, mode });
  };
  const data = query.data;
  return (
    <SectionCard title={t('panel.title')} id="request-followup">
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {data && data.plans.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('panel.empty')}
        </Text>
      ) : null}
      {data && data.plans.length > 0 ? (
        <Stack gap="md" data-testid="followup-panel">
          {data.plans.map((plan) => (
            <Stack gap="xs" key={plan.appointmentId}>
              <Text size="sm" c="dimmed">
                {t('panel.planOf', { date: formatDate(plan.createdAt) })}
              </Text>
              <List spacing="sm" listStyleType="none" styles={{ itemWrapper: { width: '100%' }, itemLabel: { width: '100%' } }}>
                {plan.steps.map((step) => (
                  <StepRow key={step.taskId} step={step} notes={notes} onAct={(mode) => act(step, mode)} />
                ))}
              </List>
            </Stack>
          ))}
          <Text size="sm">
            <Text span fw={600}>
              {t('panel.pharmacy')} :{' '}
            </Text>
            {data.pharmacy ? `${data.pharmacy.name} — ${data.pharmacy.postalCode} ${data.pharmacy.city}` : t('panel.noPharmacy')}
          </Text>
          {data.status === 'follow_up' ? (
            data.canClose ? (
              <Alert color="green" role="status" title={t('panel.ready')}>
                <Button mt="xs" leftSection={<IconLock size={16} aria-hidden="true" />} loading={close.isPending} onClick={() => close.mutate()} data-testid="followup-close">
                  {t('panel.close')}
                </Button>
              </Alert>
            ) : (
              <Text size="sm" c="dimmed" role="status">
                {t('panel.openTasks', { count: data.openTasks })}
              </Text>
            )
          ) : null}
        </Stack>
      ) : null}
      {data ? (
        <Stack gap={4} mt="md">
          <Text fw={600} size="sm">
            {t('panel.surveys')}
          </Text>
          {data.surveys.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('panel.noSurvey')}
            </Text>
          ) : (
            data.surveys.map((s) => (
              <Group key={s.id} gap="xs" wrap="wrap">
                <Text size="sm">{`${t(`trigger.${s.trigger}`)} · ${formatDate(s.sentAt)}`}</Text>
                <Badge variant="light" color={s.state === 'answered' ? 'green' : s.state === 'expired' ? 'gray' : 'blue'}>
                  {t(`state.${s.state}`)}
                </Badge>
                {s.csat !== null ? <Text size="sm">{`CSAT ${s.csat}/5 · NPS ${s.nps}/10`}</Text> : null}
              </Group>
            ))
          )}
        </Stack>
      ) : null}
      <StepDialog key={dialog ? `${dialog.step.taskId}:${dialog.mode}` : 'none'} requestId={requestId} dialog={dialog} usual={data?.clientPharmacy ?? null} onClose={() => setDialog(null)} />
    </SectionCard>
  );
}
