import { getFormProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { commentSchema } from '#app/validation/posts.ts'
import { ErrorList, TextareaField, useZodForm } from '../forms.tsx'
import { TimeAgo } from '../time-ago.tsx'
import { UserLink, type UserSummary } from '../user-link.tsx'
import { DeleteForm } from './delete-form.tsx'

export interface CommentItem {
  id: number
  bodyHtml: string
  createdAt: number
  author: UserSummary
  deletedAt?: number | null
  canDelete?: boolean
}

export function CommentList({ comments }: { comments: CommentItem[] }) {
  if (comments.length === 0) return null
  return (
    <ul className="comments" aria-label="Comments">
      {comments.map((c) => (
        <li key={c.id} id={`comment-${c.id}`} className={c.deletedAt ? 'post-deleted' : undefined}>
          {c.deletedAt ? <span className="muted">(deleted) </span> : null}
          <span dangerouslySetInnerHTML={{ __html: c.bodyHtml }} /> — <UserLink user={c.author} />{' '}
          <TimeAgo ms={c.createdAt} />
          {c.canDelete ? (
            <DeleteForm postType="comment" postId={c.id} deleted={c.deletedAt != null} />
          ) : null}
        </li>
      ))}
    </ul>
  )
}

/**
 * "Add a comment" under a post: a disclosure that opens the comment box (no JavaScript needed);
 * it opens by itself when the last try came back with an error.
 */
export function CommentForm({
  answerId,
  lastResult,
}: {
  answerId?: number
  lastResult?: SubmissionResult<string[]>
}) {
  const [form, fields] = useZodForm(commentSchema, {
    id: answerId ? `comment-answer-${answerId}` : 'comment-question',
    lastResult,
    validate: 'onSubmit',
  })
  const hasErrors = Boolean(form.errors?.length || fields.body.errors?.length)
  return (
    <details className="comment-box" open={hasErrors || undefined}>
      <summary>Add a comment</summary>
      <Form method="post" {...getFormProps(form)} preventScrollReset>
        <input type="hidden" name="intent" value="comment" />
        {answerId ? <input type="hidden" name="answerId" value={answerId} /> : null}
        <ErrorList id={form.errorId} errors={form.errors} />
        <TextareaField
          labelProps={{ children: 'Comment' }}
          textareaProps={{ ...getTextareaProps(fields.body), rows: 2 }}
          errors={fields.body.errors}
        />
        <button type="submit" className="btn btn-small">
          Post comment
        </button>
      </Form>
    </details>
  )
}
