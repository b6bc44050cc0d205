/**
 * Where the encrypted files live. The store only ever sees ciphertext: encryption happens before
 * `put` (see envelope.ts), so a backup, a misconfigured bucket or a stolen disk leaks nothing.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { AppContext } from '../../platform/context.ts';

/**
 * A key → bytes store. Keys are opaque relative paths made of `[a-z0-9-/]` (see storageKeyFor),
 * never chosen by a user. An S3-compatible store implements it with PutObject / GetObject /
 * DeleteObject on `<prefix><key>` (no listing, no metadata needed); writes must be atomic, which
 * object stores are.
 */
export interface BlobStore {
  /** Writes the whole object, replacing any previous one. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/-]{0,199}$/;

/** One file per object under a directory (default: `<PARCOURS_DATA_DIR>/documents`). */
export class DirectoryBlobStore implements BlobStore {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  private path(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`clé de stockage invalide : ${key}`);
    const p = join(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new Error(`clé de stockage invalide : ${key}`);
    return p;
  }
  async put(key: string, bytes: Uint8Array): Promise<void> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true, mode: 0o700 });
    // Write then rename: a crash mid-write never leaves a truncated document under its key.
    const tmp = `${p}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, p);
  }
  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

const stores = new WeakMap<AppContext, BlobStore>();

/** The context's blob store: the one given to `useBlobStore`, else the data directory's. */
export function blobStore(ctx: AppContext): BlobStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new DirectoryBlobStore(join(ctx.config.dataDir, 'documents'));
    stores.set(ctx, store);
  }
  return store;
}

/** Plug another backend (an S3 adapter, a test directory) into a context. */
export function useBlobStore(ctx: AppContext, store: BlobStore): void {
  stores.set(ctx, store);
}
