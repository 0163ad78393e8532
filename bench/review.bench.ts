import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from '../playwright.config.ts';
import { createCore } from '../src/main/core/core.ts';
import { writeTransaction } from '../src/main/core/db/write-transaction.ts';
import { writeSetting } from '../src/main/core/settings/settings.repository.ts';
import { startWebHost } from '../src/web-host/web-host.ts';
import { newId } from '../src/shared/ids.ts';
import type { BillingFigures } from '../src/shared/model/billing.schema.ts';

const root = join(import.meta.dirname, '..');

/**
 * «Giornata del team» for a day of `technicians` × `perTechnician` interventions, in the real
 * renderer in Chromium through the browser host: from opening the screen to the table drawn.
 */
export const runReviewBench = async ({ technicians = 50, perTechnician = 40 } = {}) => {
  console.log(`\n# team review (${technicians} technicians × ${perTechnician} interventions, renderer in Chromium via the browser host)`);
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'ignore' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'presidio-bench-review-'));
  const core = createCore({ dataDirectory: dir, host: 'browser', version: 'bench' });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const day = '2026-11-25';
    const sqlite = core.local.sqlite;
    const at = '2026-11-25T07:00:00.000Z';
    const leadId = newId();
    writeTransaction(sqlite, () => {
      const insertUser = sqlite.prepare('INSERT INTO users (id, display_name, email, role) VALUES (?, ?, ?, ?)');
      insertUser.run(leadId, 'Giulia Ferrari', 'giulia@bench.it', 'team_lead');
      const customerId = newId();
      sqlite
        .prepare('INSERT INTO customers (id, code, name, city, free_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)')
        .run(customerId, 'C1', 'Ottica Bianchi', 'Lecco', at, at);
      const insertTicket = sqlite.prepare(
        "INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES (?, ?, ?, 'phone', ?, '', 'P3', 'in_progress', 0, ?, ?)",
      );
      const insertIntervention = sqlite.prepare(
        "INSERT INTO interventions (id, ticket_id, technician_id, mode, activity, backup_check, status, notes, started_at, stopped_at, created_at, updated_at, billing_json) VALUES (?, ?, ?, 'remote', 'software_assistance', 'confirmed', 'stopped', '', ?, ?, ?, ?, ?)",
      );
      const insertSegment = sqlite.prepare('INSERT INTO timer_segments (id, intervention_id, started_at, ended_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)');
      for (let t = 0; t < technicians; t++) {
        const technicianId = newId();
        insertUser.run(technicianId, `Tecnico ${String(t + 1).padStart(2, '0')}`, `t${t}@bench.it`, 'technician');
        for (let i = 0; i < perTechnician; i++) {
          const ticketId = newId();
          insertTicket.run(ticketId, `B-${t}-${i}`, customerId, `Richiesta ${i}`, at, at);
          const started = new Date(Date.parse(at) + i * 12 * 60_000).toISOString();
          const stopped = new Date(Date.parse(started) + 10 * 60_000).toISOString();
          const billing = {
            policyVersion: 'bench',
            tier: i % 3 === 0 ? 'billable' : 'standard',
            reasons: [],
            flags: [],
            workedSeconds: 600,
            billedMinutes: i % 3 === 0 ? 60 : 0,
            allocation: [],
            invoicedMinutes: i % 3 === 0 ? 60 : 0,
            netCents: i % 3 === 0 ? 8000 : 0,
            vatCents: i % 3 === 0 ? 1760 : 0,
            grossCents: i % 3 === 0 ? 9760 : 0,
            evaluatedAt: stopped,
          } satisfies BillingFigures;
          const interventionId = newId();
          insertIntervention.run(interventionId, ticketId, technicianId, started, stopped, started, stopped, JSON.stringify(billing));
          insertSegment.run(newId(), interventionId, started, stopped, stopped);
        }
      }
      // Signed in as the team lead (the review needs the role; no server is involved in reading it).
      writeSetting(sqlite, 'sync.session', {
        serverUrl: 'http://127.0.0.1:1',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: { id: leadId, email: 'giulia@bench.it', displayName: 'Giulia Ferrari', role: 'team_lead' },
      });
    });
    const host = await startWebHost({ core, rendererDirectory: join(root, 'out', 'renderer') });
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Giornata del team' }).waitFor();
    const runs: number[] = [];
    for (const run of [0, 1, 2]) {
      // Away and back: each run mounts the screen and asks the core for the day afresh.
      await page.getByRole('link', { name: 'Coda' }).click();
      const started = performance.now();
      await page.getByRole('link', { name: 'Giornata del team' }).click();
      await page.getByLabel('Giorno', { exact: true }).fill(day);
      await page.getByRole('table', { name: 'Tecnici del giorno' }).getByRole('row').nth(technicians).waitFor();
      runs.push(performance.now() - started);
      if (run === 0) await page.getByRole('button', { name: 'Tecnico 01' }).click();
    }
    // The slowest of the runs: the figure a team lead may meet.
    const slowest = Math.max(...runs);
    console.log(`team review render: ${slowest.toFixed(0)} ms (slowest of ${runs.length} runs: ${runs.map((value) => value.toFixed(0)).join(', ')} ms; ${(technicians * perTechnician).toLocaleString('en-US')} interventions)`);
    await host.close();
  } finally {
    await browser.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
