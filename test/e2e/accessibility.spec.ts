import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { demoContactEmail, demoPassword } from '../../src/server/seed/server-demo-seed.ts';
import { openConsole, openTicket, signIn, startDemoApi, type OpenConsole } from './api-console.ts';

/** WCAG 2.1 AA as axe-core checks it inside the page: every violation is listed with where it is. */
const violations = async (page: Page, where: string): Promise<string[]> => {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${where}: ${violation.id} — ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
};

/** Nothing wider than the screen: a phone of 320 px never scrolls sideways. */
// The tests' TypeScript has no DOM library: the page's function is given as text.
const fitsWidth = (page: Page): Promise<boolean> => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

test('WCAG 2.1 AA: the portal (by keyboard alone, at 320 px) and the console’s main screens have no axe violations', async ({ browser }) => {
  test.setTimeout(180_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  const found: string[] = [];
  const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const portal = await narrow.newPage();
  try {
    await test.step('the check itself finds a violation where there is one', async () => {
      const probe = await narrow.newPage();
      await probe.setContent('<!doctype html><html lang="it"><head><title>Prova</title></head><body><main><img src="data:,"></main></body></html>');
      expect((await violations(probe, 'prova')).join()).toContain('image-alt');
      await probe.close();
    });

    await test.step('the portal, signed in by keyboard alone, at 320 px', async () => {
      await portal.goto(`${api.url}/portal/`);
      found.push(...(await violations(portal, 'portale, accesso')));
      // Keyboard only: Tab to each field, type, Enter submits.
      await portal.keyboard.press('Tab');
      const emailFocused = (): Promise<boolean> => portal.evaluate("document.activeElement === document.querySelector('input[type=email]')");
      for (let step = 0; step < 8 && !(await emailFocused()); step++) await portal.keyboard.press('Tab');
      expect(await emailFocused()).toBe(true);
      await portal.keyboard.type(demoContactEmail);
      await portal.keyboard.press('Tab');
      await portal.keyboard.type(demoPassword);
      await portal.keyboard.press('Enter');
      await expect(portal.getByRole('heading', { name: 'Richieste aperte' })).toBeVisible();
      for (const [path, name, heading] of [
        ['#/', 'home', 'Richieste aperte'],
        ['#/richieste', 'richieste', 'Le sue richieste'],
        ['#/ore', 'ore residue', 'Ore residue'],
        ['#/pacchetti', 'pacchetti', 'Pacchetti di ore'],
        ['#/rendiconti', 'rendiconti', 'Rendiconti mensili'],
        ['#/riparazioni', 'riparazioni', 'Riparazioni'],
        ['#/nuova', 'nuova richiesta', 'Nuova richiesta di assistenza'],
        ['#/domande', 'domande frequenti', 'Domande frequenti sul modello di assistenza'],
        ['#/incluso', 'cosa è incluso', 'Schema delle modalità di assistenza'],
      ] as const) {
        await portal.goto(`${api.url}/portal/${path}`);
        await expect(portal.getByRole('heading', { name: heading }).first()).toBeVisible();
        found.push(...(await violations(portal, `portale, ${name}`)));
        if (!(await fitsWidth(portal))) found.push(`portale, ${name}: più largo di 320 px`);
      }
      // A request's page, reached from the list by keyboard: focus the first request's link, Enter.
      await portal.goto(`${api.url}/portal/#/richieste`);
      const first = portal.getByRole('list', { name: 'Richieste' }).getByRole('link').first();
      await first.focus();
      await portal.keyboard.press('Enter');
      await expect(portal.getByRole('region', { name: 'Conversazione' })).toBeVisible();
      found.push(...(await violations(portal, 'portale, richiesta')));
      if (!(await fitsWidth(portal))) found.push('portale, richiesta: più largo di 320 px');
    });

    await test.step('the console: queue, ticket, customers, team day', async () => {
      // axe-core needs a page of a context of ours (not browser.newPage()).
      const lead = await openConsole('presidio-e2e-axe-');
      consoles.push(lead);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(lead.host.url);
      await signIn(page, api.url, 'giulia.ferrari@presidio.example');
      await page.getByRole('button', { name: 'Tutti', exact: true }).click();
      found.push(...(await violations(page, 'console, coda')));
      const number = (await page.getByRole('list', { name: 'Elenco ticket' }).getByRole('button').first().locator('.ticket-number').textContent()) ?? '';
      await openTicket(page, number);
      found.push(...(await violations(page, 'console, ticket')));
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Clienti' }).click();
      await expect(page.getByRole('heading', { name: 'Clienti', exact: true })).toBeVisible();
      found.push(...(await violations(page, 'console, clienti')));
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Giornata del team' }).click();
      await expect(page.getByRole('heading', { name: /Giornata del team/ }).first()).toBeVisible();
      found.push(...(await violations(page, 'console, giornata del team')));
      await expect(page.getByRole('region', { name: 'E-mail da smistare' })).toContainText('Nessuna e-mail da smistare.');
      // The lead rewrites a FAQ answer; the portal shows it at once.
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Pagine del portale' }).click();
      const faq = page.getByRole('region', { name: 'Domande frequenti' });
      await expect(faq.getByLabel('Testo di «Domande frequenti»')).toHaveValue(/Che cosa resta sempre incluso\?/);
      found.push(...(await violations(page, 'console, pagine del portale')));
      await faq.getByLabel('Testo di «Domande frequenti»').fill('# Domande frequenti\n\n## Dove trovo le fatture?\nNei **Rendiconti** del portale.');
      await faq.getByRole('button', { name: 'Pubblica' }).click();
      await expect(faq.getByText('Pubblicata: i clienti la leggono già sul portale.')).toBeVisible();
      await page.screenshot({ path: test.info().outputPath('lead-portal-pages.png'), fullPage: true });
      await portal.goto(`${api.url}/portal/#/domande`);
      await expect(portal.getByRole('heading', { name: 'Dove trovo le fatture?' })).toBeVisible();
      await expect(portal.getByText('Rendiconti', { exact: true }).first()).toBeVisible();
    });
    expect(found).toEqual([]);
  } finally {
    await narrow.close();
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
