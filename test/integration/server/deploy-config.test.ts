import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseListenHost } from '../../../src/server/http/proxy-config.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** The deployment files docs/deploy.md ships, and the rule for listening beyond loopback. */
describe('deployment', () => {
  it('the Caddy configuration is valid for Caddy itself', () => {
    // npm test installs Debian's caddy where it may; elsewhere the check says what is missing.
    expect(existsSync('/usr/bin/caddy'), 'caddy non installato: apt-get install -y caddy').toBe(true);
    const output = execFileSync('/usr/bin/caddy', ['validate', '--config', join(root, 'docs/deploy/Caddyfile'), '--adapter', 'caddyfile'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toMatch(/Valid configuration/);
  });

  it('the unit runs the API as its own user, stops it with SIGTERM and gives it a port per instance', () => {
    const unit = readFileSync(join(root, 'docs/deploy/presidio-api@.service'), 'utf8');
    expect(unit).toContain('ExecStart=/opt/presidio/node_modules/.bin/node src/server/main.ts --port %i');
    expect(unit).toContain('User=presidio');
    expect(unit).toContain('KillSignal=SIGTERM');
    expect(unit).toContain('EnvironmentFile=/etc/presidio/api.env');
  });

  it('listens beyond loopback only with a trusted proxy and an allow-list of Host names', () => {
    expect(parseListenHost({})).toBe('127.0.0.1');
    expect(parseListenHost({ PRESIDIO_HOST: '::1' })).toBe('::1');
    expect(() => parseListenHost({ PRESIDIO_HOST: '0.0.0.0' })).toThrow(/richiede anche PRESIDIO_TRUST_PROXY/);
    expect(() => parseListenHost({ PRESIDIO_HOST: '0.0.0.0', PRESIDIO_TRUST_PROXY: '10.0.0.5' })).toThrow(/PRESIDIO_ALLOWED_HOSTS/);
    expect(parseListenHost({ PRESIDIO_HOST: '10.0.0.10', PRESIDIO_TRUST_PROXY: '10.0.0.5', PRESIDIO_ALLOWED_HOSTS: 'assistenza.example.it' })).toBe('10.0.0.10');
    expect(() => parseListenHost({ PRESIDIO_HOST: 'tutti' })).toThrow(/non è un indirizzo IP/);
  });
});
