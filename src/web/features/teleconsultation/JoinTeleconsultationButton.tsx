// "Rejoindre la téléconsultation" on the client's side (portal and the /rdv/:token page): asks the
// server for the client's own room link, then opens it. Shown only for a booked teleconsultation
// that is not over (the room page itself says when it opens).
import { Button, Stack } from '@mantine/core';
import { IconVideo } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/components.tsx';
import { teleApi } from './api.ts';

/** The room stays open 30 minutes after the end of the slot (server setting; the server has the last word). */
const GRACE_MS = 30 * 60_000;

export function JoinTeleconsultationButton({
  appointment,
  publicToken,
}: {
  appointment: { id: string; mode: string; endsAt: string; status?: string };
  /** On the /rdv/:token page: the appointment's own link token (no sign-in). */
  publicToken?: string;
}) {
  const { t } = useTranslation('teleconsultation');
  const open = useMutation({
    mutationFn: () => (publicToken ? teleApi.publicLink(publicToken) : teleApi.portalLink(appointment.id)),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const usable = appointment.mode === 'teleconsultation' && (!appointment.status || appointment.status === 'booked') && Date.parse(appointment.endsAt) + GRACE_MS > Date.now();
  if (!usable) return null;
  return (
    <Stack gap={4} style={{ flexBasis: '100%' }}>
      <Button leftSection={<IconVideo size={18} aria-hidden="true" />} onClick={() => open.mutate()} loading={open.isPending} w={{ base: '100%', sm: 'fit-content' }} data-testid="join-teleconsultation">
        {t('join.button')}
      </Button>
      <ErrorAlert error={open.error} />
    </Stack>
  );
}
