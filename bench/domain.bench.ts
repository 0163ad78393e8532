import { classify, isSupportOpen, type ClassifyInput } from '../src/shared/domain/index.ts';

/** Throughput of the rules that run on every timer tick and every queue row. */
const measure = (label: string, iterations: number, run: (index: number) => unknown) => {
  for (let i = 0; i < Math.min(1000, iterations); i++) run(i); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = iterations / seconds;
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ops/s  (${((seconds / iterations) * 1e6).toFixed(2)} µs/op)`);
  return perSecond;
};

const start = Date.parse('2026-01-01T00:00:00Z');
const minute = 60_000;

export const runDomainBench = (options: { iterations: number } = { iterations: 200_000 }) => {
  console.log('\n# domain rules (src/shared/domain)');
  const open = measure('isSupportOpen (instants spread over a year)', options.iterations, (i) =>
    isSupportOpen(new Date(start + ((i * 37) % 525_600) * minute), { weekend: i % 2 === 0 }),
  );
  const input: ClassifyInput = {
    at: '2026-11-23T10:00:00Z',
    activity: 'virus_removal',
    mode: 'remote',
    cause: 'vendor',
    contracts: [
      { kind: 'standard', validFrom: '2026-01-01', validTo: '2026-12-31' },
      { kind: 'extended', validFrom: '2026-01-01', validTo: null },
    ],
    blocking: true,
    device: { purchaseDate: '2026-01-10', warrantyMonths: 24 },
  };
  const classified = measure('classify (J-System customer, varying instant)', Math.ceil(options.iterations / 2), (i) =>
    classify({ ...input, at: new Date(start + ((i * 53) % 525_600) * minute) }),
  );
  // A 60 Hz timer tick needs one of each; a 50,000-row queue page of 100 rows needs 100 classifications.
  console.log(`ratio: classify calls per 16.7 ms frame ≈ ${Math.round(classified / 60).toLocaleString('en-US')}, isSupportOpen ≈ ${Math.round(open / 60).toLocaleString('en-US')}`);
};
