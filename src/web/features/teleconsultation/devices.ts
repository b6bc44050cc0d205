// The checks of the device-check step, without React: browser support, camera and microphone
// (with the reason of a failure), a microphone level meter (Web Audio AnalyserNode), a test tone
// for the speakers, and the network (WebSocket to the server, ICE candidates gathered).

export type Verdict = 'pending' | 'ok' | 'warn' | 'fail';

export interface Support {
  secureContext: boolean;
  webrtc: boolean;
  mediaDevices: boolean;
  webSocket: boolean;
  webAudio: boolean;
}

export function browserSupport(): Support {
  const w = window as unknown as Record<string, unknown>;
  const host = window.location.hostname;
  return {
    // Browsers only give the camera to https pages (and to localhost while developing).
    secureContext: window.isSecureContext || host === 'localhost' || host === '127.0.0.1' || host === '[::1]',
    webrtc: typeof w.RTCPeerConnection === 'function',
    mediaDevices: Boolean(navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function'),
    webSocket: typeof w.WebSocket === 'function',
    webAudio: typeof w.AudioContext === 'function' || typeof w.webkitAudioContext === 'function',
  };
}

/** Why the camera or the microphone cannot be used. */
export type MediaProblem = 'denied' | 'not_found' | 'busy' | 'insecure' | 'unsupported' | 'other';

export interface MediaResult {
  stream: MediaStream | null;
  camera: MediaProblem | null;
  microphone: MediaProblem | null;
}

function problemOf(error: unknown): MediaProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not_found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    case 'SecurityError':
      return 'insecure';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'other';
  }
}

const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/**
 * Camera and microphone together; when that fails for want of one device (or one is busy), each
 * alone, so that the page says which one is missing and the call can go on with the other.
 */
export async function openMedia(): Promise<MediaResult> {
  const support = browserSupport();
  if (!support.secureContext) return { stream: null, camera: 'insecure', microphone: 'insecure' };
  if (!support.mediaDevices) return { stream: null, camera: 'unsupported', microphone: 'unsupported' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: VIDEO, audio: AUDIO });
    return { stream, camera: stream.getVideoTracks().length ? null : 'not_found', microphone: stream.getAudioTracks().length ? null : 'not_found' };
  } catch (error) {
    const problem = problemOf(error);
    if (problem === 'denied' || problem === 'insecure' || problem === 'unsupported') return { stream: null, camera: problem, microphone: problem };
  }
  const stream = new MediaStream();
  let camera: MediaProblem | null = null;
  let microphone: MediaProblem | null = null;
  try {
    for (const track of (await navigator.mediaDevices.getUserMedia({ video: VIDEO })).getTracks()) stream.addTrack(track);
  } catch (error) {
    camera = problemOf(error);
  }
  try {
    for (const track of (await navigator.mediaDevices.getUserMedia({ audio: AUDIO })).getTracks()) stream.addTrack(track);
  } catch (error) {
    microphone = problemOf(error);
  }
  return { stream: stream.getTracks().length ? stream : null, camera, microphone };
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function audioContext(): AudioContext | null {
  const Ctor = (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext) as typeof AudioContext | undefined;
  return Ctor ? new Ctor() : null;
}

/** Calls `onLevel` (0…1) about 15 times a second with the loudness of the microphone. */
export function meterLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  const ctx = audioContext();
  if (!ctx || stream.getAudioTracks().length === 0) return () => {};
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  void ctx.resume().catch(() => {});
  const timer = setInterval(() => {
    analyser.getByteTimeDomainData(samples);
    let sum = 0;
    for (const value of samples) {
      const centred = (value - 128) / 128;
      sum += centred * centred;
    }
    // RMS, scaled so that normal speech fills most of the bar.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
  }, 66);
  return () => {
    clearInterval(timer);
    source.disconnect();
    void ctx.close().catch(() => {});
  };
}

/** A short two-note chime on the speakers (about 1 s). */
export async function playTestTone(): Promise<boolean> {
  const ctx = audioContext();
  if (!ctx) return false;
  await ctx.resume().catch(() => {});
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  const start = ctx.currentTime + 0.02;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.3, start + 0.05);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 1.0);
  for (const [frequency, at] of [
    [660, 0],
    [880, 0.35],
  ] as const) {
    const osc = ctx.createOscillator();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    osc.connect(gain);
    osc.start(start + at);
    osc.stop(start + 1.0);
  }
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await ctx.close().catch(() => {});
  return true;
}

/**
 * Does a WebSocket reach the server? Resolves true when it opens (or the server answers and
 * closes it with an application code: it was reached), false after an error or `timeoutMs`.
 */
export function probeWebSocket(url: string, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    let ws: WebSocket;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        ws.onopen = ws.onclose = ws.onerror = ws.onmessage = null;
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
      } catch {
        // already closed
      }
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    try {
      ws = new WebSocket(url);
    } catch {
      finish(false);
      return;
    }
    ws.onopen = () => finish(true);
    ws.onmessage = () => finish(true);
    ws.onclose = (event) => finish(event.code >= 4000);
  });
}

export interface IceProbe {
  host: number;
  srflx: number;
  relay: number;
}

/** Gathers ICE candidates with the call's STUN/TURN servers (at most `timeoutMs`). */
export async function probeIce(iceServers: RTCIceServer[], timeoutMs = 4000): Promise<IceProbe> {
  const result: IceProbe = { host: 0, srflx: 0, relay: 0 };
  const pc = new RTCPeerConnection({ iceServers });
  try {
    pc.createDataChannel('probe');
    const gathered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      pc.onicecandidate = (event) => {
        if (!event.candidate) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const type = event.candidate.type ?? /typ (\w+)/.exec(event.candidate.candidate)?.[1];
        if (type === 'host') result.host += 1;
        else if (type === 'srflx' || type === 'prflx') result.srflx += 1;
        else if (type === 'relay') result.relay += 1;
      };
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
  } finally {
    pc.close();
  }
  return result;
}

/** ok: reachable from outside (or nothing more to test); warn: only local candidates although servers were given. */
export function iceVerdict(probe: IceProbe, iceServers: RTCIceServer[]): Verdict {
  if (probe.host + probe.srflx + probe.relay === 0) return 'fail';
  if (iceServers.length > 0 && probe.srflx + probe.relay === 0) return 'warn';
  return 'ok';
}
