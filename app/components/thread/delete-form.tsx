import { Form } from '@remix-run/react'

/**
 * "Delete" under a post its viewer may delete (moderators; its author, within the rules the
 * server applies), and "Undelete" on a deleted one (moderators only see those).
 */
export function DeleteForm({
  postType,
  postId,
  deleted,
}: {
  postType: 'question' | 'answer' | 'comment'
  postId: number
  deleted: boolean
}) {
  return (
    <Form method="post" className="inline-form" preventScrollReset>
      <input type="hidden" name="intent" value={deleted ? 'undelete' : 'delete'} />
      <input type="hidden" name="postType" value={postType} />
      <input type="hidden" name="postId" value={postId} />
      <button type="submit" className="btn-link">
        {deleted ? 'Undelete' : 'Delete'}
      </button>
    </Form>
  )
}
