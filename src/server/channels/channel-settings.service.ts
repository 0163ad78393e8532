import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { whatsAppSettingsInputSchema } from '../../shared/channels/channel-settings.ts';
import { AppFailure } from '../../shared/result.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { writeAudit } from '../review/audit.repository.ts';
import type { SecretBox } from './secret-box.ts';
import { hashVerifyToken, type WhatsAppSettings } from './whatsapp.service.ts';

type Db = Kysely<ServerDatabase>;
type Secrets = { appSecret: string; accessToken: string };

/** The WhatsApp settings an admin saved (their secrets opened with the box), or null when none. */
export const loadStoredWhatsAppSettings = async (db: Db, box: SecretBox): Promise<WhatsAppSettings | null> => {
  const row = await db.selectFrom('channel_settings').selectAll().where('channel', '=', 'whatsapp').executeTakeFirst();
  if (!row) return null;
  const plain = JSON.parse(row.settings_json) as { phoneNumberId: string; apiUrl: string; template: string | null };
  const secrets = JSON.parse(box.open(row.secrets_sealed)) as Secrets;
  return { ...plain, ...secrets, verifyTokenHash: row.verify_token_hash };
};

/**
 * An admin sets WhatsApp up (or changes it): the app secret and access token sealed, the verify
 * token kept as a hash, the rest in clear; empty secrets keep the stored ones (the first save needs
 * all three). Audited with what changed, never a secret's value.
 */
export const saveWhatsAppSettings = async (db: Db, box: SecretBox, user: AuthenticatedUser, input: z.output<typeof whatsAppSettingsInputSchema>, now: Date) => {
  if (user.role !== 'admin') throw new AppFailure('forbidden', 'La configurazione dei canali è degli amministratori.');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('channel_settings').selectAll().where('channel', '=', 'whatsapp').executeTakeFirst();
    const kept = before ? (JSON.parse(box.open(before.secrets_sealed)) as Secrets) : null;
    const appSecret = input.appSecret.trim() || kept?.appSecret;
    const accessToken = input.accessToken.trim() || kept?.accessToken;
    const verifyTokenHash = input.verifyToken.trim() ? hashVerifyToken(input.verifyToken.trim()) : before?.verify_token_hash;
    if (!appSecret || !accessToken || !verifyTokenHash) throw new AppFailure('invalid_argument', 'La prima volta servono il token di verifica, il segreto dell’app e il token di accesso.');
    const settings = { phoneNumberId: input.phoneNumberId, apiUrl: input.apiUrl.replace(/\/+$/, ''), template: input.template?.trim() || null };
    const values = { settings_json: JSON.stringify(settings), secrets_sealed: box.seal(JSON.stringify({ appSecret, accessToken })), verify_token_hash: verifyTokenHash, updated_at: at, updated_by: user.id };
    await trx.insertInto('channel_settings').values({ channel: 'whatsapp', ...values }).onConflict((oc) => oc.column('channel').doUpdateSet(values)).execute();
    const changed = [...(input.verifyToken.trim() ? ['token di verifica'] : []), ...(input.appSecret.trim() ? ['segreto dell’app'] : []), ...(input.accessToken.trim() ? ['token di accesso'] : [])];
    await writeAudit(trx, user.id, { entity: 'channel_settings', entityId: 'whatsapp', action: 'channels.whatsapp', before: before ? JSON.parse(before.settings_json) : null, after: { ...settings, segretiCambiati: changed }, reason: 'Configurazione di WhatsApp' }, at);
    return { ...settings, configured: true };
  });
};

/**
 * Where the API reads WhatsApp's settings: what an admin saved, else the environment's first setup;
 * read again at most every 5 seconds (and at once after a save), so a change needs no restart.
 */
export const whatsAppSettingsSource = (db: Db, box: SecretBox, fromEnvironment: WhatsAppSettings | null) => {
  let cached: { at: number; value: WhatsAppSettings | null } | null = null;
  return {
    current: async (): Promise<WhatsAppSettings | null> => {
      if (cached && Date.now() - cached.at < 5_000) return cached.value;
      const value = (await loadStoredWhatsAppSettings(db, box)) ?? fromEnvironment;
      cached = { at: Date.now(), value };
      return value;
    },
    forget: () => {
      cached = null;
    },
  };
};
