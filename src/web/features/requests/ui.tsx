// Small pieces shared by the request pages: urgency and status badges, the first-response timer,
// specialty labels, and the staff list (assignees, task owners, @mentions).
import { Badge, Group, Text } from '@mantine/core';
import { IconAlarm, IconUrgent } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../../app/api.ts';
import { formatDuration } from '../../app/format.ts';
import { type Request, requestsApi, type Status, type Urgency } from './api.ts';

/** Filled colours, each with readable text (white on the dark red/orange, near-black on yellow/gray). */
const URGENCY_STYLE: Record<Urgency, { bg: string; color: string }> = {
  emergency: { bg: 'var(--mantine-color-red-9)', color: '#fff' },
  urgent: { bg: 'var(--mantine-color-orange-9)', color: '#fff' },
  soon: { bg: 'var(--mantine-color-yellow-3)', color: '#3b2f00' },
  routine: { bg: 'var(--mantine-color-gray-2)', color: 'var(--mantine-color-gray-9)' },
};

export function UrgencyBadge({ urgency, size = 'md' }: { urgency: Urgency; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('requests');
  const style = URGENCY_STYLE[urgency];
  return (
    <Badge
      size={size}
      variant="filled"
      styles={{ root: { background: style.bg, color: style.color } }}
      leftSection={urgency === 'emergency' ? <IconUrgent size={14} aria-hidden="true" /> : undefined}
      data-urgency={urgency}
    >
      {t(`urgency.${urgency}`)}
    </Badge>
  );
}

const STATUS_COLORS: Record<Status, string> = {
  new: 'parcours',
  qualified: 'indigo',
  searching: 'cyan',
  proposed: 'grape',
  booked: 'green',
  follow_up: 'teal',
  closed: 'gray',
  cancelled: 'gray',
};

export function StatusBadge({ status, size = 'md' }: { status: Status; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('requests');
  return (
    <Badge size={size} variant={status === 'cancelled' ? 'outline' : 'light'} color={STATUS_COLORS[status] ?? 'gray'}>
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

export function useSpecialtyLabel(): (code: string | null | undefined) => string {
  const { t } = useTranslation('requests');
  return (code) => (code ? t(`specialties.${code}`, { defaultValue: code }) : t('noSpecialty'));
}

export type FirstResponse =
  | { kind: 'answered' }
  | { kind: 'none' }
  | { kind: 'overdue'; ms: number }
  | { kind: 'remaining'; ms: number };

export function firstResponse(request: Request, now: number): FirstResponse {
  if (request.firstRespondedAt) return { kind: 'answered' };
  if (!request.firstResponseDueAt) return { kind: 'none' };
  const due = new Date(request.firstResponseDueAt).getTime();
  if (Number.isNaN(due)) return { kind: 'none' };
  if (request.overdue || now >= due) return { kind: 'overdue', ms: Math.max(0, now - due) };
  return { kind: 'remaining', ms: due - now };
}

/** "Reste 35 min" or "En retard de 25 min" (red, bold). */
export function FirstResponseTimer({ request, now }: { request: Request; now: number }) {
  const { t } = useTranslation('requests');
  const state = firstResponse(request, now);
  if (state.kind === 'answered')
    return (
      <Text size="sm" c="dimmed">
        {t('timer.answered')}
      </Text>
    );
  if (state.kind === 'none') return <Text size="sm">{t('timer.none')}</Text>;
  if (state.kind === 'overdue')
    return (
      <Group gap={4} wrap="nowrap" c="red.9" data-overdue="true">
        <IconAlarm size={16} aria-hidden="true" />
        <Text size="sm" fw={700} c="red.9" style={{ whiteSpace: 'nowrap' }}>
          {t('timer.overdue', { duration: formatDuration(state.ms) })}
        </Text>
      </Group>
    );
  return (
    <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {t('timer.remaining', { duration: formatDuration(state.ms) })}
    </Text>
  );
}

export interface StaffMember {
  id: string;
  displayName: string;
  role: Role;
  email: string;
  /** The part of the e-mail before "@": what an @mention inserts. */
  handle: string;
}

const STAFF_QUERY_ROLES: readonly Role[] = ['advisor', 'coordinator', 'admin'];

/** Active staff (advisors, coordinators, admins), sorted by name. */
export function useStaff(): { staff: StaffMember[]; assignable: StaffMember[]; pending: boolean } {
  const results = useQueries({
    queries: STAFF_QUERY_ROLES.map((role) => ({
      queryKey: ['staff', role],
      queryFn: () => requestsApi.staff(role),
      staleTime: 5 * 60_000,
    })),
  });
  const staff = results
    .flatMap((result) => result.data?.users ?? [])
    .filter((user: User) => user.active)
    .map((user) => ({
      id: user.id,
      displayName: user.displayName,
      role: user.role,
      email: user.email,
      handle: user.email.split('@')[0] ?? user.email,
    }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
  return {
    staff,
    assignable: staff.filter((member) => member.role === 'advisor' || member.role === 'coordinator'),
    pending: results.some((result) => result.isPending),
  };
}
