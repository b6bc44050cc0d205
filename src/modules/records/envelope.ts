/**
 * Envelope encryption of documents (AES-256-GCM, node:crypto). Each file has its own random data
 * key; the data key is stored wrapped by a key-encryption key (KEK) derived from the master key.
 * Rotating the master key re-wraps the small data keys only: the files are never re-encrypted.
 *
 * Blob layout: "PCD1" | iv (12) | tag (16) | ciphertext. The associated data binds a blob and its
 * wrapped key to their document id, so bytes copied to another row do not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { createVault } from '../../platform/crypto.ts';

export const KEK_PURPOSE = 'records-kek';
const MAGIC = Buffer.from('PCD1');
const WRAP_VERSION = 'w1';

export interface Kek {
  id: string;
  key: Uint8Array;
}

export interface Keyring {
  current: Kek;
  byId: Map<string, Kek>;
}

/** A KEK's id: a short hash of the key itself, so it names the key without revealing it. */
export const kekId = (key: Uint8Array): string => `kek-${createHash('sha256').update(key).digest('base64url').slice(0, 10)}`;

export function keyringOf(current: Uint8Array, previous: Uint8Array[] = []): Keyring {
  const cur = { id: kekId(current), key: current };
  const byId = new Map<string, Kek>([[cur.id, cur]]);
  for (const key of previous) {
    const id = kekId(key);
    if (!byId.has(id)) byId.set(id, { id, key });
  }
  return { current: cur, byId };
}

/** The context's KEKs: the current master key's, then those of PARCOURS_PREVIOUS_MASTER_KEYS. */
export function contextKeyring(ctx: AppContext): Keyring {
  const previous = ctx.config.previousMasterKeys.map((b64) => createVault(Buffer.from(b64, 'base64')).purposeKey(KEK_PURPOSE));
  return keyringOf(ctx.vault.purposeKey(KEK_PURPOSE), previous);
}

const blobAad = (documentId: string) => Buffer.from(`documents.blob:${documentId}`);
const wrapAad = (documentId: string) => Buffer.from(`documents.key:${documentId}`);

export function encryptBlob(plaintext: Uint8Array, dataKey: Uint8Array, documentId: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(blobAad(documentId));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** Throws on a wrong key or an altered blob (GCM authentication). */
export function decryptBlob(blob: Buffer, dataKey: Uint8Array, documentId: string): Buffer {
  if (blob.length < 32 || !blob.subarray(0, 4).equals(MAGIC)) throw new Error('blob format');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, blob.subarray(4, 16));
  decipher.setAAD(blobAad(documentId));
  decipher.setAuthTag(blob.subarray(16, 32));
  return Buffer.concat([decipher.update(blob.subarray(32)), decipher.final()]);
}

export function wrapKey(dataKey: Uint8Array, kek: Kek, documentId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv);
  cipher.setAAD(wrapAad(documentId));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return [WRAP_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function unwrapKey(wrapped: string, kek: Kek, documentId: string): Buffer {
  const [version, iv, tag, body] = wrapped.split('.');
  if (version !== WRAP_VERSION || !iv || !tag || !body) throw new Error('wrapped key format');
  const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(wrapAad(documentId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

export const newDataKey = (): Buffer => randomBytes(32);
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
