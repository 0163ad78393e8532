import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { defaultPortalPages, portalPageSlugs, type PortalPage, type PortalPageSlug, type setDeskSettingsRequestSchema, type setPortalPageRequestSchema } from '../../shared/portal-content/portal-pages.ts';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { readReopenWithinDays } from '../conversation/conversation.service.ts';

type Db = Kysely<ServerDatabase>;

const assertLeadUser = (user: AuthenticatedUser) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Le pagine del portale sono curate dai team leader e dagli amministratori.');
};

/** A page as the portal shows it: the lead's text, or the desk's default until they write one. */
export const readPortalPage = async (db: Db, slug: PortalPageSlug): Promise<PortalPage> => {
  const row = await db.selectFrom('portal_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? { slug, title: row.title, body: row.body, updatedAt: row.updated_at } : { slug, ...defaultPortalPages[slug], updatedAt: null };
};

export const readPortalContent = async (db: Db, user: AuthenticatedUser) => {
  assertLeadUser(user);
  const pages = await Promise.all(portalPageSlugs.map((slug) => readPortalPage(db, slug)));
  return { pages, settings: { reopenWithinDays: await readReopenWithinDays(db) } };
};

/** A lead rewrites a page; the text before and after is audited. */
export const setPortalPage = async (db: Db, user: AuthenticatedUser, input: z.output<typeof setPortalPageRequestSchema>, now: Date): Promise<PortalPage> => {
  assertLeadUser(user);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await readPortalPage(trx, input.slug);
    const values = { title: input.title.trim(), body: input.body, updated_at: at, updated_by: user.id };
    await trx.insertInto('portal_pages').values({ slug: input.slug, ...values }).onConflict((oc) => oc.column('slug').doUpdateSet(values)).execute();
    await writeAudit(trx, user.id, { entity: 'portal_page', entityId: input.slug, action: 'portal.page', before: { title: before.title, body: before.body }, after: { title: values.title, body: values.body }, reason: 'Pagina del portale aggiornata' }, at);
    return { slug: input.slug, title: values.title, body: values.body, updatedAt: at };
  });
};

/** A lead changes how long after closing a customer's message reopens a request; audited. */
export const setDeskSettings = async (db: Db, user: AuthenticatedUser, input: z.output<typeof setDeskSettingsRequestSchema>, now: Date) => {
  assertLeadUser(user);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await readReopenWithinDays(trx);
    const values = { value: String(input.reopenWithinDays), updated_at: at, updated_by: user.id };
    await trx.insertInto('desk_settings').values({ key: 'reopen_within_days', ...values }).onConflict((oc) => oc.column('key').doUpdateSet(values)).execute();
    await writeAudit(trx, user.id, { entity: 'desk_settings', entityId: 'reopen_within_days', action: 'desk.settings', before: { reopenWithinDays: before }, after: input, reason: 'Regola di riapertura delle richieste' }, at);
    return { reopenWithinDays: input.reopenWithinDays };
  });
};
