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
function listCount(tab: QuestionTab, tagId: number | null) {
  const kind = tab === 'unanswered' || tab === 'resolved' ? tab : null
  const scope = tagId == null ? (kind ?? 'all') : kind ? `tag:${tagId}:${kind}` : `tag:${tagId}`
  return (
    db
      .select({ n: questionCounts.n })
      .from(questionCounts)
      .where(eq(questionCounts.scope, scope))
      .get()?.n ?? 0
  )
}

const summaryColumns = {
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
}

export function listQuestions({
  tab = 'newest',
  tag,
  authorId,
  page = 1,
  pageSize = 20,
}: ListOptions) {
  const tagId = tag
    ? (db.select({ id: tags.id }).from(tags).where(eq(tags.name, tag)).get()?.id ?? null)
    : null
  const empty = { items: [], total: 0, page, pageCount: 1 }
  if (tag && tagId == null) return empty

  const conditions: SQL[] = [isNull(questions.deletedAt)]
  if (tab === 'unanswered') {
    conditions.push(eq(questions.answerCount, 0), eq(questions.status, 'open'))
  }
  if (tab === 'resolved') conditions.push(eq(questions.status, 'resolved'))
  if (authorId != null) conditions.push(eq(questions.authorId, authorId))
  const offset = (page - 1) * pageSize

  let rows
  if (tagId != null && tab !== 'active' && authorId == null) {
    // A tag's questions newest first come off question_tags' (tag, time, question) index:
    // no sort of every question of the tag.
    rows = db
      .select(summaryColumns)
      .from(questionTags)
      .innerJoin(questions, eq(questions.id, questionTags.questionId))
      .innerJoin(users, eq(users.id, questions.authorId))
      .where(and(eq(questionTags.tagId, tagId), ...conditions))
      .orderBy(desc(questionTags.questionCreatedAt), desc(questionTags.questionId))
      .limit(pageSize)
      .offset(offset)
      .all()
  } else {
    if (tagId != null) {
      conditions.push(
        inArray(
          questions.id,
          db
            .select({ id: questionTags.questionId })
            .from(questionTags)
            .where(eq(questionTags.tagId, tagId)),
        ),
      )
    }
    const order =
      tab === 'active'
        ? [desc(questions.lastActivityAt), desc(questions.id)]
        : [desc(questions.createdAt), desc(questions.id)]
    rows = db
      .select(summaryColumns)
      .from(questions)
      .innerJoin(users, eq(users.id, questions.authorId))
      .where(and(...conditions))
      .orderBy(...order)
      .limit(pageSize)
      .offset(offset)
      .all()
  }

  const total =
    authorId == null
      ? listCount(tab, tagId)
      : (db
          .select({ n: sql<number>`count(*)` })
          .from(questions)
          .where(and(...conditions))
          .get()?.n ?? 0) // one member's questions: their own index range
  const tagMap = tagsForQuestions(rows.map((r) => r.id))
  return {
    items: rows.map((r) => ({ ...r, tags: tagMap.get(r.id) ?? [] })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}
export type QuestionSummary = ReturnType<typeof listQuestions>['items'][number]
