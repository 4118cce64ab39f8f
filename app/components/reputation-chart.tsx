// Reputation over time as a server-rendered SVG line (readable without JavaScript).
import { scaleLinear, scaleUtc } from 'd3-scale'
import { area, curveStepAfter, line } from 'd3-shape'
import { YGrid } from './chart-grid.tsx'

interface Point {
  day: number
  reputation: number
}

const WIDTH = 640
const HEIGHT = 180
const MARGIN = { top: 12, right: 12, bottom: 24, left: 44 }

export function ReputationChart({ points, now }: { points: Point[]; now: number }) {
  if (points.length === 0) return <p className="muted">No reputation changes yet.</p>
  const series = [...points, { day: now, reputation: points.at(-1)!.reputation }]
  const x = scaleUtc()
    .domain([series[0]!.day, now])
    .range([MARGIN.left, WIDTH - MARGIN.right])
  const max = Math.max(...series.map((p) => p.reputation))
  const y = scaleLinear()
    .domain([0, max])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top])
  // A tenth of a pixel is finer than any screen draws (d3's default is a thousandth).
  const path = line<Point>()
    .digits(1)
    .x((p) => x(p.day))
    .y((p) => y(p.reputation))
    .curve(curveStepAfter)(series)
  const fill = area<Point>()
    .digits(1)
    .x((p) => x(p.day))
    .y0(y(0))
    .y1((p) => y(p.reputation))
    .curve(curveStepAfter)(series)
  // Ticks a year or more apart say the year; closer ones the day.
  const longHistory = now - series[0]!.day > 300 * 24 * 3600 * 1000
  const dateFormat = new Intl.DateTimeFormat('en', {
    month: 'short',
    ...(longHistory ? { year: 'numeric' } : { day: 'numeric' }),
    timeZone: 'UTC',
  })
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Reputation over time, from ${series[0]!.reputation} to ${series.at(-1)!.reputation}`}
      >
        <YGrid y={y} left={MARGIN.left} right={WIDTH - MARGIN.right} />
        {x.ticks(4).map((t) => (
          <text
            key={t.getTime()}
            x={x(t)}
            y={HEIGHT - 6}
            textAnchor="middle"
            className="chart-label"
          >
            {dateFormat.format(t)}
          </text>
        ))}
        {fill ? <path d={fill} className="chart-area" /> : null}
        {path ? <path d={path} className="chart-line" /> : null}
      </svg>
    </figure>
  )
}
