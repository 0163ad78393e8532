import type { HandlerDeps, HandlerGroup } from './handler-deps.ts';

type AdminChannel =
  | 'admin.exportPersonalData'
  | 'admin.eraseContact'
  | 'admin.import'
  | 'admin.users'
  | 'admin.createUser'
  | 'admin.setRole'
  | 'admin.setDisabled'
  | 'admin.sendReset'
  | 'admin.channels'
  | 'admin.ctiKeys'
  | 'admin.issueCtiKey'
  | 'admin.revokeCtiKey'
  | 'admin.setWhatsApp';

/** An admin's work that lives on the API (accounts, the switch-over's import): online only, refused to others here too. */
export const adminHandlers = ({
  online,
  assertAdminSignedIn,
  emit,
}: HandlerDeps): HandlerGroup<AdminChannel> => {
  const adminOnline = <T>(run: Parameters<typeof online.online<T>>[0]): Promise<T> => {
    assertAdminSignedIn('Questa funzione è riservata agli amministratori.');
    return online.online(run);
  };
  return {
    'admin.users': () => adminOnline((api) => api.users.list()),
    'admin.channels': () => adminOnline((api) => api.channels.status()),
    'admin.ctiKeys': () => adminOnline((api) => api.channels.ctiKeys()),
    'admin.issueCtiKey': ({ label }) => adminOnline((api) => api.channels.issueCtiKey(label)),
    'admin.revokeCtiKey': ({ id }) => adminOnline((api) => api.channels.revokeCtiKey(id)),
    'admin.setWhatsApp': (input) => adminOnline((api) => api.channels.setWhatsApp(input)),
    'admin.exportPersonalData': ({ subject, format }) =>
      adminOnline(async (api) => {
        const id = 'customerId' in subject ? subject.customerId : subject.contactId;
        if (format === 'pdf') {
          const file = await api.privacy.exportPdf(subject);
          return {
            fileName: `dati-personali-${id}.pdf`,
            mimeType: 'application/pdf' as const,
            base64: file.bytes.toString('base64'),
          };
        }
        const data = await api.privacy.exportJson(subject);
        return {
          fileName: `dati-personali-${id}.json`,
          mimeType: 'application/json' as const,
          base64: Buffer.from(JSON.stringify(data, null, 2)).toString('base64'),
        };
      }),
    'admin.eraseContact': ({ contactId, reason }) =>
      adminOnline((api) => api.privacy.eraseContact(contactId, reason)),
    'admin.createUser': (request) => adminOnline((api) => api.users.create(request)),
    'admin.setRole': (request) => adminOnline((api) => api.users.setRole(request)),
    'admin.setDisabled': (request) => adminOnline((api) => api.users.setDisabled(request)),
    'admin.sendReset': ({ id }) => adminOnline((api) => api.users.sendReset(id)),
    'admin.import': (upload) => {
      assertAdminSignedIn('Solo un amministratore può importare l’anagrafica.');
      // Progress reaches the screen as events while the one call is answered at the end.
      return online.online((api) =>
        api.importFile(upload, (progress) =>
          emit('import.progress', { fileName: upload.fileName, ...progress }),
        ),
      );
    },
  };
};
