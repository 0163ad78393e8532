import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { hostChannels, ipcChannelName, ipcEventChannelName } from '../../shared/host-api/contract.ts';
import { dispatchHostCall } from '../../shared/host-api/dispatch.ts';
import { fail } from '../../shared/result.ts';
import type { Core } from '../core/core.ts';
import { isTrustedIpcSender } from '../security/navigation-policy.ts';

const senderOf = (event: IpcMainInvokeEvent) => {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isTopFrame: frame === event.sender.mainFrame };
};

/** One generic handler per contract channel: sender checked, argument parsed, errors enveloped. */
export const registerHostChannels = (core: Core, appOrigin: string): (() => void) => {
  for (const channel of hostChannels) {
    ipcMain.handle(ipcChannelName(channel), (event, request: unknown) =>
      isTrustedIpcSender(senderOf(event), appOrigin)
        ? dispatchHostCall(core.handlers, channel, request)
        : fail('forbidden', 'Richiesta rifiutata: mittente non autorizzato.'),
    );
  }
  return () => {
    for (const channel of hostChannels) ipcMain.removeHandler(ipcChannelName(channel));
  };
};

export const forwardCoreEvents = (core: Core, window: BrowserWindow): (() => void) =>
  core.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannelName(event), payload);
  });
