// Live updates of the queue: one EventSource on /api/requests/stream for the signed-in staff
// member; each `request.changed` event invalidates the request queries and the inbox. A shared
// one-second clock makes the timers tick without refetching.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { INBOX_KEY, REQUESTS_KEY, requestKey } from './api.ts';

type Listener = () => void;
const listeners = new Set<Listener>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const each of listeners) each();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second while a component uses it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

let connected = false;
const connectionListeners = new Set<Listener>();
function setConnected(value: boolean): void {
  if (connected === value) return;
  connected = value;
  for (const each of connectionListeners) each();
}

/** Whether the live stream is open (the UI then says "live", otherwise "every 30 s"). */
export function useLiveConnected(): boolean {
  return useSyncExternalStore(
    (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    () => connected,
  );
}

/** Opens the event stream while `enabled`; reconnects with a growing delay after failures. */
export function useRequestStream(enabled: boolean): void {
  const queryClient = useQueryClient();
  const [generation, setGeneration] = useState(0);
  const failures = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` reopens the stream after a failure
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/requests/stream');
    let retry: ReturnType<typeof setTimeout> | undefined;

    const onChange = (event: MessageEvent<string>) => {
      let id: string | undefined;
      try {
        const data = JSON.parse(event.data) as { type?: string; id?: string };
        id = typeof data.id === 'string' ? data.id : undefined;
      } catch {
        // Not JSON (a comment or keep-alive): refresh anyway.
      }
      if (id) void queryClient.invalidateQueries({ queryKey: requestKey(id) });
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
      void queryClient.invalidateQueries({ queryKey: INBOX_KEY });
    };

    source.onopen = () => {
      failures.current = 0;
      setConnected(true);
    };
    source.onmessage = onChange;
    source.addEventListener('request.changed', onChange as EventListener);
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. 401 or 404): try again later ourselves.
        setConnected(false);
        const delay = Math.min(60_000, 2_000 * 2 ** failures.current);
        failures.current += 1;
        retry = setTimeout(() => setGeneration((value) => value + 1), delay);
      } else {
        setConnected(false);
      }
    };
    return () => {
      if (retry) clearTimeout(retry);
      source.close();
      setConnected(false);
    };
  }, [enabled, generation, queryClient]);
}
