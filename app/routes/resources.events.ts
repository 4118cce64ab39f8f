// GET /resources/events?thread=ID&since=MS — Server-Sent Events for live pages:
// `answer` and `comment` events in that thread by other people, and `unread` (the signed-in
// user's unread notification count) whenever it may have changed.
import type { LoaderFunctionArgs } from '@remix-run/node'
import {
  eventStream,
  subscribeToThread,
  subscribeToUser,
  type ThreadEvent,
} from '#app/lib/live-events.server.ts'
import { unreadNotificationCount } from '#app/models/notifications.server.ts'
import { threadEventsSince, threadExists } from '#app/models/thread-activity.server.ts'
import { liveEventsQuery } from '#app/validation/notifications.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = liveEventsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!query.success) return new Response('Bad event stream request', { status: 400 })
  const { thread } = query.data
  const viewer = context.user
  // Nothing to tell this visitor: 204 also tells EventSource not to reconnect.
  if (thread == null && !viewer) return new Response(null, { status: 204 })
  if (thread != null && !threadExists(thread)) {
    return new Response('Question not found', { status: 404 })
  }
  // On reconnect the browser sends the id of the last event it had: replay from there.
  const lastEventId = Number(request.headers.get('Last-Event-ID'))
  const since =
    Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : query.data.since

  return eventStream(request.signal, (send) => {
    const unsubscribe: Array<() => void> = []
    if (viewer) {
      const sendUnread = () => send('unread', { count: unreadNotificationCount(viewer.id) })
      unsubscribe.push(subscribeToUser(viewer.id, sendUnread))
      sendUnread()
    }
    if (thread != null) {
      const sendPost = (event: ThreadEvent) => {
        if (event.actorId === viewer?.id) return // your own posts come back with your redirect
        const { type, ...payload } = event
        send(type, payload, event.createdAt)
      }
      // Subscribe first, then replay: a post in between arrives twice, never not at all.
      unsubscribe.push(subscribeToThread(thread, sendPost))
      if (since != null) threadEventsSince(thread, since).forEach(sendPost)
    }
    return () => unsubscribe.forEach((off) => off())
  })
}
