import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * AES-256-GCM for secrets and sensitive fields. The master key never encrypts data directly:
 * a purpose key is derived from it (HKDF), and each value is bound to its row with associated
 * data, so a ciphertext copied into another row or column fails to open.
 */
export interface Vault {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Keyed hash of a sealed value, so it can be found by equality without being readable (blind index). */
  blindIndex(value: string, purpose: string): string;
  /** A key for one purpose (e.g. signing links), derived from the master key: rotating it rotates them. */
  purposeKey(purpose: string): Uint8Array;
}

const VERSION = 'v1';

export function createVault(masterKey: Buffer): Vault {
  if (masterKey.length !== 32) throw new Error('La clé maîtresse doit faire 32 octets.');
  const keyId = createHash('sha256').update(masterKey).digest('base64url').slice(0, 8);
  const fieldKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'parcours/field/v1', 32));
  const indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'parcours/index/v1', 32));
  return {
    purposeKey(purpose) {
      return new Uint8Array(hkdfSync('sha256', masterKey, Buffer.alloc(0), `parcours/purpose/${purpose}/v1`, 32));
    },
    blindIndex(value, purpose) {
      return createHmac('sha256', indexKey).update(`${purpose}\0${value}`).digest('base64url');
    },
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', fieldKey, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [version, kid, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Valeur chiffrée illisible.');
      if (kid !== keyId) throw new Error('Valeur chiffrée avec une autre clé maîtresse.');
      const decipher = createDecipheriv('aes-256-gcm', fieldKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** The master key from PARCOURS_MASTER_KEY (base64), or generated once into the data directory. */
export function loadMasterKey(envValue: string | undefined, dataDir: string): Buffer {
  if (envValue) {
    const key = Buffer.from(envValue, 'base64');
    if (key.length !== 32) throw new Error('PARCOURS_MASTER_KEY doit être 32 octets encodés en base64.');
    return key;
  }
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** Opaque random token for cookies and e-mailed links; only its hash is stored. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
