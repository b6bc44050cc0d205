// Mon compte: profile, two-factor status, password change, active sessions.
import { Alert, Badge, Button, Group, Modal, Paper, PasswordInput, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconDeviceDesktop, IconLogout, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, errorMessage, shownOnFields } from '../../app/api.ts';
import { DataTable, ErrorAlert, type Fact, Facts, PageHeader, SectionCard as Section } from '../../app/components.tsx';
import { describeUserAgent, formatDate, formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { storeUser, useUser } from '../../app/session.ts';
import { identityApi, MIN_PASSWORD_LENGTH, type UserSession } from './api.ts';

const SESSIONS_KEY = ['auth', 'sessions'] as const;

function Profile() {
  const { t } = useTranslation('identity');
  const user = useUser();
  const rows: Fact[] = [
    { label: t('account.name'), value: user.displayName },
    { label: t('account.email'), value: user.email },
    { label: t('account.role'), value: t(`common:roles.${user.role}`) },
    { label: t('account.createdAt'), value: formatDate(user.createdAt) },
  ];
  return (
    <Section title={t('account.profile')} id="account-profile">
      <Facts items={rows} orientation="vertical" />
    </Section>
  );
}

function TwoFactor() {
  const { t } = useTranslation('identity');
  const user = useUser();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [password, setPassword] = useState('');
  const disable = useMutation({
    mutationFn: () => identityApi.totpDisable(password),
    meta: { authForm: true },
    onSuccess: ({ user: updated }) => {
      storeUser(queryClient, updated);
      setOpened(false);
      setPassword('');
      notifySuccess(t('account.disabled'));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (password) disable.mutate();
  }

  return (
    <Section title={t('account.twoFactor')} id="account-2fa">
      <Stack gap="sm">
        <Group gap="xs">
          {user.totpEnabled ? (
            <Badge color="green" variant="light" size="lg" leftSection={<IconShieldCheck size={14} aria-hidden="true" />}>
              {t('account.totpOn')}
            </Badge>
          ) : (
            <Badge color="orange" variant="light" size="lg" leftSection={<IconShieldOff size={14} aria-hidden="true" />}>
              {t('account.totpOff')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {user.totpRequired ? t('account.totpRequiredNote') : user.totpEnabled ? t('totp.optionalText') : t('account.totpOffNote')}
        </Text>
        {!user.totpEnabled ? (
          <Button component={Link} to="/compte/2fa" w="fit-content">
            {t('account.enable')}
          </Button>
        ) : !user.totpRequired ? (
          <Button variant="default" color="red" w="fit-content" onClick={() => setOpened(true)}>
            {t('account.disable')}
          </Button>
        ) : null}
      </Stack>
      <Modal
        opened={opened}
        onClose={() => {
          setOpened(false);
          disable.reset();
        }}
        title={t('account.disableTitle')}
      >
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('account.disableText')}</Text>
            {disable.error ? (
              <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
                {errorMessage(disable.error)}
              </Alert>
            ) : null}
            <PasswordInput
              label={t('account.disablePassword')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" color="red" loading={disable.isPending} disabled={!password}>
                {t('account.disable')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Section>
  );
}

function PasswordChange() {
  const { t } = useTranslation('identity');
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const change = useMutation({
    mutationFn: () => identityApi.changePassword(current, next),
    meta: { authForm: true },
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      notifySuccess(t('password.changed'));
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  const serverError = change.error instanceof ApiError ? change.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = t('validation.required');
    if (next.length < MIN_PASSWORD_LENGTH) found.next = t('validation.passwordLength');
    if (confirm !== next) found.confirm = t('validation.passwordMismatch');
    setErrors(found);
    if (Object.keys(found).length === 0) change.mutate();
  }

  return (
    <Section title={t('password.title')} id="account-password">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {change.error && !shownOnFields(change.error, ['currentPassword', 'newPassword']) ? (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {errorMessage(change.error)}
            </Alert>
          ) : null}
          <PasswordInput
            label={t('password.current')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
            error={errors.current ?? serverError?.fieldMessage('currentPassword')}
          />
          <PasswordInput
            label={t('password.new')}
            description={t('reset.rule')}
            autoComplete="new-password"
            required
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
            error={errors.next ?? serverError?.fieldMessage('newPassword')}
          />
          <PasswordInput
            label={t('password.confirm')}
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.currentTarget.value)}
            error={errors.confirm}
          />
          <Button type="submit" loading={change.isPending} w="fit-content">
            {t('password.submit')}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

function Sessions() {
  const { t } = useTranslation('identity');
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => identityApi.sessions() });
  const phone = useMediaQuery('(max-width: 40em)');
  const revoke = useMutation({
    mutationFn: (id: string) => identityApi.revokeSession(id),
    onSuccess: () => {
      notifySuccess(t('sessions.revoked'));
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: notifyError,
  });
  const revokeOthers = useMutation({
    mutationFn: () => identityApi.revokeOtherSessions(),
    onSuccess: ({ revoked }) => {
      notifySuccess(t('sessions.revokedOthers', { count: revoked }));
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: notifyError,
  });

  const device = (session: UserSession) => {
    const described = describeUserAgent(session.userAgent);
    return described ? t('sessions.on', described) : t('sessions.unknownDevice');
  };
  const revokeButton = (session: UserSession) => (
    <Button
      size="xs"
      variant="subtle"
      color="red"
      onClick={() => revoke.mutate(session.id)}
      loading={revoke.isPending && revoke.variables === session.id}
      aria-label={t('sessions.revokeLabel', { device: device(session), date: formatDateTime(session.createdAt) })}
    >
      {t('sessions.revoke')}
    </Button>
  );
  const list = sessions.data?.sessions ?? [];
  const others = list.filter((session) => !session.current).length;

  return (
    <Section
      title={t('sessions.title')}
      id="account-sessions"
      actions={
        <Button
          variant="default"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          onClick={() => revokeOthers.mutate()}
          loading={revokeOthers.isPending}
          disabled={others === 0}
        >
          {t('sessions.revokeOthers')}
        </Button>
      }
    >
      <Text size="sm" c="dimmed" mb="sm">
        {t('sessions.intro')}
      </Text>
      {sessions.isError ? (
        <ErrorAlert error={sessions.error} />
      ) : phone ? (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.map((session) => (
            <Paper component="li" key={session.id} withBorder p="sm" bg={session.current ? 'parcours.0' : undefined}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text size="sm" fw={600} title={session.userAgent ?? undefined}>
                      {device(session)}
                    </Text>
                    {session.current ? (
                      <Badge variant="light" size="sm">
                        {t('sessions.current')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('sessions.ip')}
                    {t('common:colon')}
                    {session.ip ?? '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('sessions.createdAt')}
                    {t('common:colon')}
                    {formatDateTime(session.createdAt)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('sessions.lastSeenAt')}
                    {t('common:colon')}
                    {formatDateTime(session.lastSeenAt)}
                  </Text>
                </Stack>
                {session.current ? null : revokeButton(session)}
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : (
        <DataTable
          minWidth={680}
          busy={sessions.isPending}
          columns={[
            { key: 'device', label: t('sessions.device') },
            { key: 'ip', label: t('sessions.ip') },
            { key: 'createdAt', label: t('sessions.createdAt') },
            { key: 'lastSeenAt', label: t('sessions.lastSeenAt') },
            { key: 'actions', label: t('sessions.actions'), hiddenLabel: true },
          ]}
          empty={!sessions.isPending && list.length === 0 ? t('sessions.empty') : null}
        >
              {list.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <IconDeviceDesktop size={18} aria-hidden="true" />
                      <Text size="sm" title={session.userAgent ?? undefined}>
                        {device(session)}
                      </Text>
                      {session.current ? (
                        <Badge variant="light" size="sm">
                          {t('sessions.current')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" ff="monospace">
                      {session.ip ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(session.createdAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(session.lastSeenAt)}</Table.Td>
                  <Table.Td ta="right">{session.current ? null : revokeButton(session)}</Table.Td>
                </Table.Tr>
              ))}
        </DataTable>
      )}
    </Section>
  );
}

export function AccountPage() {
  const { t } = useTranslation('identity');
  return (
    <>
      <PageHeader title={t('account.title')} />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Profile />
          <TwoFactor />
        </SimpleGrid>
        <Sessions />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <PasswordChange />
        </SimpleGrid>
      </Stack>
    </>
  );
}
