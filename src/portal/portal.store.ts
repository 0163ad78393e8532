import { z } from 'zod';
import { create } from 'zustand';
import { portalSessionSchema, type PortalSession } from '../shared/portal-api/portal-api.ts';
import { PortalError, portalCall, setCsrfToken } from './portal-client.ts';

type SessionState = {
  session: PortalSession | null;
  /** True until the first check of the cookie answered. */
  checking: boolean;
  check: () => Promise<void>;
  login: (email: string, password: string) => Promise<string | null>;
  logout: () => Promise<void>;
};

const remember = (session: PortalSession | null) => {
  setCsrfToken(session?.csrfToken ?? '');
  return session;
};

export const usePortalSession = create<SessionState>((set) => ({
  session: null,
  checking: true,
  check: async () => {
    try {
      set({ session: remember(await portalCall('GET', '/session', portalSessionSchema)), checking: false });
    } catch {
      set({ session: remember(null), checking: false });
    }
  },
  login: async (email, password) => {
    try {
      set({ session: remember(await portalCall('POST', '/login', portalSessionSchema, { email, password })) });
      return null;
    } catch (error) {
      return error instanceof PortalError ? error.message : 'Accesso non riuscito.';
    }
  },
  logout: async () => {
    await portalCall('POST', '/logout', z.object({ loggedOut: z.literal(true) })).catch(() => undefined);
    set({ session: remember(null) });
  },
}));
