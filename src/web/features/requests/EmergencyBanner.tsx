// The emergency banner: unmissable (role="alert", red, top of the page, focus moved to it), the
// guidance to read to the caller, and the protocol as a checklist whose steps are time-stamped.
import { Box, Button, Group, List, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmergencyPanel } from '../../app/components.tsx';
import { DISPLAY_TIME_ZONE, formatDateTime } from '../../app/format.ts';
import { EMERGENCY_STEPS, type EmergencyStep, type Request, requestsApi } from './api.ts';
import { useRequestMutation } from './mutations.ts';

const time = (iso: string) => dayjs(iso).tz(DISPLAY_TIME_ZONE).format('HH:mm:ss');

export function EmergencyBanner({ request }: { request: Request }) {
  const { t } = useTranslation('requests');
  const emergency = request.emergency;
  const [confirmResolve, setConfirmResolve] = useState(false);
  const step = useRequestMutation(request.id, (code: EmergencyStep) => requestsApi.emergencyStep(request.id, code), {
    onSuccess: () => setConfirmResolve(false),
  });
  const activatedAt = emergency?.activatedAt;

  if (!emergency || emergency.resolvedAt) return null;
  const done = new Map(emergency.steps.map((item) => [item.code, item]));

  return (
    <EmergencyPanel titleId="emergency-title" title={t('emergency.title')} testId="emergency-banner" focusKey={activatedAt}>
      <Box>
        <Text fw={700} tt="uppercase" size="sm" c="white">
          {t('emergency.guidanceTitle')}
        </Text>
        <Text fz={{ base: 'md', sm: 'lg' }} fw={500} c="white" lh={1.5}>
          « {t('emergency.guidance')} »
        </Text>
      </Box>
      <Text size="sm" c="white">
        {emergency.activatedBy
          ? t('emergency.activatedBy', { name: emergency.activatedBy.displayName, date: formatDateTime(emergency.activatedAt) })
          : t('emergency.activatedByTriage', { date: formatDateTime(emergency.activatedAt) })}
      </Text>
      <Box>
        <Title order={3} size="h5" c="white" mb="xs">
          {t('emergency.checklist')}
        </Title>
        <List spacing="xs" listStyleType="none" p={0} m={0}>
          {EMERGENCY_STEPS.map((code) => {
            const label = t(`emergency.steps.${code}`);
            const entry = done.get(code);
            if (entry) {
              const name = entry.by?.displayName ?? t('history.system');
              return (
                <List.Item key={code} data-step={code} data-done="true">
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <IconCircleCheck size={22} aria-hidden="true" style={{ flexShrink: 0 }} />
                    <Text c="white" fw={600}>
                      {label}
                      <Text span c="white" fw={400}>
                        {' — '}
                        <time dateTime={entry.at}>{time(entry.at)}</time> · {name}
                      </Text>
                    </Text>
                  </Group>
                </List.Item>
              );
            }
            return (
              <List.Item key={code} data-step={code}>
                <Button
                  variant={code === 'resolved' ? 'outline' : 'white'}
                  color={code === 'resolved' ? 'white' : 'red.9'}
                  c={code === 'resolved' ? 'white' : 'red.9'}
                  leftSection={<IconCircleDashed size={18} aria-hidden="true" />}
                  loading={step.isPending && step.variables === code}
                  onClick={() => (code === 'resolved' ? setConfirmResolve(true) : step.mutate(code))}
                  styles={{ root: { height: 'auto', minHeight: 40, whiteSpace: 'normal', textAlign: 'left' }, label: { whiteSpace: 'normal' } }}
                >
                  {label}
                </Button>
              </List.Item>
            );
          })}
        </List>
      </Box>
      <Modal opened={confirmResolve} onClose={() => setConfirmResolve(false)} title={t('emergency.steps.resolved')}>
      <Stack gap="md">
        <Text size="sm">{t('emergency.steps.resolved')} ?</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmResolve(false)} data-autofocus>
            {t('common:actions.cancel')}
          </Button>
          <Button color="red.9" loading={step.isPending} onClick={() => step.mutate('resolved')}>
            {t('common:actions.confirm')}
          </Button>
        </Group>
      </Stack>
      </Modal>
    </EmergencyPanel>
  );
}

/** After the emergency: a quiet summary of what was done, and when. */
export function EmergencySummary({ request }: { request: Request }) {
  const { t } = useTranslation('requests');
  const emergency = request.emergency;
  if (!emergency?.resolvedAt) return null;
  return (
    <Paper withBorder p="md" mb="lg" style={{ borderLeft: '4px solid var(--mantine-color-red-9)' }} data-testid="emergency-summary">
      <Text fw={600} mb={4}>
        {t('detail.emergencyClosed', { date: formatDateTime(emergency.resolvedAt) })}
      </Text>
      <List size="sm" spacing={2}>
        {emergency.steps.map((item) => (
          <List.Item key={`${item.code}-${item.at}`}>
            {t(`emergency.steps.${item.code}`, { defaultValue: item.code })} — {time(item.at)} · {item.by?.displayName ?? t('history.system')}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
