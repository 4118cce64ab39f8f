// Soft delete and undelete of questions, answers and comments. A deleted post is gone for
// visitors, lists, feeds, sitemaps and both search indexes (the unit of work refreshes the
// thread's facts and index rows; the list counters follow by trigger), and its reputation events
// are reversed in the ledger. The moderation log keeps what the deletion changed (the events
// reversed, the marks cleared), so undelete restores exactly that.
import { and, eq, isNull, sql } from 'drizzle-orm'
import { db, type Db, type Tx } from '#db/client.server.ts'
import { answers, comments, questions, votes, type PostType } from '#db/schema.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { NotFoundError, PermissionError } from './errors.server.ts'
import { latestModeration, recordModeration } from './moderation-log.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { resolveFlags } from './flags.server.ts'
import { recordReputation, regrantReputation, reverseReputation } from './reputation.server.ts'
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
  hiddenAt: number | null
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
            hiddenAt: questions.hiddenAt,
          })
          .from(questions)
          .where(eq(questions.id, post.id))
          .get()
      : tx
          .select({
            questionId: tableOf(post.type).questionId,
            authorId: tableOf(post.type).authorId,
            deletedAt: tableOf(post.type).deletedAt,
            hiddenAt: post.type === 'answer' ? answers.hiddenAt : sql<null>`NULL`,
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

function setDeleted(
  tx: Tx,
  post: PostRef,
  by: number | null,
  at: number | null,
  hiddenAt: number | null = null,
) {
  if (post.type === 'question') {
    tx.update(questions)
      .set({ deletedAt: at, deletedById: by, hiddenAt })
      .where(eq(questions.id, post.id))
      .run()
  } else if (post.type === 'answer') {
    tx.update(answers)
      .set({ deletedAt: at, deletedById: by, hiddenAt })
      .where(eq(answers.id, post.id))
      .run()
  } else {
    tx.update(comments).set({ deletedAt: at }).where(eq(comments.id, post.id)).run()
  }
}

/** Deletes a post (see the module's header); refused as assertMayDelete says. */
export function deletePost(actor: WriteActor, post: PostRef, reason = '', now = Date.now()) {
  assertCanWrite(actor, now)
  const row = postRow(db, post)
  if (row.hiddenAt != null && hasRole(actor, 'moderator')) {
    return confirmHidden(actor, post, row, reason, now)
  }
  if (row.deletedAt != null) throw new PermissionError('This post is already deleted.')
  return removePost(actor, post, row, { action: 'delete', reason, by: actor }, now)
}

/**
 * Hides a post that three members flagged as spam or rude: deleted for visitors at once, shown
 * marked to its author and to moderators, until a moderator confirms it (Delete) or dismisses
 * the flags (which restores it). `flaggerId`, whose flag tipped it, is the log's actor.
 */
export function hideFlaggedPost(flaggerId: number, post: PostRef, now = Date.now()) {
  const row = postRow(db, post)
  if (row.deletedAt != null) return null
  return removePost(
    { id: flaggerId },
    post,
    row,
    { action: 'hide', reason: 'Three members flagged it as spam or rude' },
    now,
  )
}

/** `how.by`: the deleting member, whose right to delete is checked; a hiding has none. */
function removePost(
  actor: { id: number },
  post: PostRef,
  row: PostRow,
  how: { action: 'delete'; reason: string; by: WriteActor } | { action: 'hide'; reason: string },
  now: number,
) {
  return changeThread(
    actor,
    row.questionId,
    (tx, thread) => {
      if (how.action === 'delete') assertMayDelete(tx, how.by, post, row, thread)
      const record: DeletionRecord = { reversedEventIds: reverseEventsOf(tx, post, now) }
      if (post.type === 'answer') {
        record.clearedAccepted = thread.acceptedAnswerId === post.id
        record.clearedOfficial = thread.officialAnswerId === post.id
        if (record.clearedAccepted) setMark(tx, thread.id, { acceptedAnswerId: null })
        if (record.clearedOfficial) setMark(tx, thread.id, { officialAnswerId: null })
      }
      const hidden = how.action === 'hide'
      setDeleted(tx, post, hidden ? null : actor.id, now, hidden ? now : null)
      if (!hidden) resolveFlags(tx, post, 'helpful', actor.id, now)
      recordModeration(tx, {
        actorId: actor.id,
        action: how.action,
        targetType: post.type,
        targetId: post.id,
        reason: how.reason.trim(),
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

function setMark(
  tx: Tx,
  questionId: number,
  mark: { acceptedAnswerId?: number | null; officialAnswerId?: number | null },
) {
  tx.update(questions).set(mark).where(eq(questions.id, questionId)).run()
}

/**
 * A moderator confirms a post the community hid: it stays deleted, its flags were helpful, and a
 * post hidden as spam costs its author 100 reputation (undelete gives it back).
 */
function confirmHidden(
  actor: WriteActor,
  post: PostRef,
  row: PostRow,
  reason: string,
  now: number,
) {
  return changeThread(
    actor,
    row.questionId,
    (tx) => {
      const flagged = resolveFlags(tx, post, 'helpful', actor.id, now)
      const spam = flagged.some((f) => f.reason === 'spam')
      if (spam && post.type !== 'comment') {
        recordReputation(tx, {
          userId: row.authorId,
          kind: 'post_spam',
          postType: post.type,
          postId: post.id,
          questionId: row.questionId,
          actorId: actor.id,
          now,
        })
      }
      setDeleted(tx, post, actor.id, row.deletedAt ?? now, null)
      recordModeration(tx, {
        actorId: actor.id,
        action: 'delete',
        targetType: post.type,
        targetId: post.id,
        reason: reason.trim() || (spam ? 'Spam' : 'Rude or abusive'),
        before: { confirmedHidden: true },
        createdAt: now,
      })
      return {
        change: { type: 'post.deleted', postType: post.type, postId: post.id, deleted: true },
        result: { questionId: row.questionId },
      }
    },
    now,
    { includeDeleted: true },
  )
}

/**
 * Undeletes a post (moderators): the reputation and the marks its removal took come back, and a
 * spam penalty its author paid is reversed.
 */
export function undeletePost(actor: WriteActor, post: PostRef, reason = '', now = Date.now()) {
  assertCanWrite(actor, now)
  if (!hasRole(actor, 'moderator')) throw new PermissionError('Only moderators can undelete posts.')
  const row = postRow(db, post)
  if (row.deletedAt == null) throw new PermissionError('This post is not deleted.')
  return changeThread(
    actor,
    row.questionId,
    (tx, thread) => {
      const removal = latestModeration(tx, { type: post.type, id: post.id }, ['delete', 'hide'])
      const record = (removal?.before ?? {}) as Partial<DeletionRecord>
      setDeleted(tx, post, null, null)
      regrantReputation(tx, record.reversedEventIds ?? [], now)
      if (post.type !== 'comment') {
        reverseReputation(tx, { postType: post.type, postId: post.id, kind: 'post_spam', now })
      }
      if (record.clearedAccepted && thread.acceptedAnswerId == null) {
        setMark(tx, thread.id, { acceptedAnswerId: post.id })
      }
      if (record.clearedOfficial && thread.officialAnswerId == null) {
        setMark(tx, thread.id, { officialAnswerId: post.id })
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
