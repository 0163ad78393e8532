import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { openServerDatabase } from './db/server-database.ts';
import { randomBytes } from 'node:crypto';
import { roleSchema } from '../shared/sync/entities.ts';
import { passwordProblem } from '../shared/password-rule.ts';
import { createUser } from './auth/auth.service.ts';
import { buildServer } from './app.ts';
import { runImportCommand } from './import/import-command.ts';
import { readMetricsToken } from './ops/metrics-config.ts';
import { backupEmbedded, backupPostgres, restoreEmbedded, verifyPostgresBackup } from './ops/backup.ts';
import { startBackupSchedule } from './ops/backup-schedule.ts';

/** `PRESIDIO_BACKUP_KEEP_DAYS`: how many days of daily backups to keep (default 14). */
const readKeepDays = (value: string | undefined): number => {
  if (value === undefined || value === '') return 14;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Error('PRESIDIO_BACKUP_KEEP_DAYS deve essere un numero intero di giorni tra 1 e 3650.');
  return days;
};
import { defaultAllowedHosts, parseAllowedHosts, parseListenHost, parseTrustProxy } from './http/proxy-config.ts';
import { demoPassword, seedServerDemo } from './seed/server-demo-seed.ts';
import { createImapInbox, parseImapUrl, readVoicemailSettings } from './conversation/imap-inbox.ts';
import { readWhatsAppSettings } from './channels/whatsapp.service.ts';
import { createWhatsAppSender } from './channels/whatsapp-outbox.ts';
import { issueCtiKey } from './channels/cti.service.ts';
import { createSecretBox, readSecretsKey } from './channels/secret-box.ts';
import { whatsAppSettingsSource } from './channels/channel-settings.service.ts';
import { normalizePhone } from '../shared/phone/phone-number.ts';
import { mailAddressOf, readMailSettings } from './mail/mail-settings.ts';
import { createDropFolderTransport, createSmtpTransport } from './mail/mail-transport.ts';
import { createMailWorker } from './mail/mail-worker.ts';
import { monthlyStatementSchedule } from './billing/statements/monthly-statement-mail.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const { values, positionals } = parseArgs({
  options: {
    port: { type: 'string', default: process.env['PRESIDIO_API_PORT'] ?? '5190' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: process.env['PRESIDIO_LOG_LEVEL'] ?? 'info' },
    'create-user': { type: 'string' },
    'issue-cti-key': { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'technician' },
    import: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    backup: { type: 'string' },
    restore: { type: 'string' },
    'verify-backup': { type: 'string' },
    'scratch-url': { type: 'string' },
  },
  allowPositionals: true,
});
const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
const dataDirectory = resolve(values['data-dir'] ?? process.env['PRESIDIO_SERVER_DATA_DIR'] ?? join(homedir(), '.local', 'share', 'presidio-server'));
const databaseUrl = process.env['DATABASE_URL'] || undefined;

