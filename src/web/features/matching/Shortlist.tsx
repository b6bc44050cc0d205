// Sélection: the practitioners put forward for a request, with the score and reasons snapshotted
// when they were added, who added them, and the client's decision (one choice at most).
import { ActionIcon, Alert, Anchor, Badge, Button, Collapse, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconChevronDown, IconChevronUp, IconListCheck, IconRotate, IconStarFilled, IconTrash, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { requestKey } from '../requests/api.ts';
import { useSpecialtyLabel } from '../requests/ui.tsx';
import { MATCHING_KEY, matchingApi, type ShortlistItem, type ShortlistStatus, shortlistKey } from './api.ts';
import { CriteriaList } from './Criteria.tsx';

const STATUS_COLORS: Record<ShortlistStatus, string> = { proposed: 'parcours', chosen: 'green.9', declined: 'gray' };
const ORDER: Record<ShortlistStatus, number> = { chosen: 0, proposed: 1, declined: 2 };

export function practitionerPath(id: string): string {
  return `/annuaire/praticiens/${encodeURIComponent(id)}`;
}

export function useShortlist(requestId: string) {
  return useQuery({ queryKey: shortlistKey(requestId), queryFn: () => matchingApi.shortlist(requestId) });
}

function ShortlistEntry({ requestId, item }: { requestId: string; item: ShortlistItem }) {
  const { t } = useTranslation('matching');
  const specialty = useSpecialtyLabel();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const name = item.practitioner.displayName;
  const place = item.practitioner.places.find((p) => p.id === item.placeId) ?? null;

  const decide = useMutation({
    mutationFn: (status: ShortlistStatus) => matchingApi.decide(requestId, item.id, status),
    onSuccess: ({ items }, status) => {
      queryClient.setQueryData(shortlistKey(requestId), { items });
      void queryClient.invalidateQueries({ queryKey: requestKey(requestId) });
      if (status === 'chosen') notifySuccess(t('shortlist.chosenToast', { name }));
      else if (status === 'declined') notifySuccess(t('shortlist.declinedToast', { name }));
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: () => matchingApi.removeFromShortlist(requestId, item.id),
    onSuccess: () => {
      notifySuccess(t('shortlist.removed', { name }));
      void queryClient.invalidateQueries({ queryKey: [...MATCHING_KEY, requestId] });
    },
    onError: notifyError,
  });
  const busy = decide.isPending || remove.isPending;
  const chosen = item.status === 'chosen';
  const reasonsId = `shortlist-reasons-${item.id}`;

  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      radius="md"
      aria-label={t('shortlist.itemLabel', { name, status: t(`shortlist.status.${item.status}`) })}
      data-testid="shortlist-item"
      data-status={item.status}
      style={{
        borderColor: chosen ? 'var(--mantine-color-green-9)' : undefined,
        borderWidth: chosen ? 2 : undefined,
        opacity: item.status === 'declined' ? 0.75 : 1,
      }}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={practitionerPath(item.practitioner.id)} fw={600}>
                {name}
              </Anchor>
              <Badge color={STATUS_COLORS[item.status]} variant={chosen ? 'filled' : 'light'} data-testid="shortlist-status">
                {t(`shortlist.status.${item.status}`)}
              </Badge>
              {item.practitioner.networkStatus === 'partner' ? (
                <Badge color="teal" variant="outline" size="sm">
                  {t('results.partner')}
                </Badge>
              ) : null}
            </Group>
            <Text size="sm" c="dimmed">
              {[item.practitioner.specialties.map((code) => specialty(code)).join(', '), place ? [place.name, place.city].filter(Boolean).join(', ') : null]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </Stack>
          {item.score !== null ? (
            <Stack gap={0} align="flex-end">
              <Text size="xs" c="dimmed">
                {t('shortlist.score')}
              </Text>
              <Text fw={700} aria-label={t('results.scoreLabel', { score: item.score })} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {t('results.scoreValue', { score: item.score })}
              </Text>
            </Stack>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          {t('shortlist.addedBy', { name: item.addedBy.name, date: formatDateTime(item.addedAt) })}
          {item.decidedAt ? ` · ${t('shortlist.decidedAt', { date: formatDateTime(item.decidedAt) })}` : ''}
        </Text>
        {item.note ? <Text size="sm">{item.note}</Text> : null}
        <Group gap="xs" wrap="wrap">
          {item.status !== 'chosen' ? (
            <Button
              size="xs"
              color="green"
              variant="light"
              leftSection={<IconCheck size={14} aria-hidden="true" />}
              onClick={() => decide.mutate('chosen')}
              loading={decide.isPending && decide.variables === 'chosen'}
              disabled={busy}
            >
              {t('shortlist.choose')}
            </Button>
          ) : null}
          {item.status !== 'declined' ? (
            <Button
              size="xs"
              color="gray"
              variant="light"
              leftSection={<IconX size={14} aria-hidden="true" />}
              onClick={() => decide.mutate('declined')}
              loading={decide.isPending && decide.variables === 'declined'}
              disabled={busy}
            >
              {t('shortlist.decline')}
            </Button>
          ) : null}
          {item.status !== 'proposed' ? (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconRotate size={14} aria-hidden="true" />}
              onClick={() => decide.mutate('proposed')}
              loading={decide.isPending && decide.variables === 'proposed'}
              disabled={busy}
            >
              {t('shortlist.reset')}
            </Button>
          ) : null}
          {item.criteria.length ? (
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              onClick={() => setOpen((value) => !value)}
              aria-expanded={open}
              aria-controls={reasonsId}
              rightSection={open ? <IconChevronUp size={14} aria-hidden="true" /> : <IconChevronDown size={14} aria-hidden="true" />}
            >
              {open ? t('shortlist.hideReasons') : t('shortlist.showReasons')}
            </Button>
          ) : null}
          <Tooltip label={t('shortlist.removeLabel', { name })}>
            <ActionIcon
              variant="subtle"
              color="red"
              ml="auto"
              aria-label={t('shortlist.removeLabel', { name })}
              onClick={() => remove.mutate()}
              loading={remove.isPending}
              disabled={busy}
            >
              <IconTrash size={16} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
        </Group>
        <Collapse expanded={open} id={reasonsId}>
          {open ? <CriteriaList criteria={item.criteria} /> : null}
        </Collapse>
      </Stack>
    </Paper>
  );
}

export function Shortlist({ requestId }: { requestId: string }) {
  const { t } = useTranslation('matching');
  const shortlist = useShortlist(requestId);
  const items = [...(shortlist.data?.items ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const chosen = items.find((item) => item.status === 'chosen');

  return (
    <SectionCard title={t('shortlist.title')} id="request-shortlist" icon={<IconListCheck size={22} aria-hidden="true" />}>
      <Stack gap="sm" data-testid="shortlist">
        <Text size="sm" c="dimmed">
          {t('shortlist.intro')}
        </Text>
        <ErrorAlert error={shortlist.error} />
        {chosen ? (
          <Alert
            color="green.9"
            variant="filled"
            role="status"
            icon={<IconStarFilled aria-hidden="true" />}
            title={t('shortlist.chosenTitle')}
            data-testid="shortlist-chosen"
          >
            <Anchor component={Link} to={practitionerPath(chosen.practitioner.id)} c="white" fw={700} underline="always">
              {chosen.practitioner.displayName}
            </Anchor>
            {chosen.decidedAt ? (
              <Text span size="sm" c="white">
                {' — '}
                {formatDateTime(chosen.decidedAt)}
              </Text>
            ) : null}
          </Alert>
        ) : null}
        {shortlist.isPending ? (
          <Text size="sm" c="dimmed" role="status">
            {t('common:loading')}
          </Text>
        ) : items.length === 0 && !shortlist.isError ? (
          <Text size="sm" c="dimmed" data-testid="shortlist-empty">
            {t('shortlist.empty')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((item) => (
              <ShortlistEntry key={item.id} requestId={requestId} item={item} />
            ))}
          </Stack>
        )}
      </Stack>
    </SectionCard>
  );
}
