import type { z } from 'zod';
import type { CommandName, commandArgsSchemas } from '../../shared/sync/commands.ts';
import { hostApi } from './host-context.ts';

/** What a screen may send for a command: its schema's input (defaults may be left out). */
export type CommandInput<N extends CommandName> = z.input<(typeof commandArgsSchemas)[N]>;

/**
 * Applies a sync command on this console (queued for the API): the Italian reason it was refused,
 * or null. Typed by the command's name, so a screen cannot send another command's arguments.
 */
export const executeCommand = async <N extends CommandName>(name: N, args: CommandInput<N>): Promise<string | null> => {
  const result = await hostApi().invoke('commands.execute', { name, args });
  return result.ok ? null : result.error.message;
};
