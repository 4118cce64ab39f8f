// /staff/redact/:questionId — the redaction helper for one thread (staff): what it finds in the
// public posts and their revisions, and one "Redact" button for all of it. Moderators also read
// the originals earlier redactions replaced; nobody else ever gets them.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { requireRole } from '#app/lib/auth.server.ts'
import { buttonFailure } from '#app/lib/form-action.server.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { formatMoment } from '#app/lib/dates.ts'
import { getLiveQuestion } from '#app/models/questions.server.ts'
import {
  findThreadRedactions,
  redactedOriginalsFor,
  redactThread,
} from '#app/models/redaction.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Redact personal data — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

// The originals are personal data: no shared cache or browser history keeps this page.
export const headers = () => ({ 'Cache-Control': 'private, no-store' })

function questionIdOf(params: LoaderFunctionArgs['params']) {
  const id = Number(params.questionId)
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response('Not found', { status: 404 })
  return id
}

function liveQuestionOr404(id: number) {
  try {
    return getLiveQuestion(id)
  } catch {
    throw new Response('Question not found', { status: 404 })
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireRole(context.user, request, 'staff')
  const id = questionIdOf(params)
  const question = liveQuestionOr404(id)
  return {
    question: { id, title: question.title, slug: question.slug },
    findings: findThreadRedactions(user, id),
    originals: hasRole(user, 'moderator') ? redactedOriginalsFor(user, id) : null,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(context.user, request, 'staff')
  const id = questionIdOf(params)
  const form = await request.formData()
  if (form.get('intent') !== 'redact') {
    return data({ error: 'That request was not understood.' }, { status: 400 })
  }
  try {
    const { count } = redactThread(user, id)
    return redirect(`/staff/redact/${id}?redacted=${count}`)
  } catch (error) {
    return buttonFailure(error, {})
  }
}

export default function RedactPage() {
  const { question, findings, originals } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const redacted = search.get('redacted')
  const threadHref = `/questions/${question.id}/${question.slug}`
  const total = findings.reduce((n, f) => n + f.matches.length, 0)
  return (
    <section className="redact-page" aria-labelledby="redact-title">
      <h1 id="redact-title">Redact personal data</h1>
      <p>
        In <Link to={threadHref}>{question.title}</Link>: e-mail addresses, phone numbers and the
        patterns set on <Link to="/admin/settings">site settings</Link>, in the public posts and
        their earlier revisions.
      </p>
      {redacted != null ? (
        <p className="notice" role="status">
          Redacted {redacted} {redacted === '1' ? 'match' : 'matches'}.{' '}
          <Link to={threadHref}>Back to the thread</Link>
        </p>
      ) : null}
      {actionData && 'error' in actionData && actionData.error ? (
        <p className="vote-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {findings.length === 0 ? (
        <p>Nothing to redact.</p>
      ) : (
        <>
          <h2>
            {total} {total === 1 ? 'match' : 'matches'} found
          </h2>
          <ul className="redact-findings">
            {findings.map((f) => (
              <li key={`${f.target}-${f.targetId}-${f.field}`}>
                <strong>{f.where}</strong>:{' '}
                {f.matches.map((m, i) => (
                  <span key={i}>
                    {i > 0 ? ', ' : ''}
                    <mark>{m.text}</mark> ({m.label})
                  </span>
                ))}
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="redact" />
            <button type="submit" className="btn">
              Redact
            </button>
          </Form>
        </>
      )}
      {originals ? (
        <section aria-labelledby="originals-title">
          <h2 id="originals-title">Redacted originals (moderators only)</h2>
          {originals.length === 0 ? (
            <p>Nothing has been redacted on this thread.</p>
          ) : (
            <ul className="redacted-originals">
              {originals.map((o) => (
                <li key={o.id}>
                  {formatMoment(o.at)}: {o.target} {o.targetId} ({o.field})<pre>{o.original}</pre>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </section>
  )
}
