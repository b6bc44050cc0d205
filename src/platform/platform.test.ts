import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createVault, loadMasterKey } from './crypto.ts';
import { localeFrom, translate } from './errors.ts';

test('Accept-Language picks French by default and English when preferred', () => {
  assert.equal(localeFrom(undefined), 'fr');
  assert.equal(localeFrom('de-DE'), 'fr');
  assert.equal(localeFrom('en-US,en;q=0.9,fr;q=0.8'), 'en');
  assert.equal(localeFrom('de;q=1, fr;q=0.5, en;q=0.7'), 'en');
  assert.equal(localeFrom('fr-FR'), 'fr');
});

test('messages interpolate their parameters', () => {
  assert.equal(translate('password_too_short', 'fr', { min: 12 }), 'Le mot de passe doit contenir au moins 12 caractères.');
  assert.equal(translate('password_too_short', 'en', { min: 12 }), 'The password must have at least 12 characters.');
});

test('the vault seals with AES-256-GCM bound to its context, and detects tampering', () => {
  const vault = createVault(randomBytes(32));
  const sealed = vault.seal('JBSWY3DPEHPK3PXP', 'users.totp_secret:1');
  assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
  assert.notEqual(sealed, vault.seal('JBSWY3DPEHPK3PXP', 'users.totp_secret:1'), 'a fresh IV each time');
  assert.equal(vault.open(sealed, 'users.totp_secret:1'), 'JBSWY3DPEHPK3PXP');
  assert.throws(() => vault.open(sealed, 'users.totp_secret:2'), 'copied to another row');
  const parts = sealed.split('.');
  parts[4] = Buffer.from('tampered').toString('base64url');
  assert.throws(() => vault.open(parts.join('.'), 'users.totp_secret:1'));
  assert.throws(() => createVault(randomBytes(32)).open(sealed, 'users.totp_secret:1'), /autre clé/);
});

test('the master key is generated once into the data directory, readable by the owner only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-key-'));
  const first = loadMasterKey(undefined, dir);
  assert.equal(first.length, 32);
  assert.deepEqual(loadMasterKey(undefined, dir), first);
  assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
  const fromEnv = randomBytes(32);
  assert.deepEqual(loadMasterKey(fromEnv.toString('base64'), dir), fromEnv);
  assert.throws(() => loadMasterKey('dG9vIHNob3J0', dir), /32 octets/);
});

test('a blind index finds equal values without revealing them, and differs per purpose and key', () => {
  const key = randomBytes(32);
  const vault = createVault(key);
  assert.equal(vault.blindIndex('185057800608436', 'nir'), createVault(key).blindIndex('185057800608436', 'nir'));
  assert.notEqual(vault.blindIndex('185057800608436', 'nir'), vault.blindIndex('185057800608436', 'phone'));
  assert.notEqual(vault.blindIndex('185057800608436', 'nir'), createVault(randomBytes(32)).blindIndex('185057800608436', 'nir'));
  assert.ok(!vault.blindIndex('185057800608436', 'nir').includes('1850578'));
});
