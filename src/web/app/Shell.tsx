// The application shell: header (brand, language, user menu), navigation (a burger drawer on
// phones), and the main content area. Landmarks: <header>, <nav>, <main id="main">.
import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCalendarEvent,
  IconChartBar,
  IconChevronDown,
  IconClipboardHeart,
  IconFileInvoice,
  IconFolderOpen,
  IconHome,
  IconInbox,
  IconLogout,
  IconMoodSmile,
  IconReceiptEuro,
  IconSettings,
  IconShieldLock,
  IconUserCircle,
  IconUsers,
  IconVideo,
  IconAddressBook,
} from '@tabler/icons-react';
import { type ComponentType, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { InboxMenu } from '../features/requests/Inbox.tsx';
import { useRequestStream } from '../features/requests/live.ts';
import { isStaff, type Role, STAFF_ROLES } from './api.ts';
import { Brand, LanguageSwitch, SkipLink } from './components.tsx';
import { useLogout, useUser } from './session.ts';

export interface NavItem {
  key: string;
  path: string;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean | 'true' }>;
  /** Capabilities that a later version delivers (the page says so). */
  upcoming?: boolean;
  roles?: readonly Role[];
  /** i18n key of the label when it lives in a feature's namespace ("records:nav.mine"); else nav.<key>. */
  label?: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', path: '/', icon: IconHome },
  { key: 'requests', path: '/demandes', icon: IconInbox, roles: STAFF_ROLES },
  { key: 'portal', path: '/mes-demandes', icon: IconClipboardHeart, roles: ['client'] },
  { key: 'clients', path: '/clients', icon: IconUsers, roles: STAFF_ROLES },
  { key: 'directory', path: '/annuaire', icon: IconAddressBook, roles: STAFF_ROLES },
  { key: 'schedule', path: '/agenda', icon: IconCalendarEvent, roles: STAFF_ROLES },
  { key: 'teleconsultations', path: '/teleconsultations', icon: IconVideo, roles: STAFF_ROLES },
  { key: 'records', path: '/dossiers', icon: IconFolderOpen, roles: STAFF_ROLES, label: 'records:nav.alerts' },
  { key: 'reimbursements', path: '/remboursements', icon: IconReceiptEuro, roles: STAFF_ROLES, label: 'reimbursement:nav.staff' },
  { key: 'myRecord', path: '/mon-dossier', icon: IconFolderOpen, roles: ['client'], label: 'records:nav.mine' },
  { key: 'myReimbursements', path: '/mes-remboursements', icon: IconReceiptEuro, roles: ['client'], label: 'reimbursement:nav.mine' },
  { key: 'myData', path: '/mes-donnees', icon: IconShieldLock, roles: ['client'], label: 'consent:nav.mine' },
  { key: 'sharedRecords', path: '/dossiers-partages', icon: IconFolderOpen, roles: ['practitioner'], label: 'records:nav.shared' },
  { key: 'billing', path: '/facturation', icon: IconFileInvoice, roles: STAFF_ROLES },
  { key: 'myInvoices', path: '/mes-factures', icon: IconFileInvoice, roles: ['client'], label: 'billing:nav.mine' },
  { key: 'surveys', path: '/avis-clients', icon: IconMoodSmile, roles: STAFF_ROLES, label: 'followup:nav.surveys' },
  { key: 'kpis', path: '/indicateurs', icon: IconChartBar, roles: STAFF_ROLES },
  { key: 'admin', path: '/administration', icon: IconSettings, roles: ['admin'] },
];

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[parts.length - 1]?.[0] ?? ''}` : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('header.userMenu', { name: user.displayName })} style={{ borderRadius: 8 }} p={4}>
          <Group gap={8} wrap="nowrap">
            <Avatar color="parcours" radius="xl" size={34} aria-hidden="true">
              {initials(user.displayName)}
            </Avatar>
            <div style={{ lineHeight: 1.1 }}>
              <Text size="sm" fw={600} visibleFrom="sm" maw={180} truncate="end">
                {user.displayName}
              </Text>
              <Text size="xs" c="dimmed" visibleFrom="sm">
                {t(`roles.${user.role}`)}
              </Text>
            </div>
            <IconChevronDown size={16} aria-hidden="true" className="hide-on-phone" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="dark" truncate="end">
            {user.displayName}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/compte" leftSection={<IconUserCircle size={16} aria-hidden="true" />}>
          {t('header.account')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          onClick={async () => {
            await logout();
            navigate('/connexion', { replace: true });
          }}
        >
          {t('header.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const staff = isStaff(user.role);
  useRequestStream(staff);

  // After a navigation: close the phone drawer and move focus to the new page's content.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each change of page
  useEffect(() => {
    close();
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [location.pathname, close]);

  const items = NAV_ITEMS.filter((item) => !item.roles || item.roles.includes(user.role));
  const isActive = (path: string) =>
    path === '/' ? location.pathname === '/' : location.pathname === path || location.pathname.startsWith(`${path}/`);

  return (
    <>
      <SkipLink />
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 280, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? t('header.closeNavigation') : t('header.openNavigation')}
                aria-expanded={opened}
                aria-controls="main-navigation"
              />
              <Brand />
            </Group>
            <Group gap={6} wrap="nowrap">
              <LanguageSwitch />
              {staff ? <InboxMenu /> : null}
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar id="main-navigation" aria-label={t('nav.label')} p="xs">
          <AppShell.Section grow component={ScrollArea}>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {items.map((item) => {
                const active = isActive(item.path);
                const Icon = item.icon;
                return (
                  <li key={item.key}>
                    <NavLink
                      component={Link}
                      to={item.path}
                      label={t(item.label ?? `nav.${item.key}`)}
                      active={active}
                      aria-current={active ? 'page' : undefined}
                      leftSection={<Icon size={20} stroke={1.6} aria-hidden="true" />}
                      rightSection={
                        item.upcoming ? (
                          <Badge size="xs" variant="light" color="gray" aria-hidden="true">
                            {t('comingSoon.badge')}
                          </Badge>
                        ) : undefined
                      }
                      variant="light"
                      style={{ borderRadius: 8 }}
                      py={10}
                    />
                  </li>
                );
              })}
            </ul>
          </AppShell.Section>
          <AppShell.Section>
            <NavLink
              component={Link}
              to="/compte"
              label={t('header.account')}
              active={location.pathname.startsWith('/compte')}
              aria-current={location.pathname === '/compte' ? 'page' : undefined}
              leftSection={<IconShieldLock size={20} stroke={1.6} aria-hidden="true" />}
              variant="light"
              style={{ borderRadius: 8 }}
            />
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main" ref={mainRef} tabIndex={-1}>
          <div style={{ maxWidth: 1280, marginInline: 'auto' }}>
            <Outlet />
          </div>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
