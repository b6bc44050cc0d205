// The call itself (after "Rejoindre"): the waiting room of the client or guest; in the room, the
// videos, mute / camera, connection quality, chat, shared documents, "Besoin d'aide" and, for the
// practitioner, the waiting list, invitations and "Terminer"; after the end, the practitioner's
// report form or the client's closing message. State comes from a CallClient (call.ts).
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  CopyButton,
  Grid,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconCheck,
  IconCopy,
  IconDownload,
  IconFileText,
  IconHelp,
  IconLifebuoy,
  IconMicrophone,
  IconMicrophoneOff,
  IconPhoneOff,
  IconUserPlus,
  IconVideo,
  IconVideoOff,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/components.tsx';
import { formatTime } from '../scheduling/time.ts';
import { MAX_SHARE_BYTES, type Peer, SHARE_TYPES, type SharedDocument, type TeleSession, teleApi } from './api.ts';
import type { CallClient, CallState, Quality, RemoteParticipant } from './call.ts';
import { CameraPreview } from './DeviceCheck.tsx';
import './teleconsultation.css';

const NO_STATE = () => () => {};

/** The live state of a call (null before joining). */
export function useCallState(call: CallClient | null): CallState | null {
  const subscribe = useCallback((listener: () => void) => (call ? call.subscribe(listener) : NO_STATE()), [call]);
  const snapshot = useCallback(() => (call ? call.getState() : null), [call]);
  return useSyncExternalStore(subscribe, snapshot);
}

function formatSize(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'fr-FR';
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(bytes / 1024)} ko`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} Mo`;
}

// ---- videos ----------------------------------------------------------------------------------

function RemoteTile({ participant }: { participant: RemoteParticipant }) {
  const { t } = useTranslation('teleconsultation');
  const ref = useRef<HTMLVideoElement>(null);
  const name = participant.peer.name || t(`role.${participant.peer.role}`);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new track (tracks) needs play() again
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== participant.stream) video.srcObject = participant.stream;
    if (participant.stream) void video.play().catch(() => {});
  }, [participant.stream, participant.tracks]);
  const connected = participant.connection === 'connected';
  return (
    <div className="tc-tile" data-testid="remote-video" data-peer-id={participant.peer.id} data-connection={participant.connection}>
      {/* biome-ignore lint/a11y/useMediaCaption: a live call has no caption track; the chat is its text channel */}
      <video ref={ref} className="tc-video" autoPlay playsInline aria-label={t('call.remoteVideo', { name })} />
      {!connected ? <div className="tc-tile-overlay">{t('call.connectingPeer', { name })}</div> : null}
      <span className="tc-tile-label">
        {name} · {t(`role.${participant.peer.role}`)}
      </span>
    </div>
  );
}

const QUALITY_COLOR: Record<Quality, string> = { unknown: 'gray', good: 'green', medium: 'orange', poor: 'red' };

function QualityBadge({ state }: { state: CallState }) {
  const { t } = useTranslation('teleconsultation');
  const detail =
    state.rttMs !== null || state.lossPercent !== null ? t('call.quality.detail', { rtt: state.rttMs ?? '—', loss: state.lossPercent ?? 0 }) : undefined;
  return (
    <Tooltip label={detail} disabled={!detail}>
      <Badge color={QUALITY_COLOR[state.quality]} variant="light" size="lg" data-testid="call-quality" data-quality={state.quality}>
        {t('call.quality.label')} : {t(`call.quality.${state.quality}`)}
      </Badge>
    </Tooltip>
  );
}

// ---- side panels -----------------------------------------------------------------------------

