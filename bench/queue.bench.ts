import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from '../playwright.config.ts';
import { createCore } from '../src/main/core/core.ts';
import { seedDemoData } from '../src/main/core/seed/demo-seed.ts';
import { startWebHost } from '../src/web-host/web-host.ts';

const root = join(import.meta.dirname, '..');

/**
 * The queue at 50,000 tickets, measured in the real renderer in Chromium through the browser
 * host: time to the first rendered rows, and search latency (as the technician feels it,
 * including the 200 ms typing pause, and the query alone in the core).
 */
export const runQueueBench = async (tickets = 50_000) => {
  console.log(`\n# queue (${tickets.toLocaleString('en-US')} tickets, renderer in Chromium via the browser host)`);
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'ignore' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'presidio-bench-queue-'));
  const core = createCore({ dataDirectory: dir, host: 'browser', version: 'bench' });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    await seedDemoData(core.local.db, { tickets });
    const host = await startWebHost({ core, rendererDirectory: join(root, 'out', 'renderer') });

    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    const loadStarted = performance.now();
    await page.goto(host.url);
    await page.locator('.ticket-row .ticket-number').first().waitFor();
    const firstRender = performance.now() - loadStarted;
    const rendered = await page.locator('.ticket-row').count();
    console.log(`time to first rendered queue: ${firstRender.toFixed(0)} ms (${rendered} rows in the page out of ${tickets.toLocaleString('en-US')})`);

    const searches = ['stampante fiscale', 'T-2026-04242', 'barcode', 'Rossi'];
    const felt: number[] = [];
    for (const term of searches) {
      // Waiting through locators, never code evaluated in the page: the renderer's CSP forbids eval.
      // The count once loaded ("N ticket"), never "Caricamento…".
      const counter = page.locator('#ticket-list-title + span', { hasText: /\d ticket$/ });
      const before = (await counter.textContent()) ?? '';
      const started = performance.now();
      await page.getByRole('searchbox').fill(term);
      await page.locator('#ticket-list-title + span', { hasNotText: before }).waitFor();
      // Either rows or the empty-state message: a search may rightly find nothing.
      await page.locator('.ticket-row .ticket-number').first().or(page.getByText('Nessun ticket trovato.')).waitFor();
      felt.push(performance.now() - started);
      await page.getByRole('searchbox').fill('');
      await page.locator('#ticket-list-title + span', { hasText: before }).waitFor();
    }
    const queryOnly: number[] = [];
    for (const term of searches) {
      const started = performance.now();
      await core.handlers['tickets.list']({ scope: 'all', search: term, offset: 0, limit: 100 });
      queryOnly.push(performance.now() - started);
    }
    const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    console.log(`search latency as felt (typing pause of 200 ms included): avg ${average(felt).toFixed(0)} ms, max ${Math.max(...felt).toFixed(0)} ms`);
    console.log(`search query in the core (FTS5 + count + first page): avg ${average(queryOnly).toFixed(1)} ms, max ${Math.max(...queryOnly).toFixed(1)} ms`);

    const scrollStarted = performance.now();
    const scroller = page.locator('.ticket-scroller');
    const box = await scroller.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const { height } = (await scroller.boundingBox()) ?? { height: 800 };
    // A scroll wheel jump to the middle: the list asks for the rows it now shows.
    await page.mouse.wheel(0, (tickets / 2) * 92 - height);
    await page.locator('.ticket-row .ticket-number').first().waitFor();
    await page.locator('.ticket-row.placeholder').first().waitFor({ state: 'detached' });
    console.log(`jump to the middle of the queue and show its rows: ${(performance.now() - scrollStarted).toFixed(0)} ms`);
    await host.close();
  } finally {
    await browser.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
