import { Form, Link } from '@remix-run/react'

/** Edit and Flag, under a question or an answer. */
export function PostActions({
  editHref,
  flagPost,
  canEdit,
  canFlag,
}: {
  editHref: string
  flagPost: string
  canEdit: boolean
  canFlag: boolean
}) {
  return (
    <div className="post-actions">
      {canEdit ? <Link to={editHref}>Edit</Link> : null}
      {canFlag ? (
        <Form method="get" action="/flag">
          <input type="hidden" name="post" value={flagPost} />
          <button type="submit" className="btn-link">
            Flag
          </button>
        </Form>
      ) : null}
    </div>
  )
}
