// Capabilities that later versions deliver: an honest panel saying what the module will do.
import { Badge, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowLeft, IconTools } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from './components.tsx';

export function ComingSoonPage({ module }: { module: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${module}`)} />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} maw={760}>
        <Group align="flex-start" wrap="nowrap" gap="md">
          <ThemeIcon size={48} radius="md" variant="light" aria-hidden="true">
            <IconTools size={26} />
          </ThemeIcon>
          <Stack gap="sm">
            <Badge variant="light" color="gray" w="fit-content">
              {t('comingSoon.badge')}
            </Badge>
            <Title order={2} size="h3">
              {t('comingSoon.title')}
            </Title>
            <Text>{t(`comingSoon.modules.${module}`)}</Text>
            <Button
              component={Link}
              to="/"
              variant="default"
              w="fit-content"
              leftSection={<IconArrowLeft size={16} aria-hidden="true" />}
            >
              {t('comingSoon.backHome')}
            </Button>
          </Stack>
        </Group>
      </Paper>
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Text mb="md">{t('notFound.text')}</Text>
      <Button component={Link} to="/" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden="true" />}>
        {t('comingSoon.backHome')}
      </Button>
    </>
  );
}
