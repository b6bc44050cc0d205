import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Connection, Room, type ServerMessage } from './room.ts';

function fakeConnection() {
  const sent: ServerMessage[] = [];
  const closed: number[] = [];
  const conn: Connection = { send: (m) => sent.push(m), close: (code) => closed.push(code) };
  return { conn, sent, closed, last: (type: string) => sent.filter((m) => m.type === type).at(-1) };
}
const none = { chat: [], documents: [] };
const now = new Date('2026-11-24T09:00:00Z');
const doctor = { id: 'd', role: 'practitioner' as const, name: 'Dr Klein' };
const client = { id: 'c', role: 'client' as const, name: 'Yanis Benali' };
const guest = { id: 'g', role: 'guest' as const, name: 'Interprète' };

test('the client waits until the practitioner lets them in; then they can signal each other', () => {
  const room = new Room('a1');
  const d = fakeConnection();
  const c = fakeConnection();
  assert.equal(room.join(doctor, d.conn, now, none), 'in_room');
  assert.equal(room.join(client, c.conn, now, none), 'waiting');
  assert.deepEqual(((d.last('waiting')?.waiting ?? []) as { id: string }[]).map((p) => p.id), ['c']);
  // Waiting: no signalling to or from the room, and the client cannot admit anyone.
  assert.equal(room.signal('c', 'd', { sdp: 'x' }), false);
  assert.equal(room.admit('c', 'c', none), null);
  assert.equal(room.inProgress(), false);

  assert.deepEqual(room.admit('d', 'c', none), client);
  assert.deepEqual(c.last('admitted')?.peers, [doctor], 'the newcomer calls those already in');
  assert.deepEqual(d.last('peer-joined')?.peer, client);
  assert.equal(room.inProgress(), true);
  assert.equal(room.signal('c', 'd', { sdp: 'offer' }), true);
  assert.deepEqual(d.last('signal'), { type: 'signal', from: 'c', data: { sdp: 'offer' } });
});

test('a reconnect replaces the old connection and goes straight back in; a stale close changes nothing', () => {
  const room = new Room('a2');
  const d = fakeConnection();
  const c1 = fakeConnection();
  room.join(doctor, d.conn, now, none);
  room.join(client, c1.conn, now, none);
  room.admit('d', 'c', none);
  const c2 = fakeConnection();
  assert.equal(room.join(client, c2.conn, now, none), 'in_room', 'admitted once in this call');
  assert.deepEqual(c1.closed, [4409]);
  assert.equal(room.leave('c', c1.conn), false, 'the old socket closing does not remove the new one');
  assert.equal(room.stateOf('c'), 'in_room');
  assert.equal(room.leave('c', c2.conn), true);
  assert.equal(d.last('peer-left')?.id, 'c');
});

test('a guest is admitted like the client; ending tells and disconnects everyone', () => {
  const room = new Room('a3');
  const d = fakeConnection();
  const c = fakeConnection();
  const g = fakeConnection();
  room.join(doctor, d.conn, now, none);
  room.join(client, c.conn, now, none);
  room.join(guest, g.conn, now, none);
  room.admit('d', 'c', none);
  room.admit('d', 'g', none);
  assert.deepEqual(((g.last('admitted')?.peers ?? []) as { id: string }[]).map((p) => p.id).sort(), ['c', 'd']);
  room.toRoom({ type: 'chat', message: { body: 'Bonjour' } }, 'd');
  assert.equal(c.sent.filter((m) => m.type === 'chat').length, 1);
  assert.equal(d.sent.filter((m) => m.type === 'chat').length, 0, 'not echoed to the author when excluded');
  room.end();
  for (const x of [d, c, g]) {
    assert.ok(x.last('ended'));
    assert.deepEqual(x.closed, [4000]);
  }
  assert.equal(room.size, 0);
});
