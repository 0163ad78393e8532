import type { HandlerDeps, HandlerGroup } from './handler-deps.ts';

type AdminChannel = 'admin.import';

/** An admin's work that lives on the API (the switch-over's import): online only, refused to others here too. */
export const adminHandlers = ({ online, assertAdminSignedIn, emit }: HandlerDeps): HandlerGroup<AdminChannel> => ({
  'admin.import': (upload) => {
    assertAdminSignedIn('Solo un amministratore può importare l’anagrafica.');
    // Progress reaches the screen as events while the one call is answered at the end.
    return online.online((api) => api.importFile(upload, (progress) => emit('import.progress', { fileName: upload.fileName, ...progress })));
  },
});
