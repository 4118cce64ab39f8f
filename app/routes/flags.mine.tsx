import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { flagHistory } from '#app/models/review-queue.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Your flags — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  return { flags: flagHistory(user.id) }
}

const OUTCOME: Record<string, string> = {
  pending: 'waiting for a moderator',
  helpful: 'helpful',
  declined: 'declined',
}

/** A member's flag history: what they flagged and what moderators made of it. */
export default function MyFlags() {
  const { flags } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <h1>Your flags</h1>
      {flags.length === 0 ? <p className="muted">You have not flagged anything.</p> : null}
      <ul className="flag-history">
        {flags.map((flag) => (
          <li key={flag.id}>
            <Link
              to={`/questions/${flag.questionId}/${flag.slug}${flag.postType === 'answer' ? `#answer-${flag.postId}` : ''}`}
            >
              {flag.postType === 'answer' ? `An answer on “${flag.title}”` : flag.title}
            </Link>{' '}
            <span className="muted">
              ({flag.reason.replace('_', ' ')}, <TimeAgo ms={flag.createdAt} />)
            </span>{' '}
            <strong className={`flag-outcome flag-${flag.status}`}>{OUTCOME[flag.status]}</strong>
          </li>
        ))}
      </ul>
    </div>
  )
}
