// What search engines and feed readers get: sitemap chunks (streamed) and feed entries.
import { eq, inArray, sql } from 'drizzle-orm'
import { db, preparedStatement } from '#db/client.server.ts'
import { questions, users } from '#db/schema.ts'
import { listQuestionIds } from './question-lists.server.ts'

/**
 * URLs per sitemap file (Google allows 50 000): a fifth of that keeps a file's cost the same at a
 * million threads as at 10 000. Chunks are id ranges, so each holds at most this many; the
 * sitemap_chunks triggers (0029) count in runs of the same 10 000.
 */
export const SITEMAP_CHUNK_SIZE = 10_000

/**
 * One entry per non-empty id range: its number (from 1) and its newest activity, from the
 * sitemap_chunks rows that triggers keep (0029) for ranges of SITEMAP_CHUNK_SIZE ids.
 */
export function sitemapChunks() {
  return preparedStatement(
    'SELECT chunk, lastmod FROM sitemap_chunks WHERE n > 0 ORDER BY chunk',
  ).all() as { chunk: number; lastmod: number }[]
}

/**
 * The next batch of a chunk's threads after `afterId`. Streams page through with these short
 * queries: a better-sqlite3 iterator held open across ticks would block every other query.
 */
export function sitemapBatch(
  chunk: number,
  afterId: number,
  limit = 500,
  chunkSize = SITEMAP_CHUNK_SIZE,
) {
  return db.$client
    .prepare(
      `SELECT id, slug, last_activity_at AS lastmod FROM questions
       WHERE deleted_at IS NULL AND id > ? AND id <= ? ORDER BY id LIMIT ?`,
    )
    .all(Math.max(afterId, (chunk - 1) * chunkSize), chunk * chunkSize, limit) as {
    id: number
    slug: string
    lastmod: number
  }[]
}

/**
 * The newest questions (optionally of one tag) for Atom/RSS feeds: page 1 of the list
 * (question-lists, off its index), then those rows.
 */
export function feedQuestions({ tag, limit = 30 }: { tag?: string; limit?: number } = {}) {
  const { ids } = listQuestionIds({ tab: 'newest', tag, pageSize: limit })
  if (ids.length === 0) return []
  const rows = db
    .select({
      id: questions.id,
      title: questions.title,
      slug: questions.slug,
      excerpt: questions.excerpt,
      bodyHtml: questions.bodyHtml,
      createdAt: questions.createdAt,
      lastActivityAt: questions.lastActivityAt,
      authorName: users.displayName,
      authorHandle: users.handle,
    })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .where(inArray(questions.id, ids))
    .all()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

export function lastActivity() {
  return (
    db
      .select({ at: sql<number | null>`max(${questions.lastActivityAt})` })
      .from(questions)
      .get()?.at ?? null
  )
}
