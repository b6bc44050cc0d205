// /rdv/:token — the link of the confirmation e-mail and SMS, without signing in: the appointment
// (date, practitioner, place) and, while the practitioner's notice allows it, a cancellation with
// a reason. Too late, the server says so (its message is shown) and the client calls their advisor.
import { Alert, Button, Center, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCalendarX, IconClockX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, Facts, usePageTitle } from '../../app/components.tsx';
import { publicAppointmentKey, schedulingApi } from './api.ts';
import { formatSlot, formatTime } from './time.ts';
import { AppointmentStatusBadge } from './ui.tsx';
import { AppointmentChecklist } from '../preparation/AppointmentChecklist.tsx';
import { JoinTeleconsultationButton } from '../teleconsultation/JoinTeleconsultationButton.tsx';

export function PublicAppointmentPage() {
  const { t } = useTranslation('scheduling');
  const { token = '' } = useParams();
  usePageTitle(t('publicAppointment.title'));
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const query = useQuery({ queryKey: publicAppointmentKey(token), queryFn: () => schedulingApi.publicAppointment(token), retry: false, enabled: Boolean(token) });
  const cancel = useMutation({
    mutationFn: () => schedulingApi.publicCancel(token, reason.trim()),
    onSuccess: (data) => {
      queryClient.setQueryData(publicAppointmentKey(token), data);
      setCancelling(false);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('cancel.reasonRequired'));
      return;
    }
    setError(null);
    cancel.mutate();
  }

  let body: ReactNode;
  if (query.isPending && token)
    body = (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  else if (!token || (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400)))
    body = (
      <Alert color="orange" role="alert" icon={<IconClockX aria-hidden="true" />} title={t('public.invalidTitle')} data-testid="appointment-invalid">
        {t('publicAppointment.invalid')}
      </Alert>
    );
  else if (query.isError) body = <ErrorAlert error={query.error} />;
  else if (query.data) {
    const { appointment } = query.data;
    const upcoming = new Date(appointment.startsAt).getTime() > Date.now();
    const cancellable = appointment.status === 'booked' && upcoming;
    const serverError = cancel.error instanceof ApiError ? cancel.error : null;
    body = (
      <Stack gap="md" data-testid="public-appointment" data-status={appointment.status}>
        {appointment.status ? <AppointmentStatusBadge status={appointment.status} size="lg" /> : null}
        {cancel.isSuccess ? (
          <Alert color="gray" role="status" icon={<IconCalendarX aria-hidden="true" />}>
            {t('publicAppointment.cancelled')}
          </Alert>
        ) : null}
        <Facts
          labelWidth={120}
          items={[
            { label: t('public.when'), value: <span className="upper-first">{`${formatSlot(appointment.startsAt)} – ${formatTime(appointment.endsAt)}`}</span> },
            { label: t('public.with'), value: appointment.practitionerName },
            { label: t('public.mode'), value: t(`mode.${appointment.mode}`) },
            { label: t('public.where'), value: appointment.address },
            { label: t('public.number'), value: appointment.number },
          ]}
        />
        <JoinTeleconsultationButton appointment={appointment} publicToken={token} />
        {appointment.status === 'booked' ? <AppointmentChecklist appointment={appointment} collapsible={false} /> : null}
        {cancellable && !cancelling ? (
          <Button variant="light" color="red" w={{ base: '100%', sm: 'fit-content' }} onClick={() => setCancelling(true)}>
            {t('publicAppointment.cancel')}
          </Button>
        ) : null}
        {cancellable && cancelling ? (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('portal.cancelHelp')}
              </Text>
              {cancel.error && !serverError?.fieldMessage('reason') ? <ErrorAlert error={cancel.error} /> : null}
              <Textarea
                label={t('cancel.reason')}
                required
                autosize
                minRows={2}
                maxLength={500}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                error={error ?? serverError?.fieldMessage('reason')}
              />
              <Button type="submit" color="red" loading={cancel.isPending} w={{ base: '100%', sm: 'fit-content' }}>
                {t('cancel.confirm')}
              </Button>
            </Stack>
          </form>
        ) : null}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <Title order={1} fz={{ base: 24, sm: 28 }}>
        {t('publicAppointment.title')}
      </Title>
      {body}
    </Stack>
  );
}
