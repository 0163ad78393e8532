import { z } from 'zod';
import { isHostEventName, hostEvents, type HostApi, type HostChannel, type HostEventName, type HostRequest } from '../../shared/host-api/contract.ts';
import { fail } from '../../shared/result.ts';
import type { ElectronBridge } from '../../shared/host-api/electron-bridge.ts';
import { checkResponse, createIpcHostApi, parseEvent } from './ipc-host-api.ts';

const eventTicketSchema = z.object({ ok: z.literal(true), value: z.object({ ticket: z.string() }) });

export const createHttpHostApi = (origin: string, token: string): HostApi => {
  let source: EventSource | undefined;
  let connecting = false;
  const listeners = new Map<HostEventName, Set<(payload: unknown) => void>>();
  /**
   * The stream is opened with a single-use ticket, so the long-lived token never travels in a
   * URL (logs, history). A dropped stream cannot reuse its ticket: it is closed and reopened
   * with a fresh one after a short pause.
   */
  const connect = async () => {
    if (source || connecting) return;
    connecting = true;
    try {
      const response = await fetch(`${origin}/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      // A refused token will not become valid by asking again: every call already says so in the page.
      if (response.status === 401) return;
      const parsed = eventTicketSchema.safeParse(await response.json());
      if (!parsed.success) return;
      const stream = new EventSource(`${origin}/events?ticket=${encodeURIComponent(parsed.data.value.ticket)}`);
      source = stream;
      for (const name of Object.keys(hostEvents)) {
        if (!isHostEventName(name)) continue;
        stream.addEventListener(name, (message) => {
          const event = parseEvent(name, JSON.parse((message as MessageEvent<string>).data));
          if (event) for (const listener of listeners.get(name) ?? []) listener(event);
        });
      }
      stream.onerror = () => {
        stream.close();
        if (source === stream) source = undefined;
        setTimeout(() => void connect(), 2_000);
      };
    } catch {
      setTimeout(() => void connect(), 2_000);
    } finally {
      connecting = false;
    }
  };
  const ensureSource = () => void connect();
  return {
    async invoke<C extends HostChannel>(channel: C, request: HostRequest<C>) {
      try {
        const response = await fetch(`${origin}/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(request ?? {}),
        });
        return checkResponse(channel, await response.json());
      } catch {
        return fail('internal', 'Servizio locale non raggiungibile.');
      }
    },
    subscribe(event, listener) {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
};

const tokenStorageKey = 'presidio.webHostToken';

/** Picks the transport once at start-up: Electron's bridge when present, else the browser host. */
export const createHostApi = (): HostApi => {
  const bridge = (window as unknown as { api?: ElectronBridge }).api;
  if (bridge) return createIpcHostApi(bridge);
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(tokenStorageKey, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(tokenStorageKey) ?? '';
  return createHttpHostApi(window.location.origin, token);
};