function WaitingList({ call, waiting }: { call: CallClient; waiting: Peer[] }) {
  const { t } = useTranslation('teleconsultation');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="tc-waiting-title" data-testid="waiting-list">
      <Title order={2} size="h5" id="tc-waiting-title" mb="xs">
        {t('call.waitingList.title')}
      </Title>
      <div aria-live="polite">
        {waiting.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('call.waitingList.empty')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {waiting.map((peer) => (
              <Group component="li" key={peer.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="waiting-peer">
                <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                  <strong>{peer.name}</strong> · {t(`role.${peer.role}`)}
                </Text>
                <Button size="xs" onClick={() => call.admit(peer.id)} aria-label={t('call.waitingList.admitLabel', { name: peer.name })}>
                  {t('call.waitingList.admit')}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
      </div>
    </Paper>
  );
}

function Chat({ call, state }: { call: CallClient; state: CallState }) {
  const { t } = useTranslation('teleconsultation');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll down when a message arrives
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [state.chat.length]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    if (text.length > 2000) {
      setError(t('call.chat.tooLong'));
      return;
    }
    if (call.sendChat(text)) {
      setBody('');
      setError(null);
    }
  }
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="tc-chat-title">
      <Title order={2} size="h5" id="tc-chat-title" mb="xs">
        {t('call.chat.title')}
      </Title>
      <div ref={logRef} className="tc-chat-log" role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="tc-chat-title" data-testid="chat-log">
        {state.chat.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('call.chat.empty')}
          </Text>
        ) : (
          state.chat.map((message) => (
            <Text size="sm" key={message.id} mb={6} data-testid="chat-message">
              <strong>{message.from.id === state.me?.id ? t('call.me') : message.from.name}</strong>{' '}
              <Text span size="xs" c="dimmed">
                <time dateTime={message.at}>{formatTime(message.at)}</time>
              </Text>
              <br />
              {message.body}
            </Text>
          ))
        )}
      </div>
      <form onSubmit={submit} noValidate>
        <Group gap="xs" mt="sm" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('call.chat.label')}
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            maxLength={2000}
            error={error}
            style={{ flex: 1 }}
            autoComplete="off"
            disabled={state.phase !== 'in_room'}
          />
          <Button type="submit" disabled={state.phase !== 'in_room' || !body.trim()}>
            {t('call.chat.send')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

export function DocumentList({ documents, token }: { documents: SharedDocument[]; token: string }) {
  const { t, i18n } = useTranslation('teleconsultation');
  if (documents.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('call.documents.empty')}
      </Text>
    );
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} data-testid="shared-documents">
      {documents.map((document) => (
        <Group component="li" key={document.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="shared-document" data-name={document.name}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconFileText size={18} aria-hidden="true" style={{ flex: 'none' }} />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {document.name}
              </Text>
              <Text size="xs" c="dimmed">
                {t('call.documents.from', { kind: t(`kind.${document.kind}`), name: document.from.name, size: formatSize(document.size, i18n.language) })}
              </Text>
            </Stack>
          </Group>
          <Anchor href={teleApi.documentUrl(token, document.id)} download={document.name} aria-label={t('call.documents.downloadLabel', { name: document.name })} size="sm">
            <Group gap={4} wrap="nowrap">
              <IconDownload size={16} aria-hidden="true" />
              <span className="hide-on-phone">{t('call.documents.download')}</span>
            </Group>
          </Anchor>
        </Group>
      ))}
    </Stack>
  );
}

function Documents({ call, state, token }: { call: CallClient; state: CallState; token: string }) {
  const { t } = useTranslation('teleconsultation');
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: (file: File) => teleApi.uploadDocument(token, file),
    onSuccess: ({ document }) => call.addDocument(document),
    onSettled: () => {
      if (inputRef.current) inputRef.current.value = '';
    },
  });
  function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    setProblem(null);
    upload.reset();
    if (file.size > MAX_SHARE_BYTES) {
      setProblem(t('call.documents.tooLarge'));
      event.currentTarget.value = '';
      return;
    }
    if (file.type && !(SHARE_TYPES as readonly string[]).includes(file.type)) {
      setProblem(t('call.documents.badType'));
      event.currentTarget.value = '';
      return;
    }
    upload.mutate(file);
  }
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="tc-docs-title">
      <Title order={2} size="h5" id="tc-docs-title" mb="xs">
        {t('call.documents.title')}
      </Title>
      <Stack gap="sm">
        <div aria-live="polite">
          <DocumentList documents={state.documents} token={token} />
        </div>
        <Stack gap={4}>
          <Text component="label" htmlFor="tc-share-file" size="sm" fw={500}>
            {t('call.documents.upload')}
          </Text>
          <input
            ref={inputRef}
            id="tc-share-file"
            type="file"
            className="tc-file-input"
            accept={SHARE_TYPES.join(',')}
            onChange={choose}
            disabled={upload.isPending || state.phase !== 'in_room'}
            data-testid="share-file"
          />
        </Stack>
        <Text size="sm" role="status" c={problem ? 'red.8' : 'dimmed'}>
          {problem ?? (upload.isPending ? t('call.documents.uploading') : upload.isSuccess ? t('call.documents.uploaded') : '')}
        </Text>
        {upload.error ? <ErrorAlert error={upload.error} /> : null}
      </Stack>
    </Paper>
  );
}

