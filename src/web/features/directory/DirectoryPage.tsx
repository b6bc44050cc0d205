// Annuaire (/annuaire): practitioners, providers and the verifications to renew, one tab each
// (/annuaire, /annuaire/prestataires, /annuaire/a-reverifier).
import { Badge, Tabs } from '@mantine/core';
import { IconBuildingHospital, IconShieldExclamation, IconStethoscope } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../app/components.tsx';
import { useVerificationsDue } from './api.ts';
import { DueTab } from './DueTab.tsx';
import { PractitionersTab } from './PractitionersTab.tsx';
import { ProvidersTab } from './ProvidersTab.tsx';

const TABS = [
  { value: 'practitioners', path: '/annuaire', icon: IconStethoscope, Component: PractitionersTab },
  { value: 'providers', path: '/annuaire/prestataires', icon: IconBuildingHospital, Component: ProvidersTab },
  { value: 'due', path: '/annuaire/a-reverifier', icon: IconShieldExclamation, Component: DueTab },
] as const;

export function DirectoryPage() {
  const { t } = useTranslation('directory');
  const location = useLocation();
  const navigate = useNavigate();
  const due = useVerificationsDue();
  const current = TABS.find((tab) => tab.path === location.pathname.replace(/\/$/, '')) ?? TABS[0];
  const dueCount = due.data?.items.length ?? 0;

  return (
    <>
      <PageHeader title={t('title')} documentTitle={`${t(`tabs.${current.value}`)} · ${t('title')}`} description={t('intro')} />
      <Tabs
        value={current.value}
        onChange={(value) => {
          const tab = TABS.find((item) => item.value === value);
          if (tab) navigate(tab.path);
        }}
        keepMounted={false}
        variant="outline"
      >
        <Tabs.List mb="md">
          {TABS.map((tab) => (
            <Tabs.Tab
              key={tab.value}
              value={tab.value}
              leftSection={<tab.icon size={16} aria-hidden="true" />}
              rightSection={
                tab.value === 'due' && dueCount > 0 ? (
                  <Badge size="sm" color="orange" variant="filled" circle aria-hidden="true">
                    {dueCount}
                  </Badge>
                ) : undefined
              }
            >
              {t(`tabs.${tab.value}`)}
              {tab.value === 'due' && dueCount > 0 ? <span className="visually-hidden-label"> ({dueCount})</span> : null}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((tab) => (
          <Tabs.Panel key={tab.value} value={tab.value}>
            <tab.Component />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
