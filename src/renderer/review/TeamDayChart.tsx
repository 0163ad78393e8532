import { Group } from '@visx/group';
import { scaleBand, scaleLinear, scaleOrdinal } from '@visx/scale';
import { BarStackHorizontal } from '@visx/shape';
import { tierLabels, tiers, type Tier } from '../../shared/domain/index.ts';
import type { TechnicianDay } from '../../shared/review/team-day.ts';

type Stack = Tier | 'pending';
const stacks: readonly Stack[] = [...tiers, 'pending'];
const stackLabels: Record<Stack, string> = { ...tierLabels, pending: 'In attesa dell’API' };
const stackColors: Record<Stack, string> = {
  standard: '#2563eb',
  extended: '#7c3aed',
  warranty: '#16a34a',
  billable: '#d97706',
  pending: '#9ca3af',
};

type Datum = { name: string } & Record<Stack, number>;

const width = 900;
const rowHeight = 22;
const margin = { top: 8, right: 16, bottom: 24, left: 160 };

/** Hours worked per technician, stacked by how the API classified them (a glance, the table has the figures). */
export const TeamDayChart = ({ technicians }: { technicians: readonly TechnicianDay[] }) => {
  const data: Datum[] = technicians.map((row) => ({
    name: row.technicianName,
    standard: row.byTier.standard.workedSeconds / 3600,
    extended: row.byTier.extended.workedSeconds / 3600,
    warranty: row.byTier.warranty.workedSeconds / 3600,
    billable: row.byTier.billable.workedSeconds / 3600,
    pending: row.awaitingServerSeconds / 3600,
  }));
  const height = margin.top + margin.bottom + data.length * rowHeight;
  const most = Math.max(1, ...data.map((datum) => stacks.reduce((sum, stack) => sum + datum[stack], 0)));
  const xScale = scaleLinear<number>({ domain: [0, most], range: [0, width - margin.left - margin.right], nice: true });
  const yScale = scaleBand<string>({ domain: data.map((datum) => datum.name), range: [0, data.length * rowHeight], padding: 0.25 });
  const color = scaleOrdinal<Stack, string>({ domain: [...stacks], range: stacks.map((stack) => stackColors[stack]) });
  const ticks = xScale.ticks(Math.min(8, Math.ceil(most)));
  return (
    <figure className="team-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Ore lavorate per tecnico, per fascia: ${data.map((datum) => `${datum.name} ${stacks.reduce((sum, stack) => sum + datum[stack], 0).toFixed(1)} h`).join(', ')}`}
      >
        <Group top={margin.top} left={margin.left}>
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={xScale(tick)} x2={xScale(tick)} y1={0} y2={data.length * rowHeight} className="team-chart-grid" />
              <text x={xScale(tick)} y={data.length * rowHeight + 16} textAnchor="middle" className="team-chart-tick">
                {tick} h
              </text>
            </g>
          ))}
          <BarStackHorizontal<Datum, Stack> data={data} keys={[...stacks]} y={(datum) => datum.name} xScale={xScale} yScale={yScale} color={color}>
            {(barStacks) =>
              barStacks.map((barStack) =>
                barStack.bars.map((bar) =>
                  bar.width > 0 ? (
                    <rect key={`${barStack.index}-${bar.index}`} x={bar.x} y={bar.y} width={bar.width} height={bar.height} fill={bar.color}>
                      <title>{`${bar.bar.data.name} · ${stackLabels[bar.key]}: ${(bar.bar[1] - bar.bar[0]).toFixed(1)} h`}</title>
                    </rect>
                  ) : null,
                ),
              )
            }
          </BarStackHorizontal>
          {data.map((datum) => (
            <text key={datum.name} x={-8} y={(yScale(datum.name) ?? 0) + yScale.bandwidth() / 2} dy="0.35em" textAnchor="end" className="team-chart-label">
              {datum.name}
            </text>
          ))}
        </Group>
      </svg>
      <figcaption>
        <ul className="team-chart-legend">
          {stacks.map((stack) => (
            <li key={stack}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" fill={stackColors[stack]} />
              </svg>{' '}
              {stackLabels[stack]}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
};
