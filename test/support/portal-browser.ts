import { expect } from 'vitest';
import type { TestServer } from './server-fixture.ts';

export type Envelope = { ok: boolean; value?: any; error?: { code: string; message: string } };

/** A customer's browser: keeps the session cookie and the CSRF token like the portal app does. */
export const portalBrowser = (server: TestServer) => {
  let cookie = '';
  let csrf = '';
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    const text = await response.text();
    return { status: response.status, setCookie: set, text, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Envelope };
  };
  /** Sends a file's bytes as the portal's upload does (`x-file-name`, CSRF token). */
  const upload = async (bytes: Uint8Array, name: string) => {
    const response = await fetch(`${server.url}/portal/api/attachments`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name), cookie, 'x-csrf-token': csrf },
      body: bytes,
    });
    const text = await response.text();
    return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Envelope };
  };
  /** A file as the browser gets it: status, type, headers, bytes. */
  const download = async (path: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
    return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  return {
    call,
    upload,
    download,
    login: async (email: string, password: string) => {
      const answer = await call('POST', '/portal/api/login', { email, password });
      if (answer.body.ok) csrf = answer.body.value.csrfToken;
      return answer;
    },
    forgetCsrf: () => (csrf = ''),
  };
};

/** Invites a contact (as a lead) and accepts the invite with the link the mail carries; answers the link's token. */
export const invitePortalContact = async (server: TestServer, leadToken: string, customerId: string, email: string, password = 'password-del-cliente') => {
  const invited = await server.call('POST', '/portal-admin/invite', { customerId, email, name: `Contatto ${email}` }, leadToken);
  expect(invited.body.ok).toBe(true);
  const mail = await server.db.selectFrom('mail_outbox').select('body').where('recipient', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const token = /\/portal\/#\/invito\/([A-Za-z0-9_-]+)/.exec(mail.body ?? '')?.[1] ?? '';
  const accepted = await fetch(`${server.url}/portal/api/invite/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password }) });
  expect(accepted.status).toBe(200);
  return token;
};
