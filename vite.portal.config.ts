import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The customer portal: a web app of its own, served by the central API under /portal/. */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/portal'),
  base: '/portal/',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, 'out/portal'),
    emptyOutDir: true,
    rollupOptions: {
      // react-router marks itself "use client" for server components; a plain SPA bundle ignores it.
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
    },
  },
});
