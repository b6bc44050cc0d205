// Layout of the pages outside the shell (sign-in, password reset, 2FA enrolment): a slim header
// with the brand and the language switch, and a centred card.
import { Box, Button, Container, Group, Paper } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate } from 'react-router';
import { Brand, LanguageSwitch, SkipLink } from './components.tsx';
import { useLogout } from './session.ts';

export function PublicLayout({ children, width = 460, signOut = false }: { children?: ReactNode; width?: number; signOut?: boolean }) {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <>
      <SkipLink />
      <Box
        component="header"
        px={{ base: 'sm', sm: 'lg' }}
        py="sm"
        bg="white"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Brand to={signOut ? '/' : '/connexion'} />
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {signOut ? (
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconLogout size={16} aria-hidden="true" />}
                onClick={async () => {
                  await logout();
                  navigate('/connexion', { replace: true });
                }}
              >
                {t('header.signOut')}
              </Button>
            ) : null}
          </Group>
        </Group>
      </Box>
      <Container component="main" id="main" tabIndex={-1} size={width} px={{ base: 'sm', sm: 'md' }} py={{ base: 'lg', sm: 48 }}>
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }}>
          {children ?? <Outlet />}
        </Paper>
      </Container>
    </>
  );
}
