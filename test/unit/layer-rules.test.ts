import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const lint = async (filePath: string, code: string) => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports');
};

describe('layer import rules (lint)', () => {
  it.each([
    ['src/shared/probe.ts', "import 'electron';"],
    ['src/shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['src/main/core/probe.ts', "import 'electron';"],
    ['src/renderer/probe.ts', "import Database from 'better-sqlite3';\nexport const x = Database;"],
    ['src/renderer/probe.ts', "import 'electron';"],
    ['src/preload/probe.ts', "import 'zod';"],
    ['src/server/probe.ts', "import 'electron';"],
    ['src/server/probe.ts', "import { createCore } from '../main/core/core.ts';\nexport const x = createCore;"],
    ['src/server/sync/probe.ts', "import { applyCommandLocally } from '../../main/core/sync/local-commands.ts';\nexport const x = applyCommandLocally;"],
    ['src/server/probe.ts', "import { startWebHost } from '../web-host/web-host.ts';\nexport const x = startWebHost;"],
    ['src/main/core/probe.ts', "import { buildServer } from '../../server/app.ts';\nexport const x = buildServer;"],
    ['src/main/core/sync/probe.ts', "import { push } from '../../../server/sync/sync.service.ts';\nexport const x = push;"],
    ['src/shared/probe.ts', "import { format } from 'date-fns';\nexport const x = format;"],
    ['src/shared/probe.ts', "import { it } from 'date-fns/locale';\nexport const x = it;"],
    // A component reaches the host only through stores and typed hooks.
    ['src/renderer/tickets/Probe.tsx', "import { hostApi } from '../host/host-context.ts';\nexport const x = hostApi;"],
    ['src/renderer/tickets/Probe.tsx', "import 'electron';"],
  ])('%s refuses %s', async (file, code) => {
    expect(await lint(file, code)).not.toHaveLength(0);
  });

  it.each([
    ['src/shared/probe.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['src/shared/probe.ts', "import { format } from 'date-fns/format';\nexport const x = format;"],
    ['src/main/core/probe.ts', "import Database from 'better-sqlite3';\nexport const x = Database;"],
    ['src/preload/probe.ts', "import 'electron';"],
    ['src/server/probe.ts', "import { AppFailure } from '../shared/result.ts';\nexport const x = AppFailure;"],
    ['src/renderer/tickets/Probe.tsx', "import { useHostQuery } from '../host/use-host.ts';\nexport const x = useHostQuery;"],
    ['src/renderer/tickets/tickets.probe.ts', "import { hostApi } from '../host/host-context.ts';\nexport const x = hostApi;"],
  ])('%s accepts %s', async (file, code) => {
    expect(await lint(file, code)).toHaveLength(0);
  });
});
