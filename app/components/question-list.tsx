import { Link } from '@remix-run/react'
import type { ThreadStatus } from '#db/schema.ts'
import { STATUS_LABELS } from '#app/lib/thread-status.ts'
import { TimeAgo } from './time-ago.tsx'
import { UserLink, type UserSummary } from './user-link.tsx'

export interface QuestionRow {
  id: number
  title: string
  slug: string
  excerpt: string
  status: ThreadStatus
  score: number
  answerCount: number
  createdAt: number
  officialAnswerId: number | null
  acceptedAnswerId: number | null
  tags: string[]
  author: UserSummary
}

export function StatusBadge({ status }: { status: ThreadStatus }) {
  return <span className={`status status-${status}`}>{STATUS_LABELS[status]}</span>
}

export function TagList({ tags }: { tags: string[] }) {
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link to={`/tags/${encodeURIComponent(tag)}`} className="tag">
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  )
}

export function QuestionList({ questions, empty }: { questions: QuestionRow[]; empty?: string }) {
  if (questions.length === 0) return <p className="empty">{empty ?? 'No questions here yet.'}</p>
  return (
    <ol className="question-list">
      {questions.map((q) => (
        <li key={q.id} className="question-row">
          <div className="question-stats" aria-label="Thread figures">
            <span>
              <strong>{q.score}</strong> {Math.abs(q.score) === 1 ? 'vote' : 'votes'}
            </span>
            <span className={q.status === 'resolved' ? 'answers answers-resolved' : 'answers'}>
              <strong>{q.answerCount}</strong> {q.answerCount === 1 ? 'answer' : 'answers'}
            </span>
          </div>
          <div className="question-summary">
            <h3>
              <Link to={`/questions/${q.id}/${q.slug}`}>{q.title}</Link>
            </h3>
            <p className="excerpt">{q.excerpt}</p>
            <div className="question-meta">
              <StatusBadge status={q.status} />
              {q.officialAnswerId ? (
                <span className="badge badge-official">Official answer</span>
              ) : null}
              <TagList tags={q.tags} />
              <span className="asked">
                <UserLink user={q.author} /> <TimeAgo ms={q.createdAt} prefix="asked" />
              </span>
            </div>
          </div>
        </li>
      ))}
    </ol>
  )
}

/** Previous / next links that keep the other query parameters. */
export function Pagination({
  page,
  pageCount,
  search,
}: {
  page: number
  pageCount: number
  search: URLSearchParams
}) {
  if (pageCount <= 1) return null
  const href = (p: number) => {
    const params = new URLSearchParams(search)
    params.set('page', String(p))
    return `?${params.toString()}`
  }
  return (
    <nav aria-label="Pages" className="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
