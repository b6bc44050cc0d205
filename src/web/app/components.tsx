// Small shared building blocks of the shell and the pages.
import {
  Alert,
  Anchor,
  Center,
  DataList,
  Loader,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconHeartHandshake, IconUrgent } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from './api.ts';
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

/** A titled card section (<section aria-labelledby>) with optional actions on the right. */
export function SectionCard({
  title,
  id,
  children,
  actions,
  icon,
  fill = false,
}: {
  title: ReactNode;
  id: string;
  children: ReactNode;
  actions?: ReactNode;
  icon?: ReactNode;
  /** Take the full height of the parent (cards side by side in a grid row). */
  fill?: boolean;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={id} h={fill ? '100%' : undefined}>
      <Group justify="space-between" mb="md" gap="sm">
        <Group gap="xs" wrap="nowrap">
          {icon}
          <Title order={2} size="h3" id={id}>
            {title}
          </Title>
        </Group>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** The error of a query or mutation, announced to screen readers. */
export function ErrorAlert({ error, title }: { error: unknown; title?: ReactNode }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={title} icon={<IconAlertCircle aria-hidden="true" />}>
      {errorMessage(error)}
    </Alert>
  );
}

/** "Loading…" or a count of results, in a polite live region above a list or table. */
export function ResultStatus({ pending, children }: { pending: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" role="status" aria-live="polite">
      {pending ? t('loading') : children}
    </Text>
  );
}

export interface Column {
  key: string;
  label: ReactNode;
  /** Label for assistive technologies only (e.g. an actions column). */
  hiddenLabel?: boolean;
  align?: 'left' | 'right' | 'center';
  width?: number | string;
}

/**
 * The tables of the app: column headers (scope="col"), horizontal scrolling below `minWidth`,
 * aria-busy while fetching, and one full-width row for the empty state.
 */
export function DataTable({
  columns,
  minWidth,
  busy = false,
  empty,
  children,
  verticalSpacing = 'sm',
  striped = true,
  caption,
}: {
  columns: readonly Column[];
  minWidth: number;
  busy?: boolean;
  /** Shown in a full-width row instead of the rows (null or undefined when there are rows). */
  empty?: ReactNode;
  children?: ReactNode;
  verticalSpacing?: 'xs' | 'sm' | 'md';
  striped?: boolean;
  caption?: string;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing={verticalSpacing} striped={striped} highlightOnHover aria-busy={busy}>
        {caption ? <caption className="visually-hidden-label">{caption}</caption> : null}
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} scope="col" ta={column.align} w={column.width}>
                {column.hiddenLabel ? <span className="visually-hidden-label">{column.label}</span> : column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {children}
          {empty ? (
            <Table.Tr>
              <Table.Td colSpan={columns.length}>
                <Text c="dimmed" size="sm" py="md" ta="center">
                  {empty}
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : null}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A label/value list (<dl>); values that are null, undefined or '' show as "—". */
export interface Fact {
  label: string;
  value: ReactNode;
}

export function Facts({
  items,
  labelWidth = 180,
  orientation = 'horizontal',
}: {
  items: readonly Fact[];
  labelWidth?: number | string;
  orientation?: 'horizontal' | 'vertical';
}) {
  // Labels in a fixed column (long ones wrap) beside the values; stacked on phones.
  const phone = useMediaQuery('(max-width: 30em)');
  const stacked = orientation === 'vertical' || phone;
  const width = typeof labelWidth === 'number' ? `${labelWidth}px` : labelWidth;
  return (
    <DataList gap={stacked ? 'sm' : 'xs'} labelWidth={labelWidth} orientation={stacked ? 'vertical' : 'horizontal'}>
      {items.map(({ label, value }) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel style={stacked ? undefined : { flex: `0 0 ${width}`, maxWidth: width }}>{label}</DataList.ItemLabel>
          <DataList.ItemValue style={{ overflowWrap: 'anywhere', minWidth: 0, flex: 1 }}>
            {value === null || value === undefined || value === '' ? '—' : value}
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

/**
 * The unmissable red panel of a life-threatening emergency (role="alert"): it takes the focus and
 * the top of the screen whenever `focusKey` changes. Used by the staff banner and the client portal.
 */
export function EmergencyPanel({ titleId, title, testId, focusKey, children }: { titleId: string; title: string; testId: string; focusKey: unknown; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusKey === undefined || focusKey === null) return;
    ref.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [focusKey]);
  return (
    <Paper
      ref={ref}
      role="alert"
      tabIndex={-1}
      aria-labelledby={titleId}
      bg="red.9"
      c="white"
      p={{ base: 'md', sm: 'lg' }}
      mb="lg"
      radius="md"
      shadow="md"
      data-testid={testId}
      style={{ outline: '4px solid var(--mantine-color-red-9)', outlineOffset: 3 }}
    >
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon size={44} radius="xl" color="white" c="red.9" aria-hidden="true" style={{ flexShrink: 0 }}>
            <IconUrgent size={28} />
          </ThemeIcon>
          <Title order={2} id={titleId} c="white" fz={{ base: 22, sm: 28 }} lh={1.2}>
            {title}
          </Title>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** What a detail page shows while its data loads, or when it cannot: a spinner, or the error and a way back. */
export function PageLoadState({ isPending, error, title, backTo, backLabel }: { isPending: boolean; error: unknown; title: string; backTo: string; backLabel: string }) {
  const { t } = useTranslation();
  if (isPending)
    return (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  return (
    <>
      <PageHeader title={title} />
      <Stack>
        <ErrorAlert error={error} />
        <Anchor component={Link} to={backTo}>
          {backLabel}
        </Anchor>
      </Stack>
    </>
  );
}
