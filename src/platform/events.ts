import { EventEmitter } from 'node:events';

/**
 * Change notices for live screens (the queue refreshes when a colleague acts). In-process: with
 * several app instances this becomes PostgreSQL LISTEN/NOTIFY behind the same two functions.
 * Notices carry ids only, never content.
 */
export interface ChangeNotice {
  type: 'request.changed' | 'inbox.changed';
  id: string;
}

const bus = new EventEmitter();
bus.setMaxListeners(0);

export const publishChange = (notice: ChangeNotice): void => {
  bus.emit('change', notice);
};

export function onChange(listener: (notice: ChangeNotice) => void): () => void {
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
