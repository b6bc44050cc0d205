// Politique de confidentialité (/confidentialite): public, French and English (the language switch
// of the public layout), linked from the sign-in page and the portal's footer.
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/components.tsx';

export function PrivacyNoticePage() {
  const { t } = useTranslation('privacy');
  usePageTitle(t('notice.title'));
  const sections = t('notice.sections', { returnObjects: true }) as { title: string; body: string }[];
  return (
    <Stack gap="md" component="article" aria-labelledby="privacy-title">
      <Title order={1} id="privacy-title" fz={{ base: 26, sm: 30 }}>
        {t('notice.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('notice.updated')}
      </Text>
      <Text>{t('notice.intro')}</Text>
      {sections.map((s) => (
        <Stack key={s.title} gap={4} component="section">
          <Title order={2} size="h4">
            {s.title}
          </Title>
          <Text>{s.body}</Text>
        </Stack>
      ))}
      <Anchor component={Link} to="/mes-donnees">
        {t('notice.myData')}
      </Anchor>
    </Stack>
  );
}
