import type { Channel } from '../../../shared/model/enums.ts';
import type BetterSqlite3 from 'better-sqlite3';
import { newId } from '../../../shared/ids.ts';
import { AppFailure, describeZodIssues } from '../../../shared/result.ts';
import { offlineTicketNumber } from '../../../shared/intake/ticket-number.ts';
import { commandArgsSchemas } from '../../../shared/sync/commands.ts';
import type { SyncEngine } from '../sync/sync-engine.ts';

export type IntakeInput = {
  customer: { id: string } | { new: { name: string; vatNumber: string | null; email: string | null; phone: string | null; city: string | null } };
  channel: Channel;
  subject: string;
  description: string;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  blocking: boolean;
};


/** Logs a request that came by phone, voicemail, WhatsApp or the weekend line; works offline. */
export const createIntakeService = (options: { sqlite: BetterSqlite3.Database; sync: SyncEngine; clock: () => Date }) => ({
  searchCustomers(query: string, limit = 20) {
    const text = query.trim();
    const pattern = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    return options.sqlite
      .prepare<[string, string, string, string, number], { id: string; code: string; name: string; city: string | null; phone: string | null; email: string | null }>(
        `SELECT id, code, name, city, phone, email FROM customers
         WHERE name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\' OR coalesce(phone, '') LIKE ? ESCAPE '\\' OR coalesce(vat_number, '') LIKE ? ESCAPE '\\'
         ORDER BY name LIMIT ?`,
      )
      .all(pattern, pattern, pattern, pattern, limit);
  },
  create(input: IntakeInput): { ticketId: string; number: string; customerId: string } {
    const now = options.clock();
    // Validate the ticket before creating anything, so a bad form never leaves a lone new customer.
    const probe = commandArgsSchemas['ticket.create'].safeParse({
      id: newId(), number: 'T-PROBE', customerId: newId(), channel: input.channel, subject: input.subject,
      description: input.description, priority: input.priority, blocking: input.blocking, openedAt: now.toISOString(),
    });
    if (!probe.success) {
      throw new AppFailure('invalid_argument', `Richiesta non valida: ${describeZodIssues(probe.error, 1)}`);
    }
    let customerId: string;
    if ('id' in input.customer) {
      customerId = input.customer.id;
    } else {
      customerId = newId();
      const code = `N${customerId.replaceAll('-', '').slice(-7).toUpperCase()}`;
      options.sync.execute('customer.create', { id: customerId, code, ...input.customer.new });
    }
    if (!options.sqlite.prepare('SELECT 1 FROM customers WHERE id = ?').get(customerId)) {
      throw new AppFailure('not_found', 'Cliente non trovato.');
    }
    const ticketId = newId();
    const number = offlineTicketNumber(now, ticketId);
    options.sync.execute('ticket.create', {
      id: ticketId,
      number,
      customerId,
      channel: input.channel,
      subject: input.subject,
      description: input.description,
      priority: input.priority,
      blocking: input.blocking,
      openedAt: now.toISOString(),
    });
    return { ticketId, number, customerId };
  },
});
export type IntakeService = ReturnType<typeof createIntakeService>;
