import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { QuestionList } from '#app/components/question-list.tsx'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { UserBadges } from '#app/components/user-link.tsx'
import { displayReputation } from '#app/lib/privileges.ts'
import { REPUTATION_LABELS } from '#app/lib/reputation-rules.ts'
import { listQuestions } from '#app/models/questions.server.ts'
import { reputationHistory } from '#app/models/reputation.server.ts'
import { getUserByHandle } from '#app/models/users.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.user.displayName} (@${data.user.handle}) — Peerdesk`
      : 'User not found — Peerdesk',
  },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const user = getUserByHandle(String(params.handle))
  if (!user || user.status === 'deleted') throw new Response('User not found', { status: 404 })
  return {
    user,
    questions: listQuestions({ authorId: user.id, pageSize: 10 }).items,
    reputation: reputationHistory(user.id, 20),
  }
}

export default function Profile() {
  const { user, questions, reputation } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="profile-head">
        <h1>
          {user.displayName} <UserBadges role={user.role} reputation={user.reputation} />
        </h1>
        <p className="muted">
          @{user.handle} · member <TimeAgo ms={user.createdAt} />
        </p>
        <p className="profile-rep">
          <strong>{displayReputation(user.reputation).toLocaleString('en-US')}</strong> reputation
        </p>
        {user.bio ? <p>{user.bio}</p> : null}
      </div>
      <div className="with-sidebar">
        <section aria-labelledby="user-questions">
          <h2 id="user-questions">Questions</h2>
          <QuestionList questions={questions} empty="No questions yet." />
        </section>
        <aside className="sidebar" aria-labelledby="user-rep">
          <h2 id="user-rep">Recent reputation</h2>
          {reputation.length === 0 ? <p className="muted">Nothing yet.</p> : null}
          <ul className="rep-list">
            {reputation.map((e) => (
              <li key={e.id}>
                <span className={e.amount >= 0 ? 'rep-plus' : 'rep-minus'}>
                  {e.amount >= 0 ? `+${e.amount}` : e.amount}
                </span>{' '}
                {REPUTATION_LABELS[e.kind]}
                {e.reversalOfId ? ' (undone)' : ''}
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </>
  )
}
