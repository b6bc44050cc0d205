// Annuaire RPPS: upload the national extract (PS_LibreAcces_Personne_activite_*.txt). The server
// imports as it reads, so the bar of bytes sent is the import's progress; the rows read so far come
// from the run being polled. Then the summary (with the faulty lines) and the history of runs.
import { Alert, Anchor, Badge, Button, FileInput, Group, Modal, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseImport, IconFileText, IconInfoCircle, IconPlayerStop, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, ErrorAlert } from '../../app/components.tsx';
import { formatDateTime, formatDuration } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { notifySuccess } from '../../app/notify.ts';
import { useMe } from '../../app/session.ts';
import { directoryImportsApi, IMPORTS_KEY, type ImportRun, type UploadProgress, uploadRppsExtract } from './api.ts';

const STATUS_COLORS: Record<ImportRun['status'], string> = { running: 'blue', done: 'green', failed: 'red' };

function formatCount(value: number): string {
  return new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'fr-FR').format(value);
}

/** "12,3 Mo" / "12.3 MB". */
export function formatBytes(bytes: number): string {
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'fr-FR';
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

function duration(run: ImportRun): string {
  if (!run.finishedAt) return '—';
  return formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt));
}

function ErrorLines({ run }: { run: ImportRun }) {
  const { t } = useTranslation('admin');
  return (
    <Stack gap="xs">
      {run.errorCount > run.errors.length ? (
        <Text size="sm" c="dimmed">
          {t('rpps.errorsTruncated', { shown: formatCount(run.errors.length), count: formatCount(run.errorCount) })}
        </Text>
      ) : null}
      <DataTable
        minWidth={420}
        verticalSpacing="xs"
        caption={t('rpps.errorsTitle')}
        columns={[
          { key: 'line', label: t('rpps.line'), width: 90 },
          { key: 'error', label: t('rpps.error') },
        ]}
      >
        {run.errors.map((error) => (
          <Table.Tr key={`${error.line}:${error.error}`} data-testid="rpps-error">
            <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{error.line}</Table.Td>
            <Table.Td>{error.error}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}

function Summary({ run }: { run: ImportRun }) {
  const { t } = useTranslation('admin');
  const figures = [
    { key: 'rows', value: run.rows },
    { key: 'added', value: run.added },
    { key: 'updated', value: run.updated },
    { key: 'deactivated', value: run.deactivated },
    { key: 'errors', value: run.errorCount },
    { key: 'geocoded', value: run.geocoded },
  ] as const;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="rpps-summary-title" data-testid="rpps-summary">
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h4" id="rpps-summary-title">
            {t('rpps.summaryTitle')}
          </Title>
          <Badge color={STATUS_COLORS[run.status]} variant="light">
            {t(`rpps.statuses.${run.status}`)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('rpps.summaryWhen', { date: formatDateTime(run.finishedAt ?? run.startedAt), duration: duration(run) })}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" component="dl" m={0}>
          {figures.map((figure) => (
            <Paper key={figure.key} bg={figure.key === 'errors' && figure.value > 0 ? 'orange.0' : 'gray.0'} p="sm" radius="md" data-figure={figure.key}>
              <Text component="dt" size="xs" c="dimmed">
                {t(`rpps.figures.${figure.key}`)}
              </Text>
              <Text component="dd" m={0} fz={22} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatCount(figure.value)}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        {run.errorCount > 0 ? (
          <Stack gap="xs">
            <Title order={4} size="h5">
              {t('rpps.errorsTitle')}
            </Title>
            <ErrorLines run={run} />
          </Stack>
        ) : (
          <Text size="sm" c="green.8">
            {t('rpps.noErrors')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function RppsImportTab() {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const me = useMe();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [result, setResult] = useState<ImportRun | null>(null);
  const [viewing, setViewing] = useState<ImportRun | null>(null);
  const abortRef = useRef<(() => void) | null>(null);

  const upload = useMutation({
    mutationFn: (chosen: File) => {
      const handle = uploadRppsExtract(chosen, me.data?.csrfToken ?? null, setProgress);
      abortRef.current = handle.abort;
      return handle.done;
    },
    onMutate: () => {
      setResult(null);
      setProgress({ loaded: 0, total: file?.size ?? 0 });
      setStartedAt(Date.now());
    },
    onSuccess: ({ import: run }) => {
      setResult(run);
      setFile(null);
      notifySuccess(t('rpps.done', { rows: formatCount(run.rows) }));
    },
    onSettled: () => {
      abortRef.current = null;
      void queryClient.invalidateQueries({ queryKey: IMPORTS_KEY });
    },
  });
  const uploading = upload.isPending;

  // While the file goes up, the history is polled: the run being written shows its rows.
  const history = useQuery({
    queryKey: IMPORTS_KEY,
    queryFn: directoryImportsApi.list,
    refetchInterval: (query) => (uploading || query.state.data?.imports.some((run) => run.status === 'running') ? 1000 : false),
  });
  const runs = history.data?.imports ?? [];
  const current = uploading && startedAt !== null ? runs.find((run) => run.status === 'running' && Date.parse(run.startedAt) >= startedAt - 60_000) : undefined;

  const percent = progress && progress.total > 0 ? Math.min(100, (progress.loaded / progress.total) * 100) : 0;
  const finishing = uploading && percent >= 100;
  const aborted = upload.error instanceof DOMException && upload.error.name === 'AbortError';

  return (
    <Stack gap="lg">
      <Alert color="parcours" variant="light" icon={<IconInfoCircle aria-hidden="true" />} title={t('rpps.aboutTitle')}>
        <Stack gap={4}>
          <Text size="sm">{t('rpps.about')}</Text>
          <Text size="sm">{t('rpps.aboutDeactivate')}</Text>
        </Stack>
      </Alert>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="rpps-upload-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="rpps-upload-title">
            {t('rpps.uploadTitle')}
          </Title>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (file && !uploading) upload.mutate(file);
            }}
          >
            <Group align="flex-end" gap="sm" wrap="wrap">
              <FileInput
                label={t('rpps.file')}
                description={t('rpps.fileHint')}
                placeholder={t('rpps.filePlaceholder')}
                accept=".txt,text/plain"
                value={file}
                onChange={(value) => {
                  setFile(value);
                  upload.reset();
                }}
                leftSection={<IconFileText size={16} aria-hidden="true" />}
                clearable
                disabled={uploading}
                w={{ base: '100%', sm: 420 }}
              />
              <Button type="submit" leftSection={<IconUpload size={16} aria-hidden="true" />} disabled={!file || uploading} loading={uploading}>
                {t('rpps.upload')}
              </Button>
              {uploading && !finishing ? (
                <Button variant="default" color="red" leftSection={<IconPlayerStop size={16} aria-hidden="true" />} onClick={() => abortRef.current?.()}>
                  {t('rpps.cancel')}
                </Button>
              ) : null}
            </Group>
          </form>
          {file && !uploading ? (
            <Text size="sm" c="dimmed">
              {t('rpps.selected', { name: file.name, size: formatBytes(file.size) })}
            </Text>
          ) : null}

          {uploading && progress ? (
            <Stack gap={6} data-testid="rpps-progress">
              <Progress
                value={finishing ? 100 : percent}
                size="xl"
                striped={finishing}
                animated={finishing}
                aria-label={t('rpps.progressLabel')}
              />
              <Group justify="space-between" gap="xs" role="status" aria-live="polite">
                <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {finishing
                    ? t('rpps.finishing')
                    : t('rpps.sent', { loaded: formatBytes(progress.loaded), total: formatBytes(progress.total), percent: Math.floor(percent) })}
                </Text>
                {current ? (
                  <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {t('rpps.rowsSoFar', { rows: formatCount(current.rows) })}
                  </Text>
                ) : null}
              </Group>
            </Stack>
          ) : null}

          {aborted ? (
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />}>
              {t('rpps.cancelled')}
            </Alert>
          ) : (
            <ErrorAlert error={upload.error} title={t('rpps.failed')} />
          )}
          {result ? <Summary run={result} /> : null}
        </Stack>
      </Paper>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="rpps-history-title">
        <Stack gap="md">
          <Group gap="xs">
            <IconDatabaseImport size={20} aria-hidden="true" />
            <Title order={2} size="h3" id="rpps-history-title">
              {t('rpps.historyTitle')}
            </Title>
          </Group>
          <ErrorAlert error={history.error} />
          <DataTable
            minWidth={900}
            busy={history.isFetching}
            caption={t('rpps.historyTitle')}
            columns={[
              { key: 'startedAt', label: t('rpps.columns.startedAt') },
              { key: 'status', label: t('rpps.columns.status') },
              { key: 'duration', label: t('rpps.columns.duration') },
              { key: 'rows', label: t('rpps.figures.rows'), align: 'right' },
              { key: 'added', label: t('rpps.figures.added'), align: 'right' },
              { key: 'updated', label: t('rpps.figures.updated'), align: 'right' },
              { key: 'deactivated', label: t('rpps.figures.deactivated'), align: 'right' },
              { key: 'errors', label: t('rpps.figures.errors'), align: 'right' },
              { key: 'geocoded', label: t('rpps.figures.geocoded'), align: 'right' },
            ]}
            empty={!history.isPending && runs.length === 0 ? t('rpps.historyEmpty') : null}
          >
            {runs.map((run) => (
              <Table.Tr key={run.id} data-testid="rpps-run" data-status={run.status}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[run.status]} variant="light">
                    {t(`rpps.statuses.${run.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{duration(run)}</Table.Td>
                {(['rows', 'added', 'updated', 'deactivated'] as const).map((key) => (
                  <Table.Td key={key} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatCount(run[key])}
                  </Table.Td>
                ))}
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {run.errorCount > 0 ? (
                    <Anchor component="button" type="button" size="sm" onClick={() => setViewing(run)} aria-label={t('rpps.viewErrors', { count: run.errorCount })}>
                      {formatCount(run.errorCount)}
                    </Anchor>
                  ) : (
                    '0'
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatCount(run.geocoded)}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Stack>
      </Paper>

      <Modal opened={viewing !== null} onClose={() => setViewing(null)} title={t('rpps.errorsOf', { date: viewing ? formatDateTime(viewing.startedAt) : '' })} size="lg">
        {viewing ? <ErrorLines run={viewing} /> : null}
      </Modal>
    </Stack>
  );
}
