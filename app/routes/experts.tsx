import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { originFrom, seoMeta } from '#app/lib/seo.ts'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Avatar } from '#app/components/avatar.tsx'
import { TagList } from '#app/components/question-list.tsx'
import { UserLink } from '#app/components/user-link.tsx'
import { PRIVILEGES } from '#app/lib/privileges.ts'
import { citizenExperts, leaderboard } from '#app/models/profiles.server.ts'
import { LEADERBOARD_PERIODS, parseQuery } from '#app/validation/lists.ts'

export const meta: MetaFunction = ({ matches }) =>
  seoMeta({
    title: 'Citizen experts — Peerdesk',
    description: 'The customers who help the Nimbus Home community most.',
    url: `${originFrom(matches)}/experts`,
  })

const periodQuery = z.object({ period: z.enum(LEADERBOARD_PERIODS).catch('week') })
const PERIOD_LABELS = { week: 'This week', month: 'This month', all: 'All time' } as const

export async function loader({ request }: LoaderFunctionArgs) {
  const { period } = parseQuery(periodQuery, new URL(request.url))
  return { period, leaders: leaderboard(period), experts: citizenExperts(PRIVILEGES.citizenExpert) }
}

export default function Experts() {
  const { period, leaders, experts } = useLoaderData<typeof loader>()
  return (
    <div className="with-sidebar">
      <div>
        <h1>Citizen experts</h1>
        <p className="muted">
          Customers who reach {PRIVILEGES.citizenExpert.toLocaleString('en-US')} reputation by
          helping others become citizen experts. The leaderboard counts reputation gained in the
          period.
        </p>
        <nav aria-label="Period" className="tabs">
          {LEADERBOARD_PERIODS.map((p) => (
            <Link
              key={p}
              to={p === 'week' ? '/experts' : `/experts?period=${p}`}
              aria-current={p === period ? 'page' : undefined}
            >
              {PERIOD_LABELS[p]}
            </Link>
          ))}
        </nav>
        <h2 className="sr-only">{PERIOD_LABELS[period]}</h2>
        {leaders.length === 0 ? (
          <p className="muted">Nobody has gained reputation in this period yet.</p>
        ) : null}
        <ol className="leaderboard">
          {leaders.map((u, i) => (
            <li key={u.id}>
              <span className="rank">{i + 1}</span>
              <Avatar handle={u.handle} name={u.displayName} size={36} />
              <UserLink user={u} />
              <TagList tags={u.topTags} />
              <span className="gained">
                {period === 'all' ? '' : '+'}
                {u.gained.toLocaleString('en-US')}
              </span>
            </li>
          ))}
        </ol>
      </div>
      <aside className="sidebar" aria-labelledby="all-experts">
        <h2 id="all-experts">All citizen experts</h2>
        {experts.length === 0 ? <p className="muted">None yet — be the first.</p> : null}
        <ul className="expert-list">
          {experts.map((u) => (
            <li key={u.id}>
              <UserLink user={u} />
            </li>
          ))}
        </ul>
      </aside>
    </div>
  )
}
