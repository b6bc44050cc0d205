/**
 * Who is in which teleconsultation room, in memory: the waiting room, admission by the
 * practitioner, and relaying of WebRTC signals and chat between those in the room. No database
 * and no sockets here — a Connection is anything with send/close — so the rules are tested alone.
 * One server process holds the rooms (DESIGN: one app instance; several would share them through
 * PostgreSQL LISTEN/NOTIFY).
 */
import type { ParticipantRole } from './domain.ts';

export interface Peer {
  id: string;
  role: ParticipantRole;
  name: string;
}

export interface ChatMessage {
  id: string;
  from: Peer;
  body: string;
  at: string;
}

export type ServerMessage = { type: string; [key: string]: unknown };

export interface Connection {
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

interface Member {
  peer: Peer;
  conn: Connection;
  state: 'waiting' | 'in_room';
  since: Date;
}

/** Close codes the web client understands. */
export const CLOSE = { replaced: 4409, ended: 4000, badToken: 4401, closed: 4410 } as const;

export class Room {
  private readonly members = new Map<string, Member>();
  /** Admitted once during this call: a reconnect goes straight back in. */
  private readonly admitted = new Set<string>();
  ended = false;
  readonly appointmentId: string;

  constructor(appointmentId: string) {
    this.appointmentId = appointmentId;
  }

  get size(): number {
    return this.members.size;
  }

  inRoom(): Peer[] {
    return [...this.members.values()].filter((m) => m.state === 'in_room').map((m) => m.peer);
  }

  waiting(): (Peer & { since: string })[] {
    return [...this.members.values()].filter((m) => m.state === 'waiting').map((m) => ({ ...m.peer, since: m.since.toISOString() }));
  }

  stateOf(id: string): 'waiting' | 'in_room' | null {
    return this.members.get(id)?.state ?? null;
  }

  /** A participant connects (or reconnects: the newer connection replaces the older). */
  join(peer: Peer, conn: Connection, now: Date, history: { chat: ChatMessage[]; documents: unknown[] }): 'waiting' | 'in_room' {
    const previous = this.members.get(peer.id);
    if (previous) {
      this.members.delete(peer.id);
      previous.conn.close(CLOSE.replaced, 'replaced');
      if (previous.state === 'in_room') this.toRoom({ type: 'peer-left', id: peer.id });
    }
    const state = peer.role === 'practitioner' || this.admitted.has(peer.id) ? 'in_room' : 'waiting';
    const peers = this.inRoom();
    this.members.set(peer.id, { peer, conn, state, since: now });
    conn.send({
      type: 'welcome',
      me: peer,
      state,
      peers: state === 'in_room' ? peers : [],
      waiting: peer.role === 'practitioner' ? this.waiting() : [],
      chat: state === 'in_room' ? history.chat : [],
      documents: state === 'in_room' ? history.documents : [],
    });
    if (state === 'in_room') this.toRoom({ type: 'peer-joined', peer }, peer.id);
    this.waitingChanged();
    return state;
  }

  /** A connection closed; ignored when it was already replaced by a newer one. */
  leave(id: string, conn: Connection): boolean {
    const member = this.members.get(id);
    if (!member || member.conn !== conn) return false;
    this.members.delete(id);
    if (member.state === 'in_room') this.toRoom({ type: 'peer-left', id });
    this.waitingChanged();
    return true;
  }

  /** The practitioner lets someone in; the newcomer then calls each peer already in the room. */
  admit(byId: string, targetId: string, history: { chat: ChatMessage[]; documents: unknown[] }): Peer | null {
    const by = this.members.get(byId);
    const target = this.members.get(targetId);
    if (by?.peer.role !== 'practitioner' || by.state !== 'in_room' || target?.state !== 'waiting') return null;
    const peers = this.inRoom();
    target.state = 'in_room';
    this.admitted.add(targetId);
    target.conn.send({ type: 'admitted', peers, chat: history.chat, documents: history.documents });
    this.toRoom({ type: 'peer-joined', peer: target.peer }, targetId);
    this.waitingChanged();
    return target.peer;
  }

  /** SDP and ICE go only between two people in the room. */
  signal(fromId: string, toId: string, data: unknown): boolean {
    const from = this.members.get(fromId);
    const to = this.members.get(toId);
    if (from?.state !== 'in_room' || to?.state !== 'in_room' || fromId === toId) return false;
    to.conn.send({ type: 'signal', from: fromId, data });
    return true;
  }

  /** To everyone in the room (except `exceptId`). */
  toRoom(message: ServerMessage, exceptId?: string): void {
    for (const m of this.members.values()) if (m.state === 'in_room' && m.peer.id !== exceptId) m.conn.send(message);
  }

  send(id: string, message: ServerMessage): void {
    this.members.get(id)?.conn.send(message);
  }

  /** The practitioner ends the call: everyone is told and disconnected, waiting or not. */
  end(): void {
    this.ended = true;
    for (const m of this.members.values()) {
      m.conn.send({ type: 'ended' });
      m.conn.close(CLOSE.ended, 'ended');
    }
    this.members.clear();
  }

  /** A call is under way once the practitioner and someone else are in the room. */
  inProgress(): boolean {
    const peers = this.inRoom();
    return peers.some((p) => p.role === 'practitioner') && peers.some((p) => p.role !== 'practitioner');
  }

  private waitingChanged(): void {
    const waiting = this.waiting();
    for (const m of this.members.values()) if (m.peer.role === 'practitioner') m.conn.send({ type: 'waiting', waiting });
  }
}

export class Rooms {
  private readonly rooms = new Map<string, Room>();

  get(appointmentId: string): Room {
    let room = this.rooms.get(appointmentId);
    if (!room) {
      room = new Room(appointmentId);
      this.rooms.set(appointmentId, room);
    }
    return room;
  }

  peek(appointmentId: string): Room | undefined {
    return this.rooms.get(appointmentId);
  }

  /** Forget an empty room (its history is in the database). */
  release(appointmentId: string): void {
    const room = this.rooms.get(appointmentId);
    if (room && room.size === 0) this.rooms.delete(appointmentId);
  }
}
