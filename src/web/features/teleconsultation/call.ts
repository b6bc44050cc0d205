// The live part of a teleconsultation, without React: the signalling WebSocket (waiting room,
// chat, documents, help, invitations, end) and a WebRTC mesh of one RTCPeerConnection per other
// participant (≤ 4 people). React components read it through subscribe()/getState()
// (useSyncExternalStore) and act through its methods.
//
// Rules (contract of issue 6):
// - whoever enters the room (admitted, or the practitioner arriving after others) creates a
//   connection per peer already there and sends the offer; the others answer;
// - each connection has an id (pcId) chosen by its offerer, carried by every signal, so that an
//   offer from a peer who reloaded or reconnected replaces the old connection instead of being
//   mistaken for a renegotiation; two offers crossing (both sides re-entering at once) are settled
//   by the "polite peer" rule: the participant with the greater id gives way;
// - a connection that fails is restarted by its offerer (ICE restart); if it stays down, a new
//   connection replaces it; after a dropped WebSocket, the socket reconnects with backoff and the
//   server's welcome re-creates the connections (media may have gone with the network);
// - the connection quality comes from getStats (round-trip time and packet loss).
// Nothing here logs what participants say or share.
import type { ChatMessage, Peer, SharedDocument } from './api.ts';

export type CallPhase = 'connecting' | 'waiting' | 'in_room' | 'reconnecting' | 'ended' | 'failed';
export type Quality = 'unknown' | 'good' | 'medium' | 'poor';

export interface RemoteParticipant {
  peer: Peer;
  stream: MediaStream | null;
  /** Bumped when a track arrives (the video element re-reads the stream). */
  tracks: number;
  connection: RTCPeerConnectionState;
}

export interface CallState {
  phase: CallPhase;
  me: Peer | null;
  peers: RemoteParticipant[];
  /** The waiting room (only the practitioner receives it). */
  waiting: Peer[];
  chat: ChatMessage[];
  documents: SharedDocument[];
  quality: Quality;
  rttMs: number | null;
  lossPercent: number | null;
  /** Why the call cannot go on (bad or expired link, room closed). */
  fatal: { code: string; message: string } | null;
  /** A refusal that does not end the call (e.g. a message too long). */
  notice: { code: string; message: string; at: number } | null;
  reconnectAttempt: number;
  helpSentAt: number | null;
  invited: { name: string; url: string }[];
  micOn: boolean;
  cameraOn: boolean;
}

export interface PeerStats {
  peerId: string;
  framesDecoded: number;
  bytesReceived: number;
}

interface Link {
  peerId: string;
  pcId: string;
  pc: RTCPeerConnection;
  initiator: boolean;
  pending: RTCIceCandidateInit[];
  stream: MediaStream;
  failTimer?: ReturnType<typeof setTimeout>;
  restarts: number;
  lastLoss?: { lost: number; received: number };
}

type Signal =
  | { kind: 'description'; pcId: string; description: RTCSessionDescriptionInit }
  | { kind: 'candidate'; pcId: string; candidate: RTCIceCandidateInit };

type ServerMessage =
  | { type: 'welcome'; me: Peer; state: 'waiting' | 'in_room'; peers: Peer[]; waiting?: Peer[]; chat?: ChatMessage[]; documents?: SharedDocument[] }
  | { type: 'waiting'; waiting: Peer[] }
  | { type: 'admitted'; peers: Peer[]; chat?: ChatMessage[]; documents?: SharedDocument[] }
  | { type: 'peer-joined'; peer: Peer }
  | { type: 'peer-left'; id: string }
  | { type: 'signal'; from: string; data: Signal }
  | { type: 'chat'; message: ChatMessage }
  | { type: 'document'; document: SharedDocument }
  | { type: 'ended' }
  | { type: 'help-sent' }
  | { type: 'invited'; name: string; url: string }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };

export interface CallOptions {
  url: string;
  iceServers: RTCIceServer[];
  localStream: MediaStream | null;
}

/** Close codes of the server that mean "do not come back with this link" (4409: the same link
 * was opened elsewhere — another tab or device — and took over; coming back would evict it). */
const FATAL_CLOSE = new Set([4401, 4409, 4410]);
const PING_EVERY_MS = 15_000;
const PONG_TIMEOUT_MS = 8_000;
const STATS_EVERY_MS = 2_000;
const DISCONNECTED_GRACE_MS = 4_000;

function randomId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** The backoff before the n-th reconnection: 0.5 s, 1 s, 2 s … up to 10 s, with a little jitter. */
export function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 10_000) + Math.floor(Math.random() * 250);
}

