// Fiche demande (/demandes/:id): the emergency banner when the protocol is active, the header
// (number, client, status, urgency, assignee, first-response timer, allowed transitions), the
// reason in the person's words, the triage panel, notes with @mentions, tasks and the history.
import {
  Alert,
  Anchor,
  Button,
  Code,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { IconArrowLeft, IconUrgent } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, Facts, PageHeader, PageLoadState, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate, formatDateTime } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { MatchingPanel } from '../matching/MatchingPanel.tsx';
import { RequestScheduling } from '../scheduling/RequestScheduling.tsx';
import { FollowupPanel } from '../followup/FollowupPanel.tsx';
import { RequestBillingSection } from '../billing/BillingPages.tsx';
import { type Request, requestKey, requestsApi, type Status } from './api.ts';
import { EmergencyBanner, EmergencySummary } from './EmergencyBanner.tsx';
import { History } from './History.tsx';
import { useNow } from './live.ts';
import { useRequestMutation } from './mutations.ts';
import { Notes } from './Notes.tsx';
import { Tasks } from './Tasks.tsx';
import { TriagePanel } from './TriagePanel.tsx';
import { FirstResponseTimer, type StaffMember, StatusBadge, UrgencyBadge, useSpecialtyLabel, useStaff } from './ui.tsx';

