import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { originFrom, seoMeta } from '#app/lib/seo.ts'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Pagination, QuestionList } from '#app/components/question-list.tsx'
import { listQuestions } from '#app/models/question-lists.server.ts'
import { getTag } from '#app/models/tags.server.ts'
import { tagExperts } from '#app/models/profiles.server.ts'
import { UserLink } from '#app/components/user-link.tsx'
import { parseQuery, QUESTION_TABS, questionListQuery } from '#app/validation/lists.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [
        ...seoMeta({
          title: `Questions about ${data.tag.name} — Peerdesk`,
          description:
            data.tag.description || `Community questions and answers tagged ${data.tag.name}.`,
          url: `${originFrom(matches)}/tags/${encodeURIComponent(data.tag.name)}${data.tab !== 'newest' ? `?tab=${data.tab}` : ''}`,
        }),
        {
          tagName: 'link',
          rel: 'alternate',
          type: 'application/atom+xml',
          title: `Questions tagged ${data.tag.name}`,
          href: `/feeds/tags/${encodeURIComponent(data.tag.name)}.atom`,
        },
      ]
    : [{ title: 'Tag not found — Peerdesk' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const tag = getTag(String(params.tag).toLowerCase())
  if (!tag) throw new Response('Tag not found', { status: 404 })
  const { tab, page } = parseQuery(questionListQuery, new URL(request.url))
  return { tag, tab, experts: tagExperts(tag.name), ...listQuestions({ tab, tag: tag.name, page }) }
}

export default function TagPage() {
  const { tag, tab, items, page, pageCount, total, experts } = useLoaderData<typeof loader>()
  const [search] = useSearchParams()
  return (
    <div className="with-sidebar">
      <div>
        <div className="page-title">
          <h1>
            Questions tagged <span className="tag">{tag.name}</span>
          </h1>
          <Link to="/questions/ask" className="btn">
            Ask question
          </Link>
        </div>
        {tag.description ? <p>{tag.description}</p> : null}
        <p className="muted">{total.toLocaleString('en-US')} questions</p>
        <nav aria-label="Question tabs" className="tabs">
          {QUESTION_TABS.map((t) => (
            <Link
              key={t}
              to={t === 'newest' ? '.' : `?tab=${t}`}
              aria-current={t === tab ? 'page' : undefined}
            >
              {t[0]!.toUpperCase() + t.slice(1)}
            </Link>
          ))}
        </nav>
        <QuestionList questions={items} empty="No questions with this tag in this tab." />
        <Pagination page={page} pageCount={pageCount} search={search} />
      </div>
      <aside className="sidebar" aria-labelledby="tag-experts-title">
        <h2 id="tag-experts-title">Top answerers in {tag.name}</h2>
        {experts.length === 0 ? <p className="muted">No answers in this tag yet.</p> : null}
        <ol className="tag-experts">
          {experts.map((u) => (
            <li key={u.id}>
              <UserLink user={u} />
              <div className="muted small">
                {u.answers} {u.answers === 1 ? 'answer' : 'answers'} · score {u.score} ·{' '}
                {u.accepted} accepted
              </div>
            </li>
          ))}
        </ol>
      </aside>
    </div>
  )
}
