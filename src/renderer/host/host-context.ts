import type { HostApi } from '../../shared/host-api/contract.ts';

let current: HostApi | undefined;

export const setHostApi = (api: HostApi): void => {
  current = api;
};

export const hostApi = (): HostApi => {
  if (!current) throw new Error('Host API non inizializzata');
  return current;
};
