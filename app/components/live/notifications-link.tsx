import { Link } from '@remix-run/react'
import { useState } from 'react'
import { useLiveEvent } from './live-events.tsx'

/** The header's "Notifications" link with the unread count, kept current by the live stream. */
export function NotificationsLink({ unread }: { unread: number }) {
  // What the stream said, and the server's count it said it over: a fresh count from the
  // server (any navigation) wins over older news from the stream.
  const [live, setLive] = useState<{ over: number; count: number } | null>(null)
  useLiveEvent('unread', ({ count }) => setLive({ over: unread, count }))
  const count = live && live.over === unread ? live.count : unread
  return (
    <Link
      to="/notifications"
      className="notifications-link"
      aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}
    >
      Notifications
      {count > 0 ? (
        <span className="notifications-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  )
}
