// GET /notifications/:id/open — following a notification: mark it read, go to the post.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { requireUser } from '#app/lib/auth.server.ts'
import { openNotification } from '#app/models/notifications.server.ts'
import { notificationIdParams } from '#app/validation/notifications.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const parsed = notificationIdParams.safeParse(params)
  const href = parsed.success ? openNotification(user.id, parsed.data.id) : null
  if (!href) throw new Response('Notification not found', { status: 404 })
  return redirect(href, { headers: { 'Cache-Control': 'private, no-store' } })
}
