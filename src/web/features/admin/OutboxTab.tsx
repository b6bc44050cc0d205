// Boîte d'envoi: every e-mail the platform produced (invitations, password resets…), readable
// here; without SMTP configuration this is where they stay.
import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle, IconMailForward, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, ErrorAlert } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { adminApi, type OutboxMessage } from './api.ts';

const STATUS_COLORS: Record<OutboxMessage['status'], string> = { outbox: 'gray', sent: 'green', failed: 'red' };

/** Turns URLs of a plain-text e-mail into links (the text itself is rendered as text, never HTML). */
function TextBody({ text }: { text: string }) {
  const { t } = useTranslation('admin');
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <Paper withBorder p="md" bg="gray.0" className="pre-wrap" fz="sm" ff="monospace" component="div" aria-label={t('outbox.body')}>
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one immutable text
          <Anchor key={index} href={part} target="_blank" rel="noopener noreferrer" style={{ overflowWrap: 'anywhere' }}>
            {part}
          </Anchor>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one immutable text
          <span key={index}>{part}</span>
        ),
      )}
    </Paper>
  );
}

export function OutboxTab() {
  const { t } = useTranslation('admin');
  const [reading, setReading] = useState<OutboxMessage | null>(null);
  const outbox = useQuery({ queryKey: ['admin', 'outbox'], queryFn: () => adminApi.outbox(100) });
  const messages = outbox.data?.messages ?? [];

  return (
    <Stack gap="md">
      {outbox.data ? (
        <Alert
          color={outbox.data.smtpConfigured ? 'parcours' : 'orange'}
          variant="light"
          title={t('outbox.smtpTitle')}
          icon={outbox.data.smtpConfigured ? <IconMailForward aria-hidden="true" /> : <IconInfoCircle aria-hidden="true" />}
          data-testid="smtp-status"
        >
          {outbox.data.smtpConfigured ? t('outbox.smtpOn') : t('outbox.smtpOff')}
        </Alert>
      ) : null}

      <ErrorAlert error={outbox.error} />

      <Group justify="flex-end">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} aria-hidden="true" />}
          onClick={() => void outbox.refetch()}
          loading={outbox.isFetching}
        >
          {t('outbox.refresh')}
        </Button>
      </Group>

      <DataTable
        minWidth={760}
        busy={outbox.isFetching}
        columns={[
          { key: 'date', label: t('outbox.date') },
          { key: 'to', label: t('outbox.to') },
          { key: 'subject', label: t('outbox.subject') },
          { key: 'status', label: t('outbox.status') },
        ]}
        empty={!outbox.isPending && messages.length === 0 ? t('outbox.empty') : null}
      >
            {messages.map((message) => (
              <Table.Tr key={message.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {message.to}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    ta="left"
                    onClick={() => setReading(message)}
                    aria-label={t('outbox.readLabel', { subject: message.subject })}
                  >
                    {message.subject}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[message.status] ?? 'gray'} variant="light">
                    {t(`outbox.statuses.${message.status}`, { defaultValue: message.status })}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
      </DataTable>

      <Modal opened={reading !== null} onClose={() => setReading(null)} title={reading?.subject} size="xl">
        {reading ? (
          <Stack gap="sm">
            <Group gap="lg" wrap="wrap">
              <Text size="sm">
                <Text span c="dimmed">
                  {t('outbox.to')}
                  {t('common:colon')}
                </Text>
                {reading.to}
              </Text>
              <Text size="sm">
                <Text span c="dimmed">
                  {t('outbox.createdAt')}
                  {t('common:colon')}
                </Text>
                {formatDateTime(reading.createdAt)}
              </Text>
              {reading.sentAt ? (
                <Text size="sm">
                  <Text span c="dimmed">
                    {t('outbox.sentAt')}
                  {t('common:colon')}
                  </Text>
                  {formatDateTime(reading.sentAt)}
                </Text>
              ) : null}
              <Badge color={STATUS_COLORS[reading.status] ?? 'gray'} variant="light">
                {t(`outbox.statuses.${reading.status}`, { defaultValue: reading.status })}
              </Badge>
            </Group>
            <TextBody text={reading.textBody} />
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
