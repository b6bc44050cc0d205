// Route guards: signed-in users only, forced 2FA enrolment, role-restricted areas.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from './api.ts';
import { errorMessage } from './api.ts';
import { signInNotice, useMe } from './session.ts';

export const ENROL_PATH = '/compte/2fa';

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100dvh" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden="true" />
        <Text c="dimmed">{t('loading')}</Text>
      </Stack>
    </Center>
  );
}

export function BootError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center h="100dvh" p="md">
      <Alert color="red" title={t('boot.failed')} icon={<IconAlertTriangle aria-hidden="true" />} maw={480}>
        <Stack gap="sm">
          <Text size="sm">{errorMessage(error)}</Text>
          <Button variant="white" color="red" onClick={onRetry} w="fit-content">
            {t('actions.retry')}
          </Button>
        </Stack>
      </Alert>
    </Center>
  );
}

/** Renders the child routes for a signed-in user; otherwise redirects to the sign-in page. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <BootError error={me.error} onRetry={() => void me.refetch()} />;
  const session = me.data;
  if (!session) {
    const from = `${location.pathname}${location.search}`;
    const keep = from !== '/' && signInNotice() !== 'signedOut';
    return <Navigate to="/connexion" replace state={keep ? { from } : undefined} />;
  }
  if (session.user.mustEnrolTotp && location.pathname !== ENROL_PATH) {
    return <Navigate to={ENROL_PATH} replace />;
  }
  return <Outlet />;
}

/** Sign-in pages: a signed-in user goes straight to the app. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.data) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? '/'} replace />;
  }
  return <>{children}</>;
}

/** Renders `children` (or the child routes) for the given roles only; others go to the dashboard. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children?: ReactNode }) {
  const me = useMe();
  if (!me.data || !roles.includes(me.data.user.role)) return <Navigate to="/" replace />;
  return children ?? <Outlet />;
}