// Backups work on the files (and pg_dump) directly: nothing is opened, migrated or served.
if (values.backup !== undefined || values.restore !== undefined || values['verify-backup'] !== undefined) {
  try {
    if (values.backup !== undefined) {
      const made = databaseUrl
        ? await backupPostgres({ databaseUrl, targetRoot: resolve(values.backup), now: new Date(), appVersion: version })
        : await backupEmbedded({ dataDirectory, targetRoot: resolve(values.backup), now: new Date(), appVersion: version });
      console.log(`Backup completato: ${made}`);
    } else if (values.restore !== undefined) {
      const manifest = restoreEmbedded({ backupDirectory: resolve(values.restore), dataDirectory });
      console.log(`Ripristinato in ${dataDirectory} il backup del ${manifest.createdAt} (${Object.values(manifest.rowCounts).reduce((sum, count) => sum + count, 0)} righe): avvia l’API su questa cartella.`);
    } else {
      const scratchUrl = values['scratch-url'];
      if (!scratchUrl) throw new Error('Indica un database vuoto di prova: --scratch-url postgres://…');
      const verified = await verifyPostgresBackup({ backupDirectory: resolve(values['verify-backup'] ?? ''), scratchUrl });
      console.log(`Backup verificato: ${verified.tables} tabelle, ${verified.rows} righe come nel manifest.`);
    }
    process.exit(0);
  } catch (error) {
    console.error(`Operazione di backup non riuscita: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

try {
  const database = await openServerDatabase({ dataDirectory, ...(databaseUrl ? { databaseUrl } : {}) });
  const newUserEmail = values['create-user'];
  if (values.import !== undefined) {
    const status = await runImportCommand(
      database,
      { kind: values.import, file: positionals[0], dryRun: values['dry-run'] },
      { out: (line) => console.log(line), progress: (line) => console.error(line) },
    );
    await database.close();
    process.exit(status);
  } else if (values['issue-cti-key'] !== undefined) {
    // The PBX's key for POST /cti/calls: shown once, only its hash is kept.
    const issued = await issueCtiKey(database.db, null, values['issue-cti-key'], new Date());
    console.log(`Chiave del centralino «${issued.label}» (mostrata una volta sola): ${issued.key}`);
    await database.close();
    process.exit(0);
  } else if (newUserEmail) {
    // Accounts are created here, by whoever runs the API; the password comes from the environment
    // or is generated and shown once.
    const role = roleSchema.safeParse(values.role);
    if (!role.success) throw new Error('Ruolo non valido: usa technician, team_lead o admin.');
    const password = process.env['PRESIDIO_NEW_USER_PASSWORD'] || randomBytes(12).toString('base64url');
    const problem = passwordProblem(password, { email: newUserEmail });
    if (problem) throw new Error(problem);
    await createUser(database.db, { email: newUserEmail, displayName: values.name ?? newUserEmail, role: role.data, password });
    console.log(`Utente ${newUserEmail} (${role.data}) creato.`);
    if (!process.env['PRESIDIO_NEW_USER_PASSWORD']) console.log(`Password iniziale: ${password}`);
    await database.close();
  } else {
    await serve(database);
  }
} catch (error) {
  console.error(`Impossibile avviare l’API centrale: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

async function serve(database: Awaited<ReturnType<typeof openServerDatabase>>): Promise<void> {
  if (values.demo) {
    const hasData = (await database.db.selectFrom('tickets').select('id').limit(1).execute()).length > 0;
    if (hasData) {
      console.log('Dati demo già presenti: non li ricarico.');
    } else {
      const seeded = await seedServerDemo(database);
      console.log(`Dati demo caricati: ${seeded.tickets} ticket. Utenti (password "${demoPassword}"):`);
      for (const user of seeded.users) console.log(`  ${user.email} (${user.role})`);
      console.log(`Portale clienti: ${seeded.contact.email} (referente di ${seeded.contact.customerName}), stessa password.`);
    }
  }
  const listenHost = parseListenHost(process.env);
  // Read before listening: a wrong mail setting stops the API at start, not at the first closure.
  const mailSettings = readMailSettings(process.env, { dataDirectory, ownUrl: `http://127.0.0.1:${values.port}` });
  const imapUrl = process.env['PRESIDIO_IMAP_URL']?.trim();
  const imapLocation = imapUrl ? parseImapUrl(imapUrl) : null;
  const voicemail = readVoicemailSettings(process.env);
  const whatsApp = readWhatsAppSettings(process.env);
  // The channels' sealed secrets open with a key outside the database (docs/channels.md).
  const secretBox = createSecretBox(readSecretsKey(process.env, dataDirectory));
  const app = buildServer({
    database,
    version,
    logLevel: values['log-level'],
    trustProxy: parseTrustProxy(process.env['PRESIDIO_TRUST_PROXY']),
    allowedHosts: parseAllowedHosts(process.env['PRESIDIO_ALLOWED_HOSTS']) ?? defaultAllowedHosts(process.env['PRESIDIO_PUBLIC_URL']),
    publicUrl: mailSettings.publicUrl,
    portalDirectory: join(projectRoot, 'out', 'portal'),
    metricsToken: readMetricsToken(process.env['PRESIDIO_METRICS_TOKEN']),
    mailFolder: mailSettings.smtpUrl ? null : mailSettings.dropFolder,
    attachmentFolder: join(dataDirectory, 'attachments'),
    whatsApp,
    secretBox,
    weekendLine: process.env['PRESIDIO_CTI_WEEKEND_LINE']?.trim() ? normalizePhone(process.env['PRESIDIO_CTI_WEEKEND_LINE']) : null,
    channelStatus: {
      mailbox: imapLocation ? { host: imapLocation.host, user: imapLocation.user, mailbox: imapLocation.mailbox } : null,
      voicemail,
    },
  });
  // Loopback unless PRESIDIO_HOST says otherwise (then only behind a trusted proxy: docs/deploy.md).
  const address = await app.listen({ host: listenHost, port: Number(values.port) });
  console.log(`API centrale Presidio in ascolto su ${address} (${database.dialect === 'postgres' ? 'PostgreSQL' : `SQLite in ${dataDirectory}`})`);
  const transport = mailSettings.smtpUrl ? createSmtpTransport(mailSettings.smtpUrl) : createDropFolderTransport(mailSettings.dropFolder);
  const mailWorker = createMailWorker({ database, transport, settings: mailSettings, log: app.log, scheduled: [monthlyStatementSchedule(database.db, mailSettings.publicUrl)] });
  mailWorker.start();
  // The embedded database backs itself up daily (PostgreSQL: pg_dump by the operator, docs/operations.md).
  const backups =
    database.dialect === 'sqlite'
      ? startBackupSchedule({
          dataDirectory,
          targetRoot: resolve(process.env['PRESIDIO_BACKUP_DIR'] || join(dataDirectory, 'backups')),
          keepDays: readKeepDays(process.env['PRESIDIO_BACKUP_KEEP_DAYS']),
          appVersion: version,
          log: app.log,
        })
      : null;
  // The support mailbox: replies and new requests by mail reach the tickets (docs/operations.md).
  const inbox = imapLocation
    ? createImapInbox({ location: imapLocation, database, settings: { ownAddresses: [mailAddressOf(mailSettings.from)], attachmentFolder: join(dataDirectory, 'attachments'), voicemail }, log: app.log })
    : null;
  inbox?.start();
  // Replies on WhatsApp requests go out through the platform.
  const whatsAppSender = createWhatsAppSender({ database, settings: whatsAppSettingsSource(database.db, secretBox, whatsApp).current, log: app.log });
  whatsAppSender.start();
  console.log(imapLocation ? `Posta in arrivo: ${imapLocation.user}@${imapLocation.host}/${imapLocation.mailbox}` : 'Posta in arrivo: non letta (imposta PRESIDIO_IMAP_URL per leggere la casella dell’assistenza)');
  console.log(`Portale clienti: ${mailSettings.publicUrl}/portal/`);
  console.log(`E-mail ai clienti: ${transport.description}${mailSettings.smtpUrl ? '' : ' (imposta PRESIDIO_SMTP_URL per inviarle davvero)'}; link pubblico ${mailSettings.publicUrl}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'arresto in corso');
    await mailWorker.stop();
    await inbox?.stop();
    whatsAppSender.stop();
    await backups?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
