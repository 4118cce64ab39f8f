// Who an @mention in a post refers to: the handles that belong to accounts, for linking
// at render time and for notifying the people mentioned.
import { and, inArray, ne, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { users } from '#db/schema.ts'
import { findMentions, MAX_MENTIONS, type KnownHandles } from '#app/lib/mentions.ts'

/** Handles looked up per post; a post naming more links only the first ones. */
const MAX_LOOKUP = 200

export interface Mentions {
  /** For renderMarkdown({ mentions }): the handles to link. */
  known: KnownHandles
  /** The accounts to notify, in order of first mention, at most MAX_MENTIONS. */
  userIds: number[]
}

export function resolveMentions(source: string): Mentions {
  const handles = findMentions(source).slice(0, MAX_LOOKUP)
  if (handles.length === 0) return { known: new Map(), userIds: [] }
  const rows = db
    .select({ id: users.id, handle: users.handle })
    .from(users)
    .where(
      and(
        inArray(
          sql`lower(${users.handle})`,
          handles.map((h) => h.toLowerCase()),
        ),
        ne(users.status, 'deleted'),
      ),
    )
    .all()
  const byHandle = new Map(rows.map((r) => [r.handle.toLowerCase(), r]))
  const found = handles.flatMap((h) => byHandle.get(h.toLowerCase()) ?? [])
  return {
    known: new Map(found.map((r) => [r.handle.toLowerCase(), r.handle])),
    userIds: found.slice(0, MAX_MENTIONS).map((r) => r.id),
  }
}
