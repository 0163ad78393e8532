import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostChannel, HostEventName, HostEventPayload, HostRequest, HostResponse } from '../../shared/host-api/contract.ts';
import type { Result } from '../../shared/result.ts';
import { hostApi } from './host-context.ts';
import { createLatestAnswer } from './latest-answer.ts';

/**
 * The typed ways a screen reaches the host: components use these hooks (or stores, or
 * `executeCommand`), never the host itself (lint refuses `host-context.ts` in `.tsx` files).
 */

export type HostQuery<T> = {
  /** The newest answer; null before the first arrives or after a failure. */
  data: T | null;
  /** Whether `data` answers the current request (false while a changed request is on its way). */
  fresh: boolean;
  /** The Italian reason the last load failed, or null. */
  error: string | null;
  loading: boolean;
  reload: () => void;
};

/**
 * Loads `channel` with `request` (nothing while `request` is null), again whenever the request
 * changes, `reload()` is called, one of `refreshOn`'s events arrives or `refreshEveryMs` passes.
 * Only the newest request's answer is shown: a late answer to an older one is dropped.
 */
export const useHostQuery = <C extends HostChannel>(
  channel: C,
  request: HostRequest<C> | null,
  options: { refreshOn?: readonly HostEventName[]; refreshEveryMs?: number } = {},
): HostQuery<HostResponse<C>> => {
  // The request's content, not its identity, decides when to load again (screens build it inline).
  const key = request === null ? null : JSON.stringify(request);
  const [state, setState] = useState<{ data: HostResponse<C> | null; dataKey: string | null; error: string | null; loading: boolean }>({
    data: null,
    dataKey: null,
    error: null,
    loading: key !== null,
  });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(createLatestAnswer());
  useEffect(() => {
    const guard = latest.current;
    if (key === null) {
      guard.cancel();
      setState({ data: null, dataKey: null, error: null, loading: false });
      return undefined;
    }
    const ticket = guard.begin();
    setState((previous) => ({ ...previous, loading: true }));
    void hostApi()
      .invoke(channel, JSON.parse(key) as HostRequest<C>)
      .then((result) => {
        if (!guard.isCurrent(ticket)) return;
        setState(result.ok ? { data: result.value, dataKey: key, error: null, loading: false } : { data: null, dataKey: null, error: result.error.message, loading: false });
      });
    return () => guard.cancel();
  }, [channel, key, generation]);
  const events = useRef(options.refreshOn ?? []);
  events.current = options.refreshOn ?? [];
  // Subscribed again only when the list's content changes (screens pass it inline).
  const refreshOn = events.current.join(',');
  useEffect(() => {
    const unsubscribes = events.current.map((event) => hostApi().subscribe(event, () => setGeneration((value) => value + 1)));
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [refreshOn]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const every = options.refreshEveryMs;
  useEffect(() => {
    if (!every) return undefined;
    const timer = setInterval(reload, every);
    return () => clearInterval(timer);
  }, [every, reload]);
  return { data: state.data, fresh: state.dataKey !== null && state.dataKey === key, error: state.error, loading: state.loading, reload };
};

/**
 * An action a screen runs on the host (create, save, invite…): `run` answers the result; a
 * refusal's Italian reason is also kept in `error` until the next run.
 */
export const useHostAction = <C extends HostChannel>(channel: C) => {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const run = useCallback(
    async (request: HostRequest<C>): Promise<Result<HostResponse<C>>> => {
      setPending(true);
      const result = await hostApi().invoke(channel, request);
      setPending(false);
      setError(result.ok ? null : result.error.message);
      return result;
    },
    [channel],
  );
  return { run, error, pending, setError };
};

/** Listens to a host event while the component is mounted; the newest listener is always the one called. */
export const useHostEvent = <E extends HostEventName>(event: E, listener: (payload: HostEventPayload<E>) => void): void => {
  const current = useRef(listener);
  current.current = listener;
  useEffect(() => hostApi().subscribe(event, (payload) => current.current(payload)), [event]);
};

/** Customers matching what the user types (two characters at least, after a short pause), newest answer only. */
export const useCustomerSearch = (query: string, pauseMs = 150) => {
  const [settled, setSettled] = useState(query);
  useEffect(() => {
    const handle = setTimeout(() => setSettled(query), pauseMs);
    return () => clearTimeout(handle);
  }, [query, pauseMs]);
  const text = settled.trim();
  const hits = useHostQuery('customers.search', text.length >= 2 ? { query: text } : null);
  return query.trim().length >= 2 ? (hits.data ?? []) : [];
};
