import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import { DELETED_USER_NAME, isDeletedHandle } from '#app/lib/deleted-user.ts'
import { moderationLogPage } from '#app/models/moderation-log.server.ts'
import { parseQuery } from '#app/validation/lists.ts'

export const meta: MetaFunction = () => [
  { title: 'Moderation log — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

const logQuerySchema = z.object({ before: z.coerce.number().int().positive().optional() })

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context.user, request, 'moderator')
  const { before } = parseQuery(logQuerySchema.catch({}), new URL(request.url))
  return moderationLogPage({ before })
}

const ACTION_LABELS: Record<string, string> = {
  'role-change': 'changed the role of',
  lock: 'locked',
  unlock: 'unlocked',
  reopen: 'reopened',
  suspend: 'suspended',
  unsuspend: 'lifted the suspension of',
  delete: 'deleted',
  undelete: 'undeleted',
  hide: 'hid, by community flags,',
  'dismiss-flags': 'dismissed the flags on',
  rollback: 'rolled back',
  'settings-change': 'changed',
  'account-deleted': 'deleted their own account:',
}

/**
 * What changed, where the log says more than the action's name ("role: member → moderator").
 * The before-state of other actions is kept to undo them, not to be read.
 */
function changeOf(entry: {
  action: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}) {
  if (entry.action === 'settings-change') {
    return Object.keys(entry.after ?? {}).map(
      (key) =>
        `${key}: ${JSON.stringify(entry.before?.[key] ?? null)} → ${JSON.stringify(entry.after?.[key] ?? null)}`,
    )
  }
  if (entry.action !== 'role-change') return []
  return [`role: ${String(entry.before?.role ?? '—')} → ${String(entry.after?.role ?? '—')}`]
}

export default function ModerationLog() {
  const { entries, nextBefore } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <h1>Moderation log</h1>
      <p className="muted">
        Every act of a moderator or admin, newest first, with the reason given.
      </p>
      {entries.length === 0 ? <p className="muted">Nothing has been moderated yet.</p> : null}
      <ol className="moderation-log">
        {entries.map((entry) => (
          <li key={entry.id}>
            <TimeAgo ms={entry.createdAt} />{' '}
            {isDeletedHandle(entry.actorHandle) ? (
              DELETED_USER_NAME
            ) : (
              <Link to={`/users/${entry.actorHandle}`}>@{entry.actorHandle}</Link>
            )}{' '}
            {ACTION_LABELS[entry.action] ?? entry.action}{' '}
            {entry.target.href ? (
              <Link to={entry.target.href}>{entry.target.label}</Link>
            ) : (
              entry.target.label
            )}
            {changeOf(entry).map((change) => (
              <span key={change} className="muted">
                {' '}
                ({change})
              </span>
            ))}
            {entry.reason ? <q>{entry.reason}</q> : null}
            {entry.undoneAt ? <span className="muted"> — undone</span> : null}
          </li>
        ))}
      </ol>
      {nextBefore ? <Link to={`/mod/log?before=${nextBefore}`}>Older entries</Link> : null}
    </div>
  )
}
