import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  changeRoleRequestSchema,
  createStaffRequestSchema,
  forgotPasswordAnswer,
  forgotPasswordRequestSchema,
  setDisabledRequestSchema,
  setPasswordRequestSchema,
  staffAccountIdSchema,
} from '../../shared/accounts/staff-accounts.ts';
import { AppFailure } from '../../shared/result.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { requestPasswordReset, setPasswordFromLink } from './password-links.ts';
import { changeStaffRole, createStaffAccount, listStaffAccounts, sendStaffReset, setStaffDisabled } from './staff-accounts.service.ts';

/**
 * «Utenti» (admins: create, role, disable, reset link) and password recovery for everybody:
 * «Password dimenticata?» at the console and on the portal, and the page behind the mailed link.
 */
export const registerStaffAccountRoutes = (app: FastifyInstance, kit: RouteKit): void => {
  const { db } = kit.database;
  const { answer, withUser, clock } = kit;

  app.post('/admin/users', (request, reply) => answer(reply, async () => listStaffAccounts(db, await withUser(request), clock())));
  app.post('/admin/users/create', (request, reply) =>
    answer(reply, async () => createStaffAccount(db, await withUser(request), parseBody(createStaffRequestSchema, request.body), { now: clock(), policy: kit.authPolicy, publicUrl: kit.publicUrl })),
  );
  app.post('/admin/users/role', (request, reply) => answer(reply, async () => changeStaffRole(db, await withUser(request), parseBody(changeRoleRequestSchema, request.body), clock())));
  app.post('/admin/users/disabled', (request, reply) =>
    answer(reply, async () => {
      const result = await setStaffDisabled(db, await withUser(request), parseBody(setDisabledRequestSchema, request.body), clock());
      if (result.changed) request.log.info({ event: 'user.disabled', user: result.id }, 'account disattivato o riattivato');
      return result;
    }),
  );
  app.post('/admin/users/reset', (request, reply) =>
    answer(reply, async () => sendStaffReset(db, await withUser(request), parseBody(staffAccountIdSchema, request.body).id, { now: clock(), publicUrl: kit.publicUrl })),
  );

  // The same words whether or not the address has an account; only the throttle answers otherwise.
  const forgot = (account: 'staff' | 'customer') => (request: FastifyRequest, reply: FastifyReply) =>
    answer(reply, async () => {
      const { email } = parseBody(forgotPasswordRequestSchema, request.body);
      try {
        await requestPasswordReset(db, { account, email, address: request.ip }, kit.authPolicy, clock(), kit.publicUrl);
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'rate_limited') request.log.warn({ event: 'password.forgot.throttled', account, address: request.ip }, 'troppe richieste di nuova password');
        throw error;
      }
      return { message: forgotPasswordAnswer };
    });
  app.post('/auth/password/forgot', forgot('staff'));
  app.post('/portal/api/password/forgot', forgot('customer'));
  app.post('/portal/api/password', (request, reply) =>
    answer(reply, async () => {
      const result = await setPasswordFromLink(db, parseBody(setPasswordRequestSchema, request.body), kit.authPolicy, clock());
      request.log.info({ event: 'password.set', account: result.account }, 'password scelta da un link');
      return result;
    }),
  );
};
