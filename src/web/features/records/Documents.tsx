// Documents of a medical file: drag-and-drop multi-upload with a progress bar per file, the list
// with search and type filter, the in-browser preview (PDF in a frame, images inline), versions
// and removal. The server decides what this viewer may see; a missing consent is said plainly.
import { ActionIcon, Alert, Anchor, Badge, Button, Group, Modal, Paper, Progress, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconEye, IconFilePlus, IconHistory, IconLock, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../app/api.ts';
import { DataTable, ErrorAlert, ResultStatus } from '../../app/components.tsx';
import { formatCalendarDate, formatDate } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { ACCEPTED_TYPES, DOCUMENT_TYPES, type DocumentType, isConsentMissing, MAX_UPLOAD_BYTES, type MedicalDocument, recordsApi, type Scope, scopeKey, uploadDocument } from './api.ts';

export function ConsentMissing({ practitioner = false }: { practitioner?: boolean }) {
  const { t } = useTranslation('records');
  return (
    <Alert color="orange" icon={<IconLock aria-hidden="true" />} title={t('consent.missingTitle')} role="status" data-testid="records-consent-missing">
      {practitioner ? t('consent.missingPractitioner') : t('consent.missingStaff')}
    </Alert>
  );
}

interface QueuedFile {
  key: string;
  file: File;
  title: string;
  status: 'ready' | 'uploading' | 'done' | 'error';
  progress: number;
  error: string | null;
}

const titleOf = (name: string) => name.replace(/\.[a-z0-9]+$/i, '').replace(/[_-]+/g, ' ').trim().slice(0, 200) || name;

/** Several files at once: common type, date and author; a title and a progress bar per file. */
export function UploadZone({ scope, correcting, onCancelCorrection }: { scope: Scope; correcting: MedicalDocument | null; onCancelCorrection: () => void }) {
  const { t } = useTranslation('records');
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [queue, setQueue] = useState<QueuedFile[]>([]);
  const [type, setType] = useState<DocumentType>(correcting?.type ?? 'report');
  const [date, setDate] = useState('');
  const [author, setAuthor] = useState('');
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [lastCorrecting, setLastCorrecting] = useState(correcting);
  if (correcting !== lastCorrecting) {
    // A new correction starts from the document being corrected.
    setLastCorrecting(correcting);
    if (correcting) setType(correcting.type);
  }

  const update = (key: string, patch: Partial<QueuedFile>) => setQueue((q) => q.map((f) => (f.key === key ? { ...f, ...patch } : f)));
  const add = (files: FileList | File[]) => {
    const list = [...files].slice(0, correcting ? 1 : 20);
    const items = list.map((file, i): QueuedFile => {
      // Checked again by the server from the bytes; here only to say it before sending 20 MB.
      const error = file.size > MAX_UPLOAD_BYTES ? t('upload.tooLarge') : file.type && !ACCEPTED_TYPES.includes(file.type) ? t('upload.badType') : null;
      return { key: `${Date.now()}-${i}-${file.name}`, file, title: correcting && i === 0 ? correcting.title : titleOf(file.name), status: error ? 'error' : 'ready', progress: 0, error };
    });
    setQueue((q) => (correcting ? items : [...q.filter((f) => f.status !== 'done'), ...items]));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (e.dataTransfer.files.length) add(e.dataTransfer.files);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      inputRef.current?.click();
    }
  };
  const ready = queue.filter((f) => f.status === 'ready' && f.title.trim());

  const start = async () => {
    setBusy(true);
    for (const item of ready) {
      update(item.key, { status: 'uploading', progress: 0 });
      try {
        await uploadDocument(scope, item.file, { type, title: item.title.trim(), documentDate: date || undefined, author: author.trim() || undefined, previousId: correcting?.id }, (p) => update(item.key, { progress: p }));
        update(item.key, { status: 'done', progress: 1 });
      } catch (error) {
        update(item.key, { status: 'error', error: errorMessage(error) });
      }
    }
    setBusy(false);
    await queryClient.invalidateQueries({ queryKey: scopeKey(scope) });
    if (correcting) onCancelCorrection();
  };

  return (
    <Paper withBorder p="md" component="section" aria-label={t('upload.title')}>
      <Stack gap="sm">
        {correcting ? (
          <Group justify="space-between">
            <Text fw={600}>{t('upload.correcting', { title: correcting.title })}</Text>
            <Button variant="subtle" size="xs" onClick={onCancelCorrection}>
              {t('upload.cancelCorrection')}
            </Button>
          </Group>
        ) : null}
        {/* biome-ignore lint/a11y/useSemanticElements: a drop target that is also a keyboard button */}
        <div
          role="button"
          tabIndex={0}
          aria-describedby={hintId}
          data-testid="records-dropzone"
          onClick={() => inputRef.current?.click()}
          onKeyDown={onKey}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          style={{
            border: `2px dashed var(--mantine-color-${over ? 'blue-6' : 'gray-5'})`,
            borderRadius: 8,
            padding: 20,
            textAlign: 'center',
            cursor: 'pointer',
            background: over ? 'var(--mantine-color-blue-0)' : undefined,
          }}
        >
          <IconUpload size={28} aria-hidden="true" />
          <Text fw={600}>{t('upload.drop')}</Text>
          <Text size="sm" c="dimmed" id={hintId}>
            {t('upload.hint')}
          </Text>
          <input
            ref={inputRef}
            type="file"
            multiple={!correcting}
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            hidden
            data-testid="records-file-input"
            onChange={(e) => {
              if (e.target.files) add(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
        {queue.length ? (
          <>
            <Group grow align="flex-end" wrap="wrap">
              <Select label={t('upload.type')} data={DOCUMENT_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))} value={type} onChange={(v) => v && setType(v as DocumentType)} allowDeselect={false} />
              <TextInput type="date" label={t('upload.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
              <TextInput label={t('upload.author')} placeholder={t('upload.authorPlaceholder')} value={author} onChange={(e) => setAuthor(e.currentTarget.value)} maxLength={200} />
            </Group>
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {queue.map((item) => (
                <li key={item.key} data-testid="records-upload-item">
                  <Group gap="sm" wrap="nowrap" align="center">
                    <TextInput
                      style={{ flex: 1 }}
                      size="xs"
                      aria-label={`${t('upload.fileTitle')} — ${item.file.name}`}
                      value={item.title}
                      disabled={item.status !== 'ready'}
                      onChange={(e) => update(item.key, { title: e.currentTarget.value })}
                      maxLength={200}
                    />
                    <Progress
                      style={{ flex: 1 }}
                      value={Math.round(item.progress * 100)}
                      color={item.status === 'error' ? 'red' : item.status === 'done' ? 'green' : 'blue'}
                      aria-label={t('upload.progress', { name: item.file.name })}
                      animated={item.status === 'uploading'}
                    />
                    <Text size="xs" w={120} c={item.status === 'error' ? 'red' : undefined} role={item.status === 'error' ? 'alert' : undefined}>
                      {item.status === 'done' ? t('upload.done') : item.status === 'error' ? item.error : item.status === 'uploading' ? `${Math.round(item.progress * 100)} %` : ''}
                    </Text>
                  </Group>
                </li>
              ))}
            </Stack>
            <Group>
              <Button leftSection={<IconUpload size={16} aria-hidden="true" />} onClick={() => void start()} loading={busy} disabled={!ready.length}>
                {t('upload.start', { count: ready.length })}
              </Button>
              <Button variant="default" onClick={() => setQueue([])} disabled={busy}>
                {t('upload.clear')}
              </Button>
            </Group>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Preview({ scope, doc, onClose }: { scope: Scope; doc: MedicalDocument | null; onClose: () => void }) {
  const { t } = useTranslation('records');
  const url = doc ? recordsApi.contentUrl(scope, doc.id, 'inline') : '';
  return (
    <Modal opened={Boolean(doc)} onClose={onClose} title={doc ? t('preview.title', { title: doc.title }) : ''} size="xl" closeButtonProps={{ 'aria-label': t('preview.close') }}>
      {doc ? (
        <Stack gap="sm">
          {doc.contentType === 'application/pdf' ? (
            <iframe src={url} title={t('preview.frame', { title: doc.title })} style={{ width: '100%', height: '70vh', border: 0 }} data-testid="records-preview-frame" />
          ) : (
            <img src={url} alt={doc.title} style={{ maxWidth: '100%', maxHeight: '70vh', objectFit: 'contain', imageRendering: 'auto' }} data-testid="records-preview-image" />
          )}
          <Group justify="flex-end">
            <Button component="a" href={recordsApi.contentUrl(scope, doc.id, 'attachment')} leftSection={<IconDownload size={16} aria-hidden="true" />} variant="default">
              {t('list.download')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

function Versions({ scope, doc, onClose, onPreview }: { scope: Scope; doc: MedicalDocument | null; onClose: () => void; onPreview: (d: MedicalDocument) => void }) {
  const { t } = useTranslation('records');
  const query = useQuery({ queryKey: [...scopeKey(scope), 'versions', doc?.id], queryFn: () => recordsApi.versions(scope, doc?.id ?? ''), enabled: Boolean(doc) });
  return (
    <Modal opened={Boolean(doc)} onClose={onClose} title={doc?.title ?? ''} size="lg">
      <ErrorAlert error={query.error} />
      <Stack gap="xs">
        {[...(query.data?.versions ?? [])].reverse().map((v) => (
          <Group key={v.id} justify="space-between" wrap="nowrap">
            <div>
              <Text fw={600}>
                v{v.version} — {v.title}
              </Text>
              <Text size="sm" c="dimmed">
                {formatDate(v.createdAt)} · {v.supersededAt ? t('list.superseded', { date: formatDate(v.supersededAt) }) : t('list.current')}
              </Text>
            </div>
            <Group gap={4} wrap="nowrap">
              <Button size="xs" variant="default" onClick={() => onPreview(v)}>
                {t('list.preview')}
              </Button>
              <Button size="xs" variant="subtle" component="a" href={recordsApi.contentUrl(scope, v.id, 'attachment')}>
                {t('list.download')}
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}

/** The documents tab: upload (team, client), list, search, filter, preview, versions, removal. */
export function DocumentsPanel({ scope, canUpload, canRemove }: { scope: Scope; canUpload: boolean; canRemove: (d: MedicalDocument) => boolean }) {
  const { t } = useTranslation('records');
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [type, setType] = useState<DocumentType | null>(null);
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [preview, setPreview] = useState<MedicalDocument | null>(null);
  const [versionsOf, setVersionsOf] = useState<MedicalDocument | null>(null);
  const [correcting, setCorrecting] = useState<MedicalDocument | null>(null);
  const [removing, setRemoving] = useState<MedicalDocument | null>(null);
  const query = useQuery({ queryKey: [...scopeKey(scope), 'documents', debounced, type], queryFn: () => recordsApi.documents(scope, { q: debounced, type }), retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2 });
  const remove = useMutation({
    mutationFn: (d: MedicalDocument) => recordsApi.remove(scope, d.id),
    onSuccess: async () => {
      setRemoving(null);
      notifySuccess(t('list.removed'));
      await queryClient.invalidateQueries({ queryKey: scopeKey(scope) });
    },
  });

  const consentMissing = isConsentMissing(query.error);
  const docs = query.data?.documents ?? [];
  const visible = query.data?.visibleTypes;
  const partial = visible && scope.kind !== 'portal' && visible.length < DOCUMENT_TYPES.length;

  return (
    <Stack gap="md">
      {canUpload ? <UploadZone scope={scope} correcting={correcting} onCancelCorrection={() => setCorrecting(null)} /> : null}
      {consentMissing ? (
        <ConsentMissing practitioner={scope.kind === 'practitioner'} />
      ) : (
        <>
          {partial ? <Text size="sm">{t('consent.partial', { types: visible.map((v) => t(`type.${v}`)).join(', ') })}</Text> : null}
          <Group align="flex-end" wrap="wrap">
            <TextInput style={{ flex: 1, minWidth: 220 }} type="search" label={t('list.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-testid="records-search" />
            <Select
              label={t('list.typeFilter')}
              placeholder={t('list.allTypes')}
              clearable
              data={(visible ?? DOCUMENT_TYPES).map((v) => ({ value: v, label: t(`type.${v}`) }))}
              value={type}
              onChange={(v) => setType((v as DocumentType | null) ?? null)}
            />
          </Group>
          <ErrorAlert error={query.error} />
          <ResultStatus pending={query.isFetching}>{t('list.count', { count: docs.length })}</ResultStatus>
          <DataTable
            minWidth={720}
            busy={query.isFetching}
            empty={query.isSuccess && !docs.length ? t('list.empty') : null}
            caption={t('tabs.documents')}
            columns={[
              { key: 'title', label: t('list.title') },
              { key: 'date', label: t('list.date') },
              { key: 'author', label: t('list.author') },
              { key: 'version', label: t('list.version') },
              { key: 'actions', label: t('list.actions'), hiddenLabel: true, align: 'right' },
            ]}
          >
            {docs.map((d) => (
              <Table.Tr key={d.id} data-testid="records-document-row">
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => setPreview(d)} fw={600}>
                    {d.title}
                  </Anchor>
                  <Group gap={4} mt={2}>
                    <Badge size="sm" variant="light">
                      {t(`type.${d.type}`)}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {t(`source.${d.source}`)} · {Math.max(1, Math.round(d.size / 1024))} Ko
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>{d.documentDate ? formatCalendarDate(d.documentDate) : formatDate(d.createdAt)}</Table.Td>
                <Table.Td>{d.author ?? '—'}</Table.Td>
                <Table.Td>
                  {(d.versions ?? 1) > 1 ? (
                    <Button size="compact-xs" variant="subtle" leftSection={<IconHistory size={14} aria-hidden="true" />} onClick={() => setVersionsOf(d)}>
                      {t('list.versions', { count: d.versions })}
                    </Button>
                  ) : (
                    `v${d.version}`
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label={t('list.preview')}>
                      <ActionIcon variant="subtle" aria-label={`${t('list.preview')} — ${d.title}`} onClick={() => setPreview(d)}>
                        <IconEye size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('list.download')}>
                      <ActionIcon variant="subtle" component="a" href={recordsApi.contentUrl(scope, d.id, 'attachment')} aria-label={`${t('list.download')} — ${d.title}`}>
                        <IconDownload size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                    {canUpload ? (
                      <Tooltip label={t('list.correct')}>
                        <ActionIcon variant="subtle" aria-label={`${t('list.correct')} — ${d.title}`} onClick={() => setCorrecting(d)}>
                          <IconFilePlus size={18} aria-hidden="true" />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                    {canRemove(d) ? (
                      <Tooltip label={t('list.remove')}>
                        <ActionIcon variant="subtle" color="red" aria-label={`${t('list.remove')} — ${d.title}`} onClick={() => setRemoving(d)}>
                          <IconTrash size={18} aria-hidden="true" />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </>
      )}
      <Preview scope={scope} doc={preview} onClose={() => setPreview(null)} />
      <Versions scope={scope} doc={versionsOf} onClose={() => setVersionsOf(null)} onPreview={(v) => setPreview(v)} />
      <Modal opened={Boolean(removing)} onClose={() => setRemoving(null)} title={t('list.remove')}>
        <Stack>
          <Text>{removing ? t('list.removeConfirm', { title: removing.title }) : ''}</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('preview.close')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              {t('list.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
