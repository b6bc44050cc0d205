// /teleconsultation/:token — the room link of one participant, without signing in. First the
// appointment and the device check ("Rejoindre" once the room is open; before, when it opens, and
// the page keeps checking); then the waiting room or the call; after the end, the practitioner's
// report or the client's closing message. A refused link (forged, expired, revoked, appointment
// cancelled) gets a page that says so and what to do.
import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconClockHour4, IconLinkOff, IconVideo } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, Facts, usePageTitle } from '../../app/components.tsx';
import { formatDayLong, formatSlot, formatTime } from '../scheduling/time.ts';
import { type TeleSession, teleApi, teleSessionKey, wsProbeUrl, wsUrl } from './api.ts';
import { CallClient, exposeForTests } from './call.ts';
import { CallRoom, EndedView, useCallState } from './CallRoom.tsx';
import { DeviceCheck } from './DeviceCheck.tsx';
import { type MediaResult, openMedia, stopStream } from './devices.ts';

type Refusal = 'invalid' | 'expired' | 'revoked' | 'unavailable' | 'replaced' | 'closed';

/** Which page a refusal gets, from the HTTP status and the error code (of the API or the socket). */
function refusalOf(status: number, code: string): Refusal | null {
  if (code === 'replaced') return 'replaced';
  if (status === 401 || code.includes('invalid')) return 'invalid';
  if (code.includes('revoked')) return 'revoked';
  if (code.includes('expired')) return 'expired';
  if (status === 409 || code.includes('unavailable')) return 'unavailable';
  if (status === 410 || code.includes('closed')) return 'closed';
  if (status === 400 || status === 404) return 'invalid';
  return null;
}

function RefusalPage({ refusal, message }: { refusal: Refusal; message?: string }) {
  const { t } = useTranslation('teleconsultation');
  return (
    <Stack gap="md">
      <Alert color="orange" role="alert" icon={<IconLinkOff aria-hidden="true" />} title={t(`errors.${refusal}Title`)} data-testid="tele-refused" data-refusal={refusal}>
        <Stack gap="xs">
          <Text size="sm">{t(`errors.${refusal}`)}</Text>
          {message ? (
            <Text size="sm" c="dimmed">
              {message}
            </Text>
          ) : null}
        </Stack>
      </Alert>
      {refusal === 'replaced' ? (
        <Button variant="light" w="fit-content" onClick={() => window.location.reload()}>
          {t('errors.reload')}
        </Button>
      ) : null}
    </Stack>
  );
}

function AppointmentFacts({ session }: { session: TeleSession }) {
  const { t } = useTranslation('teleconsultation');
  const { appointment, me } = session;
  return (
    <Facts
      labelWidth={130}
      items={[
        { label: t('info.when'), value: <span className="upper-first">{`${formatSlot(appointment.startsAt)} – ${formatTime(appointment.endsAt)}`}</span> },
        { label: t('info.practitioner'), value: appointment.practitionerName },
        { label: t('info.client'), value: appointment.clientName },
        { label: t('info.me'), value: `${me.name} (${t(`role.${me.role}`)})` },
        { label: t('info.number'), value: appointment.number },
      ]}
    />
  );
}

