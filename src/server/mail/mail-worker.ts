import { readPolicyOn } from '../billing/billing-policy.repository.ts';
import { romeDay } from '../../shared/domain/index.ts';
import { randomUUID } from 'node:crypto';
import type { ServerDb } from '../db/server-database.ts';
import { closureMailPayloadSchema, hourBankNoticePayloadSchema, replyMailPayloadSchema, withoutSecrets, workReportMailPayloadSchema } from './mail-payloads.ts';
import { renderReplyMail } from './templates/reply.ts';
import { renderWorkReportMail } from './templates/work-report.ts';
import { workReportPdf } from '../../documents/work-report.pdf.ts';
import { workReportRowToWire } from '../../shared/work-report/work-report.ts';
import { claimDueMails, markMailFailed, markMailSent, type OutboxRow } from './mail-outbox.repository.ts';
import type { MailSettings } from './mail-settings.ts';
import { isPermanentMailFailure, type MailTransport } from './mail-transport.ts';
import { renderClosureMail } from './templates/closure.ts';
import { renderHourBankNotice } from './templates/hour-bank-notice.ts';
import type { RenderedMail } from './templates/rendered-mail.ts';

export type MailWorkerLog = {
  info: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
  error: (fields: Record<string, unknown>, message: string) => void;
};

export type MailWorkerOptions = {
  database: ServerDb;
  transport: MailTransport;
  settings: Pick<MailSettings, 'from' | 'publicUrl' | 'policy'>;
  log: MailWorkerLog;
  clock?: () => Date;
  workerId?: string;
  /** How long a claim holds: longer than any send (the transport's timeouts are shorter). */
  claimMs?: number;
  batchSize?: number;
  /** After this many failed attempts a mail is parked for an admin. */
  maxAttempts?: number;
  /** The wait before attempt `n + 1`, after `n` failures. */
  backoffMs?: (failures: number) => number;
  /** Mail the API queues by the calendar (the monthly statements), checked before each pass. */
  scheduled?: ReadonlyArray<(now: Date) => Promise<void>>;
};

/** 1, 2, 4 … minutes, at most an hour: eight attempts span about two hours. */
export const defaultMailBackoff = (failures: number): number => Math.min(60, 2 ** (failures - 1)) * 60_000;
export const defaultMaxMailAttempts = 8;

/** A mail's unchanging identity: the same row always goes out as the same message. */
export const outboxMessageId = (rowId: string): string => `<${rowId}@presidio.outbox>`;

class UnrenderableMail extends Error {}

const renderRow = async (row: OutboxRow, settings: MailWorkerOptions['settings'], db: ServerDb['db']): Promise<RenderedMail> => {
  const payload = (): unknown => {
    try {
      return JSON.parse(row.payload_json ?? 'null');
    } catch {
      throw new UnrenderableMail('contenuto del messaggio illeggibile');
    }
  };
  switch (row.kind) {
    case 'closure': {
      const parsed = closureMailPayloadSchema.safeParse(payload());
      if (!parsed.success) throw new UnrenderableMail('riepilogo di chiusura non valido');
      return renderClosureMail(parsed.data, settings);
    }
    case 'hour_bank_notice': {
      const parsed = hourBankNoticePayloadSchema.safeParse(payload());
      if (!parsed.success) throw new UnrenderableMail('avviso del monte ore non valido');
      return renderHourBankNotice(parsed.data, settings);
    }
    case 'reply': {
      const parsed = replyMailPayloadSchema.safeParse(payload());
      if (!parsed.success) throw new UnrenderableMail('risposta non valida');
      return renderReplyMail(parsed.data, settings);
    }
    case 'work_report': {
      const parsed = workReportMailPayloadSchema.safeParse(payload());
      if (!parsed.success) throw new UnrenderableMail('rapportino non valido');
      const stored = await db.selectFrom('work_reports').selectAll().where('id', '=', parsed.data.reportId).executeTakeFirst();
      if (!stored) throw new UnrenderableMail('rapportino non trovato');
      const report = workReportRowToWire(stored);
      return renderWorkReportMail(report, await workReportPdf(report), settings);
    }
    case 'text':
      return { subject: row.subject ?? '(senza oggetto)', text: row.body ?? '', html: '' };
  }
};

