// Calendar feeds (ICS): a secret address to subscribe to in Google Agenda, Outlook or Apple
// Calendrier — for a staff member (Agenda), a client (portal) or a practitioner (schedule page).
// Only the hash of the token is stored: the address is shown once, and a new one revokes the old.
import { Alert, Button, CopyButton, Group, List, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarShare, IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/components.tsx';
import { notifySuccess } from '../../app/notify.ts';

type Generate = () => Promise<{ url: string }>;

function FeedPanel({ generate }: { generate: Generate }) {
  const { t } = useTranslation('scheduling');
  const [url, setUrl] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: generate,
    onSuccess: (result) => {
      setUrl(result.url);
      notifySuccess(t('feed.ready'));
    },
  });
  const howToId = useId();
  return (
    <Stack gap="sm" data-testid="calendar-feed">
      <ErrorAlert error={create.error} />
      {url ? (
        <>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput label={t('feed.url')} value={url} readOnly onFocus={(event) => event.currentTarget.select()} flex={1} ff="monospace" data-testid="calendar-feed-url" />
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy} leftSection={copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}>
                  {copied ? t('feed.copied') : t('feed.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed">
            {t('feed.secret')}
          </Text>
        </>
      ) : null}
      <Alert variant="light" color="yellow" p="xs">
        <Text size="sm">{t('feed.regenerateWarning')}</Text>
      </Alert>
      <Button
        variant={url ? 'default' : 'filled'}
        w="fit-content"
        leftSection={url ? <IconRefresh size={16} aria-hidden="true" /> : <IconCalendarShare size={16} aria-hidden="true" />}
        loading={create.isPending}
        onClick={() => create.mutate()}
      >
        {url ? t('feed.regenerate') : t('feed.generate')}
      </Button>
      <Stack gap={4}>
        <Text size="sm" fw={600} id={howToId}>
          {t('feed.howTo')}
        </Text>
        <List size="sm" spacing={2} aria-labelledby={howToId}>
          <List.Item>{t('feed.google')}</List.Item>
          <List.Item>{t('feed.outlook')}</List.Item>
          <List.Item>{t('feed.apple')}</List.Item>
        </List>
        <Text size="xs" c="dimmed">
          {t('feed.delay')}
        </Text>
      </Stack>
    </Stack>
  );
}

/** A button ("S'abonner à mon agenda", "Ajouter à mon agenda") opening the feed dialog. */
export function CalendarFeedButton({ label, generate, variant = 'default' }: { label: string; generate: Generate; variant?: 'default' | 'light' | 'subtle' }) {
  const { t } = useTranslation('scheduling');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} leftSection={<IconCalendarShare size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('feed.title')} size="lg" closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
        {/* Mounted while open only: closing forgets the address (it is shown once). */}
        {open ? <FeedPanel generate={generate} /> : null}
      </Modal>
    </>
  );
}

/** The section of the practitioner's schedule page. */
export function CalendarFeedCard({ generate }: { kind: 'practitioner'; generate: Generate }) {
  const { t } = useTranslation('scheduling');
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="practitioner-feed-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="practitioner-feed-title">
          {t('feed.practitioner')}
        </Title>
        <FeedPanel generate={generate} />
      </Stack>
    </Paper>
  );
}
