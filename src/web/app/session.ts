// The signed-in session as server state: GET /api/auth/me through TanStack Query.
// `null` means "not signed in" (the server answered 401).
import { notifications } from '@mantine/notifications';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type Session, setCsrfToken, type User } from './api.ts';

export const ME_KEY = ['auth', 'me'] as const;

/** Why the user is on the sign-in page (shown there once); cleared when a session starts. */
export type SignInNotice = 'signedOut' | 'sessionExpired';
let pendingNotice: SignInNotice | null = null;

export function setSignInNotice(notice: SignInNotice | null): void {
  pendingNotice = notice;
}

export function signInNotice(): SignInNotice | null {
  return pendingNotice;
}

async function fetchMe(): Promise<Session | null> {
  try {
    const session = await api<Session>('/api/auth/me');
    setCsrfToken(session.csrfToken);
    pendingNotice = null;
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: (failures, error) => !(error instanceof ApiError && error.status > 0) && failures < 2,
  });
}

/** The signed-in user; only use below the RequireAuth guard. */
export function useUser(): User {
  const { data } = useMe();
  if (!data) throw new Error('useUser() used outside a signed-in route');
  return data.user;
}

/** Store a fresh session (after login) or updated user (after 2FA changes). */
export function storeSession(queryClient: QueryClient, session: Session): void {
  setCsrfToken(session.csrfToken);
  pendingNotice = null;
  queryClient.setQueryData(ME_KEY, session);
}

export function storeUser(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData<Session | null>(ME_KEY, (previous) =>
    previous ? { ...previous, user } : previous,
  );
}

/** Forget everything about the previous user (after logout or an expired session). */
export function clearSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] || query.queryKey[1] !== ME_KEY[1] });
  queryClient.setQueryData(ME_KEY, null);
}

export function useLogout() {
  const queryClient = useQueryClient();
  return async (): Promise<void> => {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } catch {
      // Even if the server could not be reached, forget the session locally.
    }
    pendingNotice = 'signedOut';
    notifications.clean();
    clearSession(queryClient);
  };
}
