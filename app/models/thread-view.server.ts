// The thread page's read model: a question with its answers (official, then accepted, then by
// score), comments, the viewer's votes and what the viewer may edit.
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { db, preparedQuery } from '#db/client.server.ts'
import { answers, comments, questions, users, votes } from '#db/schema.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { canEditPost, type WriteActor } from './permissions.server.ts'
import { importAttribution } from './import.server.ts'
import { officialMarkOf } from './official-answers.server.ts'
import { questionTagNames } from './questions.server.ts'
import { authorColumns, type Author } from './users.server.ts'

export interface CommentView {
  id: number
  answerId: number | null
  bodyHtml: string
  createdAt: number
  author: Author
  /** Set when deleted (only moderators get deleted posts). */
  deletedAt: number | null
  canDelete: boolean
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
  /** Set when deleted (only moderators get deleted posts). */
  deletedAt: number | null
  /** Set while hidden by community flags (its author and moderators get it, marked). */
  hiddenAt: number | null
  /** The viewer may ask to delete it (moderators; its author, within the rules). */
  canDelete: boolean
  comments: CommentView[]
}

const editorUsers = alias(users, 'editor')

// The page's look-ups, prepared once (db/client.server.ts preparedQuery) in two kinds: what a
// moderator gets (deleted posts too) and what everyone else gets, where a post the community hid
// stays visible, marked, to its own author (`viewer`: -1 for a visitor, who has none).
const visibleTo = (table: typeof questions | typeof answers) =>
  or(
    isNull(table.deletedAt),
    and(isNotNull(table.hiddenAt), eq(table.authorId, sql.placeholder('viewer'))),
  )

/** One prepared look-up for moderators, one for everyone else. */
const byViewer = <T>(build: (moderator: boolean) => T) => ({
  moderator: build(true),
  others: build(false),
})

const threadQuestion = byViewer((moderator) =>
  preparedQuery((connection) =>
    connection
      .select({ question: questions, author: authorColumns, editorHandle: editorUsers.handle })
      .from(questions)
      .innerJoin(users, eq(users.id, questions.authorId))
      .leftJoin(editorUsers, eq(editorUsers.id, questions.lastEditorId))
      .where(
        and(
          eq(questions.id, sql.placeholder('questionId')),
          moderator ? undefined : visibleTo(questions),
        ),
      )
      .prepare(),
  ),
)

const threadAnswers = byViewer((moderator) =>
  preparedQuery((connection) =>
    connection
      .select({ answer: answers, author: authorColumns })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.authorId))
      .where(
        and(
          eq(answers.questionId, sql.placeholder('questionId')),
          moderator ? undefined : visibleTo(answers),
        ),
      )
      .prepare(),
  ),
)

const threadComments = byViewer((moderator) =>
  preparedQuery((connection) =>
    connection
      .select({
        id: comments.id,
        answerId: comments.answerId,
        bodyHtml: comments.bodyHtml,
        createdAt: comments.createdAt,
        author: authorColumns,
        deletedAt: comments.deletedAt,
      })
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(
        and(
          eq(comments.questionId, sql.placeholder('questionId')),
          moderator ? undefined : isNull(comments.deletedAt),
        ),
      )
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .prepare(),
  ),
)

/**
 * Everything the thread page shows, for this viewer (their votes, what they may edit).
 * Moderators also get deleted posts (marked deleted), a deleted question included.
 */
export function getThread(questionId: number, viewer: WriteActor | null) {
  const moderator = viewer != null && hasRole(viewer, 'moderator')
  const kind = moderator ? 'moderator' : 'others'
  const params = { questionId, viewer: viewer?.id ?? -1 }
  const mayDelete = (authorId: number) => moderator || viewer?.id === authorId
  const row = threadQuestion[kind]().get(params)
  if (!row) return null
  const q = row.question

  const answerRows = threadAnswers[kind]().all(params)
  const commentRows = threadComments[kind]()
    .all(params)
    .map((c) => ({ ...c, canDelete: mayDelete(c.author.id) }))

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

  // A locked thread's posts are edited by moderators only (assertCanEditLocked says the same).
  const editableWhenLocked = q.lockedAt == null || (viewer != null && hasRole(viewer, 'moderator'))
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
    canEdit: viewer ? canEditPost(viewer, answer.authorId) && editableWhenLocked : false,
    deletedAt: answer.deletedAt,
    hiddenAt: answer.hiddenAt,
    canDelete: mayDelete(answer.authorId),
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
      /** When the first answer came (kept when it is deleted): the thread's answer speed. */
      firstAnswerAt: q.firstAnswerAt,
      editedAt: q.editedAt,
      editorHandle: row.editorHandle,
      lastActivityAt: q.lastActivityAt,
      closedReason: q.closedReason,
      lockedAt: q.lockedAt,
      lockReason: q.lockReason,
      acceptedAnswerId: q.acceptedAnswerId,
      officialAnswerId: q.officialAnswerId,
      /** When staff last verified the official answer, and its note. */
      officialMark: officialMarkOf(q.id, q.officialAnswerId),
      author: row.author,
      tags: questionTagNames(q.id),
      importedFrom: importAttribution(q.id),
      myVote: myVotes.get(`question:${q.id}`) ?? 0,
      canEdit: viewer ? canEditPost(viewer, q.authorId) && editableWhenLocked : false,
      deletedAt: q.deletedAt,
      hiddenAt: q.hiddenAt,
      canDelete: mayDelete(q.authorId),
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
