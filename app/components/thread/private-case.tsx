// The private case section of a thread: only the asker and staff get it (the loader gives nobody
// else its data). Opening, writing and solving are plain forms posting to the thread's action.
import { getFormProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { caseMessageSchema, caseSolveSchema } from '#app/validation/private-case.ts'
import type { PrivateCaseView } from '#app/models/private-cases.server.ts'
import { ErrorList, TextareaField, useZodForm } from '../forms.tsx'
import { TimeAgo } from '../time-ago.tsx'
import { UserLink } from '../user-link.tsx'

/** Which of the case's forms a refused submission came from. */
const sentBy = (result: SubmissionResult<string[]> | undefined, intent: string) =>
  result?.initialValue?.intent === intent ? result : undefined

export function PrivateCase({
  privateCase,
  questionId,
  lastResult,
}: {
  privateCase: PrivateCaseView
  questionId: number
  lastResult?: SubmissionResult<string[]>
}) {
  const openError = sentBy(lastResult, 'private-case-open')?.error?.['']
  return (
    <section id="private-case" className="private-case" aria-labelledby="private-case-title">
      <h2 id="private-case-title">Private case</h2>
      <p className="muted">
        Only the asker and staff can read this. It is never shown to visitors or other members, and
        never appears in search or feeds.
      </p>
      {privateCase.staff ? (
        <p>
          <Link to={`/staff/redact/${questionId}`}>Check the public posts for personal data</Link>
        </p>
      ) : null}
      {privateCase.open ? (
        <>
          {privateCase.solvedAt != null ? (
            <p className="notice" role="status">
              Solved <TimeAgo ms={privateCase.solvedAt} />
              {privateCase.summaryAnswerId != null ? (
                <>
                  {' '}
                  — <a href={`#answer-${privateCase.summaryAnswerId}`}>see the summary answer</a>
                </>
              ) : null}
              .
            </p>
          ) : null}
          {privateCase.messages.length > 0 ? (
            <ol className="case-messages" aria-label="Private case messages">
              {privateCase.messages.map((m) => (
                <li key={m.id} id={`case-message-${m.id}`} className="case-message">
                  <div className="post-author">
                    <UserLink user={m.author} /> {m.byStaff ? '(staff)' : '(asker)'}{' '}
                    <TimeAgo ms={m.createdAt} />
                  </div>
                  <div className="prose" dangerouslySetInnerHTML={{ __html: m.bodyHtml }} />
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">No messages yet.</p>
          )}
          {privateCase.solvedAt == null ? (
            <CaseMessageForm lastResult={sentBy(lastResult, 'private-case-message')} />
          ) : (
            <OpenCaseButton label="Reopen the private case" />
          )}
          {privateCase.canSolve ? (
            <SolveCaseForm lastResult={sentBy(lastResult, 'private-case-solve')} />
          ) : null}
        </>
      ) : (
        <OpenCaseButton label="Open a private case" error={openError} />
      )}
    </section>
  )
}

function OpenCaseButton({ label, error }: { label: string; error?: string[] | null }) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value="private-case-open" />
      <ErrorList errors={error ?? undefined} />
      <button type="submit" className="btn btn-small">
        {label}
      </button>
    </Form>
  )
}

function CaseMessageForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(caseMessageSchema, {
    id: 'private-case-message',
    lastResult,
    validate: 'onSubmit',
  })
  return (
    <Form method="post" {...getFormProps(form)} preventScrollReset>
      <input type="hidden" name="intent" value="private-case-message" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextareaField
        labelProps={{ children: 'Message in the private case' }}
        textareaProps={{ ...getTextareaProps(fields.body), rows: 4 }}
        errors={fields.body.errors}
      />
      <button type="submit" className="btn">
        Send privately
      </button>
    </Form>
  )
}

function SolveCaseForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(caseSolveSchema, {
    id: 'private-case-solve',
    lastResult,
    validate: 'onSubmit',
  })
  return (
    <details className="case-solve" open={Boolean(lastResult) || undefined}>
      <summary>Mark solved with a public summary</summary>
      <Form method="post" {...getFormProps(form)} preventScrollReset>
        <input type="hidden" name="intent" value="private-case-solve" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <TextareaField
          labelProps={{ children: 'Public summary answer (no personal data)' }}
          textareaProps={{ ...getTextareaProps(fields.summary), rows: 4 }}
          errors={fields.summary.errors}
        />
        <button type="submit" className="btn">
          Mark solved and post the summary
        </button>
      </Form>
    </details>
  )
}
