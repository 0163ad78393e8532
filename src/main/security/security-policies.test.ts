import { describe, expect, it } from 'vitest';
import { rendererLocation } from './dev-switches.ts';
import { isAllowedHost, isAllowedRequestSource, loopbackHostsFor, loopbackOriginsFor } from './request-origin-policy.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import {
  decideWindowOpen,
  isExternalUrlAllowed,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedIpcSender,
  packagedAppOrigin,
} from './navigation-policy.ts';
import { secureWebPreferences } from './web-preferences.ts';

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and disables Node and webview', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('contentSecurityPolicy', () => {
  it('forbids inline code and eval in production', () => {
    const policy = contentSecurityPolicy({ development: false });
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('unsafe-inline');
  });
  it('opens only the dev server in development, still without eval', () => {
    const policy = contentSecurityPolicy({ development: true, devServerOrigin: 'http://localhost:5173' });
    expect(policy).toContain('connect-src \'self\' http://localhost:5173 ws://localhost:5173');
    expect(policy).not.toContain('unsafe-eval');
  });
});

describe('navigation', () => {
  it('allows only the app origin', () => {
    expect(isNavigationAllowed(`${packagedAppOrigin}/index.html`, packagedAppOrigin)).toBe(true);
    expect(isNavigationAllowed('app://evil/index.html', packagedAppOrigin)).toBe(false);
    expect(isNavigationAllowed('https://example.com/', packagedAppOrigin)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', packagedAppOrigin)).toBe(false);
    expect(isNavigationAllowed('not a url', packagedAppOrigin)).toBe(false);
    expect(isNavigationAllowed('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isNavigationAllowed('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });
});

describe('window.open and external links', () => {
  it('never opens a new window; sends allow-listed https links to the browser', () => {
    expect(decideWindowOpen('https://www.leotron.it/supporto')).toEqual({ action: 'deny', openExternally: true });
    expect(decideWindowOpen('http://www.leotron.it/')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('https://evil.example/')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen(`${packagedAppOrigin}/x`)).toEqual({ action: 'deny', openExternally: false });
  });
  it('refuses credentials, other schemes and look-alike hosts', () => {
    expect(isExternalUrlAllowed('https://user:pw@www.leotron.it/')).toBe(false);
    expect(isExternalUrlAllowed('https://www.leotron.it.evil.example/')).toBe(false);
    expect(isExternalUrlAllowed('javascript:alert(1)')).toBe(false);
    expect(isExternalUrlAllowed('https://docs.example/', ['docs.example'])).toBe(true);
  });
});

describe('permissions and IPC senders', () => {
  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(isPermissionGranted(permission, `${packagedAppOrigin}/`)).toBe(false);
    }
  });
  it('trusts only the top frame of the app origin', () => {
    expect(isTrustedIpcSender({ url: `${packagedAppOrigin}/index.html`, isTopFrame: true }, packagedAppOrigin)).toBe(true);
    expect(isTrustedIpcSender({ url: `${packagedAppOrigin}/index.html`, isTopFrame: false }, packagedAppOrigin)).toBe(false);
    expect(isTrustedIpcSender({ url: 'https://evil.example/', isTopFrame: true }, packagedAppOrigin)).toBe(false);
    expect(isTrustedIpcSender(null, packagedAppOrigin)).toBe(false);
  });
});

describe('development switches', () => {
  const packagedOrigin = 'app://presidio';
  it('a packaged console ignores the dev-server variable', () => {
    expect(rendererLocation({ isPackaged: true, devServerUrl: 'http://localhost:5173/', packagedOrigin })).toEqual({
      appOrigin: packagedOrigin,
      startUrl: 'app://presidio/index.html',
      development: false,
    });
    expect(rendererLocation({ isPackaged: true, devServerUrl: 'https://evil.example/', packagedOrigin }).appOrigin).toBe(packagedOrigin);
  });

  it('in development, follows a dev server on this machine only', () => {
    expect(rendererLocation({ isPackaged: false, devServerUrl: 'http://localhost:5173/', packagedOrigin })).toEqual({
      appOrigin: 'http://localhost:5173',
      startUrl: 'http://localhost:5173/',
      development: true,
    });
    expect(rendererLocation({ isPackaged: false, devServerUrl: 'https://evil.example/', packagedOrigin }).appOrigin).toBe(packagedOrigin);
    expect(rendererLocation({ isPackaged: false, devServerUrl: 'not a url', packagedOrigin }).appOrigin).toBe(packagedOrigin);
    expect(rendererLocation({ isPackaged: false, devServerUrl: undefined, packagedOrigin }).appOrigin).toBe(packagedOrigin);
  });
});

describe('loopback request sources', () => {
  const origins = loopbackOriginsFor(5180);
  it('accepts our own page and non-browser clients, refuses foreign and cross-site callers', () => {
    expect(isAllowedHost('127.0.0.1:5180', loopbackHostsFor(5180))).toBe(true);
    expect(isAllowedHost('LOCALHOST:5180', loopbackHostsFor(5180))).toBe(true);
    expect(isAllowedHost('rebound.example:5180', loopbackHostsFor(5180))).toBe(false);
    expect(isAllowedRequestSource({ host: undefined, origin: 'http://127.0.0.1:5180', fetchSite: 'same-origin' }, origins)).toBe(true);
    expect(isAllowedRequestSource({ host: undefined, origin: undefined, fetchSite: undefined }, origins)).toBe(true);
    expect(isAllowedRequestSource({ host: undefined, origin: 'http://127.0.0.1:5181', fetchSite: undefined }, origins)).toBe(false);
    expect(isAllowedRequestSource({ host: undefined, origin: 'null', fetchSite: undefined }, origins)).toBe(false);
    expect(isAllowedRequestSource({ host: undefined, origin: undefined, fetchSite: 'cross-site' }, origins)).toBe(false);
    expect(isAllowedRequestSource({ host: undefined, origin: undefined, fetchSite: 'same-site' }, origins)).toBe(false);
  });
});
