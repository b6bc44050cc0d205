// The inbox in the header: a bell with the unread count (polled every 30 s and refreshed on each
// live event), a menu of the latest items (mentions, emergencies, assignments, partner checks,
// technical help, results, overdue reimbursements, negative client feedback) linking to the request
// or the page concerned; opening one marks it read.
import { ActionIcon, Badge, Group, Indicator, Menu, ScrollArea, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAt, IconBell, IconFlask, IconHeadset, IconMoodSad, IconReceiptRefund, IconShieldCheck, IconUrgent, IconUserShare } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatRelative } from '../../app/format.ts';
import { INBOX_KEY, type InboxItem, requestsApi } from './api.ts';

const KIND_ICON = {
  mention: IconAt,
  emergency: IconUrgent,
  assigned: IconUserShare,
  verification: IconShieldCheck,
  support: IconHeadset,
  result: IconFlask,
  reimbursement: IconReceiptRefund,
  feedback: IconMoodSad,
} as const satisfies Record<InboxItem['kind'], unknown>;
const KIND_COLOR = {
  mention: 'parcours',
  emergency: 'red.9',
  assigned: 'indigo',
  verification: 'orange',
  support: 'grape',
  result: 'orange.8',
  reimbursement: 'teal',
  feedback: 'pink',
} as const satisfies Record<InboxItem['kind'], string>;

export function InboxMenu() {
  const { t } = useTranslation('requests');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: INBOX_KEY, queryFn: () => requestsApi.inbox(), refetchInterval: 30_000, staleTime: 5_000 });
  const markRead = useMutation({
    mutationFn: (item: InboxItem) => requestsApi.markRead(item.id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: INBOX_KEY }),
  });
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];
  const hasEmergency = items.some((item) => item.kind === 'emergency' && !item.readAt);

  function open(item: InboxItem) {
    if (!item.readAt) markRead.mutate(item);
    if (item.requestId) navigate(`/demandes/${item.requestId}`);
    else if (item.link) navigate(item.link);
  }

  return (
    <Menu position="bottom-end" width={380} withinPortal>
      <Menu.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          disabled={unread === 0}
          size={18}
          color={hasEmergency ? 'red.9' : 'parcours'}
          offset={6}
          processing={hasEmergency}
        >
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('inbox.label', { count: unread })} data-testid="inbox-button">
            <IconBell size={22} aria-hidden="true" />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('inbox.title')}</Menu.Label>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {t('inbox.empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420}>
            {items.map((item) => {
              const Icon = KIND_ICON[item.kind] ?? IconBell;
              return (
                <Menu.Item
                  key={item.id}
                  onClick={() => open(item)}
                  bg={item.readAt ? undefined : item.kind === 'emergency' ? 'red.0' : 'parcours.0'}
                  leftSection={
                    <ThemeIcon size={30} radius="xl" color={KIND_COLOR[item.kind] ?? 'gray'} variant={item.kind === 'emergency' ? 'filled' : 'light'} aria-hidden="true">
                      <Icon size={16} />
                    </ThemeIcon>
                  }
                  data-kind={item.kind}
                >
                  <Stack gap={2}>
                    <Group gap={6} justify="space-between" wrap="nowrap" align="flex-start">
                      <Text size="sm" fw={item.readAt ? 500 : 700} lineClamp={2}>
                        {item.title}
                      </Text>
                      {!item.readAt ? (
                        <Badge size="xs" color={item.kind === 'emergency' ? 'red.9' : 'parcours'} variant="filled">
                          {t('inbox.unread')}
                        </Badge>
                      ) : null}
                    </Group>
                    {item.body ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {item.body}
                      </Text>
                    ) : null}
                    <Text size="xs" c="dimmed">
                      {t(`inbox.kinds.${item.kind}`)} · {formatRelative(item.createdAt)}
                    </Text>
                  </Stack>
                </Menu.Item>
              );
            })}
          </ScrollArea.Autosize>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
