import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Electronegativity (Doyensec's scanner for Electron misconfigurations) over the built app (out/):
 * every finding must be justified in electronegativity.json, or this fails. Run by `npm test`
 * after the build, so CI runs it.
 */
type Justified = { check: string; file: string; reason: string };
type SarifResult = { ruleId: string; message?: { text?: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }> };

const root = join(import.meta.dirname, '..');
const electronVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['electron'];
const { justified } = JSON.parse(readFileSync(join(root, 'electronegativity.json'), 'utf8')) as { justified: Justified[] };
const work = mkdtempSync(join(tmpdir(), 'presidio-electronegativity-'));
try {
  const report = join(work, 'report.sarif');
  const run = spawnSync(join(root, 'node_modules', '.bin', 'electronegativity'), ['-i', join(root, 'out'), '-r', '-v', 'false', '-e', electronVersion ?? '45.0.0', '-o', report], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    console.error(`electronegativity non è riuscito: ${run.stderr || run.stdout}`);
    process.exit(1);
  }
  const results = (JSON.parse(readFileSync(report, 'utf8')) as { runs: Array<{ results: SarifResult[] }> }).runs.flatMap((item) => item.results);
  const findings = results.map((result) => ({
    check: result.ruleId,
    file: result.locations[0]?.physicalLocation.artifactLocation.uri ?? '?',
    line: result.locations[0]?.physicalLocation.region?.startLine ?? null,
    message: result.message?.text ?? '',
  }));
  const open = findings.filter((finding) => !justified.some((item) => item.check === finding.check && item.file === finding.file));
  const stale = justified.filter((item) => !findings.some((finding) => finding.check === item.check && finding.file === item.file));
  console.log(`electronegativity: ${findings.length} findings, ${findings.length - open.length} justified in electronegativity.json`);
  for (const finding of open) console.error(`  ✗ ${finding.check} ${finding.file}${finding.line ? `:${finding.line}` : ''}: ${finding.message}`);
  // A justification for a finding that no longer exists is removed, so the list stays the truth.
  for (const item of stale) console.error(`  ✗ giustificazione superflua: ${item.check} ${item.file}`);
  process.exit(open.length === 0 && stale.length === 0 ? 0 : 1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