export function TeleconsultationPage() {
  const { t } = useTranslation('teleconsultation');
  const { token = '' } = useParams();
  usePageTitle(t('title'));
  const [call, setCall] = useState<CallClient | null>(null);
  const state = useCallState(call);
  const query = useQuery({
    queryKey: teleSessionKey(token),
    queryFn: () => teleApi.session(token),
    retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    enabled: Boolean(token),
    // Before the room opens, keep checking (the page also refetches at the opening time).
    refetchInterval: (q) => (q.state.data && !q.state.data.open && !call ? 30_000 : false),
    refetchOnWindowFocus: !call,
  });
  const session = query.data;

  // Camera and microphone, opened once for the check and kept for the call.
  const [media, setMedia] = useState<MediaResult | null>(null);
  const [mediaPending, setMediaPending] = useState(true);
  const mediaRef = useRef<MediaStream | null>(null);
  const loadMedia = useCallback(async () => {
    setMediaPending(true);
    stopStream(mediaRef.current);
    mediaRef.current = null;
    const result = await openMedia();
    mediaRef.current = result.stream;
    setMedia(result);
    setMediaPending(false);
  }, []);
  const wantsMedia = Boolean(session && session.status !== 'ended');
  useEffect(() => {
    if (!wantsMedia) return;
    void loadMedia();
  }, [wantsMedia, loadMedia]);
  useEffect(
    () => () => {
      stopStream(mediaRef.current);
      mediaRef.current = null;
    },
    [],
  );

  // Refetch at the opening time.
  const opensAt = session && !session.open ? Date.parse(session.opensAt) : null;
  const refetch = query.refetch;
  useEffect(() => {
    if (opensAt === null) return;
    const delay = opensAt - Date.now() + 500;
    if (delay <= 0 || delay > 2 ** 31 - 1) return;
    const timer = setTimeout(() => void refetch(), delay);
    return () => clearTimeout(timer);
  }, [opensAt, refetch]);

  // Leave the call when the page goes.
  useEffect(() => {
    if (!call) return;
    return () => {
      call.leave();
      exposeForTests(null);
    };
  }, [call]);

  // The call is over: the camera light goes off.
  const phase = state?.phase;
  useEffect(() => {
    if (phase === 'ended' || phase === 'failed') {
      stopStream(mediaRef.current);
      mediaRef.current = null;
    }
  }, [phase]);

  function join() {
    if (!session || call) return;
    const client = new CallClient({ url: wsUrl(token), iceServers: session.iceServers, localStream: mediaRef.current });
    exposeForTests(client);
    client.join();
    setCall(client);
  }

  let body: React.ReactNode;
  if (!token) body = <RefusalPage refusal="invalid" />;
  else if (query.isPending)
    body = (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  else if (query.isError && !session) {
    const refusal = query.error instanceof ApiError ? refusalOf(query.error.status, query.error.code) : null;
    body = refusal ? <RefusalPage refusal={refusal} message={query.error instanceof ApiError && query.error.status !== 400 ? query.error.message : undefined} /> : <ErrorAlert error={query.error} />;
  } else if (session && call && state) {
    if (state.phase === 'failed') {
      const refusal = refusalOf(0, state.fatal?.code ?? '') ?? 'closed';
      body = <RefusalPage refusal={refusal} message={state.fatal?.message} />;
    } else if (state.phase === 'ended') body = <EndedView session={session} token={token} documents={state.documents} />;
    else body = <CallRoom call={call} state={state} session={session} token={token} localStream={mediaRef.current} />;
  } else if (session) {
    const ended = session.status === 'ended';
    body = (
      <Stack gap="lg">
        <AppointmentFacts session={session} />
        {ended ? (
          <EndedView session={session} token={token} documents={[]} />
        ) : (
          <>
            {!session.open ? (
              <Alert color="blue" role="status" icon={<IconClockHour4 aria-hidden="true" />} data-testid="room-not-open">
                {Date.parse(session.opensAt) > Date.now()
                  ? t('info.notOpen', { date: formatDayLong(session.opensAt), time: formatTime(session.opensAt) })
                  : t('info.closed')}
              </Alert>
            ) : null}
            <DeviceCheck media={media} pending={mediaPending} onRetry={() => void loadMedia()} iceServers={session.iceServers} probeUrl={wsProbeUrl()} />
            <Stack gap={4}>
              <Group gap="sm">
                <Button size="md" leftSection={<IconVideo size={20} aria-hidden="true" />} onClick={join} disabled={!session.open || mediaPending} data-testid="join">
                  {t('check.join')}
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                {!session.open ? t('check.joinNotOpen') : !media?.stream ? t('check.noMedia') : t('check.joinHint')}
              </Text>
            </Stack>
          </>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <Title order={1} fz={{ base: 24, sm: 28 }}>
        {t('title')}
        {session ? (
          <Text span c="dimmed" fz={{ base: 16, sm: 18 }} ml="sm">
            {session.appointment.number}
          </Text>
        ) : null}
      </Title>
      {body}
    </Stack>
  );
}
