import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { originFrom, seoMeta } from '#app/lib/seo.ts'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { QuestionList } from '#app/components/question-list.tsx'
import { UserLink } from '#app/components/user-link.tsx'
import { listQuestions } from '#app/models/question-lists.server.ts'
import { topUsers } from '#app/models/users.server.ts'
import { parseQuery } from '#app/validation/lists.ts'

const HOME_TABS = ['newest', 'unanswered', 'resolved'] as const
const homeQuery = z.object({ tab: z.enum(HOME_TABS).catch('newest') })

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  seoMeta({
    title: 'Peerdesk — answers from the Nimbus Home community',
    description:
      'Ask the Nimbus Home community, find resolved answers, and get help from citizen experts and staff.',
    url: `${originFrom(matches)}/${data && data.tab !== 'newest' ? `?tab=${data.tab}` : ''}`,
  })

export async function loader({ request }: LoaderFunctionArgs) {
  const { tab } = parseQuery(homeQuery, new URL(request.url))
  return {
    tab,
    questions: listQuestions({ tab, pageSize: 15 }).items,
    experts: topUsers(8),
  }
}

export default function Home() {
  const { tab, questions, experts } = useLoaderData<typeof loader>()
  return (
    <div className="with-sidebar">
      <div>
        <section className="hero" aria-labelledby="hero-title">
          <h1 id="hero-title">How can the community help?</h1>
          <form method="get" action="/search" role="search" className="hero-search">
            <label htmlFor="home-search" className="sr-only">
              Search
            </label>
            <input
              id="home-search"
              type="search"
              name="q"
              aria-label="Search"
              placeholder="Describe your problem, e.g. doorbell keeps going offline"
            />
            <button type="submit" className="btn">
              Search
            </button>
          </form>
          <p>
            Can't find it? <Link to="/questions/ask">Ask question</Link>
          </p>
        </section>
        <nav aria-label="Question tabs" className="tabs">
          {HOME_TABS.map((t) => (
            <Link
              key={t}
              to={t === 'newest' ? '/' : `/?tab=${t}`}
              aria-current={t === tab ? 'page' : undefined}
            >
              {t[0]!.toUpperCase() + t.slice(1)}
            </Link>
          ))}
        </nav>
        <h2 className="sr-only">{tab} questions</h2>
        <QuestionList questions={questions} />
        <p>
          <Link to={`/questions?tab=${tab}`}>All {tab} questions →</Link>
        </p>
      </div>
      <aside aria-labelledby="experts-title" className="sidebar">
        <h2 id="experts-title">Top experts</h2>
        <ol className="expert-list">
          {experts.map((u) => (
            <li key={u.id}>
              <UserLink user={u} />
            </li>
          ))}
        </ol>
        <Link to="/experts">All citizen experts →</Link>
      </aside>
    </div>
  )
}
