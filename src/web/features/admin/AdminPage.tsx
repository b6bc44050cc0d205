// Administration: accounts, audit log, outbox, RPPS directory import, matching weights and the team's reminders, one tab
// each (/administration/<tab>).
import { Tabs } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconBell, IconChecklist, IconDatabaseImport, IconListDetails, IconMail, IconShieldLock, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../app/components.tsx';
import { RemindersTab } from '../scheduling/Reminders.tsx';
import { PreparationTemplatesTab } from '../preparation/TemplatesTab.tsx';
import { AdminPrivacyTab } from '../privacy/AdminPrivacyTab.tsx';
import { AuditTab } from './AuditTab.tsx';
import { OutboxTab } from './OutboxTab.tsx';
import { RppsImportTab } from './RppsImportTab.tsx';
import { UsersTab } from './UsersTab.tsx';
import { WeightsTab } from './WeightsTab.tsx';

const TABS = [
  { value: 'comptes', key: 'users', icon: IconUsers, Component: UsersTab },
  { value: 'journal', key: 'audit', icon: IconListDetails, Component: AuditTab },
  { value: 'envois', key: 'outbox', icon: IconMail, Component: OutboxTab },
  { value: 'annuaire-rpps', key: 'rpps', icon: IconDatabaseImport, Component: RppsImportTab },
  { value: 'matching', key: 'weights', icon: IconAdjustmentsHorizontal, Component: WeightsTab },
  { value: 'rappels', key: 'reminders', icon: IconBell, Component: RemindersTab },
  { value: 'preparation', key: 'preparation', icon: IconChecklist, Component: PreparationTemplatesTab },
  { value: 'rgpd', key: 'privacy', icon: IconShieldLock, Component: AdminPrivacyTab },
] as const;

export function AdminPage() {
  const { t } = useTranslation('admin');
  const { tab } = useParams();
  const navigate = useNavigate();
  const current = TABS.find((item) => item.value === tab);
  if (!current) return <Navigate to="/administration/comptes" replace />;

  return (
    <>
      <PageHeader title={t('title')} documentTitle={`${t(`tabs.${current.key}`)} · ${t('title')}`} description={t('intro')} />
      <Tabs
        value={current.value}
        onChange={(value) => value && navigate(`/administration/${value}`)}
        keepMounted={false}
        variant="outline"
      >
        <Tabs.List mb="md">
          {TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value} leftSection={<item.icon size={16} aria-hidden="true" />}>
              {t(`tabs.${item.key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((item) => (
          <Tabs.Panel key={item.value} value={item.value}>
            <item.Component />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
