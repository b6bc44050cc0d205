// Administration › Comptes: link a practitioner account to its directory entry (users.practitioner_id).
// Consents name a directory entry; the link is what lets that account see what they cover.
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type User } from '../../app/api.ts';
import { ErrorAlert } from '../../app/components.tsx';
import { notifySuccess } from '../../app/notify.ts';
import { directoryApi } from '../directory/api.ts';

export function PractitionerLinkModal({ user, onClose, onDone }: { user: (User & { practitionerId?: string | null }) | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('consent');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const found = useQuery({ queryKey: ['link-practitioners', debounced], enabled: debounced.length >= 2, queryFn: () => directoryApi.search({ q: debounced, limit: 10 }) });
  const link = useMutation({
    mutationFn: (practitionerId: string | null) => api<{ user: User }>(`/api/admin/users/${encodeURIComponent(user?.id ?? '')}`, { method: 'PATCH', body: { practitionerId } }),
    onSuccess: () => {
      notifySuccess(t('link.done'));
      setQ('');
      onDone();
      onClose();
    },
  });
  return (
    <Modal opened={user !== null} onClose={onClose} title={t('link.title', { name: user?.displayName ?? '' })}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {user?.practitionerId ? t('link.current') : t('link.none')}
        </Text>
        <TextInput label={t('form.search')} description={t('form.searchHelp')} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-autofocus />
        {link.error ? <ErrorAlert error={link.error} /> : null}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-live="polite">
          {(found.data?.practitioners ?? []).map((p) => (
            <Group key={p.id} component="li" justify="space-between" gap="xs">
              <Text size="sm">
                {p.displayName} <Text span c="dimmed">· {p.profession}{p.rpps ? ` · RPPS ${p.rpps}` : ''}</Text>
              </Text>
              <Button size="compact-sm" variant="light" loading={link.isPending} onClick={() => link.mutate(p.id)} aria-label={`${t('form.choose')} ${p.displayName}`}>
                {t('form.choose')}
              </Button>
            </Group>
          ))}
        </Stack>
        {user?.practitionerId ? (
          <Button variant="subtle" color="red" w="fit-content" onClick={() => link.mutate(null)}>
            {t('link.remove')}
          </Button>
        ) : null}
      </Stack>
    </Modal>
  );
}
