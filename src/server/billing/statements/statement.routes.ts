import type { FastifyInstance } from 'fastify';
import { lastDayOfBillingMonth } from '../../../shared/domain/index.ts';
import { readPolicyOn } from '../billing-policy.repository.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { RouteKit } from '../../http/route-kit.ts';
import { statementCsv } from './statement.csv.ts';
import { statementPdf } from './statement.pdf.ts';
import { parseBillingMonth, readCustomerStatement, readMonthStatements, requireStatementReader } from './statement.service.ts';

/** A file name a browser and a mail client accept, whatever the customer code holds. */
const safeFileName = (text: string) => text.replaceAll(/[^A-Za-z0-9._-]/g, '_');

/**
 * Monthly statements for team leads and admins: the month as JSON (the console's screen), as one
 * CSV for the accounting system, and one customer's as PDF.
 */
export const registerStatementRoutes = (app: FastifyInstance, kit: RouteKit): void => {
  const { db } = kit.database;

  // `/reports/statements/2026-11` (JSON) or `/reports/statements/2026-11.csv`.
  app.get<{ Params: { file: string } }>('/reports/statements/:file', async (request, reply) => {
    const match = /^(.*?)(\.csv)?$/.exec(request.params.file);
    if (!match?.[2])
      return kit.answer(reply, async () => {
        requireStatementReader(await kit.withUser(request));
        return readMonthStatements(db, parseBillingMonth(match?.[1] ?? ''), kit.clock());
      });
    try {
      requireStatementReader(await kit.withUser(request));
      const month = parseBillingMonth(match[1] ?? '');
      const csv = statementCsv(await readMonthStatements(db, month, kit.clock()));
      return await reply.code(200).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="rendiconto-${month}.csv"`).send(csv);
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
  });

  // `/reports/statements/2026-11/C001.pdf`
  app.get<{ Params: { month: string; file: string } }>('/reports/statements/:month/:file', async (request, reply) => {
    try {
      requireStatementReader(await kit.withUser(request));
      const month = parseBillingMonth(request.params.month);
      const code = /^(.+)\.pdf$/.exec(request.params.file)?.[1];
      if (!code) throw new AppFailure('not_found', 'Indica il codice del cliente seguito da .pdf, per esempio C001.pdf.');
      const now = kit.clock();
      const { closed, statement } = await readCustomerStatement(db, month, code, now);
      const pdf = await statementPdf({ month, closed, statement, policy: await readPolicyOn(kit.database.db, lastDayOfBillingMonth(month)), issuedAt: now });
      return await reply
        .code(200)
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="rendiconto-${month}-${safeFileName(code)}.pdf"`)
        .send(pdf);
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
  });
};
