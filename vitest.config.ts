import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The Electron main process under plain Node: `electron` is a recording stand-in (the runtime cannot be downloaded here).
        resolve: { alias: { electron: fileURLToPath(new URL('./test/support/electron-stand-in.ts', import.meta.url)) } },
        test: {
          name: 'electron-main',
          include: ['test/electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
    ],
  },
});
