import { notApplicableUpdateStatus } from '../../../shared/updates/update-status.ts';
import { writeSetting } from '../settings/settings.repository.ts';
import { listTeam } from '../users/user.repository.ts';
import type { HandlerDeps, HandlerGroup } from './handler-deps.ts';

/** The application itself: what it is, the computer's idle time, updates and the team's names. */
export const appHandlers = ({ app, local, updates }: HandlerDeps): HandlerGroup<'app.info' | 'system.idle' | 'update.status' | 'update.setChannel' | 'users.list'> => ({
  'app.info': () => ({ version: app.version, host: app.host, dataDirectory: app.dataDirectory, schemaVersion: app.schemaVersion }),
  'system.idle': () => ({ idleSeconds: app.systemIdleSeconds ? app.systemIdleSeconds() : null }),
  'update.status': () => updates.source()?.status() ?? notApplicableUpdateStatus(updates.channel()),
  'update.setChannel': ({ channel }) => {
    writeSetting(local.sqlite, 'update.channel', channel);
    const source = updates.source();
    return source ? source.setChannel(channel) : notApplicableUpdateStatus(channel);
  },
  'users.list': () => listTeam(local.db),
});
