import type { HostEventName, HostEventPayload } from '../../shared/host-api/contract.ts';

export type CoreEventListener = <E extends HostEventName>(event: E, payload: HostEventPayload<E>) => void;

/** The core's pushes, fanned out to whichever transports are attached (IPC, SSE). */
export const createCoreEvents = () => {
  const listeners = new Set<CoreEventListener>();
  return {
    emit<E extends HostEventName>(event: E, payload: HostEventPayload<E>): void {
      for (const listener of listeners) listener(event, payload);
    },
    subscribe(listener: CoreEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
export type CoreEvents = ReturnType<typeof createCoreEvents>;
