// The staff figures' charts: server-rendered SVG (readable without JavaScript, as the profile's
// reputation chart), each with a title for screen readers; the page puts a table beside each.
import { useId } from 'react'
import { scaleBand, scaleLinear } from 'd3-scale'
import { YGrid } from './chart-grid.tsx'

const WIDTH = 640
const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 }

export interface DaySeries {
  day: string
  asked: number
  answered: number
  resolved: number
}

const SERIES = [
  { key: 'asked', label: 'Asked', className: 'chart-bar-asked' },
  { key: 'answered', label: 'Answered', className: 'chart-bar-answered' },
  { key: 'resolved', label: 'Resolved', className: 'chart-bar-resolved' },
] as const

/** Asked, answered and resolved per day: three bars a day. */
export function PerDayChart({ days }: { days: DaySeries[] }) {
  const titleId = useId()
  const height = 200
  const x = scaleBand<string>()
    .domain(days.map((d) => d.day))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .paddingInner(0.2)
  const inner = scaleBand<string>()
    .domain(SERIES.map((s) => s.key))
    .range([0, x.bandwidth()])
  const max = Math.max(1, ...days.flatMap((d) => [d.asked, d.answered, d.resolved]))
  const y = scaleLinear()
    .domain([0, max])
    .nice(4)
    .range([height - MARGIN.bottom, MARGIN.top])
  // A few day labels only: the first, the last and some between.
  const labelEvery = Math.max(1, Math.ceil(days.length / 6))
  const total = (key: (typeof SERIES)[number]['key']) => days.reduce((n, d) => n + d[key], 0)
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>
          {`Asked, answered and resolved per day, ${days[0]?.day ?? ''} to ${days.at(-1)?.day ?? ''}: ${total('asked')} asked, ${total('answered')} answered, ${total('resolved')} resolved`}
        </title>
        <YGrid y={y} left={MARGIN.left} right={WIDTH - MARGIN.right} />
        {days.map((d, i) => (
          <g key={d.day} transform={`translate(${x(d.day) ?? 0},0)`}>
            {SERIES.map((s) => (
              <rect
                key={s.key}
                x={inner(s.key)}
                y={y(d[s.key])}
                width={Math.max(1, inner.bandwidth())}
                height={y(0) - y(d[s.key])}
                className={s.className}
              />
            ))}
            {i % labelEvery === 0 || i === days.length - 1 ? (
              <text
                x={x.bandwidth() / 2}
                y={height - 8}
                textAnchor="middle"
                className="chart-label"
              >
                {d.day.slice(5)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption className="chart-legend">
        {SERIES.map((s) => (
          <span key={s.key}>
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" className={s.className} />
            </svg>{' '}
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  )
}

/** Two shares of a whole as one stacked bar (e.g. resolved by the community vs by staff). */
export function ShareChart(props: {
  title: string
  parts: [{ label: string; value: number }, { label: string; value: number }]
}) {
  const titleId = useId()
  const height = 56
  const whole = props.parts[0].value + props.parts[1].value
  const x = scaleLinear()
    .domain([0, Math.max(1, whole)])
    .range([0, WIDTH])
  const percent = (n: number) => (whole ? `${Math.round((n / whole) * 100)}%` : '–')
  const [first, second] = props.parts
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>
          {`${props.title}: ${first.label} ${first.value} (${percent(first.value)}), ${second.label} ${second.value} (${percent(second.value)})`}
        </title>
        <rect x={0} y={4} width={WIDTH} height={28} className="chart-bar-empty" />
        <rect x={0} y={4} width={x(first.value)} height={28} className="chart-bar-first" />
        <rect
          x={x(first.value)}
          y={4}
          width={x(second.value)}
          height={28}
          className="chart-bar-second"
        />
        <text x={0} y={50} className="chart-label">
          {`${first.label}: ${percent(first.value)}`}
        </text>
        <text x={WIDTH} y={50} textAnchor="end" className="chart-label">
          {`${second.label}: ${percent(second.value)}`}
        </text>
      </svg>
    </figure>
  )
}

/** Durations as horizontal bars (median and p90 of each kind), labelled with their words. */
export function DurationChart(props: {
  title: string
  bars: { label: string; ms: number | null; text: string }[]
}) {
  const titleId = useId()
  const row = 26
  const left = 180
  const height = props.bars.length * row + 8
  const x = scaleLinear()
    .domain([0, Math.max(1, ...props.bars.map((b) => b.ms ?? 0))])
    .range([0, WIDTH - left - 120])
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>
          {`${props.title}: ${props.bars.map((b) => `${b.label} ${b.text}`).join(', ')}`}
        </title>
        {props.bars.map((b, i) => (
          <g key={b.label} transform={`translate(0,${i * row + 4})`}>
            <text x={left - 8} y={15} textAnchor="end" className="chart-label">
              {b.label}
            </text>
            <rect x={left} y={2} width={x(b.ms ?? 0)} height={18} className="chart-bar-first" />
            <text x={left + x(b.ms ?? 0) + 6} y={15} className="chart-label">
              {b.text}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  )
}
