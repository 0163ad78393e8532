import { AppFailure } from '../../../shared/result.ts';
import type { AuditEntry, AuditTrailRequest } from '../../../shared/review/audit.ts';
import type { ConsoleSync } from '../../../shared/review/consoles.ts';
import { Offline, type ApiClient } from './api-client.ts';

/**
 * What the console reads from the central API without keeping it (audit trails, consoles, the
 * mail outbox, statements, the portal and J2K administration): online only, and offline says so
 * in words (`unavailable`) instead of failing as a sync would.
 */
export const createOnlineReads = (client: () => ApiClient) => {
  const whenOnline = async <T>(read: () => Promise<T>, offlineMessage: string): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      if (error instanceof Offline) throw new AppFailure('unavailable', offlineMessage);
      throw error;
    }
  };
  return {
    /** A record's audit trail (it is not kept on consoles). */
    auditTrail: (request: AuditTrailRequest): Promise<{ entries: AuditEntry[] }> =>
      whenOnline(() => client().auditTrail(request), 'Storico modifiche disponibile solo con l’API centrale raggiungibile.'),
    /** Each console's last sync and pending commands (the API alone knows them all). */
    consoles: (): Promise<{ consoles: ConsoleSync[] }> =>
      whenOnline(() => client().consoles(), 'Lo stato delle postazioni si legge dall’API centrale: ora non è raggiungibile.'),
    /** The API's outgoing mail that is stuck, and sending a parked one again. */
    outbox: () => whenOnline(() => client().outbox(), 'La posta in uscita si legge dall’API centrale: ora non è raggiungibile.'),
    retryMail: (id: string) => whenOnline(() => client().retryMail(id), 'Per rimettere in coda un’e-mail serve l’API centrale: ora non è raggiungibile.'),
    /** Monthly statements are computed by the API from its billing entries (consoles keep no money ledger). */
    monthStatements: (month: string) => whenOnline(() => client().monthStatements(month), 'I rendiconti si leggono dall’API centrale: ora non è raggiungibile.'),
    statementFile: (month: string, customerCode?: string) =>
      whenOnline(() => client().statementFile(month, customerCode), 'I rendiconti si scaricano dall’API centrale: ora non è raggiungibile.'),
    /** The portal and J2K administration, for leads. */
    online: <T>(read: (api: ApiClient) => Promise<T>) => whenOnline(() => read(client()), 'Questa funzione usa l’API centrale: ora non è raggiungibile.'),
  };
};
export type OnlineReads = ReturnType<typeof createOnlineReads>;
