// Tableau de bord: a welcome with the user's name and role, what is available today, and the
// modules that later versions deliver.
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAddressBook, IconArrowRight, IconClipboardHeart, IconInbox, IconSettings, IconUserCircle, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isStaff } from './api.ts';
import { PageHeader } from './components.tsx';
import { useUser } from './session.ts';
import { NAV_ITEMS } from './Shell.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const available = [
    ...(isStaff(user.role)
      ? [
          { key: 'requests', path: '/demandes', title: t('nav.requests'), text: t('home.requestsCard'), icon: IconInbox },
          { key: 'clients', path: '/clients', title: t('nav.clients'), text: t('home.clientsCard'), icon: IconUsers },
          { key: 'directory', path: '/annuaire', title: t('nav.directory'), text: t('home.directoryCard'), icon: IconAddressBook },
        ]
      : []),
    ...(user.role === 'client'
      ? [{ key: 'portal', path: '/mes-demandes', title: t('nav.portal'), text: t('home.portalCard'), icon: IconClipboardHeart }]
      : []),
    { key: 'account', path: '/compte', title: t('header.account'), text: t('home.accountCard'), icon: IconUserCircle },
    ...(user.role === 'admin'
      ? [{ key: 'admin', path: '/administration', title: t('nav.admin'), text: t('home.adminCard'), icon: IconSettings }]
      : []),
  ];
  const upcoming = NAV_ITEMS.filter((item) => item.upcoming && (!item.roles || item.roles.includes(user.role)));

  return (
    <>
      <PageHeader title={t('home.title')} />
      <Card withBorder padding="lg" mb="xl">
        <Stack gap="xs">
          <Title order={2} fz={{ base: 22, sm: 24 }}>
            {t('home.welcome', { name: user.displayName })}
          </Title>
          <Group gap="xs">
            <Text>{t('home.signedInAs')}</Text>
            <Badge size="lg" variant="light" data-testid="user-role">
              {t(`roles.${user.role}`)}
            </Badge>
          </Group>
          <Text c="dimmed" maw={760}>
            {t('home.intro')}
          </Text>
        </Stack>
      </Card>

      <Title order={2} size="h3" mb="sm">
        {t('home.availableTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mb="xl">
        {available.map((item) => (
          <Card key={item.key} withBorder padding="lg">
            <Group wrap="nowrap" align="flex-start">
              <ThemeIcon size={40} radius="md" variant="light" aria-hidden="true">
                <item.icon size={22} />
              </ThemeIcon>
              <Stack gap={6} style={{ flex: 1 }}>
                <Title order={3} size="h4">
                  {item.title}
                </Title>
                <Text size="sm" c="dimmed">
                  {item.text}
                </Text>
                <Button
                  component={Link}
                  to={item.path}
                  variant="light"
                  size="xs"
                  w="fit-content"
                  rightSection={<IconArrowRight size={14} aria-hidden="true" />}
                >
                  {t('home.open')}
                  <span className="visually-hidden-label"> — {item.title}</span>
                </Button>
              </Stack>
            </Group>
          </Card>
        ))}
      </SimpleGrid>

      {upcoming.length ? (
        <Title order={2} size="h3" mb="sm">
          {t('home.upcomingTitle')}
        </Title>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {upcoming.map((item) => (
          <Card key={item.key} withBorder padding="md" bg="gray.0">
            <Group gap="xs" mb={6} wrap="nowrap">
              <ThemeIcon size={30} radius="md" variant="light" color="gray" aria-hidden="true">
                <item.icon size={18} />
              </ThemeIcon>
              <Title order={3} size="h5">
                {t(`nav.${item.key}`)}
              </Title>
            </Group>
            <Text size="sm" c="dimmed">
              {t(`comingSoon.modules.${item.key}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
