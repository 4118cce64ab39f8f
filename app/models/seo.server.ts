// What search engines and feed readers get: sitemap chunks (streamed) and feed entries.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { questionTags, questions, tags, users } from '#db/schema.ts'

/** Google's limit per sitemap file. Chunks are id ranges, so each holds at most this many. */
export const SITEMAP_CHUNK_SIZE = 50_000

/** One entry per non-empty id range: its number (from 1) and its newest activity. */
export function sitemapChunks(chunkSize = SITEMAP_CHUNK_SIZE) {
  return db.$client
    .prepare(
      `SELECT (id - 1) / CAST(? AS INTEGER) + 1 AS chunk, max(last_activity_at) AS lastmod
       FROM questions WHERE deleted_at IS NULL GROUP BY 1 ORDER BY 1`,
    )
    .all(chunkSize) as { chunk: number; lastmod: number }[]
}

/**
 * The next batch of a chunk's threads after `afterId`. Streams page through with these short
 * queries: a better-sqlite3 iterator held open across ticks would block every other query.
 */
export function sitemapBatch(
  chunk: number,
  afterId: number,
  limit = 2_000,
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

/** The newest questions (optionally of one tag) for Atom/RSS feeds. */
export function feedQuestions({ tag, limit = 30 }: { tag?: string; limit?: number } = {}) {
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
    .where(
      and(
        isNull(questions.deletedAt),
        tag
          ? inArray(
              questions.id,
              db
                .select({ id: questionTags.questionId })
                .from(questionTags)
                .innerJoin(tags, eq(tags.id, questionTags.tagId))
                .where(eq(tags.name, tag)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(questions.createdAt), desc(questions.id))
    .limit(limit)
    .all()
  return rows
}

export function lastActivity() {
  return (
    db
      .select({ at: sql<number | null>`max(${questions.lastActivityAt})` })
      .from(questions)
      .get()?.at ?? null
  )
}
