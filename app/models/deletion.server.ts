// Soft delete and undelete of questions, answers and comments. A deleted post is gone for
// visitors, lists, feeds, sitemaps and both search indexes (the unit of work refreshes the
// thread's facts and index rows; the list counters follow by trigger), and its reputation events
// are reversed in the ledger. The moderation log keeps what the deletion changed (the events
// reversed, the marks cleared), so undelete restores exactly that.
import { and, eq, isNull } from 'drizzle-orm'
import { db, type Db, type Tx } from '#db/client.server.ts'
import { answers, comments, questions, votes, type PostType } from '#db/schema.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { NotFoundError, PermissionError } from './errors.server.ts'
import { latestModeration, recordModeration } from './moderation-log.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { regrantReputation, reverseReputation } from './reputation.server.ts'
import { changeThread, type ThreadBefore } from './thread-writes.server.ts'

export type DeletablePostType = PostType | 'comment'
export interface PostRef {
  type: DeletablePostType
  id: number
}

/** What a deletion changed, kept on its log row for undelete. */
interface DeletionRecord {
  reversedEventIds: number[]
  clearedAccepted?: boolean
  clearedOfficial?: boolean
}

interface PostRow {
  questionId: number
  authorId: number
  deletedAt: number | null
}

function tableOf(type: 'answer' | 'comment') {
  return type === 'answer' ? answers : comments
}

function postRow(tx: Tx | Db, post: PostRef): PostRow {
  const row =
    post.type === 'question'
      ? tx
          .select({
            questionId: questions.id,
            authorId: questions.authorId,
            deletedAt: questions.deletedAt,
          })
          .from(questions)
          .where(eq(questions.id, post.id))
          .get()
      : tx
          .select({
            questionId: tableOf(post.type).questionId,
            authorId: tableOf(post.type).authorId,
            deletedAt: tableOf(post.type).deletedAt,
          })
          .from(tableOf(post.type))
          .where(eq(tableOf(post.type).id, post.id))
          .get()
  if (!row) throw new NotFoundError('Post not found')
  return row
}

function hasUpvotes(tx: Tx, postType: PostType, postId: number) {
  const vote = tx
    .select({ id: votes.id })
    .from(votes)
    .where(and(eq(votes.postType, postType), eq(votes.postId, postId), eq(votes.value, 1)))
    .limit(1)
    .get()
  return vote != null
}

/**
 * Moderators delete anything; an author deletes their own comment, or their own question or
 * answer while nobody has built on it: a question without answers or upvotes, an answer without
 * upvotes that is neither accepted nor official.
 */
function assertMayDelete(
  tx: Tx,
  actor: WriteActor,
  post: PostRef,
  row: PostRow,
  thread: ThreadBefore,
) {
  if (hasRole(actor, 'moderator')) return
  if (row.authorId !== actor.id) {
    throw new PermissionError("Only moderators can delete other people's posts.")
  }
  if (post.type === 'comment') return
  if (post.type === 'question') {
    const { answerCount } = tx
      .select({ answerCount: questions.answerCount })
      .from(questions)
      .where(eq(questions.id, post.id))
      .get()!
    if (answerCount > 0 || hasUpvotes(tx, 'question', post.id)) {
      throw new PermissionError(
        'You can delete your question only while it has no answers and no upvotes.',
      )
    }
    return
  }
  const marked = thread.acceptedAnswerId === post.id || thread.officialAnswerId === post.id
  if (marked || hasUpvotes(tx, 'answer', post.id)) {
    throw new PermissionError(
      'You can delete your answer only while it has no upvotes and is neither accepted nor official.',
    )
  }
}

/** Reverses the ledger events of the post (of a question: its own and its live answers'). */
function reverseEventsOf(tx: Tx, post: PostRef, now: number): number[] {
  if (post.type === 'comment') return []
  const reversed = reverseReputation(tx, { postType: post.type, postId: post.id, now })
  if (post.type === 'question') {
    const live = tx
      .select({ id: answers.id })
      .from(answers)
      .where(and(eq(answers.questionId, post.id), isNull(answers.deletedAt)))
      .all()
    for (const answer of live) {
      reversed.push(...reverseReputation(tx, { postType: 'answer', postId: answer.id, now }))
    }
  }
  return reversed
}

