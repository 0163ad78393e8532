import type { z } from 'zod';
import { AppFailure, describeZodIssues } from '../../shared/result.ts';

/** A request body checked against its schema: the first problem, in Italian, as `invalid_argument`. */
export const parseBody = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new AppFailure('invalid_argument', `Richiesta non valida: ${describeZodIssues(parsed.error, 1)}`);
  }
  return parsed.data;
};
