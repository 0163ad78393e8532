import type { HostChannel, HostEventName } from './channels.ts';

/** What the preload script puts on `window.api`. Untyped payloads: the renderer re-validates. */
export type ElectronBridge = {
  channels: Record<HostChannel, (request: unknown) => Promise<unknown>>;
  onEvent(event: HostEventName, listener: (payload: unknown) => void): () => void;
};