/** Bon / moyen / faible from the round-trip time (ms) and the share of packets lost (%). */
export function qualityOf(rttMs: number | null, lossPercent: number | null): Quality {
  if (rttMs === null && lossPercent === null) return 'unknown';
  const rtt = rttMs ?? 0;
  const loss = lossPercent ?? 0;
  if (rtt > 600 || loss > 8) return 'poor';
  if (rtt > 300 || loss > 2) return 'medium';
  return 'good';
}

const QUALITY_RANK: Record<Quality, number> = { unknown: 0, good: 1, medium: 2, poor: 3 };

export class CallClient {
  private state: CallState;
  private readonly listeners = new Set<() => void>();
  private readonly links = new Map<string, Link>();
  private ws: WebSocket | null = null;
  private stopped = false;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private pingTimer?: ReturnType<typeof setInterval>;
  private pongTimer?: ReturnType<typeof setTimeout>;
  private statsTimer?: ReturnType<typeof setInterval>;
  /** Signals are handled one at a time, in order (descriptions and candidates depend on it). */
  private signalling: Promise<void> = Promise.resolve();
  private lastError: { code: string; message: string } | null = null;
  private readonly url: string;
  private readonly iceServers: RTCIceServer[];
  private readonly localStream: MediaStream | null;
  private readonly onOnline = () => {
    if (this.state.phase === 'reconnecting') this.reconnectNow();
  };

  constructor(options: CallOptions) {
    this.url = options.url;
    this.iceServers = options.iceServers;
    this.localStream = options.localStream;
    this.state = {
      phase: 'connecting',
      me: null,
      peers: [],
      waiting: [],
      chat: [],
      documents: [],
      quality: 'unknown',
      rttMs: null,
      lossPercent: null,
      fatal: null,
      notice: null,
      reconnectAttempt: 0,
      helpSentAt: null,
      invited: [],
      micOn: Boolean(options.localStream?.getAudioTracks().some((track) => track.enabled)),
      cameraOn: Boolean(options.localStream?.getVideoTracks().some((track) => track.enabled)),
    };
  }

  // ---- store -------------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): CallState => this.state;