function CancelDialog({ request, opened, onClose }: { request: Request; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('requests');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const cancel = useRequestMutation(request.id, () => requestsApi.transition(request.id, 'cancelled', reason.trim()), {
    toastErrors: false,
    onSuccess: () => {
      notifySuccess(t('detail.statusChanged', { status: t('status.cancelled') }));
      setReason('');
      onClose();
    },
  });
  const serverError = cancel.error instanceof ApiError ? cancel.error : null;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('validation.reasonRequired'));
      return;
    }
    setError(undefined);
    cancel.mutate(undefined);
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('detail.cancelTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {serverError && !serverError.fieldMessage('reason') ? <ErrorAlert error={serverError} /> : null}
          <Textarea
            label={t('detail.cancelReason')}
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={error ?? serverError?.fieldMessage('reason')}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('detail.keep')}
            </Button>
            <Button type="submit" color="red" loading={cancel.isPending}>
              {t('detail.cancelConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TriggerEmergencyDialog({ request, opened, onClose }: { request: Request; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('requests');
  const [reason, setReason] = useState('');
  const trigger = useRequestMutation(request.id, () => requestsApi.activateEmergency(request.id, reason.trim() || undefined), {
    onSuccess: () => {
      setReason('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('detail.triggerTitle')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          trigger.mutate(undefined);
        }}
      >
        <Stack gap="md">
          <Text size="sm">{t('detail.triggerText')}</Text>
          <Textarea
            label={t('detail.triggerReason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={trigger.isPending} leftSection={<IconUrgent size={16} aria-hidden="true" />}>
              {t('detail.triggerConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ActionsBar({
  request,
  transitions,
  assignable,
}: {
  request: Request;
  transitions: Status[];
  assignable: StaffMember[];
}) {
  const { t } = useTranslation('requests');
  const now = useNow();
  const [cancelling, setCancelling] = useState(false);
  const [triggering, setTriggering] = useState(false);
  const assign = useRequestMutation(request.id, (assigneeId: string | null) => requestsApi.assign(request.id, assigneeId), {
    onSuccess: ({ request: updated }) =>
      notifySuccess(updated.assignee ? t('detail.assigned', { name: updated.assignee.displayName }) : t('detail.unassigned')),
  });
  const move = useRequestMutation(request.id, (to: Status) => requestsApi.transition(request.id, to), {
    onSuccess: (_, to) => notifySuccess(t('detail.statusChanged', { status: t(`status.${to}`) })),
  });
  const roles = new Map(assignable.map((member) => [member.id, member.role]));
  const options = assignable.map((member) => ({ value: member.id, label: member.displayName }));
  if (request.assignee && !options.some((option) => option.value === request.assignee?.id)) {
    options.unshift({ value: request.assignee.id, label: request.assignee.displayName });
  }
  const emergencyActive = request.emergency !== null && !request.emergency.resolvedAt;

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} mb="lg" component="section" aria-label={t('detail.actions')}>
      <Group align="flex-end" gap="md" wrap="wrap">
        <Select
          label={t('detail.assignee')}
          placeholder={t('detail.assigneePlaceholder')}
          data={options}
          value={request.assignee?.id ?? null}
          onChange={(value) => assign.mutate(value)}
          clearable
          searchable
          disabled={assign.isPending}
          renderOption={({ option }) => (
            <Stack gap={0}>
              <Text size="sm">{option.label}</Text>
              {roles.get(option.value) ? (
                <Text size="xs" c="dimmed">
                  {t(`common:roles.${roles.get(option.value)}`)}
                </Text>
              ) : null}
            </Stack>
          )}
          w={{ base: '100%', xs: 300 }}
        />
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t('detail.firstResponse')}
          </Text>
          <FirstResponseTimer request={request} now={now} />
          {request.firstResponseDueAt && !request.firstRespondedAt ? (
            <Text size="xs" c="dimmed">
              {t('detail.dueAt', { date: formatDateTime(request.firstResponseDueAt) })}
            </Text>
          ) : request.firstRespondedAt ? (
            <Text size="xs" c="dimmed">
              {t('detail.respondedAt', { date: formatDateTime(request.firstRespondedAt) })}
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs" ml={{ base: 0, md: 'auto' }} wrap="wrap">
          {transitions
            .filter((to) => to !== 'cancelled')
            .map((to) => (
              <Button key={to} variant="light" onClick={() => move.mutate(to)} loading={move.isPending && move.variables === to}>
                {t(`transitions.${to}`)}
              </Button>
            ))}
          {transitions.includes('cancelled') ? (
            <Button variant="subtle" color="red" onClick={() => setCancelling(true)}>
              {t('transitions.cancelled')}
            </Button>
          ) : null}
          {!emergencyActive ? (
            <Button variant="outline" color="red.9" leftSection={<IconUrgent size={16} aria-hidden="true" />} onClick={() => setTriggering(true)}>
              {t('detail.triggerEmergency')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <CancelDialog request={request} opened={cancelling} onClose={() => setCancelling(false)} />
      <TriggerEmergencyDialog request={request} opened={triggering} onClose={() => setTriggering(false)} />
    </Paper>
  );
}

function Motive({ request }: { request: Request }) {
  const { t } = useTranslation('requests');
  return (
    <SectionCard title={t('detail.motive')} id="request-motive">
      <Stack gap="md">
        <Paper bg="gray.0" p="md" radius="md" style={{ borderLeft: '4px solid var(--mantine-color-parcours-7)' }}>
          <Text className="pre-wrap" fz="md" data-testid="request-text">
            {request.text}
          </Text>
        </Paper>
        <Facts
          items={[
            { label: t('detail.kind'), value: t(`kind.${request.kind}`) },
            { label: t('detail.requester'), value: request.requester },
            { label: t('detail.preferredDates'), value: request.preferredDates },
            { label: t('detail.constraints'), value: request.constraints },
          ]}
        />
        {request.status === 'cancelled' && request.cancelReason ? (
          <Alert color="gray" role="note">
            {t('detail.cancelledBecause', { reason: request.cancelReason })}
          </Alert>
        ) : null}
      </Stack>
    </SectionCard>
  );
}

export function RequestPage() {
  const { t } = useTranslation('requests');
  const { id = '' } = useParams();
  const specialty = useSpecialtyLabel();
  const { staff, assignable } = useStaff();
  const query = useQuery({
    queryKey: requestKey(id),
    queryFn: () => requestsApi.get(id),
    enabled: Boolean(id),
    refetchInterval: 30_000,
    staleTime: 5_000,
  });

  if (query.isPending || query.isError)
    return <PageLoadState isPending={query.isPending} error={query.error} title={t('title')} backTo="/demandes" backLabel={t('detail.back')} />;

  const { request, allowedTransitions, history, notes, tasks } = query.data;
  return (
    <>
      <EmergencyBanner request={request} />
      <Anchor component={Link} to="/demandes" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden="true" />
        {t('detail.back')}
      </Anchor>
      <PageHeader
        title={t('detail.title', { number: request.number })}
        description={
          <Stack gap={6} component="span">
            <Group gap="xs" component="span">
              <Anchor component={Link} to={`/clients/${request.client.id}`} fw={600}>
                {request.client.displayName}
              </Anchor>
              <Code>{request.client.number}</Code>
              <span>{formatCalendarDate(request.client.birthDate)}</span>
            </Group>
            <span>{t('detail.receivedAt', { date: formatDateTime(request.createdAt), channel: t(`channel.${request.channel}`).toLowerCase() })}</span>
          </Stack>
        }
        actions={
          <Group gap="xs" data-testid="request-badges">
            <StatusBadge status={request.status} size="lg" />
            <UrgencyBadge urgency={request.urgency} size="lg" />
            <Text fw={600} size="sm">
              {specialty(request.specialty)}
            </Text>
          </Group>
        }
      />
      <EmergencySummary request={request} />
      <ActionsBar request={request} transitions={allowedTransitions} assignable={assignable} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Motive request={request} />
            <TriagePanel request={request} />
            <Notes requestId={request.id} notes={notes} staff={staff} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            {['booked', 'follow_up', 'closed'].includes(request.status) ? <FollowupPanel requestId={request.id} notes={notes} /> : null}
            <Tasks requestId={request.id} tasks={tasks} staff={staff} />
            <RequestBillingSection requestId={request.id} clientId={request.client.id} />
            <History entries={history} />
          </Stack>
        </Grid.Col>
      </Grid>
      {request.specialty ? <MatchingPanel request={request} /> : null}
      <RequestScheduling request={request} />
    </>
  );
}
