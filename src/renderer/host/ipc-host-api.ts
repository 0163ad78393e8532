import {
  hostContract,
  hostEvents,
  type HostApi,
  type HostChannel,
  type HostEventName,
  type HostEventPayload,
  type HostRequest,
  type HostResponse,
} from '../../shared/host-api/contract.ts';
import type { ElectronBridge } from '../../shared/host-api/electron-bridge.ts';
import { fail, readEnvelope, type Result } from '../../shared/result.ts';

/**
 * Both transports re-validate what comes back against the contract, so the rest of the
 * renderer sees the same typed values whether it runs in Electron or in a browser.
 */
export const checkResponse = <C extends HostChannel>(channel: C, raw: unknown): Result<HostResponse<C>> => {
  const reading = readEnvelope(raw, hostContract[channel].response);
  switch (reading.kind) {
    case 'value':
      // The contract's schema for this channel is its response type; zod cannot carry that link through the lookup.
      return { ok: true, value: reading.value as HostResponse<C> };
    case 'failure':
      return { ok: false, error: reading.error };
    case 'malformed':
      return fail('internal', 'Risposta non valida dal servizio locale.');
    case 'nonconforming':
      return fail('internal', 'Risposta del servizio locale non conforme al contratto.');
  }
};

export const parseEvent = <E extends HostEventName>(event: E, payload: unknown): HostEventPayload<E> | null => {
  const parsed = hostEvents[event].safeParse(payload);
  return parsed.success ? (parsed.data as HostEventPayload<E>) : null;
};

export const createIpcHostApi = (bridge: ElectronBridge): HostApi => ({
  async invoke<C extends HostChannel>(channel: C, request: HostRequest<C>) {
    try {
      return checkResponse(channel, await bridge.channels[channel](request));
    } catch {
      return fail('internal', 'Il processo principale non risponde.');
    }
  },
  subscribe(event, listener) {
    return bridge.onEvent(event, (payload) => {
      const parsed = parseEvent(event, payload);
      if (parsed) listener(parsed);
    });
  },
});

