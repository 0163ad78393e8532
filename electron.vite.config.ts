import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/security/content-security-policy.ts';

/** Writes the CSP into the renderer's HTML: strict in the build, Vite-friendly in dev. */
const injectContentSecurityPolicy = (): Plugin => {
  let development = false;
  return {
    name: 'presidio-csp',
    configResolved(config) {
      development = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const policy = contentSecurityPolicy(
        development ? { development: true, devServerOrigin: 'http://localhost:5173' } : { development: false },
      );
      return html.replace('%PRESIDIO_CSP%', policy);
    },
  };
};

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // Stores pulled pages off the main process's event loop (src/main/core/sync/pull-connection.ts).
          'pull-worker': resolve(import.meta.dirname, 'src/main/core/sync/pull-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // Sandboxed preload scripts must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [injectContentSecurityPolicy()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
