import { contextBridge, ipcRenderer } from 'electron';
import {
  hostChannelNames,
  hostEventNameList,
  ipcChannelName,
  ipcEventChannelName,
  type HostChannel,
  type HostEventName,
} from '../shared/host-api/channels.ts';
import type { ElectronBridge } from '../shared/host-api/electron-bridge.ts';

// One function per contract channel; the renderer never touches ipcRenderer itself.
// Only dependency-free modules here: a sandboxed preload cannot require packages.
const channels = Object.fromEntries(
  hostChannelNames.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(ipcChannelName(channel), request)]),
) as Record<HostChannel, (request: unknown) => Promise<unknown>>;

const bridge = {
  channels,
  onEvent(event: HostEventName, listener: (payload: unknown) => void) {
    if (!hostEventNameList.includes(event)) return () => undefined;
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(ipcEventChannelName(event), wrapped);
    return () => {
      ipcRenderer.removeListener(ipcEventChannelName(event), wrapped);
    };
  },
} satisfies ElectronBridge;

contextBridge.exposeInMainWorld('api', bridge);
