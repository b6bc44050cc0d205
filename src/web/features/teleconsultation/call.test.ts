// The signalling side of CallClient without a browser: a fake WebSocket stands in for the server.
// Checks the waiting room → room transitions, reconnection with backoff after a dropped socket
// (history merged, not duplicated), and that refusals (bad link, link opened elsewhere) stop it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { backoffMs, CallClient, qualityOf } from './call.ts';

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000) {
    this.drop(code);
  }
  // server side
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  push(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code: number) {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason: '' });
  }
}

const me = { id: 'b-client', role: 'client', name: 'BENALI Yanis' };
const doctor = { id: 'a-doctor', role: 'practitioner', name: 'Dr Martin' };
const hello = { id: 'm1', from: doctor, body: 'Bonjour', at: '2026-11-23T10:00:00.000Z' };
const g = globalThis as Record<string, unknown>;
const saved = { window: g.window, WebSocket: g.WebSocket };

beforeEach(() => {
  FakeSocket.all = [];
  g.window = { addEventListener() {}, removeEventListener() {} };
  g.WebSocket = FakeSocket;
  mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
});

afterEach(() => {
  mock.timers.reset();
  g.window = saved.window;
  g.WebSocket = saved.WebSocket;
});

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;

test('waiting room, admission, chat; a dropped socket reconnects with backoff and merges the history', () => {
  const call = new CallClient({ url: 'ws://test/api/teleconsultation/ws?token=T', iceServers: [], localStream: null });
  call.join();
  assert.equal(call.getState().phase, 'connecting');
  last().open();
  last().push({ type: 'welcome', me, state: 'waiting', peers: [], waiting: [], chat: [], documents: [] });
  assert.equal(call.getState().phase, 'waiting');
  last().push({ type: 'admitted', peers: [], chat: [hello], documents: [] });
  assert.equal(call.getState().phase, 'in_room');
  assert.equal(call.getState().chat.length, 1);
  assert.ok(call.sendChat('  Merci  '));
  assert.deepEqual(last().sent.at(-1), { type: 'chat', body: 'Merci' });
  assert.equal(call.sendChat('   '), false, 'nothing to send');

  last().drop(1006);
  assert.equal(call.getState().phase, 'reconnecting');
  assert.equal(call.getState().reconnectAttempt, 1);
  assert.equal(FakeSocket.all.length, 1, 'waits before reconnecting');
  mock.timers.tick(backoffMs(0) + 300);
  assert.equal(FakeSocket.all.length, 2, 'a new socket');
  last().drop(1006);
  assert.equal(call.getState().reconnectAttempt, 2);
  mock.timers.tick(700);
  assert.equal(FakeSocket.all.length, 2, 'the second wait is longer');
  mock.timers.tick(700);
  assert.equal(FakeSocket.all.length, 3);
  last().open();
  last().push({ type: 'welcome', me, state: 'in_room', peers: [], waiting: [], chat: [hello], documents: [] });
  assert.equal(call.getState().phase, 'in_room');
  assert.equal(call.getState().reconnectAttempt, 0);
  assert.equal(call.getState().chat.length, 1, 'history merged, not duplicated');
  call.leave();
});

test('a refused link stops the call; so does the same link opened elsewhere', () => {
  const call = new CallClient({ url: 'ws://test/x', iceServers: [], localStream: null });
  call.join();
  last().open();
  last().push({ type: 'error', code: 'link_invalid', message: 'Ce lien n’est pas valide.' });
  last().drop(4401);
  assert.equal(call.getState().phase, 'failed');
  assert.equal(call.getState().fatal?.code, 'link_invalid');
  mock.timers.tick(20_000);
  assert.equal(FakeSocket.all.length, 1, 'no reconnection');

  const other = new CallClient({ url: 'ws://test/y', iceServers: [], localStream: null });
  other.join();
  last().open();
  last().push({ type: 'welcome', me, state: 'waiting', peers: [], waiting: [], chat: [], documents: [] });
  last().drop(4409);
  assert.equal(other.getState().fatal?.code, 'replaced');
  mock.timers.tick(20_000);
  assert.equal(FakeSocket.all.length, 2);
});

test('the end of the call and a silent network (no pong) are handled', () => {
  const call = new CallClient({ url: 'ws://test/z', iceServers: [], localStream: null });
  call.join();
  last().open();
  last().push({ type: 'welcome', me, state: 'in_room', peers: [], waiting: [], chat: [], documents: [] });
  mock.timers.tick(15_000);
  assert.deepEqual(last().sent.at(-1), { type: 'ping' });
  mock.timers.tick(8_000);
  assert.equal(call.getState().phase, 'reconnecting', 'no pong: the socket is given up');
  mock.timers.tick(1_000);
  last().open();
  last().push({ type: 'welcome', me, state: 'in_room', peers: [], waiting: [], chat: [], documents: [] });
  last().push({ type: 'ended' });
  assert.equal(call.getState().phase, 'ended');
  assert.equal(last().readyState, FakeSocket.CLOSED);
});

test('connection quality from round-trip time and loss', () => {
  assert.equal(qualityOf(null, null), 'unknown');
  assert.equal(qualityOf(40, 0), 'good');
  assert.equal(qualityOf(350, 0), 'medium');
  assert.equal(qualityOf(80, 5), 'medium');
  assert.equal(qualityOf(700, 0), 'poor');
  assert.equal(qualityOf(50, 12), 'poor');
  assert.ok(backoffMs(0) < backoffMs(3) && backoffMs(20) <= 10_250);
});
