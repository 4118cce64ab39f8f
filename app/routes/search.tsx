import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { StatusBadge, TagList } from '#app/components/question-list.tsx'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { STATUS_LABELS } from '#app/lib/thread-status.ts'
import { parseQuery } from '#app/validation/lists.ts'
import { searchHref, searchQuerySchema } from '#app/validation/search.ts'
import { searchThreads } from '#search/index.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.params.q ? `“${data.params.q}” — search — Peerdesk` : 'Search — Peerdesk' },
  // Result pages are for people, not for search engines' indexes.
  { name: 'robots', content: 'noindex, follow' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const params = parseQuery(searchQuerySchema, new URL(request.url))
  if (!params.q) return { params, result: null }
  const result = await searchThreads({
    q: params.q,
    tags: params.tag ? [params.tag] : undefined,
    status: params.status,
    page: params.page,
    pageSize: 20,
  })
  return { params, result }
}

const TYPING_DELAY_MS = 300

export default function SearchPage() {
  const { params, result } = useLoaderData<typeof loader>()
  const submit = useSubmit()
  const navigation = useNavigation()
  const formRef = useRef<HTMLFormElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  // With JavaScript, results follow the typing (debounced, replacing the history entry).
  const onInput = () => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      if (formRef.current) submit(formRef.current, { replace: true, preventScrollReset: true })
    }, TYPING_DELAY_MS)
  }

  const askHref = `/questions/ask${params.q ? `?title=${encodeURIComponent(params.q)}` : ''}`
  return (
    <div className="with-sidebar search-page">
      <div>
        <h1>Search the community</h1>
        <Form method="get" role="search" ref={formRef} className="search-form" onChange={onInput}>
          <label htmlFor="search-q" className="sr-only">
            Search
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={params.q}
            aria-label="Search"
            placeholder="e.g. thermostat keeps losing wifi"
            autoComplete="off"
          />
          {params.tag ? <input type="hidden" name="tag" value={params.tag} /> : null}
          <fieldset className="status-toggle">
            <legend className="sr-only">Which threads</legend>
            <label>
              <input
                type="radio"
                name="status"
                value="resolved"
                defaultChecked={params.status === 'resolved'}
              />{' '}
              Resolved only
            </label>
            <label>
              <input
                type="radio"
                name="status"
                value="all"
                defaultChecked={params.status === 'all'}
              />{' '}
              All threads
            </label>
          </fieldset>
          <button type="submit" className="btn">
            Search
          </button>
        </Form>

        {result ? (
          <section aria-labelledby="results-title" aria-busy={navigation.state === 'loading'}>
            <h2 id="results-title" className="results-title">
              {result.total.toLocaleString('en-US')} {result.total === 1 ? 'result' : 'results'}
              {params.status === 'resolved' ? ' in resolved threads' : ''}
              {params.tag ? ` tagged ${params.tag}` : ''}
            </h2>
            {result.backend === 'sqlite-fts' ? (
              <p className="muted small">
                Search is running in its basic mode right now; results may be less forgiving of
                typos.
              </p>
            ) : null}
            {result.hits.length > 0 ? (
              <ol className="search-results">
                {result.hits.map((hit) => (
                  <li key={hit.id} className="search-hit">
                    <h3>
                      {/* A document request through the counting redirect (the self-help
                          deflection figure), so a plain anchor. */}
                      <a
                        href={`/go/search/${hit.id}`}
                        rel="nofollow"
                        dangerouslySetInnerHTML={{ __html: hit.titleHtml }}
                      />
                    </h3>
                    <p className="excerpt" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
                    <div className="question-meta">
                      <StatusBadge status={hit.status} />
                      {hit.official ? (
                        <span className="badge badge-official">Official answer</span>
                      ) : null}
                      <span className="muted">
                        {hit.answerCount} {hit.answerCount === 1 ? 'answer' : 'answers'} · score{' '}
                        {hit.score}
                      </span>
                      <TagList tags={hit.tags} />
                      <TimeAgo ms={hit.lastActivityAt} prefix="active" />
                    </div>
                  </li>
                ))}
              </ol>
            ) : null}
            {result.hits.length === 0 || result.page === result.pageCount ? (
              <div className="no-results">
                {result.hits.length === 0 ? (
                  <p>Nothing matches that yet.</p>
                ) : (
                  <p>Not what you were looking for?</p>
                )}
                <ul>
                  {params.status === 'resolved' ? (
                    <li>
                      <Link to={searchHref({ ...params, status: 'all', page: 1 })}>
                        Include unresolved threads
                      </Link>
                    </li>
                  ) : null}
                  {params.tag ? (
                    <li>
                      <Link to={searchHref({ ...params, tag: undefined, page: 1 })}>
                        Search every tag
                      </Link>
                    </li>
                  ) : null}
                </ul>
                <Link to={askHref} className="btn">
                  Ask the community
                </Link>
              </div>
            ) : null}
            {result.pageCount > 1 ? (
              <nav aria-label="Pages" className="pagination">
                {result.page > 1 ? (
                  <Link to={searchHref({ ...params, page: result.page - 1 })} rel="prev">
                    ← Previous
                  </Link>
                ) : (
                  <span />
                )}
                <span>
                  Page {result.page} of {result.pageCount}
                </span>
                {result.page < result.pageCount ? (
                  <Link to={searchHref({ ...params, page: result.page + 1 })} rel="next">
                    Next →
                  </Link>
                ) : (
                  <span />
                )}
              </nav>
            ) : null}
          </section>
        ) : (
          <p className="muted">
            Type what goes wrong; we look through the threads the community has already solved.
          </p>
        )}
      </div>
      {result ? (
        <aside className="sidebar" aria-labelledby="facets-title">
          <h2 id="facets-title">Refine</h2>
          <h3>Status</h3>
          <ul className="facets">
            {Object.entries(result.facets.status).map(([status, count]) => (
              <li key={status}>
                {STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status}{' '}
                <span className="muted">{count}</span>
              </li>
            ))}
          </ul>
          <h3>Tags</h3>
          <ul className="facets">
            {params.tag ? (
              <li>
                <Link to={searchHref({ ...params, tag: undefined, page: 1 })}>× {params.tag}</Link>
              </li>
            ) : null}
            {Object.entries(result.facets.tags)
              .filter(([tag]) => tag !== params.tag)
              .sort((a, b) => b[1] - a[1])
              .slice(0, 15)
              .map(([tag, count]) => (
                <li key={tag}>
                  <Link to={searchHref({ ...params, tag, page: 1 })}>{tag}</Link>{' '}
                  <span className="muted">{count}</span>
                </li>
              ))}
          </ul>
        </aside>
      ) : null}
    </div>
  )
}
