import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import type { QualityRow } from '../../shared/review/quality-summary.ts';
import { formatTenths } from '../../shared/format.ts';

const width = 900;
const rowHeight = 26;
const margin = { top: 8, right: 48, bottom: 24, left: 160 };
const feedbackColor = '#2563eb';
const callColor = '#16a34a';

const average = (tenths: number | null) => (tenths === null ? null : tenths / 10);
const words = (tenths: number | null) => formatTenths(tenths, 'nessun voto');

/** Average rating per technician (form and quality calls, 1–5): a glance; the table has every figure. */
export const QualityChart = ({ rows }: { rows: readonly QualityRow[] }) => {
  const height = margin.top + margin.bottom + rows.length * rowHeight;
  const xScale = scaleLinear<number>({ domain: [0, 5], range: [0, width - margin.left - margin.right] });
  const yScale = scaleBand<string>({ domain: rows.map((row) => row.technicianName), range: [0, rows.length * rowHeight], padding: 0.2 });
  const half = yScale.bandwidth() / 2;
  return (
    <figure className="team-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Voto medio per tecnico: ${rows.map((row) => `${row.technicianName} modulo ${words(row.feedback.averageTenths)}, chiamate ${words(row.calls.averageTenths)}`).join('; ')}`}
      >
        <Group top={margin.top} left={margin.left}>
          {[0, 1, 2, 3, 4, 5].map((tick) => (
            <g key={tick}>
              <line x1={xScale(tick)} x2={xScale(tick)} y1={0} y2={rows.length * rowHeight} className="team-chart-grid" />
              <text x={xScale(tick)} y={rows.length * rowHeight + 16} textAnchor="middle" className="team-chart-tick">
                {tick}
              </text>
            </g>
          ))}
          {rows.map((row) => {
            const y = yScale(row.technicianName) ?? 0;
            const bars = [
              { key: 'feedback', value: average(row.feedback.averageTenths), color: feedbackColor, label: 'modulo', offset: 0 },
              { key: 'calls', value: average(row.calls.averageTenths), color: callColor, label: 'chiamate', offset: half },
            ];
            return (
              <g key={row.technicianName}>
                {bars.map((bar) =>
                  bar.value === null ? null : (
                    <Bar key={bar.key} x={0} y={y + bar.offset} width={xScale(bar.value)} height={half - 1} fill={bar.color}>
                      <title>{`${row.technicianName} · ${bar.label}: ${bar.value.toFixed(1)}`}</title>
                    </Bar>
                  ),
                )}
                <text x={-8} y={y + yScale.bandwidth() / 2} dy="0.35em" textAnchor="end" className="team-chart-label">
                  {row.technicianName}
                </text>
              </g>
            );
          })}
        </Group>
      </svg>
      <figcaption>
        <ul className="team-chart-legend">
          {[
            { label: 'Voto dal modulo di valutazione', color: feedbackColor },
            { label: 'Voto nelle chiamate di qualità', color: callColor },
          ].map((item) => (
            <li key={item.label}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" fill={item.color} />
              </svg>{' '}
              {item.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
};
