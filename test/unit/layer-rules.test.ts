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
  ])('%s refuses %s', async (file, code) => {
    expect(await lint(file, code)).not.toHaveLength(0);
  });

  it.each([
    ['src/shared/probe.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['src/main/core/probe.ts', "import Database from 'better-sqlite3';\nexport const x = Database;"],
    ['src/preload/probe.ts', "import 'electron';"],
  ])('%s accepts %s', async (file, code) => {
    expect(await lint(file, code)).toHaveLength(0);
  });
});
