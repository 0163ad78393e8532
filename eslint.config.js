import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Who may import whom (docs/conventions.md, "Layers"). A forbidden import fails lint. */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'util'];
const restrict = (patterns, message) => ({
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Usa export nominati (docs/conventions.md).' },
        { selector: 'TSEnumDeclaration', message: 'Niente enum: usa array `as const` e unioni.' },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', ...nodeBuiltins, 'better-sqlite3', 'kysely', 'pg', 'fastify', 'react', 'react-dom', 'zustand', '**/main/**', '**/renderer/**', '**/server/**', '**/preload/**', '**/web-host/**'],
              message: 'src/shared è puro: solo se stesso e librerie pure (zod, date-fns).',
            },
            {
              // The barrels load every function and every locale: 0.7 s at each start of the app and of the pull worker.
              regex: '^date-fns(/locale)?$',
              message: 'Importa la singola funzione o lingua (date-fns/format, date-fns/locale/it), non l’indice.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**/*.ts', 'src/main/security/**/*.ts'],
    ...restrict(
      ['electron', 'react', 'react-dom', 'zustand', 'fastify', 'pg', '**/renderer/**', '**/server/**', '**/electron/**', '**/preload/**', '**/web-host/**'],
      'Il core e le policy di sicurezza girano senza Electron: niente electron, UI, server né browser host.',
    ),
  },
  {
    // Documents (PDF) both the console's core and the API make from the same data: pdfkit and shared only.
    files: ['src/documents/**/*.ts'],
    ...restrict(
      ['electron', 'react', 'react-dom', 'zustand', 'fastify', 'pg', 'better-sqlite3', 'kysely', '**/main/**', '**/renderer/**', '**/server/**', '**/preload/**', '**/web-host/**', '**/portal/**'],
      'I documenti dipendono solo da src/shared e pdfkit: li usano allo stesso modo il core della console e l’API.',
    ),
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/main/index.ts'],
    ...restrict(['react', 'react-dom', 'zustand', '**/renderer/**', '**/server/**'], 'Il processo principale non importa la UI né il server.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./shared/host-api/(channels|electron-bridge)\\.ts$)',
              message: 'Il preload sandboxed può importare solo electron e i nomi dei canali (channels.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...restrict(
      ['electron', ...nodeBuiltins, 'better-sqlite3', 'kysely', 'pg', 'fastify', '**/main/**', '**/server/**', '**/preload/**', '**/web-host/**'],
      'Il renderer parla solo con la host API: niente Node, Electron, database.',
    ),
  },
  {
    // The UI kit the console and the portal share: React and nothing of either app.
    files: ['src/ui/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    ...restrict(
      ['electron', ...nodeBuiltins, 'better-sqlite3', 'kysely', 'pg', 'fastify', 'zustand', '**/main/**', '**/server/**', '**/preload/**', '**/web-host/**', '**/renderer/**', '**/portal/**'],
      'Il kit UI condiviso dipende solo da React: niente console, portale, Node o database.',
    ),
  },
  {
    // The customer portal: a web app of its own, talking only to /portal/api over fetch.
    files: ['src/portal/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...restrict(
      ['electron', ...nodeBuiltins, 'better-sqlite3', 'kysely', 'pg', 'fastify', '**/main/**', '**/server/**', '**/preload/**', '**/web-host/**', '**/renderer/**'],
      'Il portale usa solo src/shared, il kit src/ui e la sua API: niente console, Node o database.',
    ),
  },
  {
    // Components reach the host only through stores and typed hooks (host/use-host.ts, executeCommand):
    // a screen never holds the host itself. Only the entry point wires the host in.
    files: ['src/renderer/**/*.tsx'],
    ignores: ['src/renderer/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', ...nodeBuiltins, 'better-sqlite3', 'kysely', 'pg', 'fastify', '**/main/**', '**/server/**', '**/preload/**', '**/web-host/**'],
              message: 'Il renderer parla solo con la host API: niente Node, Electron, database.',
            },
            {
              group: ['**/host/host-context.ts', '**/host/host-api.ts', '**/host/ipc-host-api.ts'],
              message: 'I componenti usano store, hook tipati (host/use-host.ts) o executeCommand, mai la host API direttamente (docs/conventions.md, «Renderer»).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Usa export nominati (docs/conventions.md).' },
        { selector: 'TSEnumDeclaration', message: 'Niente enum: usa array `as const` e unioni.' },
        {
          // A component subscribed to a whole store re-renders on every change of it (a ticking timer).
          selector: 'CallExpression[callee.name=/^use[A-Z]\\w*Store$/][arguments.length=0]',
          message: 'Leggi lo store con un selettore (useShallow per più campi): docs/conventions.md, «Renderer».',
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    // The central API and the console core share only src/shared: neither may reach into the other.
    ...restrict(
      ['electron', 'react', 'react-dom', 'zustand', '**/renderer/**', '**/preload/**', '**/electron/**', '**/main/**', '**/web-host/**'],
      'Il server importa solo src/shared e le sue librerie: niente Electron, UI, core della console né browser host.',
    ),
  },
  {
    files: ['src/web-host/**/*.ts'],
    ...restrict(['electron', 'react', 'react-dom', '**/renderer/**', '**/electron/**', '**/preload/**'], 'Il browser host costruisce lo stesso core senza Electron.'),
  },
  {
    // Playwright reads fixture dependencies from the destructuring pattern, so `{}` is required.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Tests read loosely typed JSON answers; production code may not.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['eslint.config.js', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
