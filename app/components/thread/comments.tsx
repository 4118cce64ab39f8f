import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { commentSchema } from '#app/validation/posts.ts'
import { ErrorList } from '../forms.tsx'
import { TimeAgo } from '../time-ago.tsx'
import { UserLink, type UserSummary } from '../user-link.tsx'

export interface CommentItem {
  id: number
  bodyHtml: string
  createdAt: number
  author: UserSummary
}

export function CommentList({ comments }: { comments: CommentItem[] }) {
  if (comments.length === 0) return null
  return (
    <ul className="comments" aria-label="Comments">
      {comments.map((c) => (
        <li key={c.id} id={`comment-${c.id}`}>
          <span dangerouslySetInnerHTML={{ __html: c.bodyHtml }} /> — <UserLink user={c.author} />{' '}
          <TimeAgo ms={c.createdAt} />
        </li>
      ))}
    </ul>
  )
}

/** A comment box under a post; it opens by itself when the last try had an error. */
export function CommentForm({
  answerId,
  lastResult,
}: {
  answerId?: number
  lastResult?: SubmissionResult<string[]>
}) {
  const formId = answerId ? `comment-answer-${answerId}` : 'comment-question'
  const [form, fields] = useForm({
    id: formId,
    lastResult,
    constraint: getZodConstraint(commentSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: commentSchema }),
  })
  const hasErrors = Boolean(form.errors?.length || fields.body.errors?.length)
  return (
    <details className="comment-box" open={hasErrors || undefined}>
      <summary>Comment</summary>
      <Form method="post" {...getFormProps(form)} preventScrollReset>
        <input type="hidden" name="intent" value="comment" />
        {answerId ? <input type="hidden" name="answerId" value={answerId} /> : null}
        <ErrorList id={form.errorId} errors={form.errors} />
        <label htmlFor={fields.body.id}>Comment</label>
        <textarea {...getTextareaProps(fields.body)} key={fields.body.key} rows={2} />
        <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
        <button type="submit" className="btn btn-small">
          Add a comment
        </button>
      </Form>
    </details>
  )
}
