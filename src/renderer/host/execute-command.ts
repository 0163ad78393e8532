import { hostApi } from './host-context.ts';

/** Applies a sync command on this console (queued for the API): the Italian reason it was refused, or null. */
export const executeCommand = async (name: string, args: unknown): Promise<string | null> => {
  const result = await hostApi().invoke('commands.execute', { name, args });
  return result.ok ? null : result.error.message;
};
