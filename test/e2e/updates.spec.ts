import type { UpdateStatus } from '../../src/shared/updates/update-status.ts';
import { expect, test } from './console.fixture.ts';

test('updates: the browser host says they do not apply; a downloaded update shows in the header, with why it waits', async ({ page, console: { core, host } }, testInfo) => {
  // Updates belong to the workstation: the panel says so even before anyone signs in.
  await page.goto(host.url);
  await page.locator('.sync-bar').getByRole('button').first().click();
  const panel = page.getByRole('region', { name: 'Sincronizzazione' });
  await expect(panel).toContainText('Gli aggiornamenti riguardano solo l’app desktop installata.');
  await expect(page.getByText(/Aggiornamento pronto/)).toHaveCount(0);

  // What the desktop app's updater does once an update has downloaded while a timer runs.
  const ready: UpdateStatus = {
    state: 'ready',
    channel: 'stable',
    version: '1.4.0',
    progressPercent: 100,
    message: 'Un intervento è in corso: l’aggiornamento si installerà all’uscita.',
    lastCheckAt: new Date().toISOString(),
  };
  let current = ready;
  core.setUpdateSource({ status: () => current, setChannel: (channel) => (current = { ...current, channel }) });
  core.events.emit('update.status', ready);
  await expect(page.getByRole('banner').getByText('Aggiornamento pronto (1.4.0)')).toBeVisible();
  // The open panel follows the same event.
  await expect(panel).toContainText('Aggiornamenti: pronto · versione 1.4.0 · Un intervento è in corso');
  await panel.getByLabel('Canale degli aggiornamenti').selectOption('beta');
  await expect.poll(() => core.updateChannel()).toBe('beta');
  await page.screenshot({ path: testInfo.outputPath('update-ready.png') });
});
