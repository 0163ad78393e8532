import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app.ts';
import { createUser } from '../../src/server/auth/auth.service.ts';
import { newId } from '../../src/shared/ids.ts';
import { recordChanges } from '../../src/server/sync/change-log.ts';
import type { PushedCommand } from '../../src/shared/sync/protocol.ts';
import type { CommandName } from '../../src/shared/sync/commands.ts';
import type { ServerOptions } from '../../src/server/app.ts';
import { createTestDatabase, testAuthPolicy, type EngineName, type TestDatabase } from './server-engines.ts';

export const password = 'una-password-lunga';

/**
 * The API's clock for tests that write work at fixed instants (Monday 23 November 2026): the
 * evening of that day, so their times are neither in the future nor backdated beyond the policy,
 * whatever day the suite runs.
 */
export const fixtureEvening = () => new Date('2026-11-23T18:00:00.000Z');

/** A real central API on loopback over a fresh database, with a customer and three users. */
type TestServerOptions = Partial<Pick<ServerOptions, 'clock' | 'trustProxy' | 'allowedHosts' | 'authPolicy' | 'logStream' | 'metricsToken' | 'attachmentFolder' | 'portalDirectory' | 'whatsApp' | 'fetch' | 'weekendLine'>>;

export const startTestServer = async (engine: EngineName, options: TestServerOptions = {}) => {
  const database: TestDatabase = await createTestDatabase(engine);
  const { db } = database.server;
  const lead = await createUser(db, { email: 'lead@test.it', displayName: 'Lea Leader', role: 'team_lead', password }, testAuthPolicy);
  const anna = await createUser(db, { email: 'anna@test.it', displayName: 'Anna Tecnica', role: 'technician', password }, testAuthPolicy);
  const bruno = await createUser(db, { email: 'bruno@test.it', displayName: 'Bruno Tecnico', role: 'technician', password }, testAuthPolicy);
  const at = new Date().toISOString();
  const customerId = newId();
  await db
    .insertInto('customers')
    .values({ id: customerId, code: 'C1', name: 'Ferramenta Rossi', vat_number: null, email: 'rossi@test.it', phone: null, city: 'Milano', created_at: at, updated_at: at })
    .execute();
  await db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'customer', id: customerId }, { entity: 'hour_bank', id: customerId }], new Date()));
  const app: FastifyInstance = buildServer({
    database: database.server,
    authPolicy: testAuthPolicy,
    logLevel: options.logStream ? 'info' : 'silent',
    ...options,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } } };
  };
  const loginAs = async (email: string) => {
    const response = await call('POST', '/auth/login', { email, password });
    if (!response.body.ok) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
    return response.body.value.token as string;
  };

  /** A console's identity: its client id, its token and its own mutation counter. */
  const consoleFor = async (email: string) => {
    const token = await loginAs(email);
    const clientId = newId();
    let mutationId = 0;
    return {
      token,
      clientId,
      command: (name: CommandName, args: unknown): PushedCommand => ({ mutationId: ++mutationId, name, args, issuedAt: new Date().toISOString() }),
      push: (commands: PushedCommand[]) => call('POST', '/sync/push', { clientId, commands }, token),
    };
  };

  return {
    app,
    url,
    database,
    db,
    users: { lead, anna, bruno },
    customerId,
    call,
    loginAs,
    consoleFor,
    stop: async () => {
      await app.close();
      await database.drop();
    },
  };
};
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
