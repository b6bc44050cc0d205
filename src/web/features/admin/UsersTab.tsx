// Comptes: search and filter accounts, create one (an invitation e-mail is sent), change a role,
// deactivate / reactivate, reset 2FA.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconAlertCircle,
  IconDots,
  IconSearch,
  IconShieldX,
  IconUserCheck,
  IconUserCog,
  IconUserOff,
  IconUserPlus,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage, ROLES, type Role, shownOnFields, type User } from '../../app/api.ts';
import { DataTable, ErrorAlert, ResultStatus } from '../../app/components.tsx';
import { formatShortDate } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { useUser } from '../../app/session.ts';
import { adminApi, type NewUser, type UserFilters } from './api.ts';
import { PractitionerLinkModal } from '../consent/PractitionerLink.tsx';

export const USERS_KEY = ['admin', 'users'] as const;

const ROLE_COLORS: Record<Role, string> = {
  admin: 'grape',
  advisor: 'parcours',
  coordinator: 'indigo',
  practitioner: 'cyan',
  client: 'gray',
};

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={ROLE_COLORS[role]}>
      {t(`roles.${role}`)}
    </Badge>
  );
}

function useRoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));
}

function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const roleOptions = useRoleOptions();
  const empty: NewUser = { email: '', displayName: '', role: 'advisor', locale: i18n.language === 'en' ? 'en' : 'fr' };
  const [form, setForm] = useState<NewUser>(empty);
  const [errors, setErrors] = useState<{ email?: string; displayName?: string }>({});
  const create = useMutation({
    mutationFn: (input: NewUser) => adminApi.createUser(input),
    onSuccess: ({ user }) => {
      notifySuccess(t('users.created', { email: user.email }));
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      close();
    },
  });
  const serverError = create.error instanceof ApiError ? create.error : null;

  function close() {
    setForm(empty);
    setErrors({});
    create.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) found.email = t('identity:validation.email');
    if (!form.displayName.trim()) found.displayName = t('identity:validation.required');
    setErrors(found);
    if (Object.keys(found).length === 0) {
      create.mutate({ ...form, email: form.email.trim(), displayName: form.displayName.trim() });
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={t('users.createTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('users.createIntro')}
          </Text>
          {create.error && !shownOnFields(create.error, ['email', 'displayName', 'role']) ? (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {errorMessage(create.error)}
            </Alert>
          ) : null}
          <TextInput
            label={t('users.email')}
            type="email"
            autoComplete="off"
            required
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.currentTarget.value })}
            error={errors.email ?? serverError?.fieldMessage('email')}
            data-autofocus
          />
          <TextInput
            label={t('users.displayName')}
            autoComplete="off"
            required
            value={form.displayName}
            onChange={(event) => setForm({ ...form, displayName: event.currentTarget.value })}
            error={errors.displayName ?? serverError?.fieldMessage('displayName')}
          />
          <Group grow align="flex-start">
            <Select
              label={t('users.role')}
              data={roleOptions}
              value={form.role}
              onChange={(value) => value && setForm({ ...form, role: value as Role })}
              allowDeselect={false}
              required
              error={serverError?.fieldMessage('role')}
            />
            <Select
              label={t('users.locale')}
              data={[
                { value: 'fr', label: 'Français' },
                { value: 'en', label: 'English' },
              ]}
              value={form.locale ?? 'fr'}
              onChange={(value) => value && setForm({ ...form, locale: value as 'fr' | 'en' })}
              allowDeselect={false}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} leftSection={<IconUserPlus size={16} aria-hidden="true" />}>
              {t('users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type Dialog =
  | { kind: 'role'; user: User }
  | { kind: 'deactivate'; user: User }
  | { kind: 'resetTotp'; user: User }
  | null;

function UserDialogs({ dialog, onClose }: { dialog: Dialog; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const roleOptions = useRoleOptions();
  const [role, setRole] = useState<Role | null>(null);

  const update = useMutation({
    mutationFn: ({ user, patch }: { user: User; patch: Parameters<typeof adminApi.updateUser>[1] }) =>
      adminApi.updateUser(user.id, patch),
    onSuccess: ({ user }, { patch }) => {
      if (patch.role) notifySuccess(t('users.roleChanged', { name: user.displayName, role: t(`common:roles.${user.role}`) }));
      else if (patch.active === false) notifySuccess(t('users.deactivated', { name: user.displayName }));
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      close();
    },
  });
  const resetTotp = useMutation({
    mutationFn: (user: User) => adminApi.resetTotp(user.id),
    onSuccess: ({ user }) => {
      notifySuccess(t('users.totpReset', { name: user.displayName }));
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      close();
    },
  });

  function close() {
    setRole(null);
    update.reset();
    resetTotp.reset();
    onClose();
  }

  const error = update.error ?? resetTotp.error;
  const errorAlert = error ? (
    <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
      {errorMessage(error)}
    </Alert>
  ) : null;
  const name = dialog?.user.displayName ?? '';

  return (
    <>
      <Modal opened={dialog?.kind === 'role'} onClose={close} title={t('users.changeRoleTitle', { name })}>
        {dialog?.kind === 'role' ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const next = role ?? dialog.user.role;
              if (next !== dialog.user.role) update.mutate({ user: dialog.user, patch: { role: next } });
              else close();
            }}
          >
            <Stack gap="md">
              {errorAlert}
              <Select
                label={t('users.newRole')}
                data={roleOptions}
                value={role ?? dialog.user.role}
                onChange={(value) => value && setRole(value as Role)}
                allowDeselect={false}
                data-autofocus
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {t('common:actions.cancel')}
                </Button>
                <Button type="submit" loading={update.isPending}>
                  {t('common:actions.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Modal>

      <Modal opened={dialog?.kind === 'deactivate'} onClose={close} title={t('users.deactivateTitle', { name })}>
        <Stack gap="md">
          {errorAlert}
          <Text size="sm">{t('users.deactivateText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common:actions.cancel')}
            </Button>
            <Button
              color="red"
              loading={update.isPending}
              onClick={() => dialog && update.mutate({ user: dialog.user, patch: { active: false } })}
            >
              {t('users.deactivate')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={dialog?.kind === 'resetTotp'} onClose={close} title={t('users.resetTotpTitle', { name })}>
        <Stack gap="md">
          {errorAlert}
          <Text size="sm">{t('users.resetTotpText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common:actions.cancel')}
            </Button>
            <Button color="red" loading={resetTotp.isPending} onClick={() => dialog && resetTotp.mutate(dialog.user)}>
              {t('users.resetTotp')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function UsersTab() {
  const { t } = useTranslation('admin');
  const me = useUser();
  const queryClient = useQueryClient();
  const roleOptions = useRoleOptions();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | 'all'>('all');
  const [active, setActive] = useState<'true' | 'false' | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [linking, setLinking] = useState<User | null>(null);

  const filters: UserFilters = {
    q: debouncedSearch,
    role: role === 'all' ? '' : role,
    active: active === 'all' ? '' : active,
  };
  const users = useQuery({
    queryKey: [...USERS_KEY, filters],
    queryFn: () => adminApi.users(filters),
    placeholderData: keepPreviousData,
  });

  const reactivate = useMutation({
    mutationFn: (user: User) => adminApi.updateUser(user.id, { active: true }),
    onSuccess: ({ user }) => {
      notifySuccess(t('users.reactivated', { name: user.displayName }));
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: notifyError,
  });

  const list = users.data?.users ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group align="flex-end" gap="sm" wrap="wrap" style={{ flex: 1 }}>
          <TextInput
            label={t('users.search')}
            placeholder={t('users.searchPlaceholder')}
            type="search"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', xs: 280 }}
          />
          <Select
            label={t('users.roleFilter')}
            data={[{ value: 'all', label: t('users.allRoles') }, ...roleOptions]}
            value={role}
            onChange={(value) => setRole((value ?? 'all') as Role | 'all')}
            allowDeselect={false}
            w={{ base: '100%', xs: 220 }}
          />
          <Select
            label={t('users.statusFilter')}
            data={[
              { value: 'all', label: t('users.allStatuses') },
              { value: 'true', label: t('users.active') },
              { value: 'false', label: t('users.inactive') },
            ]}
            value={active}
            onChange={(value) => setActive((value ?? 'all') as 'true' | 'false' | 'all')}
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
        <Button leftSection={<IconUserPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
          {t('users.create')}
        </Button>
      </Group>

      <ErrorAlert error={users.error} />

      <ResultStatus pending={users.isPending}>{t('users.count', { count: list.length })}</ResultStatus>

      <DataTable
        minWidth={860}
        busy={users.isFetching}
        columns={[
          { key: 'name', label: t('users.name') },
          { key: 'email', label: t('users.email') },
          { key: 'role', label: t('users.role') },
          { key: 'twoFactor', label: t('users.twoFactor') },
          { key: 'status', label: t('users.status') },
          { key: 'createdAt', label: t('users.createdAt') },
          { key: 'actions', label: t('users.actions'), hiddenLabel: true },
        ]}
        empty={!users.isPending && list.length === 0 ? t('users.empty') : null}
      >
            {list.map((user) => {
              const isMe = user.id === me.id;
              return (
                <Table.Tr key={user.id} style={{ opacity: user.active ? 1 : 0.75 }}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {user.displayName}
                      </Text>
                      {isMe ? (
                        <Badge size="xs" variant="outline">
                          {t('users.you')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge role={user.role} />
                  </Table.Td>
                  <Table.Td>
                    {user.totpEnabled ? (
                      <Badge color="green" variant="light">
                        {t('users.totpOn')}
                      </Badge>
                    ) : user.totpRequired ? (
                      <Badge color="orange" variant="light">
                        {t('users.totpPending')}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('users.totpOff')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={user.active ? 'green' : 'gray'} variant={user.active ? 'light' : 'outline'}>
                      {user.active ? t('users.active') : t('users.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatShortDate(user.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('users.actionsFor', { name: user.displayName })}>
                          <IconDots size={18} aria-hidden="true" />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          leftSection={<IconUserCog size={16} aria-hidden="true" />}
                          disabled={isMe}
                          onClick={() => setDialog({ kind: 'role', user })}
                        >
                          {t('users.changeRole')}
                        </Menu.Item>
                        <Menu.Item
                          leftSection={<IconShieldX size={16} aria-hidden="true" />}
                          disabled={!user.totpEnabled}
                          onClick={() => setDialog({ kind: 'resetTotp', user })}
                        >
                          {t('users.resetTotp')}
                        </Menu.Item>
                        {user.role === 'practitioner' ? (
                          <Menu.Item leftSection={<IconUserCog size={16} aria-hidden="true" />} onClick={() => setLinking(user)}>
                            {t('consent:link.menu')}
                          </Menu.Item>
                        ) : null}
                        <Menu.Divider />
                        {user.active ? (
                          <Menu.Item
                            color="red"
                            leftSection={<IconUserOff size={16} aria-hidden="true" />}
                            disabled={isMe}
                            onClick={() => setDialog({ kind: 'deactivate', user })}
                          >
                            {t('users.deactivate')}
                          </Menu.Item>
                        ) : (
                          <Menu.Item
                            leftSection={<IconUserCheck size={16} aria-hidden="true" />}
                            onClick={() => reactivate.mutate(user)}
                          >
                            {t('users.reactivate')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              );
            })}
      </DataTable>

      <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
      <UserDialogs dialog={dialog} onClose={() => setDialog(null)} />
      <PractitionerLinkModal user={linking} onClose={() => setLinking(null)} onDone={() => void queryClient.invalidateQueries({ queryKey: USERS_KEY })} />
    </Stack>
  );
}
