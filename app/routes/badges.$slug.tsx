import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Pagination } from '#app/components/question-list.tsx'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { UserLink } from '#app/components/user-link.tsx'
import { badgeHolders } from '#app/models/badges.server.ts'
import { pageSchema, parseQuery } from '#app/validation/lists.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.badge.name} badge — Peerdesk` },
        { name: 'description', content: `${data.badge.name}: ${data.badge.description}` },
      ]
    : [{ title: 'Badge not found — Peerdesk' }]

const badgeParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,40}$/) })
const holdersQuery = z.object({ page: pageSchema })

export async function loader({ params, request }: LoaderFunctionArgs) {
  const parsed = badgeParams.safeParse(params)
  if (!parsed.success) throw new Response('Badge not found', { status: 404 })
  const { page } = parseQuery(holdersQuery, new URL(request.url))
  const holders = badgeHolders(parsed.data.slug, page)
  if (!holders) throw new Response('Badge not found', { status: 404 })
  return holders
}

export default function BadgePage() {
  const { badge, items, total, page, pageSize, pageCount } = useLoaderData<typeof loader>()
  const [search] = useSearchParams()
  return (
    <>
      <p className="badges-back">
        <Link to="/badges">← All badges</Link>
      </p>
      <h1 className="badge-title">
        <span className={`badge-chip badge-tier-${badge.tier}`}>
          <span className="badge-medal" aria-hidden="true" />
          {badge.name}
        </span>{' '}
        <span className="badge-tier-label">{badge.tier} badge</span>
      </h1>
      <p>{badge.description}</p>
      <p className="muted">
        {total === 0
          ? 'Nobody holds this badge yet.'
          : `${total.toLocaleString('en-US')} ${total === 1 ? 'person holds' : 'people hold'} this badge.`}
      </p>
      <ol
        className="badge-holders"
        aria-label="Holders, newest first"
        start={(page - 1) * pageSize + 1}
      >
        {items.map((h) => (
          <li key={h.user.id}>
            <UserLink user={h.user} />
            {h.question ? (
              <span className="muted">
                {' '}
                for{' '}
                <Link
                  to={`/questions/${h.question.id}/${h.question.slug}${h.answerId != null ? `#answer-${h.answerId}` : ''}`}
                >
                  {h.question.title}
                </Link>
              </span>
            ) : null}{' '}
            <span className="muted small">
              <TimeAgo ms={h.awardedAt} prefix="awarded" />
            </span>
          </li>
        ))}
      </ol>
      <Pagination page={page} pageCount={pageCount} search={search} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
