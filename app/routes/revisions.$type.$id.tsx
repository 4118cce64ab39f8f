import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ControlMessage } from '#app/components/forms.tsx'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { UserLink } from '#app/components/user-link.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { buttonFailure } from '#app/lib/form-action.server.ts'
import { getQuestionSlug } from '#app/models/questions.server.ts'
import {
  canRollBack,
  postHistory,
  rollbackPost,
  type Change,
} from '#app/models/revisions.server.ts'
import { rollbackSchema } from '#app/validation/revisions.ts'

export const meta: MetaFunction = () => [
  { title: 'Edit history — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

const paramsSchema = z.object({
  type: z.enum(['question', 'answer']),
  id: z.coerce.number().int().positive(),
})

function postOf(params: LoaderFunctionArgs['params']) {
  const parsed = paramsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  return parsed.data
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const post = postOf(params)
  const history = postHistory(post.type, post.id)
  const first = history.at(-1)
  if (!first) throw new Response('Not found', { status: 404 })
  const slug = getQuestionSlug(first.questionId)
  if (!slug) throw new Response('Not found', { status: 404 })
  return {
    type: post.type,
    threadUrl: `/questions/${first.questionId}/${slug}`,
    history,
    // Only a hint for the page: rollbackPost refuses anyone else on the server.
    canRollBack: canRollBack(context.user, post),
  }
}

/** "Roll back" on a revision: back to the thread at the post, or the refusal beside the button. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const post = postOf(params)
  const user = requireUser(context.user, request)
  const submission = parseWithZod(await request.formData(), { schema: rollbackSchema })
  if (submission.status !== 'success') {
    const revision = Number(submission.payload.revision)
    const error = Object.values(submission.error ?? {}).flat()[0]
    return data(
      {
        revision: Number.isSafeInteger(revision) ? revision : null,
        error: error ?? 'That request was not understood.',
      },
      { status: 400 },
    )
  }
  const { revision, summary } = submission.value
  try {
    const done = rollbackPost(user, { ...post, revision, summary })
    const anchor = post.type === 'question' ? 'question-title' : `answer-${post.id}`
    return redirect(`/questions/${done.questionId}/${getQuestionSlug(done.questionId)}#${anchor}`)
  } catch (error) {
    return buttonFailure(error, { revision })
  }
}

function RollbackForm({ revision, error }: { revision: number; error?: string }) {
  const summaryId = `rollback-summary-${revision}`
  return (
    <Form method="post" className="rollback-form">
      <input type="hidden" name="revision" value={revision} />
      <label htmlFor={summaryId}>Why roll back (optional)</label>
      <input id={summaryId} name="summary" type="text" maxLength={200} />
      <button type="submit" className="btn btn-small">
        Roll back
      </button>
      <ControlMessage message={error} />
    </Form>
  )
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
  const { type, threadUrl, history, canRollBack } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const withButton = (revision: number) =>
    canRollBack && history.some((r) => r.number === revision && r.restorable)
  // A refusal shows beside its button, or at the top when that button is no longer offered.
  const beside = actionData?.revision != null && withButton(actionData.revision)
  const errorFor = (revision: number | null) =>
    actionData && (revision == null ? !beside : beside && actionData.revision === revision)
      ? actionData.error
      : undefined
  return (
    <>
      <h1>Edit history of this {type}</h1>
      <p>
        <Link to={threadUrl}>← Back to the thread</Link>
      </p>
      <ControlMessage message={errorFor(null)} />
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
            {canRollBack && r.restorable ? (
              <RollbackForm revision={r.number} error={errorFor(r.number)} />
            ) : null}
          </li>
        ))}
      </ol>
    </>
  )
}
