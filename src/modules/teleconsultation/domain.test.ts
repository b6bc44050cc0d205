import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { cleanFileName, iceServers, isOpen, roomWindow, sniffDocumentType, turnCredentials } from './domain.ts';

test('the room opens 15 minutes before and closes after the grace period', () => {
  const w = roomWindow(new Date('2026-11-24T09:00:00Z'), new Date('2026-11-24T09:30:00Z'), 15, 30);
  assert.equal(w.opensAt.toISOString(), '2026-11-24T08:45:00.000Z');
  assert.equal(w.closesAt.toISOString(), '2026-11-24T10:00:00.000Z');
  assert.equal(isOpen(w, new Date('2026-11-24T08:44:59Z')), false);
  assert.equal(isOpen(w, new Date('2026-11-24T08:45:00Z')), true);
  assert.equal(isOpen(w, new Date('2026-11-24T09:59:59Z')), true);
  assert.equal(isOpen(w, new Date('2026-11-24T10:00:00Z')), false);
});

test('TURN credentials follow coturn use-auth-secret: expiry in the username, HMAC-SHA1 password', () => {
  const now = new Date('2026-11-24T09:00:00Z');
  const { username, credential } = turnCredentials('s3cret', 'link-1', now, 600);
  assert.equal(username, `${Date.parse('2026-11-24T09:10:00Z') / 1000}:link-1`);
  assert.equal(credential, createHmac('sha1', 's3cret').update(username).digest('base64'));
  assert.notEqual(turnCredentials('other', 'link-1', now, 600).credential, credential, 'another secret, another password');
  // No TURN without its secret; STUN alone when only STUN is set.
  assert.deepEqual(iceServers({ stunUrls: ['stun:stun.example.org'], turnUrls: ['turn:turn.example.org'], turnSecret: undefined }, 'x', now), [{ urls: ['stun:stun.example.org'] }]);
  const both = iceServers({ stunUrls: [], turnUrls: ['turn:turn.example.org:3478'], turnSecret: 's3cret' }, 'x', now);
  assert.equal(both.length, 1);
  assert.ok(both[0]?.username && both[0].credential);
});

test('a shared file is what its bytes say: PDF, JPEG, PNG; anything else is refused', () => {
  assert.equal(sniffDocumentType(Buffer.from('%PDF-1.7\n...')), 'application/pdf');
  assert.equal(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])), 'image/jpeg');
  assert.equal(sniffDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'image/png');
  assert.equal(sniffDocumentType(Buffer.from('MZ\x90\x00 renamed.pdf')), null);
  assert.equal(sniffDocumentType(Buffer.from('<html>')), null);
  assert.equal(cleanFileName(encodeURIComponent('Résultats/../prise "sang".pdf'), 'application/pdf'), 'Résultats_.._prise sang.pdf');
  assert.equal(cleanFileName('', 'image/png'), 'document.png');
});
