// The edit history of a post: every revision, who made it, and what changed from the one before;
// and rolling a post back to an earlier revision, which is itself a new revision.
import { diffLines, diffWords } from 'diff'
import { and, asc, desc, eq } from 'drizzle-orm'
import { db, type Db, type Tx } from '#db/client.server.ts'
import { questions, revisions, users, type PostType } from '#db/schema.ts'
import { hasRole, type Actor } from '#app/lib/privileges.ts'
import { editAnswer, getLiveAnswer } from './answers.server.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { recordModeration } from './moderation-log.server.ts'
import { assertCanWrite, suspensionEnd, type WriteActor } from './permissions.server.ts'
import { editQuestion, getLiveQuestion } from './questions.server.ts'
import { writeTransaction } from './transaction.server.ts'
import { authorColumns } from './users.server.ts'

export interface Change {
  kind: 'added' | 'removed' | 'same'
  text: string
}

function toChanges(parts: { added?: boolean; removed?: boolean; value: string }[]): Change[] {
  return parts.map((p) => ({
    kind: p.added ? 'added' : p.removed ? 'removed' : 'same',
    text: p.value,
  }))
}

type RevisionRow = typeof revisions.$inferSelect

/** What a revision says: the source a rollback restores (a question's title and tags too). */
function sourceOf(row: Pick<RevisionRow, 'title' | 'bodyMd' | 'tags'>) {
  return { title: row.title, bodyMd: row.bodyMd, tags: row.tags }
}

const sameSource = (a: Parameters<typeof sourceOf>[0], b: Parameters<typeof sourceOf>[0]) =>
  JSON.stringify(sourceOf(a)) === JSON.stringify(sourceOf(b))

export function postHistory(postType: PostType, postId: number) {
  const rows = db
    .select({ revision: revisions, editor: authorColumns })
    .from(revisions)
    .innerJoin(users, eq(users.id, revisions.editorId))
    .where(and(eq(revisions.postType, postType), eq(revisions.postId, postId)))
    .orderBy(asc(revisions.revision))
    .all()
  const current = rows.at(-1)?.revision
  return rows
    .map(({ revision, editor }, i) => {
      const before = rows[i - 1]?.revision
      return {
        number: revision.revision,
        /** An earlier revision that says something else than the post now: one to roll back to. */
        restorable: current != null && !sameSource(revision, current),
        createdAt: revision.createdAt,
        summary: revision.summary,
        editor,
        questionId: revision.questionId,
        title:
          before && before.title !== revision.title
            ? toChanges(diffWords(before.title ?? '', revision.title ?? ''))
            : null,
        tags:
          before && before.tags !== revision.tags
            ? toChanges(diffWords(before.tags ?? '', revision.tags ?? ''))
            : null,
        body: toChanges(
          before ? diffLines(before.bodyMd, revision.bodyMd) : [{ value: revision.bodyMd }],
        ),
      }
    })
    .reverse()
}

export interface PostRef {
  type: PostType
  id: number
}

function revisionOf(tx: Tx | Db, post: PostRef, number: number) {
  return tx
    .select()
    .from(revisions)
    .where(
      and(
        eq(revisions.postType, post.type),
        eq(revisions.postId, post.id),
        eq(revisions.revision, number),
      ),
    )
    .get()
}

function currentRevision(tx: Tx | Db, post: PostRef) {
  return tx
    .select()
    .from(revisions)
    .where(and(eq(revisions.postType, post.type), eq(revisions.postId, post.id)))
    .orderBy(desc(revisions.revision))
    .limit(1)
    .get()
}

/** The live post's author and whether its thread is locked; NotFoundError when it is gone. */
function livePost(post: PostRef) {
  if (post.type === 'question') {
    const question = getLiveQuestion(post.id)
    return {
      authorId: question.authorId,
      questionId: question.id,
      locked: question.lockedAt != null,
    }
  }
  const answer = getLiveAnswer(post.id)
  const thread = db
    .select({ lockedAt: questions.lockedAt })
    .from(questions)
    .where(eq(questions.id, answer.questionId))
    .get()
  return {
    authorId: answer.authorId,
    questionId: answer.questionId,
    locked: thread?.lockedAt != null,
  }
}

/**
 * Rollback is for the post's author and moderators only (issue 12): a member at 2 000
 * reputation, or staff, may edit someone else's post but not roll it back.
 */
const mayRollBackAs = (actor: Actor, authorId: number) =>
  actor.id === authorId || hasRole(actor, 'moderator')

/**
 * Whether the viewer gets the "Roll back" buttons: the author or a moderator, not suspended, and
 * on a locked thread a moderator. rollbackPost checks the same on the server.
 */
export function canRollBack(viewer: WriteActor | null, post: PostRef, now = Date.now()) {
  if (!viewer || viewer.status === 'deleted' || suspensionEnd(viewer, now) != null) return false
  try {
    const live = livePost(post)
    return mayRollBackAs(viewer, live.authorId) && (!live.locked || hasRole(viewer, 'moderator'))
  } catch (error) {
    if (error instanceof NotFoundError) return false
    throw error
  }
}

function nothingToRollBack(why: string): never {
  const message = `${why}: there is nothing to roll back.`
  throw new FieldError({ revision: [message] }, message)
}

/** Ask, edit and import always write a question revision's title and tags. */
function invariant(broken: string): never {
  throw new Error(`Cannot roll back: ${broken}`)
}

export const rollbackSummary = (revision: number, summary = '') =>
  `Rolled back to revision ${revision}${summary.trim() ? `: ${summary.trim()}` : ''}`

/**
 * Rolls a post back to an earlier revision: the revision's exact source goes back through the
 * post's own edit (editQuestion / editAnswer: rendered HTML, the new revision, the lock, the
 * suspension and the unit of work), with a summary that says so. A moderator's rollback of
 * someone else's post is on the moderation log, in the same transaction.
 */
export function rollbackPost(
  actor: WriteActor,
  target: PostRef & { revision: number; summary?: string },
  now = Date.now(),
) {
  assertCanWrite(actor, now)
  const post = { type: target.type, id: target.id }
  return writeTransaction((tx) => {
    const live = livePost(post)
    if (!mayRollBackAs(actor, live.authorId)) {
      throw new PermissionError('Only the author or a moderator can roll back this post.')
    }
    const wanted = revisionOf(tx, post, target.revision)
    if (!wanted) throw new NotFoundError('Revision not found')
    const current = currentRevision(tx, post)!
    if (wanted.revision === current.revision) {
      nothingToRollBack(`Revision ${wanted.revision} is the current revision`)
    }
    if (sameSource(wanted, current)) {
      nothingToRollBack(`The ${post.type} already reads as revision ${wanted.revision}`)
    }
    const summary = rollbackSummary(wanted.revision, target.summary)
    if (post.type === 'question') {
      editQuestion(
        actor,
        post.id,
        {
          title: wanted.title ?? invariant('a question revision without a title'),
          body: wanted.bodyMd,
          tags: (wanted.tags ?? invariant('a question revision without tags'))
            .split(' ')
            .filter(Boolean),
          summary,
        },
        now,
      )
    } else {
      editAnswer(actor, post.id, { body: wanted.bodyMd, summary }, now)
    }
    const revision = current.revision + 1
    if (actor.id !== live.authorId) {
      recordModeration(tx, {
        actorId: actor.id,
        action: 'rollback',
        targetType: post.type,
        targetId: post.id,
        reason: target.summary?.trim() ?? '',
        before: { revision: current.revision },
        after: { revision, restored: wanted.revision },
        createdAt: now,
      })
    }
    return { questionId: live.questionId, revision }
  })
}
