import type { ScaleLinear } from 'd3-scale'

/** The horizontal grid lines of a chart with their values at the left (the profile's and the figures' charts). */
export function YGrid({
  y,
  left,
  right,
  ticks = 4,
}: {
  y: ScaleLinear<number, number>
  left: number
  right: number
  ticks?: number
}) {
  return y.ticks(ticks).map((t) => (
    <g key={t}>
      <line x1={left} x2={right} y1={y(t)} y2={y(t)} className="chart-grid" />
      <text x={left - 6} y={y(t) + 4} textAnchor="end" className="chart-label">
        {t.toLocaleString('en-US')}
      </text>
    </g>
  ))
}
