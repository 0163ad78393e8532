import type { z } from 'zod';
import { AppFailure } from '../../shared/result.ts';

/** A request body checked against its schema: the first problem, in Italian, as `invalid_argument`. */
export const parseBody = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new AppFailure('invalid_argument', `Richiesta non valida: ${where}${first?.message ?? ''}`);
  }
  return parsed.data;
};
