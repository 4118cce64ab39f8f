import { Form, Link } from '@remix-run/react'
import { DeleteForm } from './delete-form.tsx'

/** Edit, Flag and Delete (or Undelete), under a question or an answer. */
export function PostActions({
  editHref,
  flagPost,
  canEdit,
  canFlag,
  deletion,
}: {
  editHref: string
  flagPost: string
  canEdit: boolean
  canFlag: boolean
  /** Set when the viewer may delete (or undelete) the post. */
  deletion?: { postType: 'question' | 'answer'; postId: number; deleted: boolean }
}) {
  return (
    <div className="post-actions">
      {canEdit && !deletion?.deleted ? <Link to={editHref}>Edit</Link> : null}
      {deletion ? <DeleteForm {...deletion} /> : null}
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
