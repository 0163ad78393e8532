import { describe, expect, it } from 'vitest';
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
