import type { FastifyInstance } from 'fastify';
import { importUploadMaxBodyBytes, importUploadSchema } from '../../shared/import/import-api.ts';
import { isExpectedFailure, toAppError, type Result } from '../../shared/result.ts';
import type { ImportReport } from '../../shared/import/import-report.ts';
import { assertAdmin } from '../../shared/sync/rules.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { runImport } from './import.service.ts';

/** Progress lines at most this often: a 150,000-row import reports a few hundred steps. */
const progressEveryMs = 200;

/**
 * The *Importa* screen's import, admins only. The answer is a stream of JSON lines: progress as
 * the import goes (`{"progress":{…}}`), then the `{ ok, value | error }` envelope as the last
 * line. A stream needs no job kept in one API process, so it works behind several of them.
 */
export const registerImportRoutes = (app: FastifyInstance, kit: RouteKit): void => {
  app.post('/admin/import', { bodyLimit: importUploadMaxBodyBytes }, async (request, reply) => {
    let user;
    let upload;
    try {
      user = await kit.withUser(request);
      assertAdmin(user, 'importare l’anagrafica');
      upload = parseBody(importUploadSchema, request.body);
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': request.id,
    });
    const line = (value: unknown) => reply.raw.write(`${JSON.stringify(value)}\n`);
    let lastProgressAt = 0;
    let result: Result<ImportReport>;
    try {
      const report = await runImport(kit.database, {
        kind: upload.kind,
        fileName: upload.fileName,
        bytes: Buffer.from(upload.content, 'base64'),
        dryRun: upload.dryRun,
        actorId: user.id,
        via: 'schermata Importa',
        now: kit.clock(),
        onProgress: (progress) => {
          const now = Date.now();
          if (progress.phase === 'writing' && progress.done < progress.total && now - lastProgressAt < progressEveryMs) return;
          lastProgressAt = now;
          line({ progress });
        },
      });
      request.log.info({ event: 'import', kind: report.kind, rows: report.rows, created: report.created, updated: report.updated, refused: report.refused, dryRun: report.dryRun }, 'import');
      result = { ok: true, value: report };
    } catch (error) {
      if (!isExpectedFailure(error)) request.log.error({ err: error }, 'import fallito');
      result = { ok: false, error: toAppError(error) };
    }
    line(result);
    reply.raw.end();
    return reply;
  });
};
