import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { UserLink } from '#app/components/user-link.tsx'
import { getQuestionSlug } from '#app/models/questions.server.ts'
import { postHistory, type Change } from '#app/models/revisions.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Edit history — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

const paramsSchema = z.object({
  type: z.enum(['question', 'answer']),
  id: z.coerce.number().int().positive(),
})

export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = paramsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const history = postHistory(parsed.data.type, parsed.data.id)
  const first = history.at(-1)
  if (!first) throw new Response('Not found', { status: 404 })
  const slug = getQuestionSlug(first.questionId)
  if (!slug) throw new Response('Not found', { status: 404 })
  return { type: parsed.data.type, threadUrl: `/questions/${first.questionId}/${slug}`, history }
}

function Diff({ changes, block }: { changes: Change[]; block?: boolean }) {
  const Tag = block ? 'pre' : 'span'
  return (
    <Tag className={block ? 'diff diff-block' : 'diff'}>
      {changes.map((c, i) =>
        c.kind === 'added' ? (
          <ins key={i}>{c.text}</ins>
        ) : c.kind === 'removed' ? (
          <del key={i}>{c.text}</del>
        ) : (
          <span key={i}>{c.text}</span>
        ),
      )}
    </Tag>
  )
}

export default function Revisions() {
  const { type, threadUrl, history } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Edit history of this {type}</h1>
      <p>
        <Link to={threadUrl}>← Back to the thread</Link>
      </p>
      <ol className="revisions" reversed>
        {history.map((r) => (
          <li key={r.number}>
            <h2>
              Revision {r.number}
              {r.number === 1 ? ' (original)' : ''}
            </h2>
            <p className="muted">
              <UserLink user={r.editor} /> <TimeAgo ms={r.createdAt} />
              {r.summary ? ` — “${r.summary}”` : ''}
            </p>
            {r.title ? (
              <p>
                Title: <Diff changes={r.title} />
              </p>
            ) : null}
            {r.tags ? (
              <p>
                Tags: <Diff changes={r.tags} />
              </p>
            ) : null}
            <Diff changes={r.body} block />
          </li>
        ))}
      </ol>
    </>
  )
}