/**
 * Sends the outbox: claims due rows, renders and sends each, marks it sent. A failure goes back to
 * the queue with a growing wait; after `maxAttempts` (or at once when retrying cannot help) the
 * row is parked and an admin sees it with its error. Any number of workers, in any number of API
 * processes, share one database without sending a row twice.
 */
export const createMailWorker = (options: MailWorkerOptions) => {
  const clock = options.clock ?? (() => new Date());
  const workerId = options.workerId ?? randomUUID();
  const claimMs = options.claimMs ?? 10 * 60_000;
  const maxAttempts = options.maxAttempts ?? defaultMaxMailAttempts;
  const backoff = options.backoffMs ?? defaultMailBackoff;
  const canLock = options.database.dialect === 'postgres';
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  const sendOne = async (row: OutboxRow): Promise<'sent' | 'retry' | 'parked'> => {
    const { db } = options.database;
    try {
      // The rate a notice quotes is the one in effect when it is sent.
      const mail = await renderRow(row, { ...options.settings, policy: await readPolicyOn(db, romeDay(clock())) }, db);
      const { location } = await options.transport.send({
        messageId: outboxMessageId(row.id),
        date: new Date(row.created_at),
        from: options.settings.from,
        to: row.recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html || null,
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
      });
      const marked = await markMailSent(db, row.id, workerId, clock().toISOString(), withoutSecrets(row));
      options.log.info({ mailId: row.id, kind: row.kind, ...(location ? { location } : {}) }, location ? `e-mail scritta in ${location}` : 'e-mail inviata');
      if (!marked) options.log.warn({ mailId: row.id }, 'e-mail inviata dopo la scadenza della presa in carico');
      return 'sent';
    } catch (error) {
      const failures = row.attempts + 1;
      const permanent = error instanceof UnrenderableMail || isPermanentMailFailure(error);
      const park = permanent || failures >= maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      await markMailFailed(db, {
        id: row.id,
        workerId,
        error: message,
        attempts: failures,
        nextAttemptAt: park ? null : new Date(clock().getTime() + backoff(failures)).toISOString(),
      });
      options.log[park ? 'error' : 'warn']({ mailId: row.id, attempts: failures, err: message }, park ? 'e-mail accantonata: serve un amministratore' : 'invio e-mail non riuscito, nuovo tentativo più tardi');
      return park ? 'parked' : 'retry';
    }
  };

  /** One pass over what is due now; answers what happened, for tests and the log. */
  const runOnce = async (): Promise<{ sent: number; retried: number; parked: number }> => {
    const now = clock();
    const rows = await claimDueMails(options.database.db, {
      workerId,
      now: now.toISOString(),
      claimedUntil: new Date(now.getTime() + claimMs).toISOString(),
      limit: options.batchSize ?? 20,
      canLock,
    });
    const outcome = { sent: 0, retried: 0, parked: 0 };
    for (const row of rows) {
      const result = await sendOne(row);
      if (result === 'sent') outcome.sent += 1;
      else if (result === 'retry') outcome.retried += 1;
      else outcome.parked += 1;
    }
    return outcome;
  };

  const tick = async () => {
    for (const queueDue of options.scheduled ?? []) {
      try {
        await queueDue(clock());
      } catch (error) {
        options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'invio programmato non riuscito, riprovo più tardi');
      }
    }
    try {
      // Keep going while whole batches come back: a backlog drains without waiting a period each time.
      for (;;) {
        const outcome = await runOnce();
        if (outcome.sent + outcome.retried + outcome.parked < (options.batchSize ?? 20)) break;
      }
    } catch (error) {
      options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'coda delle e-mail non leggibile, riprovo più tardi');
    }
  };

  return {
    workerId,
    runOnce,
    /** Polls every `intervalMs` until stopped; one pass at a time. */
    start: (intervalMs = 5_000) => {
      if (timer) return;
      const loop = () => {
        running = tick().finally(() => {
          running = null;
          if (timer) timer = setTimeout(loop, intervalMs);
        });
      };
      timer = setTimeout(loop, 0);
    },
    /** Stops polling and waits for the pass in flight (a mail being sent is finished and marked). */
    stop: async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      options.transport.close();
    },
  };
};
export type MailWorker = ReturnType<typeof createMailWorker>;
