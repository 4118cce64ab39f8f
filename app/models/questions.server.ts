import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { db, type Tx } from '#db/client.server.ts'
import {
  answers,
  comments,
  questionTags,
  questions,
  revisions,
  tags,
  users,
  votes,
  type ThreadStatus,
} from '#db/schema.ts'
import { renderMarkdown, toPlainText } from '#app/lib/markdown.server.ts'
import { computeThreadStatus } from '#app/lib/thread-status.ts'
import type { QuestionTab } from '#app/validation/lists.ts'
import { slugify } from '#app/lib/slug.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'
import { NotFoundError } from './errors.server.ts'
import {
  assertCanEditPost,
  assertCanWrite,
  canEditPost,
  type WriteActor,
} from './permissions.server.ts'
import { resolveMentions } from './mentions.server.ts'
import { notifyMentions } from './notifications.server.ts'
import { attachTags, detachTags, tagsForQuestions } from './tags.server.ts'
import { authorColumns, type Author } from './users.server.ts'

export const EXCERPT_LENGTH = 300

export function excerptOf(html: string, length = EXCERPT_LENGTH) {
  const text = toPlainText(html)
  return text.length <= length ? text : `${text.slice(0, length - 1).replace(/\s+\S*$/, '')}…`
}

export interface QuestionDraft {
  title: string
  body: string
  tags: string[]
}

export function createQuestion(author: WriteActor, draft: QuestionDraft, now = Date.now()) {
  assertCanWrite(author)
  const mentions = resolveMentions(draft.body)
  const bodyHtml = renderMarkdown(draft.body, { mentions: mentions.known })
  return db.transaction(
    (tx) => {
      const question = tx
        .insert(questions)
        .values({
          authorId: author.id,
          title: draft.title,
          slug: slugify(draft.title),
          bodyMd: draft.body,
          bodyHtml,
          excerpt: excerptOf(bodyHtml),
          createdAt: now,
          lastActivityAt: now,
        })
        .returning({ id: questions.id, slug: questions.slug })
        .get()
      attachTags(tx, question.id, draft.tags, now)
      tx.insert(revisions)
        .values({
          postType: 'question',
          postId: question.id,
          questionId: question.id,
          editorId: author.id,
          revision: 1,
          title: draft.title,
          bodyMd: draft.body,
          tags: draft.tags.join(' '),
          createdAt: now,
        })
        .run()
      notifyMentions(tx, {
        userIds: mentions.userIds,
        actorId: author.id,
        questionId: question.id,
        now,
      })
      enqueueThreadReindex(tx, question.id, now)
      return question
    },
    { behavior: 'immediate' },
  )
}

export function questionTagNames(questionId: number) {
  return tagsForQuestions([questionId]).get(questionId) ?? []
}

export function nextRevision(tx: Tx, postType: 'question' | 'answer', postId: number) {
  const row = tx
    .select({ max: sql<number>`coalesce(max(${revisions.revision}), 0)` })
    .from(revisions)
    .where(and(eq(revisions.postType, postType), eq(revisions.postId, postId)))
    .get()
  return (row?.max ?? 0) + 1
}

export function editQuestion(
  actor: WriteActor,
  questionId: number,
  draft: QuestionDraft & { summary?: string },
  now = Date.now(),
) {
  const current = getLiveQuestion(questionId)
  assertCanEditPost(actor, current.authorId)
  const mentions = resolveMentions(draft.body)
  const bodyHtml = renderMarkdown(draft.body, { mentions: mentions.known })
  const before = questionTagNames(questionId)
  db.transaction(
    (tx) => {
      tx.update(questions)
        .set({
          title: draft.title,
          slug: slugify(draft.title),
          bodyMd: draft.body,
          bodyHtml,
          excerpt: excerptOf(bodyHtml),
          editedAt: now,
          lastEditorId: actor.id,
          lastActivityAt: now,
        })
        .where(eq(questions.id, questionId))
        .run()
      detachTags(
        tx,
        questionId,
        before.filter((t) => !draft.tags.includes(t)),
      )
      attachTags(
        tx,
        questionId,
        draft.tags.filter((t) => !before.includes(t)),
        now,
      )
      tx.insert(revisions)
        .values({
          postType: 'question',
          postId: questionId,
          questionId,
          editorId: actor.id,
          revision: nextRevision(tx, 'question', questionId),
          title: draft.title,
          bodyMd: draft.body,
          tags: draft.tags.join(' '),
          summary: draft.summary ?? '',
          createdAt: now,
        })
        .run()
      notifyMentions(tx, {
        userIds: mentions.userIds,
        actorId: actor.id,
        questionId,
        skip: [current.authorId],
        now,
      })
      enqueueThreadReindex(tx, questionId, now)
    },
    { behavior: 'immediate' },
  )
  return { id: questionId, slug: slugify(draft.title) }
}

/** The question row if it exists and is not deleted; NotFoundError otherwise. */
export function getLiveQuestion(questionId: number) {
  const row = db
    .select()
    .from(questions)
    .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
    .get()
  if (!row) throw new NotFoundError('Question not found')
  return row
}

