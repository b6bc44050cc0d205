// The device check before joining: browser, camera (preview), microphone (level meter), sound
// (a test chime the user confirms) and connection (WebSocket to the server, ICE candidates), each
// with a verdict in words and advice when something fails. It never blocks joining: the advice
// helps, the practitioner can still hear a patient without a camera.
import { Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCamera, IconDeviceSpeaker, IconMicrophone, IconRefresh, IconWifi, IconWorldWww } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserSupport, iceVerdict, type MediaResult, meterLevel, playTestTone, probeIce, probeWebSocket, type Verdict } from './devices.ts';

const VERDICT_COLOR: Record<Verdict, string> = { pending: 'gray', ok: 'green', warn: 'orange', fail: 'red' };

function CheckCard({ id, title, icon, verdict, badge, children }: { id: string; title: string; icon: ReactNode; verdict: Verdict; badge?: string; children: ReactNode }) {
  const { t } = useTranslation('teleconsultation');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={`check-${id}-title`} data-testid={`check-${id}`} data-verdict={verdict}>
      <Group justify="space-between" wrap="nowrap" mb="xs" gap="xs">
        <Group gap="xs" wrap="nowrap">
          {icon}
          <Title order={3} size="h5" id={`check-${id}-title`}>
            {title}
          </Title>
        </Group>
        <Badge color={VERDICT_COLOR[verdict]} variant="light">
          {badge ?? t(`check.verdict.${verdict}`)}
        </Badge>
      </Group>
      <Stack gap="xs">{children}</Stack>
    </Paper>
  );
}

function Advice({ verdict, children }: { verdict: Verdict; children: ReactNode }) {
  return (
    <Text size="sm" c={verdict === 'fail' ? 'red.8' : verdict === 'warn' ? 'orange.9' : undefined}>
      {children}
    </Text>
  );
}

export function CameraPreview({ stream, label, mirrored = true }: { stream: MediaStream | null; label: string; mirrored?: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    if (stream) void video.play().catch(() => {});
  }, [stream]);
  return <video ref={ref} className={`tc-video${mirrored ? ' tc-mirror' : ''}`} muted autoPlay playsInline aria-label={label} data-testid="local-preview" />;
}

function MicrophoneMeter({ stream }: { stream: MediaStream }) {
  const { t } = useTranslation('teleconsultation');
  const [level, setLevel] = useState(0);
  useEffect(() => meterLevel(stream, (value) => setLevel(Math.round(value * 100))), [stream]);
  return <Progress value={level} size="lg" radius="xl" aria-label={t('check.microphone.level')} transitionDuration={60} data-testid="mic-level" data-level={level} />;
}

function SpeakerTest({ verdict, onVerdict }: { verdict: Verdict; onVerdict: (verdict: Verdict) => void }) {
  const { t } = useTranslation('teleconsultation');
  const [playing, setPlaying] = useState(false);
  const [asked, setAsked] = useState(false);
  async function play() {
    setPlaying(true);
    await playTestTone();
    setPlaying(false);
    setAsked(true);
  }
  return (
    <>
      <Advice verdict={verdict}>{verdict === 'ok' ? t('check.speaker.ok') : verdict === 'fail' ? t('check.speaker.fail') : t('check.speaker.pending')}</Advice>
      <Group gap="xs">
        <Button variant="light" size="xs" onClick={() => void play()} loading={playing} leftSection={<IconDeviceSpeaker size={16} aria-hidden="true" />}>
          {playing ? t('check.speaker.playing') : t('check.speaker.play')}
        </Button>
      </Group>
      {asked ? (
        <Group gap="xs" role="group" aria-label={t('check.speaker.question')}>
          <Text size="sm">{t('check.speaker.question')}</Text>
          <Button
            size="xs"
            variant={verdict === 'ok' ? 'filled' : 'default'}
            onClick={() => {
              onVerdict('ok');
              setAsked(false);
            }}
          >
            {t('check.speaker.yes')}
          </Button>
          <Button size="xs" variant={verdict === 'fail' ? 'filled' : 'default'} color="red" onClick={() => onVerdict('fail')}>
            {t('check.speaker.no')}
          </Button>
        </Group>
      ) : null}
    </>
  );
}

