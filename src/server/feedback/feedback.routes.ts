import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerDb } from '../db/server-database.ts';
import { feedbackAlreadyAnsweredPage, feedbackExpiredPage, feedbackFormPage, feedbackThanksPage, feedbackUnknownPage } from './feedback.pages.ts';
import { readFeedbackRequest, submitFeedback } from './feedback.service.ts';

/**
 * A page the API serves to customers' browsers: it needs its own styles and may post its form
 * back here; nothing else (no scripts, no frames, no outside resources).
 */
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * `same-origin`, not the API's `no-referrer`: under `no-referrer` a browser posts the form with
 * `Origin: null`, which the origin policy refuses (a page of another site could send the same);
 * `same-origin` sends our Origin with our own form, and still no Referer (the link's token) to any
 * other site.
 */
const sendPage = (reply: FastifyReply, status: number, markup: string) =>
  reply.code(status).header('content-security-policy', pagePolicy).header('referrer-policy', 'same-origin').type('text/html; charset=utf-8').send(markup);

/** The feedback form reached from the closure mail (one-use token in the path, valid 30 days). */
export const registerFeedbackRoutes = (parent: FastifyInstance, database: ServerDb, clock: () => Date): void => {
  const { db } = database;
  // An encapsulated scope: the url-encoded parser below serves these routes only, so no other
  // route (sign-in, invites) can be posted to by a plain cross-site HTML form.
  void parent.register(async (app) => feedbackScope(app, db, clock));
};

const feedbackScope = (app: FastifyInstance, db: ServerDb['db'], clock: () => Date): void => {
  // A plain HTML form posts url-encoded fields; URLSearchParams reads them (and never nests).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 32 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });

  app.get<{ Params: { token: string } }>('/feedback/:token', async (request, reply) => {
    const view = await readFeedbackRequest(db, request.params.token, clock());
    if (!view) return sendPage(reply, 404, feedbackUnknownPage());
    if (view.state === 'answered') return sendPage(reply, 200, feedbackAlreadyAnsweredPage(view));
    if (view.state === 'expired') return sendPage(reply, 410, feedbackExpiredPage(view));
    return sendPage(reply, 200, feedbackFormPage(view));
  });

  app.post<{ Params: { token: string } }>('/feedback/:token', async (request, reply) => {
    const form = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const result = await submitFeedback(db, request.params.token, form, clock());
    switch (result.outcome) {
      case 'unknown':
        return sendPage(reply, 404, feedbackUnknownPage());
      case 'expired':
        return sendPage(reply, 410, feedbackExpiredPage(result.view));
      case 'answered':
        return sendPage(reply, 409, feedbackAlreadyAnsweredPage(result.view));
      case 'invalid':
        return sendPage(reply, 400, feedbackFormPage(result.view, { message: result.message, ...result.answer }));
      case 'recorded':
        request.log.info({ event: 'feedback.recorded', ticket: result.view.ticketNumber }, 'valutazione registrata');
        return sendPage(reply, 200, feedbackThanksPage(result.view));
    }
  });
};
