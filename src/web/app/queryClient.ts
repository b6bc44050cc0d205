// TanStack Query client. A 401 from any call re-checks the session (the guard then sends the
// user to the sign-in page); a 403 totp_enrolment_required re-checks it too (the guard then
// sends the user to the 2FA enrolment page).
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';
import { ME_KEY, setSignInNotice } from './session.ts';

function onAnyError(error: unknown, isMe: boolean): void {
  if (!(error instanceof ApiError) || isMe) return;
  if (error.status === 401) {
    // Most likely the session expired or was revoked elsewhere; if /me still answers, the
    // notice is dropped and nothing else happens.
    setSignInNotice('sessionExpired');
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
  } else if (error.status === 403 && error.code === 'totp_enrolment_required') {
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => onAnyError(error, query.queryKey[0] === ME_KEY[0] && query.queryKey[1] === ME_KEY[1]),
  }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => onAnyError(error, mutation.meta?.authForm === true),
  }),
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof ApiError && error.status > 0) && failures < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});