function useNetworkCheck(iceServers: RTCIceServer[], probeUrl: string, round: number): { verdict: Verdict; advice: 'ok' | 'wsFail' | 'iceWarn' | 'iceFail' | null } {
  const [result, setResult] = useState<{ verdict: Verdict; advice: 'ok' | 'wsFail' | 'iceWarn' | 'iceFail' | null }>({ verdict: 'pending', advice: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again on each "check again" (round)
  useEffect(() => {
    let cancelled = false;
    setResult({ verdict: 'pending', advice: null });
    void (async () => {
      const [ws, ice] = await Promise.all([
        probeWebSocket(probeUrl),
        typeof RTCPeerConnection === 'function' ? probeIce(iceServers).catch(() => null) : Promise.resolve(null),
      ]);
      if (cancelled) return;
      if (!ws) return setResult({ verdict: 'fail', advice: 'wsFail' });
      const verdict = ice ? iceVerdict(ice, iceServers) : 'fail';
      setResult({ verdict, advice: verdict === 'ok' ? 'ok' : verdict === 'warn' ? 'iceWarn' : 'iceFail' });
    })();
    return () => {
      cancelled = true;
    };
  }, [probeUrl, round]);
  return result;
}

export function DeviceCheck({
  media,
  pending,
  onRetry,
  iceServers,
  probeUrl,
}: {
  media: MediaResult | null;
  pending: boolean;
  onRetry: () => void;
  iceServers: RTCIceServer[];
  probeUrl: string;
}) {
  const { t } = useTranslation('teleconsultation');
  const [round, setRound] = useState(0);
  const [speaker, setSpeaker] = useState<Verdict>('pending');
  const support = browserSupport();
  const supported = support.webrtc && support.mediaDevices && support.webSocket;
  const browserVerdict: Verdict = !support.secureContext || !supported ? 'fail' : 'ok';
  const network = useNetworkCheck(iceServers, probeUrl, round);
  const cameraProblem = media?.camera ?? null;
  const micProblem = media?.microphone ?? null;
  const cameraVerdict: Verdict = pending || !media ? 'pending' : cameraProblem ? 'fail' : 'ok';
  const micVerdict: Verdict = pending || !media ? 'pending' : micProblem ? 'fail' : 'ok';
  const hasAudio = Boolean(media?.stream?.getAudioTracks().length);

  return (
    <Stack gap="md" component="section" aria-labelledby="device-check-title" data-testid="device-check">
      <Group justify="space-between" align="flex-end" gap="xs">
        <Stack gap={2}>
          <Title order={2} size="h3" id="device-check-title">
            {t('check.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('check.intro')}
          </Text>
        </Stack>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconRefresh size={16} aria-hidden="true" />}
          onClick={() => {
            setRound((n) => n + 1);
            onRetry();
          }}
        >
          {t('check.retry')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <CheckCard id="camera" title={t('check.camera.title')} icon={<IconCamera size={20} aria-hidden="true" />} verdict={cameraVerdict}>
          {media?.stream?.getVideoTracks().length ? <CameraPreview stream={media.stream} label={t('check.camera.preview')} /> : null}
          {cameraVerdict !== 'pending' ? <Advice verdict={cameraVerdict}>{t(`check.camera.${cameraProblem ?? 'ok'}`)}</Advice> : null}
        </CheckCard>
        <Stack gap="sm">
          <CheckCard id="microphone" title={t('check.microphone.title')} icon={<IconMicrophone size={20} aria-hidden="true" />} verdict={micVerdict}>
            {hasAudio && media?.stream ? <MicrophoneMeter stream={media.stream} /> : null}
            {micVerdict !== 'pending' ? <Advice verdict={micVerdict}>{t(`check.microphone.${micProblem ?? 'ok'}`)}</Advice> : null}
          </CheckCard>
          <CheckCard id="speaker" title={t('check.speaker.title')} icon={<IconDeviceSpeaker size={20} aria-hidden="true" />} verdict={speaker} badge={speaker === 'pending' ? t('check.speaker.untested') : undefined}>
            <SpeakerTest verdict={speaker} onVerdict={setSpeaker} />
          </CheckCard>
          <CheckCard id="browser" title={t('check.browser.title')} icon={<IconWorldWww size={20} aria-hidden="true" />} verdict={browserVerdict}>
            <Advice verdict={browserVerdict}>
              {!support.secureContext ? t('check.browser.insecure') : !supported ? t('check.browser.unsupported') : t('check.browser.ok')}
            </Advice>
          </CheckCard>
          <CheckCard id="network" title={t('check.network.title')} icon={<IconWifi size={20} aria-hidden="true" />} verdict={network.verdict}>
            {network.advice ? <Advice verdict={network.verdict}>{t(`check.network.${network.advice}`)}</Advice> : null}
          </CheckCard>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
