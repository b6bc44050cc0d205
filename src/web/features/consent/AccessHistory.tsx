// Historique des accès: who viewed what and when, from the audit log, in plain words (the server
// writes the sentence in the reader's language). Paged: "show older" loads the next page.
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, ResultStatus, SectionCard } from '../../app/components.tsx';
import { consentApi, historyKey, type Scope } from './api.ts';

export function AccessHistory({ scope }: { scope: Scope }) {
  const { t, i18n } = useTranslation('consent');
  const history = useInfiniteQuery({
    queryKey: [...historyKey(scope), i18n.language],
    queryFn: ({ pageParam }) => consentApi.history(scope, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <SectionCard title={t('history.title')} id={scope.kind === 'portal' ? 'my-history-title' : 'client-history-title'}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('history.description')}
        </Text>
        {history.isError ? <ErrorAlert error={history.error} /> : null}
        {history.isPending ? <ResultStatus pending>{''}</ResultStatus> : null}
        {history.isSuccess && items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('history.empty')}
          </Text>
        ) : null}
        <Stack gap={6} component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="access-history">
          {items.map((item) => (
            <Group key={item.id} component="li" gap="xs" wrap="nowrap" align="flex-start" data-outcome={item.outcome}>
              {item.outcome === 'denied' ? (
                <Badge color="red" variant="light" tt="none" style={{ flexShrink: 0 }}>
                  {t('history.denied')}
                </Badge>
              ) : null}
              <Text size="sm">{item.text}</Text>
            </Group>
          ))}
        </Stack>
        {history.hasNextPage ? (
          <Button variant="subtle" size="compact-sm" w="fit-content" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            {t('history.more')}
          </Button>
        ) : null}
      </Stack>
    </SectionCard>
  );
}
