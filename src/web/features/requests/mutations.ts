// Mutations of one request: each answer ({request}) goes straight into the cached page, then the
// page (history, allowed transitions) and the queue are refetched.
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { notifyError } from '../../app/notify.ts';
import { REQUESTS_KEY, type Request, type RequestDetail, requestKey } from './api.ts';

export function storeRequest(queryClient: QueryClient, request: Request): void {
  queryClient.setQueryData<RequestDetail>(requestKey(request.id), (previous) => (previous ? { ...previous, request } : previous));
  void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
}

/** A mutation on request `id`; errors become a toast unless `onError` handles them. */
export function useRequestMutation<TVariables, TResult>(
  id: string,
  mutationFn: (variables: TVariables) => Promise<TResult>,
  options: { onSuccess?: (result: TResult, variables: TVariables) => void; toastErrors?: boolean } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result, variables) => {
      const maybe = result as { request?: Request };
      if (maybe && typeof maybe === 'object' && maybe.request) storeRequest(queryClient, maybe.request);
      void queryClient.invalidateQueries({ queryKey: requestKey(id) });
      options.onSuccess?.(result, variables);
    },
    onError: options.toastErrors === false ? undefined : notifyError,
  });
}
