// Question lists: the home page tabs, /questions, a tag's page and a member's questions.
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { questionCounts, questionTags, questions, tags, users } from '#db/schema.ts'
import type { QuestionTab } from '#app/validation/lists.ts'
import { tagsForQuestions } from './tags.server.ts'
import { authorColumns } from './users.server.ts'

export interface ListOptions {
  tab?: QuestionTab
  tag?: string
  authorId?: number
  page?: number
  pageSize?: number
}

/** A list's size from its counter row (question_counts, kept by triggers): one look-up. */
function listCount(tab: QuestionTab, tag: string | undefined) {
  const kind = tab === 'unanswered' || tab === 'resolved' ? tab : null
  let scope = kind ?? 'all'
  if (tag) {
    const id = db.select({ id: tags.id }).from(tags).where(eq(tags.name, tag)).get()?.id
    if (id == null) return 0
    scope = kind ? `tag:${id}:${kind}` : `tag:${id}`
  }
  return (
    db
      .select({ n: questionCounts.n })
      .from(questionCounts)
      .where(eq(questionCounts.scope, scope))
      .get()?.n ?? 0
  )
}

export function listQuestions({
  tab = 'newest',
  tag,
  authorId,
  page = 1,
  pageSize = 20,
}: ListOptions) {
  const conditions: SQL[] = [isNull(questions.deletedAt)]
  if (tab === 'unanswered') {
    conditions.push(eq(questions.answerCount, 0), eq(questions.status, 'open'))
  }
  if (tab === 'resolved') conditions.push(eq(questions.status, 'resolved'))
  if (authorId != null) conditions.push(eq(questions.authorId, authorId))
  if (tag) {
    conditions.push(
      inArray(
        questions.id,
        db
          .select({ id: questionTags.questionId })
          .from(questionTags)
          .innerJoin(tags, eq(tags.id, questionTags.tagId))
          .where(eq(tags.name, tag)),
      ),
    )
  }
  const where = and(...conditions)
  const order =
    tab === 'active'
      ? [desc(questions.lastActivityAt), desc(questions.id)]
      : [desc(questions.createdAt), desc(questions.id)]

  const total =
    authorId == null
      ? listCount(tab, tag)
      : (db
          .select({ n: sql<number>`count(*)` })
          .from(questions)
          .where(where)
          .get()?.n ?? 0) // one member's questions: their own index range
  const rows = db
    .select({
      id: questions.id,
      title: questions.title,
      slug: questions.slug,
      excerpt: questions.excerpt,
      status: questions.status,
      score: questions.score,
      answerCount: questions.answerCount,
      viewCount: questions.viewCount,
      createdAt: questions.createdAt,
      lastActivityAt: questions.lastActivityAt,
      acceptedAnswerId: questions.acceptedAnswerId,
      officialAnswerId: questions.officialAnswerId,
      author: authorColumns,
    })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .where(where)
    .orderBy(...order)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  const tagMap = tagsForQuestions(rows.map((r) => r.id))
  return {
    items: rows.map((r) => ({ ...r, tags: tagMap.get(r.id) ?? [] })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}
export type QuestionSummary = ReturnType<typeof listQuestions>['items'][number]
