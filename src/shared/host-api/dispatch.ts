import { describeZodIssues, fail, ok, toAppError, type Result } from '../result.ts';
import { hostContract, isHostChannel, type HostHandlers } from './contract.ts';

/**
 * The single generic entry both transports use: validate the channel and the argument,
 * run the handler, and answer with an envelope. Never throws.
 */
export const dispatchHostCall = async (
  handlers: HostHandlers,
  channel: string,
  rawRequest: unknown,
): Promise<Result<unknown>> => {
  if (!isHostChannel(channel)) return fail('unknown_channel', `Canale sconosciuto: ${channel}`);
  const spec = hostContract[channel];
  const parsed = spec.request.safeParse(rawRequest ?? {});
  if (!parsed.success) {
    return fail('invalid_argument', `Richiesta non valida: ${describeZodIssues(parsed.error)}`, {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
    });
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown> | unknown;
    return ok(await handler(parsed.data));
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
};
