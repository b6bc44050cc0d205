// À revérifier: partners whose verification expires within 30 days or has expired.
import { Anchor, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable, ErrorAlert, ResultStatus } from '../../app/components.tsx';
import { formatCalendarDate } from '../../app/format.ts';
import { useVerificationsDue } from './api.ts';
import { useDirectoryLabels } from './ui.tsx';

export function DueStatusBadge({ status }: { status: 'expiring' | 'expired' }) {
  const { t } = useTranslation('directory');
  return (
    <Badge color={status === 'expired' ? 'red' : 'orange'} variant={status === 'expired' ? 'filled' : 'light'}>
      {t(`due.status.${status}`)}
    </Badge>
  );
}

export function DueTab() {
  const { t } = useTranslation('directory');
  const labels = useDirectoryLabels();
  const due = useVerificationsDue();
  const items = due.data?.items ?? [];
  return (
    <Stack gap="md">
      <Text c="dimmed">{t('due.intro')}</Text>
      <ErrorAlert error={due.error} />
      <ResultStatus pending={due.isPending}>{t('due.count', { count: items.length })}</ResultStatus>
      <DataTable
        minWidth={760}
        busy={due.isFetching}
        columns={[
          { key: 'name', label: t('due.columns.name') },
          { key: 'specialties', label: t('due.columns.specialties') },
          { key: 'status', label: t('due.columns.status') },
          { key: 'expiresOn', label: t('due.columns.expiresOn') },
          { key: 'actions', label: t('due.open'), hiddenLabel: true, align: 'right' },
        ]}
        empty={!due.isPending && items.length === 0 ? t('due.empty') : null}
      >
        {items.map((item) => (
          <Table.Tr key={item.practitioner.id}>
            <Table.Td>
              <Anchor component={Link} to={`/annuaire/praticiens/${item.practitioner.id}`} fw={600} size="sm">
                {item.practitioner.displayName}
              </Anchor>
              {item.practitioner.rpps ? (
                <Text size="xs" c="dimmed" ff="monospace">
                  RPPS {item.practitioner.rpps}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{labels.specialties(item.practitioner.specialties) || item.practitioner.profession}</Text>
            </Table.Td>
            <Table.Td>
              <DueStatusBadge status={item.status} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{formatCalendarDate(item.expiresOn)}</Text>
            </Table.Td>
            <Table.Td ta="right">
              <Button
                component={Link}
                to={`/annuaire/praticiens/${item.practitioner.id}#verifications`}
                variant="light"
                size="xs"
                leftSection={<IconShieldCheck size={14} aria-hidden="true" />}
              >
                {t('due.open')}
                <span className="visually-hidden-label"> — {item.practitioner.displayName}</span>
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
