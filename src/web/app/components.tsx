// Small shared building blocks of the shell and the pages.
import { Group, SegmentedControl, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { IconHeartHandshake } from '@tabler/icons-react';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Language, LANGUAGES } from './i18n.ts';

/** Sets the document title ("Page · Parcours"). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Parcours` : 'Parcours';
  }, [title]);
}

export function SkipLink() {
  const { t } = useTranslation();
  // The target (<main id="main" tabIndex={-1}>) receives focus on activation.
  return (
    <a className="skip-link" href="#main">
      {t('skipToContent')}
    </a>
  );
}

export function Brand({ to = '/' }: { to?: string }) {
  const { t } = useTranslation();
  return (
    <UnstyledButton component={Link} to={to} aria-label={`${t('appName')} — ${t('nav.home')}`} style={{ borderRadius: 8 }}>
      <Group gap={10} wrap="nowrap">
        <ThemeIcon size={34} radius="md" aria-hidden="true">
          <IconHeartHandshake size={20} stroke={1.8} />
        </ThemeIcon>
        <Stack gap={0}>
          <Text fw={700} size="lg" lh={1.1} c="parcours.9">
            {t('appName')}
          </Text>
          <Text size="xs" c="dimmed" lh={1.1} visibleFrom="xs">
            {t('tagline')}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const value: Language = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('header.language')}
      value={value}
      onChange={(next) => void i18n.changeLanguage(next)}
      data={LANGUAGES.map((language) => ({
        value: language,
        label: (
          <span lang={language} title={t(`header.languages.${language}`)}>
            <span aria-hidden="true">{language.toUpperCase()}</span>
            <span className="visually-hidden-label">{t(`header.languages.${language}`)}</span>
          </span>
        ),
      }))}
    />
  );
}

/** Page heading block: an h1 and an optional short description. */
export function PageHeader({
  title,
  documentTitle,
  description,
  actions,
}: {
  title: string;
  documentTitle?: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  usePageTitle(documentTitle ?? title);
  return (
    <Group justify="space-between" align="flex-end" mb="lg" gap="sm">
      <Stack gap={4}>
        <Title order={1} fz={{ base: 26, sm: 30 }}>
          {title}
        </Title>
        {description ? (
          <Text c="dimmed" maw={720}>
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions}
    </Group>
  );
}