/** Recomputes a thread's status from its facts; called inside every transaction that moves them. */
export function refreshThreadStatus(tx: Tx, questionId: number, now: number): ThreadStatus {
  const q = tx
    .select({
      status: questions.status,
      closedAt: questions.closedAt,
      duplicateOfId: questions.duplicateOfId,
      answerCount: questions.answerCount,
      acceptedAnswerId: questions.acceptedAnswerId,
      officialAnswerId: questions.officialAnswerId,
      resolvedAt: questions.resolvedAt,
    })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()
  if (!q) throw new NotFoundError('Question not found')
  const status = computeThreadStatus({ ...q, closed: q.closedAt != null })
  const resolved = q.acceptedAnswerId != null || q.officialAnswerId != null
  tx.update(questions)
    .set({ status, resolvedAt: resolved ? (q.resolvedAt ?? now) : null })
    .where(eq(questions.id, questionId))
    .run()
  return status
}

export function getQuestionSlug(questionId: number) {
  return db
    .select({ slug: questions.slug })
    .from(questions)
    .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
    .get()?.slug
}

// ---------------------------------------------------------------- the thread page

export interface CommentView {
  id: number
  answerId: number | null
  bodyHtml: string
  createdAt: number
  author: Author
}

export interface AnswerView {
  id: number
  bodyHtml: string
  bodyMd: string
  score: number
  createdAt: number
  editedAt: number | null
  author: Author
  isAccepted: boolean
  isOfficial: boolean
  myVote: number
  canEdit: boolean
  comments: CommentView[]
}

const editorUsers = alias(users, 'editor')

/** Everything the thread page shows, for this viewer (their votes, what they may edit). */
export function getThread(questionId: number, viewer: WriteActor | null) {
  const row = db
    .select({
      question: questions,
      author: authorColumns,
      editorHandle: editorUsers.handle,
    })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .leftJoin(editorUsers, eq(editorUsers.id, questions.lastEditorId))
    .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
    .get()
  if (!row) return null
  const q = row.question

  const answerRows = db
    .select({ answer: answers, author: authorColumns })
    .from(answers)
    .innerJoin(users, eq(users.id, answers.authorId))
    .where(and(eq(answers.questionId, questionId), isNull(answers.deletedAt)))
    .all()

  const commentRows = db
    .select({
      id: comments.id,
      answerId: comments.answerId,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
      author: authorColumns,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.questionId, questionId), isNull(comments.deletedAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all()

  const myVotes = new Map<string, number>()
  if (viewer) {
    const answerIds = answerRows.map((a) => a.answer.id)
    const voteRows = db
      .select({ postType: votes.postType, postId: votes.postId, value: votes.value })
      .from(votes)
      .where(
        and(
          eq(votes.userId, viewer.id),
          sql`((${votes.postType} = 'question' and ${votes.postId} = ${questionId}) or (${votes.postType} = 'answer' and ${inArray(votes.postId, answerIds.length ? answerIds : [-1])}))`,
        ),
      )
      .all()
    for (const v of voteRows) myVotes.set(`${v.postType}:${v.postId}`, v.value)
  }

  const answerViews: AnswerView[] = answerRows.map(({ answer, author }) => ({
    id: answer.id,
    bodyHtml: answer.bodyHtml,
    bodyMd: answer.bodyMd,
    score: answer.score,
    createdAt: answer.createdAt,
    editedAt: answer.editedAt,
    author,
    isAccepted: q.acceptedAnswerId === answer.id,
    isOfficial: q.officialAnswerId === answer.id,
    myVote: myVotes.get(`answer:${answer.id}`) ?? 0,
    canEdit: viewer ? canEditPost(viewer, answer.authorId) : false,
    comments: commentRows.filter((c) => c.answerId === answer.id),
  }))
  answerViews.sort(compareAnswers)

  return {
    question: {
      id: q.id,
      title: q.title,
      slug: q.slug,
      bodyHtml: q.bodyHtml,
      excerpt: q.excerpt,
      status: q.status,
      score: q.score,
      answerCount: q.answerCount,
      viewCount: q.viewCount,
      createdAt: q.createdAt,
      editedAt: q.editedAt,
      editorHandle: row.editorHandle,
      lastActivityAt: q.lastActivityAt,
      closedReason: q.closedReason,
      lockedAt: q.lockedAt,
      acceptedAnswerId: q.acceptedAnswerId,
      officialAnswerId: q.officialAnswerId,
      author: row.author,
      tags: questionTagNames(q.id),
      myVote: myVotes.get(`question:${q.id}`) ?? 0,
      canEdit: viewer ? canEditPost(viewer, q.authorId) : false,
      comments: commentRows.filter((c) => c.answerId == null),
    },
    answers: answerViews,
  }
}
export type Thread = NonNullable<ReturnType<typeof getThread>>

/** Official first, then accepted, then by score, then oldest first. */
export function compareAnswers(
  a: Pick<AnswerView, 'isOfficial' | 'isAccepted' | 'score' | 'createdAt' | 'id'>,
  b: Pick<AnswerView, 'isOfficial' | 'isAccepted' | 'score' | 'createdAt' | 'id'>,
) {
  return (
    Number(b.isOfficial) - Number(a.isOfficial) ||
    Number(b.isAccepted) - Number(a.isAccepted) ||
    b.score - a.score ||
    a.createdAt - b.createdAt ||
    a.id - b.id
  )
}

// ---------------------------------------------------------------- lists

export interface ListOptions {
  tab?: QuestionTab
  tag?: string
  authorId?: number
  page?: number
  pageSize?: number
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
    db
      .select({ n: sql<number>`count(*)` })
      .from(questions)
      .where(where)
      .get()?.n ?? 0
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

export function countQuestions() {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(questions)
      .get()?.n ?? 0
  )
}
