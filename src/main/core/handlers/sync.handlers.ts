import type { HandlerDeps, HandlerGroup } from './handler-deps.ts';

/** Signing in and out, syncing, and what the server refused or this replica could not store. */
export const syncHandlers = ({ sync }: HandlerDeps): HandlerGroup<'sync.status' | 'sync.login' | 'sync.forgotPassword' | 'sync.logout' | 'sync.now' | 'sync.rejected' | 'sync.discard' | 'sync.quarantine' | 'sync.realign' | 'sync.retry'> => ({
  'sync.status': () => sync.status(),
  'sync.login': ({ serverUrl, email, password }) => sync.login(serverUrl, email, password),
  'sync.forgotPassword': ({ serverUrl, email }) => sync.forgotPassword(serverUrl, email),
  'sync.logout': () => sync.logout(),
  'sync.now': () => sync.syncNow(),
  'sync.rejected': () => sync.rejected(),
  'sync.discard': ({ mutationId }) => {
    sync.discardRejected(mutationId);
    return sync.status();
  },
  'sync.quarantine': () => sync.quarantined(),
  'sync.realign': () => sync.realign(),
  'sync.retry': ({ mutationId }) => {
    sync.retryRejected(mutationId);
    return sync.status();
  },
});