  private set(patch: Partial<CallState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private updatePeer(peerId: string, patch: Partial<RemoteParticipant>): void {
    if (!this.state.peers.some((p) => p.peer.id === peerId)) return;
    this.set({ peers: this.state.peers.map((p) => (p.peer.id === peerId ? { ...p, ...patch } : p)) });
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  join(): void {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    this.statsTimer = setInterval(() => void this.sampleQuality(), STATS_EVERY_MS);
    this.connect();
  }

  /** Leaves the call (page closed or call over). The local camera is the page's to stop. */
  leave(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.statsTimer);
    this.stopPing();
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.close(1000);
      this.ws = null;
    }
    for (const peerId of [...this.links.keys()]) this.closeLink(peerId);
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.startPing();
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      this.handle(message);
    };
    ws.onclose = (event) => this.closed(ws, event.code);
  }

  /** The socket is gone: reconnect after a backoff, unless the server refused us for good. */
  private closed(ws: WebSocket, code: number): void {
    if (this.ws !== ws) return;
    this.ws = null;
    this.stopPing();
    if (this.stopped || this.state.phase === 'ended') return;
    if (FATAL_CLOSE.has(code)) {
      const reason = code === 4401 ? 'link_invalid' : code === 4409 ? 'replaced' : 'room_closed';
      this.fail(code === 4409 ? { code: reason, message: '' } : (this.lastError ?? { code: reason, message: '' }));
      return;
    }
    const attempt = this.state.reconnectAttempt;
    this.set({ phase: 'reconnecting', reconnectAttempt: attempt + 1 });
    this.reconnectTimer = setTimeout(() => this.connect(), backoffMs(attempt));
  }

  private reconnectNow(): void {
    clearTimeout(this.reconnectTimer);
    if (!this.ws && !this.stopped) this.connect();
  }

  private fail(error: { code: string; message: string }): void {
    this.set({ phase: 'failed', fatal: error });
    this.leave();
  }

  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: 'ping' })) return;
      clearTimeout(this.pongTimer);
      // No answer: the network is gone although the socket has not noticed yet. Its closing
      // handshake could hang as long, so it is dropped at once.
      this.pongTimer = setTimeout(() => {
        const ws = this.ws;
        if (!ws) return;
        ws.onclose = ws.onmessage = ws.onopen = null;
        ws.close(4000);
        this.closed(ws, 4000);
      }, PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  private stopPing(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }

  private send(message: Record<string, unknown>): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  // ---- actions -----------------------------------------------------------------------------

  admit(id: string): void {
    this.send({ type: 'admit', id });
  }

  sendChat(body: string): boolean {
    const text = body.trim();
    if (!text || text.length > 2000) return false;
    return this.send({ type: 'chat', body: text });
  }

  help(): boolean {
    return this.send({ type: 'help' });
  }

  invite(name: string): boolean {
    const clean = name.trim();
    return clean ? this.send({ type: 'invite', name: clean }) : false;
  }

  end(): boolean {
    return this.send({ type: 'end' });
  }

  setMic(on: boolean): void {
    for (const track of this.localStream?.getAudioTracks() ?? []) track.enabled = on;
    this.set({ micOn: on && Boolean(this.localStream?.getAudioTracks().length) });
  }

  setCamera(on: boolean): void {
    for (const track of this.localStream?.getVideoTracks() ?? []) track.enabled = on;
    this.set({ cameraOn: on && Boolean(this.localStream?.getVideoTracks().length) });
  }

  /** A document this participant has just uploaded (the broadcast may come before or after). */
  addDocument(document: SharedDocument): void {
    if (this.state.documents.some((d) => d.id === document.id)) return;
    this.set({ documents: [...this.state.documents, document] });
  }

  /** Decoded frames and received bytes per remote participant (read by the browser test). */
  async stats(): Promise<PeerStats[]> {
    const out: PeerStats[] = [];
    for (const link of this.links.values()) {
      let framesDecoded = 0;
      let bytesReceived = 0;
      const report = await link.pc.getStats();
      report.forEach((entry: { type: string; kind?: string; framesDecoded?: number; bytesReceived?: number }) => {
        if (entry.type !== 'inbound-rtp') return;
        bytesReceived += entry.bytesReceived ?? 0;
        if (entry.kind === 'video') framesDecoded += entry.framesDecoded ?? 0;
      });
      out.push({ peerId: link.peerId, framesDecoded, bytesReceived });
    }
    return out;
  }

  // ---- server messages ---------------------------------------------------------------------

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome': {
        this.lastError = null;
        const chat = mergeById(this.state.chat, message.chat ?? []);
        const documents = mergeById(this.state.documents, message.documents ?? []);
        this.set({ me: message.me, waiting: message.waiting ?? [], chat, documents, reconnectAttempt: 0, notice: null });
        if (message.state === 'in_room') this.enterRoom(message.peers);
        else {
          for (const peerId of [...this.links.keys()]) this.closeLink(peerId);
          this.set({ phase: 'waiting', peers: [] });
        }
        return;
      }
      case 'waiting':
        this.set({ waiting: message.waiting });
        return;
      case 'admitted':
        this.set({ chat: mergeById(this.state.chat, message.chat ?? []), documents: mergeById(this.state.documents, message.documents ?? []) });
        this.enterRoom(message.peers);
        return;
      case 'peer-joined':
        if (this.state.peers.some((p) => p.peer.id === message.peer.id)) this.updatePeer(message.peer.id, { peer: message.peer });
        else this.set({ peers: [...this.state.peers, { peer: message.peer, stream: null, tracks: 0, connection: 'new' }] });
        return;
      case 'peer-left':
        this.closeLink(message.id);
        this.set({ peers: this.state.peers.filter((p) => p.peer.id !== message.id) });
        return;
      case 'signal':
        this.signalling = this.signalling.then(() => this.onSignal(message.from, message.data)).catch(() => {});
        return;
      case 'chat':
        this.set({ chat: mergeById(this.state.chat, [message.message]) });
        return;
      case 'document':
        this.addDocument(message.document);
        return;
      case 'ended':
        this.set({ phase: 'ended' });
        this.leave();
        return;
      case 'help-sent':
        this.set({ helpSentAt: Date.now() });
        return;
      case 'invited':
        this.set({ invited: [...this.state.invited, { name: message.name, url: message.url }] });
        return;
      case 'pong':
        clearTimeout(this.pongTimer);
        return;
      case 'error':
        this.lastError = { code: message.code, message: message.message };
        this.set({ notice: { code: message.code, message: message.message, at: Date.now() } });
        return;
    }
  }

  /**
   * In the room (just admitted, or back after a reconnection): one new connection per peer,
   * with our offer. Connections from before are replaced: the other side may have dropped them.
   */
  private enterRoom(peers: Peer[]): void {
    const ids = new Set(peers.map((p) => p.id));
    for (const peerId of [...this.links.keys()]) this.closeLink(peerId);
    this.set({
      phase: 'in_room',
      peers: peers.map((peer) => ({ peer, stream: null, tracks: 0, connection: 'new' as RTCPeerConnectionState })),
    });
    for (const peerId of ids) {
      const link = this.createLink(peerId, randomId(), true);
      this.signalling = this.signalling.then(() => this.offer(link)).catch(() => {});
    }
  }

  // ---- WebRTC ------------------------------------------------------------------------------

  private createLink(peerId: string, pcId: string, initiator: boolean): Link {
    this.closeLink(peerId);
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const link: Link = { peerId, pcId, pc, initiator, pending: [], stream: new MediaStream(), restarts: 0 };
    this.links.set(peerId, link);
    pc.onicecandidate = (event) => {
      if (event.candidate) this.send({ type: 'signal', to: peerId, data: { kind: 'candidate', pcId, candidate: event.candidate.toJSON() } });
    };
    pc.ontrack = (event) => {
      if (!link.stream.getTracks().includes(event.track)) link.stream.addTrack(event.track);
      this.updatePeer(peerId, { stream: link.stream, tracks: link.stream.getTracks().length });
    };
    pc.onconnectionstatechange = () => {
      if (this.links.get(peerId) !== link) return;
      const state = pc.connectionState;
      this.updatePeer(peerId, { connection: state });
      clearTimeout(link.failTimer);
      if (state === 'connected') link.restarts = 0;
      else if (state === 'failed') this.recover(link);
      else if (state === 'disconnected') link.failTimer = setTimeout(() => this.recover(link), DISCONNECTED_GRACE_MS);
    };
    this.updatePeer(peerId, { stream: link.stream, tracks: 0, connection: pc.connectionState });
    if (initiator) {
      for (const track of this.localStream?.getTracks() ?? []) pc.addTrack(track, this.localStream!);
      // Receive both kinds even without a camera or a microphone of our own.
      for (const kind of ['audio', 'video'] as const)
        if (!this.localStream?.getTracks().some((track) => track.kind === kind)) pc.addTransceiver(kind, { direction: 'recvonly' });
    }
    return link;
  }

  private closeLink(peerId: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    clearTimeout(link.failTimer);
    this.links.delete(peerId);
    link.pc.onicecandidate = null;
    link.pc.ontrack = null;
    link.pc.onconnectionstatechange = null;
    link.pc.close();
  }

  private async offer(link: Link, iceRestart = false): Promise<void> {
    if (this.links.get(link.peerId) !== link || link.pc.signalingState !== 'stable') return;
    const offer = await link.pc.createOffer(iceRestart ? { iceRestart: true } : undefined);
    await link.pc.setLocalDescription(offer);
    this.send({ type: 'signal', to: link.peerId, data: { kind: 'description', pcId: link.pcId, description: link.pc.localDescription?.toJSON() ?? offer } });
  }

  /** A failed connection: its offerer restarts ICE (twice at most); then a new connection replaces it. */
  private recover(link: Link): void {
    if (this.links.get(link.peerId) !== link || this.state.phase !== 'in_room') return;
    const state = link.pc.connectionState;
    if (state !== 'failed' && state !== 'disconnected') return;
    if (link.initiator && link.restarts < 2) {
      link.restarts += 1;
      this.signalling = this.signalling.then(() => this.offer(link, true)).catch(() => {});
      link.failTimer = setTimeout(() => this.recover(link), 8_000);
      return;
    }
    // The answerer (or after restarts that did not help): start over as the offerer.
    const fresh = this.createLink(link.peerId, randomId(), true);
    this.signalling = this.signalling.then(() => this.offer(fresh)).catch(() => {});
  }

  private polite(peerId: string): boolean {
    return (this.state.me?.id ?? '') > peerId;
  }

  private async onSignal(from: string, data: Signal): Promise<void> {
    if (!data || typeof data !== 'object' || typeof data.pcId !== 'string') return;
    // An offer may come before the news of its sender's arrival: keep a place for them.
    if (!this.state.peers.some((p) => p.peer.id === from))
      this.set({ peers: [...this.state.peers, { peer: { id: from, role: 'guest', name: '' }, stream: null, tracks: 0, connection: 'new' }] });
    let link = this.links.get(from);

    if (data.kind === 'candidate') {
      if (!link || link.pcId !== data.pcId) return;
      if (link.pc.remoteDescription) await link.pc.addIceCandidate(data.candidate).catch(() => {});
      else link.pending.push(data.candidate);
      return;
    }

    const description = data.description;
    if (description.type === 'offer') {
      const collision = Boolean(link && link.pc.signalingState === 'have-local-offer');
      if (collision && !this.polite(from)) return; // ours wins: they will answer it
      if (link && link.pcId === data.pcId && collision) await link.pc.setLocalDescription({ type: 'rollback' });
      if (!link || link.pcId !== data.pcId) link = this.createLink(from, data.pcId, false);
      const fresh = !link.pc.remoteDescription;
      await link.pc.setRemoteDescription(description);
      if (fresh && !link.initiator) {
        // Our tracks go into the transceivers the offer created.
        for (const track of this.localStream?.getTracks() ?? []) link.pc.addTrack(track, this.localStream!);
      }
      await this.flush(link);
      const answer = await link.pc.createAnswer();
      await link.pc.setLocalDescription(answer);
      this.send({ type: 'signal', to: from, data: { kind: 'description', pcId: link.pcId, description: link.pc.localDescription?.toJSON() ?? answer } });
      return;
    }

    if (description.type === 'answer') {
      if (!link || link.pcId !== data.pcId || link.pc.signalingState !== 'have-local-offer') return;
      await link.pc.setRemoteDescription(description);
      await this.flush(link);
    }
  }

  private async flush(link: Link): Promise<void> {
    const pending = link.pending.splice(0);
    for (const candidate of pending) await link.pc.addIceCandidate(candidate).catch(() => {});
  }

  /** Round-trip time and packet loss of each connection; the worst one is shown. */
  private async sampleQuality(): Promise<void> {
    if (this.state.phase !== 'in_room' || this.links.size === 0) {
      if (this.state.quality !== 'unknown') this.set({ quality: 'unknown', rttMs: null, lossPercent: null });
      return;
    }
    let worst: { quality: Quality; rttMs: number | null; lossPercent: number | null } = { quality: 'unknown', rttMs: null, lossPercent: null };
    for (const link of [...this.links.values()]) {
      let rtt: number | null = null;
      let lost = 0;
      let received = 0;
      const report = await link.pc.getStats().catch(() => null);
      if (!report) continue;
      let selectedPair: string | undefined;
      report.forEach((entry: { type: string; selectedCandidatePairId?: string }) => {
        if (entry.type === 'transport' && entry.selectedCandidatePairId) selectedPair = entry.selectedCandidatePairId;
      });
      report.forEach(
        (entry: { id: string; type: string; state?: string; nominated?: boolean; currentRoundTripTime?: number; packetsLost?: number; packetsReceived?: number }) => {
          if (entry.type === 'candidate-pair' && (entry.id === selectedPair || (!selectedPair && entry.state === 'succeeded' && entry.nominated))) {
            if (typeof entry.currentRoundTripTime === 'number') rtt = Math.round(entry.currentRoundTripTime * 1000);
          }
          if (entry.type === 'inbound-rtp') {
            lost += Math.max(0, entry.packetsLost ?? 0);
            received += entry.packetsReceived ?? 0;
          }
        },
      );
      const previous = link.lastLoss ?? { lost: 0, received: 0 };
      link.lastLoss = { lost, received };
      const dLost = lost - previous.lost;
      const dTotal = dLost + (received - previous.received);
      const loss = dTotal > 0 ? Math.round((1000 * dLost) / dTotal) / 10 : null;
      const quality = link.pc.connectionState === 'connected' ? qualityOf(rtt, loss) : link.pc.connectionState === 'failed' || link.pc.connectionState === 'disconnected' ? 'poor' : 'unknown';
      if (QUALITY_RANK[quality] >= QUALITY_RANK[worst.quality]) worst = { quality, rttMs: rtt, lossPercent: loss };
    }
    const { quality, rttMs, lossPercent } = this.state;
    if (quality !== worst.quality || rttMs !== worst.rttMs || lossPercent !== worst.lossPercent) this.set(worst);
  }
}

function mergeById<T extends { id: string }>(current: T[], incoming: T[]): T[] {
  if (incoming.length === 0) return current;
  const seen = new Set(current.map((item) => item.id));
  const added = incoming.filter((item) => !seen.has(item.id));
  return added.length ? [...current, ...added] : current;
}

/** The read-only hook of the browser test: `window.__parcoursCall.stats()`. */
export function exposeForTests(call: CallClient | null): void {
  const target = window as unknown as Record<string, unknown>;
  if (!call) {
    delete target.__parcoursCall;
    return;
  }
  Object.defineProperty(window, '__parcoursCall', {
    value: Object.freeze({ stats: () => call.stats() }),
    configurable: true,
    enumerable: false,
    writable: false,
  });
}
