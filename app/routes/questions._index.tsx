import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { originFrom, seoMeta } from '#app/lib/seo.ts'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Pagination, QuestionList } from '#app/components/question-list.tsx'
import { listQuestions } from '#app/models/question-lists.server.ts'
import { parseQuery, QUESTION_TABS, questionListQuery } from '#app/validation/lists.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const params = new URLSearchParams()
  if (data && data.tab !== 'newest') params.set('tab', data.tab)
  if (data?.tag) params.set('tag', data.tag)
  if (data && data.page > 1) params.set('page', String(data.page))
  const qs = params.toString()
  return seoMeta({
    title: data?.tag ? `Questions tagged ${data.tag} — Peerdesk` : 'All questions — Peerdesk',
    description:
      'Questions customers asked the Nimbus Home community, with answers from citizen experts and staff.',
    url: `${originFrom(matches)}/questions${qs ? `?${qs}` : ''}`,
  })
}

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(questionListQuery, new URL(request.url))
  const list = listQuestions(query)
  return { ...query, ...list }
}

export default function Questions() {
  const { tab, tag, items, total, page, pageCount } = useLoaderData<typeof loader>()
  const [search] = useSearchParams()
  const tabHref = (t: string) => {
    const params = new URLSearchParams()
    if (t !== 'newest') params.set('tab', t)
    if (tag) params.set('tag', tag)
    const qs = params.toString()
    return qs ? `?${qs}` : '.'
  }
  return (
    <>
      <div className="page-title">
        <h1>{tag ? `Questions tagged [${tag}]` : 'All questions'}</h1>
        <Link to="/questions/ask" className="btn">
          Ask question
        </Link>
      </div>
      <p className="muted">{total.toLocaleString('en-US')} questions</p>
      <nav aria-label="Question tabs" className="tabs">
        {QUESTION_TABS.map((t) => (
          <Link key={t} to={tabHref(t)} aria-current={t === tab ? 'page' : undefined}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </Link>
        ))}
      </nav>
      <QuestionList questions={items} />
      <Pagination page={page} pageCount={pageCount} search={search} />
    </>
  )
}
