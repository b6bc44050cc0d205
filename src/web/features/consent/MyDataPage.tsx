// Mes données et partages (/mes-donnees): the client decides who sees their medical file (grant,
// withdraw), reads who accessed it, and downloads all their data (RGPD export).
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { PageHeader, SectionCard } from '../../app/components.tsx';
import { AccessHistory } from './AccessHistory.tsx';
import { consentApi, consentKey, type Scope } from './api.ts';
import { ConsentPanel } from './ConsentPanel.tsx';

const PORTAL: Scope = { kind: 'portal' };

/** Links at the foot of the client's pages: the privacy notice and this page. */
export function PortalPrivacyFooter() {
  const { t } = useTranslation('consent');
  return (
    <Group component="footer" gap="lg" mt="xl" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="portal-footer">
      <Anchor component={Link} to="/confidentialite" size="sm">
        {t('footer.privacy')}
      </Anchor>
      <Anchor component={Link} to="/mes-donnees" size="sm">
        {t('footer.data')}
      </Anchor>
    </Group>
  );
}

export function MyDataPage() {
  const { t } = useTranslation('consent');
  const probe = useQuery({ queryKey: consentKey(PORTAL), queryFn: () => consentApi.list(PORTAL), retry: false });
  const unlinked = probe.error instanceof ApiError && probe.error.code === 'no_client_record';
  return (
    <>
      <PageHeader title={t('page.title')} description={t('page.description')} />
      {unlinked ? (
        <Alert color="orange" role="status" icon={<IconInfoCircle aria-hidden="true" />}>
          {t('page.notLinked')}
        </Alert>
      ) : (
        <Stack gap="lg">
          <ConsentPanel scope={PORTAL} />
          <AccessHistory scope={PORTAL} />
          <SectionCard title={t('export.title')} id="my-export-title">
            <Stack gap="sm">
              <Text size="sm">{t('export.description')}</Text>
              {/* A plain link: the browser downloads the zip with the session cookie. */}
              <Button component="a" href="/api/portal/export" download leftSection={<IconDownload size={18} aria-hidden="true" />} w={{ base: '100%', sm: 'fit-content' }}>
                {t('export.button')}
              </Button>
            </Stack>
          </SectionCard>
        </Stack>
      )}
      <PortalPrivacyFooter />
    </>
  );
}
