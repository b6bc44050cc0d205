// The client's appointments in the portal (/mes-demandes): the open proposals (choose one slot →
// confirmed, the others released) and "Mes rendez-vous" (upcoming ones can be cancelled with a
// reason, within the practitioner's notice; the server says when it is too late).
import { Alert, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { IconCalendarCheck, IconCalendarEvent, IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { type Appointment, PORTAL_APPOINTMENTS_KEY, type Proposal, SCHEDULING_KEY, schedulingApi } from './api.ts';
import { CalendarFeedButton } from './CalendarFeed.tsx';
import { AppointmentChecklist } from '../preparation/AppointmentChecklist.tsx';
import { JoinTeleconsultationButton } from '../teleconsultation/JoinTeleconsultationButton.tsx';
import { formatSlot, formatTime } from './time.ts';
import { AppointmentStatusBadge, CancelAppointmentModal, useWhereLabel } from './ui.tsx';

function practitionerOf(appointment: Appointment, fallback: string): string {
  return appointment.practitioner?.displayName ?? fallback;
}

function ProposalChoice({ proposal, onAccepted }: { proposal: Proposal; onAccepted: (appointment: Appointment) => void }) {
  const { t } = useTranslation('scheduling');
  const where = useWhereLabel();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const accept = useMutation({
    mutationFn: (appointmentId: string) => schedulingApi.portalAccept(proposal.id, appointmentId),
    onSuccess: ({ appointment }) => {
      onAccepted(appointment);
      void queryClient.invalidateQueries({ queryKey: SCHEDULING_KEY });
      void queryClient.invalidateQueries({ queryKey: ['portal'] });
    },
    onError: (failure) => {
      if (failure instanceof ApiError && (failure.status === 404 || failure.status === 409)) void queryClient.invalidateQueries({ queryKey: PORTAL_APPOINTMENTS_KEY });
    },
  });
  const titleId = `proposal-${proposal.id}`;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!choice) {
      setError(t('portal.pickOne'));
      return;
    }
    setError(null);
    accept.mutate(choice);
  }
  return (
    <Paper component="li" withBorder p="md" radius="md" data-testid="portal-proposal">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed" id={titleId}>
            {t('portal.proposalExpires', { date: formatDateTime(proposal.expiresAt) })}
          </Text>
          <ErrorAlert error={accept.error} />
          <Radio.Group value={choice} onChange={setChoice} label={t('portal.choose')} aria-describedby={titleId} error={error} required>
            <Stack gap="xs" mt={6}>
              {proposal.slots.map((slot) => (
                <Radio.Card key={slot.id} value={slot.id} p="sm" radius="md" withBorder data-testid="portal-proposal-slot">
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator aria-hidden="true" />
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Text fw={600} className="upper-first">
                        {formatSlot(slot.startsAt)} – {formatTime(slot.endsAt)}
                      </Text>
                      <Text size="sm">{practitionerOf(slot, t('unknownPractitioner'))}</Text>
                      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {where(slot)}
                      </Text>
                    </Stack>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          <Button type="submit" loading={accept.isPending} leftSection={<IconCircleCheck size={18} aria-hidden="true" />} w={{ base: '100%', sm: 'fit-content' }}>
            {t('portal.accept')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function AppointmentCard({ appointment, onCancel }: { appointment: Appointment; onCancel?: () => void }) {
  const { t } = useTranslation('scheduling');
  const where = useWhereLabel();
  return (
    <Paper component="li" withBorder p="sm" radius="md" data-testid="portal-appointment" data-number={appointment.number} data-status={appointment.status}>
      <Group justify="space-between" gap="xs" align="flex-start" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} className="upper-first">
              <time dateTime={appointment.startsAt}>{formatSlot(appointment.startsAt)}</time>
            </Text>
            <AppointmentStatusBadge status={appointment.status} size="sm" />
          </Group>
          <Text size="sm">{t('portal.with', { name: practitionerOf(appointment, t('unknownPractitioner')) })}</Text>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {where(appointment)} · {appointment.number}
          </Text>
        </Stack>
        {onCancel ? (
          <Button variant="subtle" color="red" size="xs" onClick={onCancel}>
            {t('portal.cancel')}
          </Button>
        ) : null}
        <JoinTeleconsultationButton appointment={appointment} />
      </Group>
      <AppointmentChecklist appointment={appointment} />
    </Paper>
  );
}

export function PortalAppointments() {
  const { t } = useTranslation('scheduling');
  const query = useQuery({ queryKey: PORTAL_APPOINTMENTS_KEY, queryFn: schedulingApi.portal, retry: false });
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [confirmed, setConfirmed] = useState<Appointment | null>(null);
  // Until the server has this endpoint, the portal shows nothing of it.
  if (query.error instanceof ApiError && query.error.status === 404) return null;
  const now = Date.now();
  const appointments = query.data?.appointments ?? [];
  const upcoming = appointments.filter((a) => new Date(a.endsAt).getTime() > now && (a.status === 'booked' || a.status === 'held'));
  const past = appointments.filter((a) => !upcoming.includes(a) && a.status !== 'held').reverse();
  const proposals = (query.data?.proposals ?? []).filter((p) => p.slots.length > 0);
  return (
    <Stack gap="lg">
      {confirmed ? (
        <Alert
          color="green"
          role="status"
          icon={<IconCalendarCheck aria-hidden="true" />}
          title={t('portal.confirmedTitle')}
          withCloseButton
          onClose={() => setConfirmed(null)}
          closeButtonLabel={t('common:actions.close')}
          data-testid="portal-confirmation"
        >
          {t('portal.accepted', { when: formatSlot(confirmed.startsAt) })}
        </Alert>
      ) : null}
      {proposals.length ? (
        <SectionCard title={t('portal.proposals')} id="portal-proposals-title" icon={<IconCalendarEvent size={22} aria-hidden="true" />}>
          <Stack gap="sm">
            <Text size="sm">{t('portal.proposalsIntro')}</Text>
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
              {proposals.map((proposal) => (
                <ProposalChoice key={proposal.id} proposal={proposal} onAccepted={setConfirmed} />
              ))}
            </Stack>
          </Stack>
        </SectionCard>
      ) : null}
      <SectionCard title={t('portal.appointments')} id="portal-appointments-title" icon={<IconCalendarCheck size={22} aria-hidden="true" />}>
        <Stack gap="sm" data-testid="portal-appointments">
          <ErrorAlert error={query.error} />
          {query.isPending ? (
            <Text size="sm" c="dimmed" role="status">
              {t('common:loading')}
            </Text>
          ) : null}
          {query.isSuccess ? (
            <Group justify="flex-end">
              <CalendarFeedButton label={t('feed.portal')} generate={schedulingApi.portalCalendarFeed} variant="light" />
            </Group>
          ) : null}
          {query.isSuccess && upcoming.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('portal.appointmentsEmpty')}
            </Text>
          ) : null}
          {upcoming.length ? (
            <>
              <Text size="xs" c="dimmed">
                {t('portal.cancelHelp')}
              </Text>
              <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
                {upcoming.map((appointment) => (
                  <AppointmentCard key={appointment.id} appointment={appointment} onCancel={appointment.status === 'booked' ? () => setCancelling(appointment) : undefined} />
                ))}
              </Stack>
            </>
          ) : null}
          {past.length ? (
            <Stack gap="xs" component="section" aria-labelledby="portal-past-title">
              <Title order={3} size="h5" id="portal-past-title">
                {t('portal.past')}
              </Title>
              <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
                {past.map((appointment) => (
                  <AppointmentCard key={appointment.id} appointment={appointment} />
                ))}
              </Stack>
            </Stack>
          ) : null}
        </Stack>
      </SectionCard>
      <CancelAppointmentModal appointment={cancelling} onClose={() => setCancelling(null)} cancel={schedulingApi.portalCancel} help={t('portal.cancelHelp')} />
    </Stack>
  );
}
