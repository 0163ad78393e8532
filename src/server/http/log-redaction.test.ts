import { describe, expect, it } from 'vitest';
import { redactRequestTarget } from './log-redaction.ts';

describe('request targets in the log', () => {
  it('keeps the route, drops one-use secrets from paths and query strings', () => {
    expect(redactRequestTarget('/feedback/AbCdEfGhIjKlMnOpQrStUvWxYz012345')).toBe('/feedback/[redatto]');
    expect(redactRequestTarget('/feedback/AbCd?x=1')).toBe('/feedback/[redatto]?x=1');
    expect(redactRequestTarget('/auth/password-reset/abc')).toBe('/auth/password-reset/[redatto]');
    expect(redactRequestTarget('/portal/api/x?token=s3cret&month=2026-11&Key=k')).toBe('/portal/api/x?token=[redatto]&month=2026-11&Key=[redatto]');
    expect(redactRequestTarget('/sync/pull')).toBe('/sync/pull');
    expect(redactRequestTarget('/reports/statements/2026-11.csv')).toBe('/reports/statements/2026-11.csv');
  });
});