function Invite({ call, state }: { call: CallClient; state: CallState }) {
  const { t } = useTranslation('teleconsultation');
  const [name, setName] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (call.invite(name)) setName('');
  }
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="tc-invite-title">
      <Title order={2} size="h5" id="tc-invite-title" mb={4}>
        {t('call.invite.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('call.invite.help')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput label={t('call.invite.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} maxLength={120} style={{ flex: 1 }} autoComplete="off" />
          <Button type="submit" variant="light" disabled={!name.trim()} leftSection={<IconUserPlus size={16} aria-hidden="true" />}>
            {t('call.invite.submit')}
          </Button>
        </Group>
      </form>
      {state.invited.length ? (
        <Stack gap="xs" mt="sm" aria-live="polite">
          {state.invited.map((invite) => (
            <Group key={invite.url} gap="xs" align="flex-end" wrap="nowrap" data-testid="invite-link">
              <TextInput label={t('call.invite.link', { name: invite.name })} value={invite.url} readOnly style={{ flex: 1 }} onFocus={(event) => event.currentTarget.select()} />
              <CopyButton value={invite.url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('call.invite.copied') : t('call.invite.copy')}>
                    <ActionIcon variant="light" size="lg" onClick={copy} aria-label={copied ? t('call.invite.copied') : t('call.invite.copy')} color={copied ? 'green' : undefined}>
                      {copied ? <IconCheck size={18} aria-hidden="true" /> : <IconCopy size={18} aria-hidden="true" />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}

// ---- the room --------------------------------------------------------------------------------

function StatusLine({ state }: { state: CallState }) {
  const { t } = useTranslation('teleconsultation');
  return (
    <Text size="sm" role="status" aria-live="polite" data-testid="call-status" data-phase={state.phase} c={state.phase === 'reconnecting' ? 'orange.9' : undefined} fw={state.phase === 'reconnecting' ? 600 : undefined}>
      {t(`call.status.${state.phase}`, { attempt: state.reconnectAttempt })}
    </Text>
  );
}

function HelpButton({ call, state }: { call: CallClient; state: CallState }) {
  const { t } = useTranslation('teleconsultation');
  return (
    <Button variant="default" leftSection={<IconLifebuoy size={18} aria-hidden="true" />} onClick={() => call.help()} disabled={state.phase === 'reconnecting' || state.phase === 'connecting'}>
      {t('call.help')}
    </Button>
  );
}

export function CallRoom({ call, state, session, token, localStream }: { call: CallClient; state: CallState; session: TeleSession; token: string; localStream: MediaStream | null }) {
  const { t } = useTranslation('teleconsultation');
  const [ending, setEnding] = useState(false);
  const practitioner = session.me.role === 'practitioner';
  const hasCamera = Boolean(localStream?.getVideoTracks().length);
  const hasMic = Boolean(localStream?.getAudioTracks().length);
  const helpNotice = state.helpSentAt ? (
    <Alert color="blue" role="status" icon={<IconHelp aria-hidden="true" />} data-testid="help-sent">
      {t('call.helpSent')}
    </Alert>
  ) : null;
  const notice = state.notice && Date.now() - state.notice.at < 15_000 && state.notice.message ? (
    <Alert color="orange" role="alert">
      {state.notice.message}
    </Alert>
  ) : null;

  if (state.phase === 'waiting' || (state.phase === 'connecting' && !practitioner)) {
    return (
      <Stack gap="md" data-testid="waiting-room">
        <StatusLine state={state} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            {hasCamera ? <CameraPreview stream={localStream} label={t('call.localVideo')} /> : null}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Stack gap="sm">
              <Title order={2} size="h3">
                {t('waiting.title')}
              </Title>
              <Text fw={600} size="lg">
                {t('waiting.text')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('waiting.hint')}
              </Text>
              {helpNotice}
              <Group>
                <HelpButton call={call} state={state} />
              </Group>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    );
  }

  const cols = state.peers.length <= 1 ? 1 : 2;
  return (
    <Stack gap="md" data-testid="call-room" data-phase={state.phase}>
      <Group justify="space-between" gap="xs">
        <StatusLine state={state} />
        <QualityBadge state={state} />
      </Group>
      {notice}
      {helpNotice}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            {state.peers.length === 0 ? (
              <Paper withBorder p="xl" radius="md" bg="gray.0">
                <Text ta="center" c="dimmed">
                  {t('call.alone')}
                </Text>
              </Paper>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: cols }} spacing="sm">
                {state.peers.map((participant) => (
                  <RemoteTile key={participant.peer.id} participant={participant} />
                ))}
              </SimpleGrid>
            )}
            <Group justify="space-between" align="flex-start" gap="sm">
              <div className="tc-tile" style={{ width: 200, maxWidth: '45%' }}>
                {hasCamera ? <CameraPreview stream={localStream} label={t('call.localVideo')} /> : null}
                {!state.cameraOn ? <div className="tc-tile-overlay" style={{ background: '#1a1b1e', borderRadius: 8, minHeight: 80 }}>{t('call.cameraOff')}</div> : null}
                <span className="tc-tile-label">{t('call.me')}</span>
              </div>
              <Group gap="xs" role="toolbar" aria-label={t('title')}>
                <Tooltip label={state.micOn ? t('call.micOff') : t('call.micOn')}>
                  <ActionIcon
                    size="xl"
                    variant={state.micOn ? 'default' : 'filled'}
                    color={state.micOn ? undefined : 'red'}
                    onClick={() => call.setMic(!state.micOn)}
                    disabled={!hasMic}
                    aria-label={state.micOn ? t('call.micOff') : t('call.micOn')}
                    aria-pressed={!state.micOn}
                  >
                    {state.micOn ? <IconMicrophone size={22} aria-hidden="true" /> : <IconMicrophoneOff size={22} aria-hidden="true" />}
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={state.cameraOn ? t('call.cameraOffAction') : t('call.cameraOnAction')}>
                  <ActionIcon
                    size="xl"
                    variant={state.cameraOn ? 'default' : 'filled'}
                    color={state.cameraOn ? undefined : 'red'}
                    onClick={() => call.setCamera(!state.cameraOn)}
                    disabled={!hasCamera}
                    aria-label={state.cameraOn ? t('call.cameraOffAction') : t('call.cameraOnAction')}
                    aria-pressed={!state.cameraOn}
                  >
                    {state.cameraOn ? <IconVideo size={22} aria-hidden="true" /> : <IconVideoOff size={22} aria-hidden="true" />}
                  </ActionIcon>
                </Tooltip>
                <HelpButton call={call} state={state} />
                {practitioner ? (
                  <Button color="red" leftSection={<IconPhoneOff size={18} aria-hidden="true" />} onClick={() => setEnding(true)}>
                    {t('call.end')}
                  </Button>
                ) : null}
              </Group>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm">
            {practitioner ? <WaitingList call={call} waiting={state.waiting} /> : null}
            <Chat call={call} state={state} />
            <Documents call={call} state={state} token={token} />
            {practitioner ? <Invite call={call} state={state} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
      <Modal opened={ending} onClose={() => setEnding(false)} title={t('call.endTitle')} centered>
        <Stack gap="md">
          <Text size="sm">{t('call.endText')}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setEnding(false)}>
              {t('call.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => {
                call.end();
                setEnding(false);
              }}
              data-autofocus
            >
              {t('call.endConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

// ---- after the call --------------------------------------------------------------------------

export function ReportForm({ token }: { token: string }) {
  const { t } = useTranslation('teleconsultation');
  const [summary, setSummary] = useState('');
  const [prescription, setPrescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => teleApi.report(token, { summary: summary.trim(), ...(prescription.trim() ? { prescription: prescription.trim() } : {}) }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!summary.trim()) {
      setError(t('report.required'));
      return;
    }
    setError(null);
    save.mutate();
  }
  const serverError = save.error instanceof ApiError ? save.error : null;
  if (save.isSuccess)
    return (
      <Stack gap="sm" data-testid="report-saved">
        <Alert color="green" role="status" icon={<IconCheck aria-hidden="true" />}>
          {t('report.saved')}
        </Alert>
        <DocumentList documents={save.data.documents} token={token} />
      </Stack>
    );
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="tc-report-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id="tc-report-title">
            {t('report.title')}
          </Title>
          {save.error && !serverError?.fieldMessage('summary') && !serverError?.fieldMessage('prescription') ? <ErrorAlert error={save.error} /> : null}
          <Textarea
            label={t('report.summary')}
            required
            autosize
            minRows={6}
            maxLength={20_000}
            value={summary}
            onChange={(event) => setSummary(event.currentTarget.value)}
            error={error ?? serverError?.fieldMessage('summary')}
          />
          <Textarea
            label={t('report.prescription')}
            autosize
            minRows={3}
            maxLength={20_000}
            value={prescription}
            onChange={(event) => setPrescription(event.currentTarget.value)}
            error={serverError?.fieldMessage('prescription')}
          />
          <Button type="submit" loading={save.isPending} w={{ base: '100%', sm: 'fit-content' }}>
            {t('report.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

export function EndedView({ session, token, documents }: { session: TeleSession; token: string; documents: SharedDocument[] }) {
  const { t } = useTranslation('teleconsultation');
  const practitioner = session.me.role === 'practitioner';
  return (
    <Stack gap="md" data-testid="call-ended">
      <Alert color="blue" role="status" title={t('ended.title')}>
        {practitioner ? t('ended.practitioner') : t('ended.client')}
      </Alert>
      {practitioner ? <ReportForm token={token} /> : null}
      {documents.length ? (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="tc-ended-docs">
          <Title order={2} size="h5" id="tc-ended-docs" mb="xs">
            {t('call.documents.title')}
          </Title>
          <DocumentList documents={documents} token={token} />
        </Paper>
      ) : null}
    </Stack>
  );
}
