import { expect, test } from './console.fixture.ts';

test('the technician sees the ticket list and opens a ticket', async ({ page, console: { host } }, testInfo) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Ticket', exact: true })).toBeVisible();
  await expect(page.getByText('200 ticket')).toBeVisible();
  const rows = page.getByRole('list', { name: 'Elenco ticket' }).getByRole('button');
  // Virtualised: only the rows on screen (plus a few) are in the page.
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(40);
  // The token left the address bar once read.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: testInfo.outputPath('ticket-list.png'), fullPage: false });

  const first = rows.first();
  const number = (await first.locator('.ticket-number').textContent()) ?? '';
  await first.click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(number) })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Cliente' })).toContainText('Ragione sociale');
  await expect(page.getByRole('region', { name: 'Interventi', exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('ticket-detail.png'), fullPage: false });

  // Keyboard: the arrow keys move through the queue.
  await first.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(number) })).toHaveCount(0);

  await page.getByRole('searchbox').fill('T-2026-00042');
  await expect(page.getByText('1 ticket')).toBeVisible();
  await expect(rows).toHaveCount(1);
  await page.getByRole('searchbox').fill('stampante fiscale');
  await expect(rows.first()).toContainText('stampante fiscale');
  await page.getByRole('searchbox').fill('');
  await page.getByText('Filtri').click();
  await page.getByRole('group', { name: 'Priorità' }).getByLabel('P1').check();
  await expect(rows.first()).toContainText('P1');
  await expect(page.getByText(/^\d+ ticket$/)).not.toHaveText('200 ticket');
  await page.getByRole('group', { name: 'Priorità' }).getByLabel('P1').uncheck();
  await page.locator('.filters').getByLabel('Cliente', { exact: true }).fill('Farmacia');
  await page.getByRole('list', { name: 'Clienti per il filtro' }).getByRole('button', { name: 'Farmacia San Marco' }).click();
  await expect(rows.first()).toContainText('Farmacia San Marco');
  await expect(page.getByText(/^\d+ ticket$/)).not.toHaveText('200 ticket');
});

test('a page without the token shows a clear error instead of data', async ({ page, console: { host } }) => {
  await page.goto(host.origin);
  await expect(page.getByRole('alert')).toContainText(/non valido|mancante/);
});

test('the header tells weekend service from a closed desk', async ({ page, console: { host } }, testInfo) => {
  const header = page.getByRole('banner');
  // Sunday 10:30 in Rome: weekend service is running.
  await page.clock.setFixedTime(new Date('2026-11-29T09:30:00Z'));
  await page.goto(host.url);
  await expect(header).toContainText('Assistenza weekend: solo J-System, problemi bloccanti');
  await page.screenshot({ path: testInfo.outputPath('weekend-service.png') });
  // Saturday 13:30: closed for lunch, weekend service again at 14:30.
  await page.clock.setFixedTime(new Date('2026-11-28T12:30:00Z'));
  await page.reload();
  await expect(header).toContainText('Assistenza chiusa');
  await expect(header).toContainText('riapre 28 nov 2026, 14:30 (servizio weekend)');
  // Monday 10:00: regular service.
  await page.clock.setFixedTime(new Date('2026-11-30T09:00:00Z'));
  await page.reload();
  await expect(header).toContainText('Assistenza aperta');
});
