import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { db, preparedStatement, type Tx } from '#db/client.server.ts'
import { questionCounts, questions, questionTags, tags } from '#db/schema.ts'

/** Links a question to its tags, creating tags on first use and moving their counters. */
export function attachTags(tx: Tx, questionId: number, names: string[], now: number) {
  if (names.length === 0) return
  tx.insert(tags)
    .values(names.map((name) => ({ name, createdAt: now })))
    .onConflictDoNothing()
    .run()
  const rows = tx.select({ id: tags.id }).from(tags).where(inArray(tags.name, names)).all()
  const ids = rows.map((r) => r.id)
  const questionCreatedAt = sql<number>`(SELECT ${questions.createdAt} FROM ${questions} WHERE ${questions.id} = ${questionId})`
  tx.insert(questionTags)
    .values(ids.map((tagId) => ({ questionId, tagId, questionCreatedAt })))
    .onConflictDoNothing()
    .run()
  tx.update(tags)
    .set({ questionCount: sql`${tags.questionCount} + 1` })
    .where(inArray(tags.id, ids))
    .run()
}

export function detachTags(tx: Tx, questionId: number, names: string[]) {
  if (names.length === 0) return
  const ids = tx
    .select({ id: tags.id })
    .from(tags)
    .where(inArray(tags.name, names))
    .all()
    .map((r) => r.id)
  if (ids.length === 0) return
  tx.delete(questionTags)
    .where(and(eq(questionTags.questionId, questionId), inArray(questionTags.tagId, ids)))
    .run()
  tx.update(tags)
    .set({ questionCount: sql`max(${tags.questionCount} - 1, 0)` })
    .where(inArray(tags.id, ids))
    .run()
}

/** Tag names per question, for a page of questions, in one query. */
export function tagsForQuestions(questionIds: number[]): Map<number, string[]> {
  const result = new Map<number, string[]>()
  if (questionIds.length === 0) return result
  const rows = db
    .select({ questionId: questionTags.questionId, name: tags.name })
    .from(questionTags)
    .innerJoin(tags, eq(tags.id, questionTags.tagId))
    .where(inArray(questionTags.questionId, questionIds))
    .orderBy(asc(tags.name))
    .all()
  for (const row of rows) {
    const list = result.get(row.questionId) ?? []
    list.push(row.name)
    result.set(row.questionId, list)
  }
  return result
}

export type TagSort = 'popular' | 'name'

export function listTags({
  sort = 'popular',
  page = 1,
  pageSize = 60,
}: { sort?: TagSort; page?: number; pageSize?: number } = {}) {
  // How many tags are in use: question_counts' `tags` row (kept by triggers on tags, 0008).
  const total =
    db
      .select({ n: questionCounts.n })
      .from(questionCounts)
      .where(eq(questionCounts.scope, 'tags'))
      .get()?.n ?? 0
  // The tags in use already in either order (partial indexes, 0008): a page reads its rows
  // and skips at most the tags before it, never sorts them all.
  const items = preparedStatement(
    sort === 'name'
      ? `SELECT name, description, question_count AS questionCount FROM tags INDEXED BY tags_listed_name_idx
         WHERE question_count > 0 ORDER BY name LIMIT ? OFFSET ?`
      : `SELECT name, description, question_count AS questionCount FROM tags INDEXED BY tags_popular_idx
         WHERE question_count > 0 ORDER BY question_count DESC, name LIMIT ? OFFSET ?`,
  ).all(pageSize, (page - 1) * pageSize) as {
    name: string
    description: string
    questionCount: number
  }[]
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) }
}

export function getTag(name: string) {
  return db
    .select({
      id: tags.id,
      name: tags.name,
      description: tags.description,
      questionCount: tags.questionCount,
    })
    .from(tags)
    .where(eq(tags.name, name))
    .get()
}

export function setTagDescription(name: string, description: string) {
  db.update(tags).set({ description }).where(eq(tags.name, name)).run()
}
