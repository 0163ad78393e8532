import { test as base } from '@playwright/test';
import { join } from 'node:path';
import { createCore, type Core } from '../../src/main/core/core.ts';
import { seedDemoData } from '../../src/main/core/seed/demo-seed.ts';
import { startWebHost, type WebHost } from '../../src/web-host/web-host.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

/** A real core with the demo data behind a real browser host serving the built renderer. */
export const test = base.extend<{ console: { core: Core; host: WebHost } }>({
  console: async ({}, use) => {
    const data = makeTempDirectory('presidio-e2e-');
    const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e' });
    await seedDemoData(core.local.db);
    const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
    await use({ core, host });
    await host.close();
    await core.close();
    data.remove();
  },
});

export { expect } from '@playwright/test';
