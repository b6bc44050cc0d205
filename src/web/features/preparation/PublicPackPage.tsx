// /dossier-rdv/:token — the practitioner's link, without signing in: the patient's name and birth
// date, the appointment, and only what the patient agreed to share, printable. The server counts and
// audits every open; an expired, revoked or unknown link shows the server's own message.
import './preparation.css';
import { Alert, Button, Center, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconClockX, IconPrinter, IconShieldLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, Facts, usePageTitle } from '../../app/components.tsx';
import { formatCalendarDate, formatDateTime } from '../../app/format.ts';
import { formatSlot, formatTime } from '../scheduling/time.ts';
import { type PackItem, preparationApi, publicPackKey } from './api.ts';

function ItemBody({ item }: { item: PackItem }) {
  const { t } = useTranslation('preparation');
  if ('items' in item)
    return item.items.length ? (
      <List spacing={4}>
        {item.items.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
    ) : (
      <Text c="dimmed">{t('public.empty')}</Text>
    );
  return item.text.trim() ? <Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Text> : <Text c="dimmed">{t('public.empty')}</Text>;
}

export function PublicPackPage() {
  const { t } = useTranslation('preparation');
  const { token = '' } = useParams();
  usePageTitle(t('public.title'));
  const query = useQuery({ queryKey: publicPackKey(token), queryFn: () => preparationApi.publicPack(token), retry: false, enabled: Boolean(token), staleTime: Number.POSITIVE_INFINITY });

  let body: ReactNode;
  if (query.isPending && token)
    body = (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  else if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 410 || query.error.status === 400))
    body = (
      <Alert color="orange" role="alert" icon={<IconClockX aria-hidden="true" />} title={t('public.unavailableTitle')} data-testid="pack-unavailable">
        {query.error.message}
      </Alert>
    );
  else if (query.isError) body = <ErrorAlert error={query.error} />;
  else if (query.data) {
    const { pack } = query.data;
    const a = pack.appointment;
    body = (
      <Stack gap="lg" data-testid="public-pack">
        <Text size="sm" c="dimmed">
          {t('public.intro')}
        </Text>
        <Facts
          labelWidth={150}
          items={[
            { label: t('public.patient'), value: <strong>{pack.client.name}</strong> },
            { label: t('public.birthDate'), value: formatCalendarDate(pack.client.birthDate) },
            ...(a
              ? [
                  { label: t('public.when'), value: <span className="upper-first">{`${formatSlot(a.startsAt)} – ${formatTime(a.endsAt)}`}</span> },
                  { label: t('public.with'), value: a.practitionerName },
                  { label: t('public.where'), value: a.mode === 'teleconsultation' ? t('public.teleconsultation') : a.address },
                  { label: t('public.number'), value: a.number },
                ]
              : []),
          ]}
        />
        <Stack gap="sm" component="section" aria-labelledby="pack-shared-title">
          <Title order={2} size="h3" id="pack-shared-title">
            {t('public.shared')}
          </Title>
          {pack.items.map((item) => (
            <Paper key={item.kind} withBorder p="md" radius="md" component="section" aria-labelledby={`pack-item-${item.kind}`} data-testid="pack-item" data-kind={item.kind}>
              <Stack gap={6}>
                <Title order={3} size="h4" id={`pack-item-${item.kind}`}>
                  {t(`kinds.${item.kind}`)}
                </Title>
                <ItemBody item={item} />
                <Text size="xs" c="dimmed">
                  {t('public.sharedMeta', { date: formatDateTime(item.sharedAt), channel: t(`channels.${item.consentChannel}`) })}
                </Text>
              </Stack>
            </Paper>
          ))}
        </Stack>
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Group gap={6} wrap="nowrap">
            <IconShieldLock size={18} aria-hidden="true" />
            <Text size="sm" c="dimmed">
              {t('public.expires', { date: formatDateTime(pack.expiresAt) })}
            </Text>
          </Group>
          <Button className="no-print" variant="light" leftSection={<IconPrinter size={18} aria-hidden="true" />} onClick={() => window.print()}>
            {t('public.print')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" data-print-root>
      <Title order={1} fz={{ base: 24, sm: 28 }}>
        {t('public.title')}
      </Title>
      {body}
    </Stack>
  );
}
