// Pondérations du matching: the weight (0–10) of each ranking criterion, its share of the score,
// back to the defaults, and who changed them last.
import { Alert, Button, Group, Paper, Slider, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconDeviceFloppy, IconRestore } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { CRITERIA, MATCHING_KEY, matchingApi, type Weights, type WeightsSettings, WEIGHTS_KEY } from '../matching/api.ts';

const same = (a: Weights, b: Weights) => CRITERIA.every((key) => a[key] === b[key]);

export function WeightsTab() {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: WEIGHTS_KEY, queryFn: matchingApi.weights });
  const [draft, setDraft] = useState<Weights | null>(null);
  const save = useMutation({
    mutationFn: (weights: Weights) => matchingApi.saveWeights(weights),
    onSuccess: (result) => {
      // Show the saved values at once (the refetch then brings who changed them and when).
      queryClient.setQueryData<WeightsSettings>(WEIGHTS_KEY, (previous) =>
        previous ? { ...previous, ...(result as Partial<WeightsSettings>), weights: result.weights } : previous,
      );
      setDraft(null);
      notifySuccess(t('weights.saved'));
      void queryClient.invalidateQueries({ queryKey: MATCHING_KEY });
    },
    onError: notifyError,
  });

  if (!settings.data) return settings.isPending ? <Text c="dimmed">{t('common:loading')}</Text> : <ErrorAlert error={settings.error} />;

  const { weights: saved, defaults, updatedAt, updatedBy } = settings.data;
  const weights = draft ?? saved;
  const total = CRITERIA.reduce((sum, key) => sum + weights[key], 0);
  // Availability only counts once schedules exist: its share is shown apart.
  const counted = total - weights.availability;
  const changed = !same(weights, saved);
  const allZero = total === 0;

  return (
    <Stack gap="lg">
      <Text c="dimmed" maw={760}>
        {t('weights.intro')}
      </Text>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="weights-title">
        <Stack gap="lg">
          <Group justify="space-between" gap="sm">
            <Title order={2} size="h3" id="weights-title">
              {t('weights.title')}
            </Title>
            <Text size="sm" c="dimmed" data-testid="weights-updated">
              {updatedAt ? t('weights.updated', { date: formatDateTime(updatedAt), name: updatedBy?.name ?? '—' }) : t('weights.neverChanged')}
            </Text>
          </Group>
          {CRITERIA.map((key) => {
            const labelId = `weight-${key}`;
            const share = key === 'availability' || counted === 0 ? null : Math.round((weights[key] * 100) / counted);
            return (
              <Stack key={key} gap={6} data-testid={`weight-${key}`}>
                <Group justify="space-between" gap="xs" align="baseline">
                  <Text fw={600} id={labelId}>
                    {t(`weights.labels.${key}`)}
                  </Text>
                  <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    <Text span fw={700}>
                      {weights[key]}
                    </Text>
                    /10
                    {share !== null ? (
                      <Text span c="dimmed">
                        {' · '}
                        {t('weights.share', { percent: share })}
                      </Text>
                    ) : null}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {t(`weights.help.${key}`)}
                </Text>
                <Slider
                  min={0}
                  max={10}
                  step={1}
                  value={weights[key]}
                  onChange={(value) => setDraft({ ...weights, [key]: value })}
                  thumbLabel={t(`weights.labels.${key}`)}
                  marks={[0, 2, 4, 6, 8, 10].map((value) => ({ value, label: String(value) }))}
                  mb="md"
                />
              </Stack>
            );
          })}
          {allZero ? (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {t('weights.allZero')}
            </Alert>
          ) : null}
          <Group justify="space-between" gap="sm">
            <Button
              variant="default"
              leftSection={<IconRestore size={16} aria-hidden="true" />}
              onClick={() => setDraft({ ...defaults })}
              disabled={same(weights, defaults)}
            >
              {t('weights.reset')}
            </Button>
            <Group gap="sm">
              {changed ? (
                <Button variant="subtle" onClick={() => setDraft(null)}>
                  {t('common:actions.cancel')}
                </Button>
              ) : null}
              <Button
                leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
                onClick={() => save.mutate(weights)}
                loading={save.isPending}
                disabled={!changed || allZero}
              >
                {t('common:actions.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
