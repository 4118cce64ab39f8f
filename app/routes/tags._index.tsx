import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { originFrom, seoMeta } from '#app/lib/seo.ts'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Pagination } from '#app/components/question-list.tsx'
import { listTags } from '#app/models/tags.server.ts'
import { pageSchema, parseQuery } from '#app/validation/lists.ts'

export const meta: MetaFunction = ({ matches }) =>
  seoMeta({
    title: 'Tags — Peerdesk',
    description: 'Every product and topic the Nimbus Home community talks about.',
    url: `${originFrom(matches)}/tags`,
  })

const tagsQuery = z.object({ sort: z.enum(['popular', 'name']).catch('popular'), page: pageSchema })

export async function loader({ request }: LoaderFunctionArgs) {
  const { sort, page } = parseQuery(tagsQuery, new URL(request.url))
  return { sort, ...listTags({ sort, page }) }
}

export default function Tags() {
  const { sort, items, page, pageCount } = useLoaderData<typeof loader>()
  const [search] = useSearchParams()
  return (
    <>
      <h1>Tags</h1>
      <p className="muted">Each tag groups the questions about one product or topic.</p>
      <nav aria-label="Sort tags" className="tabs">
        <Link to="?sort=popular" aria-current={sort === 'popular' ? 'page' : undefined}>
          Popular
        </Link>
        <Link to="?sort=name" aria-current={sort === 'name' ? 'page' : undefined}>
          Name
        </Link>
      </nav>
      <ul className="tag-grid">
        {items.map((tag) => (
          <li key={tag.name}>
            <Link to={`/tags/${encodeURIComponent(tag.name)}`} className="tag">
              {tag.name}
            </Link>
            <span className="muted">
              {tag.questionCount} {tag.questionCount === 1 ? 'question' : 'questions'}
            </span>
            {tag.description ? <p>{tag.description}</p> : null}
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} search={search} />
    </>
  )
}
