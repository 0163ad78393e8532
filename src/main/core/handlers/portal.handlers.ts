import type { ApiClient } from '../sync/api-client.ts';
import type { HandlerDeps, HandlerGroup } from './handler-deps.ts';

type PortalChannel =
  | 'portal.invite'
  | 'portal.contacts'
  | 'portal.disableContact'
  | 'portal.offers'
  | 'portal.setOffer'
  | 'portal.orders'
  | 'portal.confirmOrder'
  | 'portal.cancelOrder'
  | 'intake.keys'
  | 'intake.issueKey'
  | 'intake.revokeKey'
  | 'mail.unsorted'
  | 'portal.content'
  | 'portal.consumption'
  | 'portal.setPage'
  | 'portal.setSettings'
  | 'mail.fileUnsorted'
  | 'mail.discardUnsorted';

/** A lead's administration that lives on the API (the portal, J2K keys): online only, and refused to others here too. */
export const portalHandlers = ({ online, assertLeadSignedIn }: HandlerDeps): HandlerGroup<PortalChannel> => {
  const leadOnline = <T>(read: (api: ApiClient) => Promise<T>): Promise<T> => {
    assertLeadSignedIn('Questa funzione è riservata ai team leader e agli amministratori.');
    return online.online(read);
  };
  return {
    'portal.invite': (request) => leadOnline((api) => api.portal.invite(request)),
    'portal.contacts': ({ customerId }) => leadOnline((api) => api.portal.contacts(customerId)),
    'portal.disableContact': ({ id }) => leadOnline((api) => api.portal.disableContact(id)),
    'portal.offers': () => leadOnline((api) => api.portal.offers()),
    'portal.setOffer': (request) => leadOnline((api) => api.portal.setOffer(request)),
    'portal.orders': () => leadOnline((api) => api.portal.orders()),
    'portal.confirmOrder': ({ id }) => leadOnline((api) => api.portal.confirmOrder(id)),
    'portal.cancelOrder': ({ id }) => leadOnline((api) => api.portal.cancelOrder(id)),
    'intake.keys': ({ customerId }) => leadOnline((api) => api.intake.keys(customerId)),
    'intake.issueKey': ({ customerId, label }) => leadOnline((api) => api.intake.issueKey(customerId, label)),
    'intake.revokeKey': ({ id }) => leadOnline((api) => api.intake.revokeKey(id)),
    'portal.content': () => leadOnline((api) => api.portal.content()),
    'portal.consumption': () => leadOnline((api) => api.portal.consumption()),
    'portal.setPage': (request) => leadOnline((api) => api.portal.setPage(request)),
    'portal.setSettings': (request) => leadOnline((api) => api.portal.setSettings(request)),
    'mail.unsorted': () => leadOnline((api) => api.unsortedMail.list()),
    'mail.fileUnsorted': (request) => leadOnline((api) => api.unsortedMail.file(request)),
    'mail.discardUnsorted': (request) => leadOnline((api) => api.unsortedMail.discard(request)),
  };
};
