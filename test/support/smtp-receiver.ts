import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/**
 * A real SMTP server on loopback that keeps every mail it accepts, parsed by a real parser.
 * `refuseNext(code, count)` answers the next deliveries with an SMTP error (451: try later; 550:
 * refused for good), as a real server would.
 */
export const startSmtpReceiver = async (options: { user?: string; password?: string } = {}) => {
  const received: Array<ParsedMail & { envelopeTo: string[] }> = [];
  const refusals: Array<{ code: number; message: string }> = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    secure: false,
    allowInsecureAuth: true,
    authOptional: !options.user,
    disabledCommands: ['STARTTLS'],
    onAuth: (auth, _session, callback) => {
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error('Credenziali errate'));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = refusals.shift();
        if (refusal) {
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address) }));
          for (const wake of waiters.splice(0)) wake();
          callback();
        }, callback);
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const credentials = options.user ? `${encodeURIComponent(options.user)}:${encodeURIComponent(options.password ?? '')}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    received,
    refuseNext: (code: number, count = 1, message = code >= 500 ? 'Casella inesistente' : 'Riprovare più tardi') => {
      for (let i = 0; i < count; i++) refusals.push({ code, message });
    },
    /** Resolves once `count` mails have arrived (or rejects after `timeoutMs`). */
    waitFor: async (count: number, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`attese ${count} e-mail, arrivate ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;
