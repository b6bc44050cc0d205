// /proposition/:token — the link a client receives by e-mail or SMS, without signing in: the slots
// their advisor holds for them, one to choose, then the confirmation. An expired or already
// answered proposal, or a wrong link, says so plainly.
import { Alert, Button, Center, Group, Loader, Radio, Stack, Text, Title } from '@mantine/core';
import { IconCalendarCheck, IconCircleCheck, IconClockX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, Facts, usePageTitle } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { type PublicAppointment, publicProposalKey, schedulingApi } from './api.ts';
import { formatSlot, formatTime } from './time.ts';

function Invalid({ message }: { message: string }) {
  const { t } = useTranslation('scheduling');
  return (
    <Alert color="orange" role="alert" icon={<IconClockX aria-hidden="true" />} title={t('public.invalidTitle')} data-testid="proposal-invalid">
      {message}
    </Alert>
  );
}

function Confirmation({ appointment }: { appointment: PublicAppointment }) {
  const { t } = useTranslation('scheduling');
  return (
    <Stack gap="md" data-testid="proposal-confirmed">
      <Alert color="green" role="status" icon={<IconCalendarCheck aria-hidden="true" />} title={t('public.confirmedTitle')}>
        {t('public.confirmed', { number: appointment.number })}
      </Alert>
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
    </Stack>
  );
}

export function PublicProposalPage() {
  const { t } = useTranslation('scheduling');
  const { token = '' } = useParams();
  usePageTitle(t('public.title'));
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useQuery({ queryKey: publicProposalKey(token), queryFn: () => schedulingApi.publicProposal(token), retry: false, enabled: Boolean(token) });
  const accept = useMutation({
    mutationFn: (appointmentId: string) => schedulingApi.publicAccept(token, appointmentId),
    onError: (failure) => {
      // Taken or expired meanwhile: show what is left.
      if (failure instanceof ApiError && (failure.status === 404 || failure.status === 409)) {
        setChoice(null);
        void queryClient.invalidateQueries({ queryKey: publicProposalKey(token) });
      }
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!choice) {
      setError(t('public.pickOne'));
      return;
    }
    setError(null);
    accept.mutate(choice);
  }

  let body: ReactNode;
  if (accept.data) body = <Confirmation appointment={accept.data.appointment} />;
  else if (query.isPending && token)
    body = (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  else if (!token || (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 410 || query.error.status === 400)))
    body = <Invalid message={t('public.invalid')} />;
  else if (query.isError) body = <ErrorAlert error={query.error} />;
  else if (query.data && query.data.proposal.status !== 'open') body = <Invalid message={t(`public.${query.data.proposal.status}_status`)} />;
  else if (query.data) {
    const { proposal } = query.data;
    body = (
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text>{t('public.intro')}</Text>
          <Text size="sm" c="dimmed">
            {t('public.expires', { date: formatDateTime(proposal.expiresAt) })}
          </Text>
          {accept.error ? <ErrorAlert error={accept.error} /> : null}
          <Radio.Group value={choice} onChange={setChoice} label={t('public.choose')} error={error} required>
            <Stack gap="xs" mt={6}>
              {proposal.slots.map((slot) => (
                <Radio.Card key={slot.id} value={slot.id} p="sm" radius="md" withBorder data-testid="public-slot">
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator aria-hidden="true" />
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Text fw={600} className="upper-first">
                        {formatSlot(slot.startsAt)} – {formatTime(slot.endsAt)}
                      </Text>
                      <Text size="sm">{slot.practitionerName}</Text>
                      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {slot.mode === 'teleconsultation' ? t('mode.teleconsultation') : (slot.address ?? t('mode.in_person'))}
                      </Text>
                    </Stack>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          <Button type="submit" size="md" loading={accept.isPending} leftSection={<IconCircleCheck size={18} aria-hidden="true" />} w={{ base: '100%', sm: 'fit-content' }}>
            {t('public.accept')}
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <Stack gap="lg">
      <Title order={1} fz={{ base: 24, sm: 28 }}>
        {t('public.title')}
      </Title>
      {body}
    </Stack>
  );
}