function setDeleted(tx: Tx, post: PostRef, by: number | null, at: number | null) {
  if (post.type === 'question') {
    tx.update(questions)
      .set({ deletedAt: at, deletedById: by })
      .where(eq(questions.id, post.id))
      .run()
  } else if (post.type === 'answer') {
    tx.update(answers).set({ deletedAt: at, deletedById: by }).where(eq(answers.id, post.id)).run()
  } else {
    tx.update(comments).set({ deletedAt: at }).where(eq(comments.id, post.id)).run()
  }
}

/** Deletes a post (see the module's header); refused as assertMayDelete says. */
export function deletePost(actor: WriteActor, post: PostRef, reason = '', now = Date.now()) {
  assertCanWrite(actor, now)
  const row = postRow(db, post)
  if (row.deletedAt != null) throw new PermissionError('This post is already deleted.')
  return changeThread(
    actor,
    row.questionId,
    (tx, thread) => {
      assertMayDelete(tx, actor, post, row, thread)
      const record: DeletionRecord = { reversedEventIds: reverseEventsOf(tx, post, now) }
      if (post.type === 'answer') {
        const clearAccepted = thread.acceptedAnswerId === post.id
        const clearOfficial = thread.officialAnswerId === post.id
        if (clearAccepted)
          tx.update(questions)
            .set({ acceptedAnswerId: null })
            .where(eq(questions.id, thread.id))
            .run()
        if (clearOfficial)
          tx.update(questions)
            .set({ officialAnswerId: null })
            .where(eq(questions.id, thread.id))
            .run()
        Object.assign(record, { clearedAccepted: clearAccepted, clearedOfficial: clearOfficial })
      }
      setDeleted(tx, post, actor.id, now)
      recordModeration(tx, {
        actorId: actor.id,
        action: 'delete',
        targetType: post.type,
        targetId: post.id,
        reason: reason.trim(),
        before: { ...record },
        createdAt: now,
      })
      return {
        change: { type: 'post.deleted', postType: post.type, postId: post.id, deleted: true },
        result: { questionId: row.questionId },
      }
    },
    now,
  )
}

/** Undeletes a post (moderators): the reputation and the marks its deletion took come back. */
export function undeletePost(actor: WriteActor, post: PostRef, reason = '', now = Date.now()) {
  assertCanWrite(actor, now)
  if (!hasRole(actor, 'moderator')) throw new PermissionError('Only moderators can undelete posts.')
  const row = postRow(db, post)
  if (row.deletedAt == null) throw new PermissionError('This post is not deleted.')
  return changeThread(
    actor,
    row.questionId,
    (tx, thread) => {
      const deletion = latestModeration(tx, { type: post.type, id: post.id }, 'delete')
      const record = (deletion?.before ?? { reversedEventIds: [] }) as unknown as DeletionRecord
      setDeleted(tx, post, null, null)
      regrantReputation(tx, record.reversedEventIds, now)
      if (record.clearedAccepted && thread.acceptedAnswerId == null) {
        tx.update(questions)
          .set({ acceptedAnswerId: post.id })
          .where(eq(questions.id, thread.id))
          .run()
      }
      if (record.clearedOfficial && thread.officialAnswerId == null) {
        tx.update(questions)
          .set({ officialAnswerId: post.id })
          .where(eq(questions.id, thread.id))
          .run()
      }
      recordModeration(tx, {
        actorId: actor.id,
        action: 'undelete',
        targetType: post.type,
        targetId: post.id,
        reason: reason.trim(),
        createdAt: now,
      })
      return {
        change: { type: 'post.deleted', postType: post.type, postId: post.id, deleted: false },
        result: { questionId: row.questionId },
      }
    },
    now,
    { includeDeleted: post.type === 'question' },
  )
}
