// GET /staff/figures — the staff figures over the last 7, 30 or 90 days or a chosen range: answer
// and resolution times, who resolves, per-day counts, breaches, answers per expert and self-help
// deflection. Charts are server-rendered SVG with a table beside each; every figure has a CSV.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { DurationChart, PerDayChart, ShareChart } from '#app/components/figures-charts.tsx'
import { Field } from '#app/components/forms.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import {
  parsePeriod,
  periodQuery,
  PRESET_DAYS,
  type FiguresPeriod,
} from '#app/lib/figures-period.ts'
import { formatTarget, formatWaited } from '#app/lib/staff-times.ts'
import { staffFigures, type FigureName } from '#app/models/staff-figures.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Staff figures — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context.user, request, 'staff')
  const now = Date.now()
  const choice = parsePeriod(new URL(request.url).searchParams, now)
  return { ...choice, figures: staffFigures(choice.period, now) }
}

const duration = (ms: number | null) => (ms == null ? '–' : formatWaited(ms))
const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`

function CsvLink({
  figure,
  period,
  label,
}: {
  figure: FigureName
  period: FiguresPeriod
  label: string
}) {
  return (
    <p>
      <a href={`/staff/figures.csv?figure=${figure}&${periodQuery(period)}`} download>
        Download {label} as CSV
      </a>
    </p>
  )
}

export default function StaffFiguresPage() {
  const { period, errors, typed, figures } = useLoaderData<typeof loader>()
  const { summary, perDay, experts, deflection } = figures
  const chosen = typed.from || typed.to
  return (
    <div className="narrow">
      <p>
        <Link to="/staff">← Staff queue</Link>
      </p>
      <h1>Staff figures</h1>
      <nav aria-label="Period" className="figures-periods">
        {PRESET_DAYS.map((days) => (
          <Link
            key={days}
            to={`/staff/figures?days=${days}`}
            aria-current={period.days === days && !chosen ? 'page' : undefined}
          >
            Last {days} days
          </Link>
        ))}
      </nav>
      <Form method="get" className="figures-periods" aria-label="Choose a range">
        {(['from', 'to'] as const).map((bound) => (
          <Field
            key={bound}
            labelProps={{ children: bound === 'from' ? 'From' : 'To' }}
            inputProps={{
              id: `figures-${bound}`,
              type: 'date',
              name: bound,
              defaultValue: typed[bound] || (bound === 'from' ? period.fromDate : period.toDate),
            }}
            errors={[errors[bound]]}
          />
        ))}
        <button type="submit" className="btn btn-small">
          Show
        </button>
      </Form>
      <p className="muted" role="status">
        {errors.from || errors.to ? 'That range could not be used; showing ' : 'Showing '}
        {period.fromDate} to {period.toDate} (UTC days, both included).
      </p>

      <section aria-labelledby="times-title">
        <h2 id="times-title">Answer and resolution times</h2>
        <p>
          Of the <strong>{summary.asked}</strong> questions asked in the period,{' '}
          <strong>{summary.answered}</strong> got an answer and <strong>{summary.resolved}</strong>{' '}
          were resolved.
        </p>
        <DurationChart
          title="Time to first answer and to resolution"
          bars={[
            {
              label: 'First answer, median',
              ms: summary.firstAnswer.median,
              text: duration(summary.firstAnswer.median),
            },
            {
              label: 'First answer, p90',
              ms: summary.firstAnswer.p90,
              text: duration(summary.firstAnswer.p90),
            },
            {
              label: 'Resolution, median',
              ms: summary.resolution.median,
              text: duration(summary.resolution.median),
            },
            {
              label: 'Resolution, p90',
              ms: summary.resolution.p90,
              text: duration(summary.resolution.p90),
            },
          ]}
        />
        <table className="figures-table" aria-labelledby="times-title">
          <thead>
            <tr>
              <th scope="col">Time to</th>
              <th scope="col">Median</th>
              <th scope="col">p90</th>
              <th scope="col">Questions</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">First answer</th>
              <td>{duration(summary.firstAnswer.median)}</td>
              <td>{duration(summary.firstAnswer.p90)}</td>
              <td className="num">{summary.firstAnswer.count}</td>
            </tr>
            <tr>
              <th scope="row">Resolution</th>
              <td>{duration(summary.resolution.median)}</td>
              <td>{duration(summary.resolution.p90)}</td>
              <td className="num">{summary.resolution.count}</td>
            </tr>
          </tbody>
        </table>
        <p>
          <strong>Breaches</strong> of the first-response target (
          {formatTarget(summary.targetMinutes)}
          ): <strong>{summary.breaches}</strong> of {summary.asked} questions (
          {percent(summary.breaches, summary.asked)}) waited longer for their first answer.
        </p>
        <CsvLink figure="summary" period={period} label="the times, shares and breaches" />
      </section>

      <section aria-labelledby="resolvers-title">
        <h2 id="resolvers-title">Who resolved</h2>
        <ShareChart
          title="Resolved by the community and by staff"
          parts={[
            { label: 'Community', value: summary.resolvedByCommunity },
            { label: 'Staff', value: summary.resolvedByStaff },
          ]}
        />
        <table className="figures-table" aria-labelledby="resolvers-title">
          <tbody>
            <tr>
              <th scope="row">By the community</th>
              <td className="num">{summary.resolvedByCommunity}</td>
              <td className="num">{percent(summary.resolvedByCommunity, summary.resolved)}</td>
            </tr>
            <tr>
              <th scope="row">By staff</th>
              <td className="num">{summary.resolvedByStaff}</td>
              <td className="num">{percent(summary.resolvedByStaff, summary.resolved)}</td>
            </tr>
          </tbody>
        </table>
        <p className="muted small">
          By whoever wrote the resolving answer: the accepted answer, else the official one.
        </p>
      </section>

      <section aria-labelledby="per-day-title">
        <h2 id="per-day-title">Asked, answered and resolved per day</h2>
        <PerDayChart days={perDay} />
        <details>
          <summary>The same as a table</summary>
          <table className="figures-table" aria-labelledby="per-day-title">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Asked</th>
                <th scope="col">Answered</th>
                <th scope="col">Resolved</th>
              </tr>
            </thead>
            <tbody>
              {perDay.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td className="num">{d.asked}</td>
                  <td className="num">{d.answered}</td>
                  <td className="num">{d.resolved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        <CsvLink figure="per-day" period={period} label="the per-day counts" />
      </section>

      <section aria-labelledby="experts-title">
        <h2 id="experts-title">Answers per expert</h2>
        {experts.length === 0 ? (
          <p className="muted">Nobody answered in this period.</p>
        ) : (
          <table className="figures-table" aria-labelledby="experts-title">
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Answers</th>
                <th scope="col">Accepted</th>
                <th scope="col">Official</th>
              </tr>
            </thead>
            <tbody>
              {experts.map((e) => (
                <tr key={e.userId}>
                  <th scope="row">
                    <Link to={`/users/${e.handle}`}>@{e.handle}</Link>
                    {e.role !== 'member' ? <span className="muted"> ({e.role})</span> : null}
                  </th>
                  <td className="num">{e.answers}</td>
                  <td className="num">{e.accepted}</td>
                  <td className="num">{e.official}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <CsvLink figure="experts" period={period} label="the answers per expert" />
      </section>

      <section aria-labelledby="deflection-title">
        <h2 id="deflection-title">Self-help deflection</h2>
        <p>
          Of the <strong>{deflection.sessions}</strong> search sessions that opened a resolved
          thread, <strong>{deflection.deflected}</strong> (
          {percent(deflection.deflected, deflection.sessions)}) did not go on to ask within the
          session and <strong>{deflection.asked}</strong> (
          {percent(deflection.asked, deflection.sessions)}) asked.
        </p>
        <ShareChart
          title="Search sessions that opened a resolved thread"
          parts={[
            { label: 'Did not ask', value: deflection.deflected },
            { label: 'Asked', value: deflection.asked },
          ]}
        />
        <p className="muted small">
          A session is an anonymous 30-minute cookie (a random id, nothing else), renewed by each
          thread opened from search or from the ask page&apos;s similar questions.
        </p>
        <CsvLink figure="deflection" period={period} label="the deflection" />
      </section>
    </div>
  )
}
