// The unit of work for thread writes: the one way a thread changes. Each write runs inside it;
// it owns the transaction and, in that transaction, always recomputes the thread's status and
// counters and writes the search outbox row and the FTS5 row. Then it publishes one domain
// event (app/models/events.server.ts): notifications and badges react before the commit,
// caches, live updates and the search worker after it.
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Tx } from '#db/client.server.ts'
import { questions, type ThreadStatus } from '#db/schema.ts'
import { computeThreadStatus } from '#app/lib/thread-status.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'
import { NotFoundError } from './errors.server.ts'
import { publish, type ThreadChange, type ThreadEvent } from './events.server.ts'
import { writeTransaction } from './transaction.server.ts'

export interface ThreadWrite<R> {
  change: ThreadChange
  result: R
}

/** The thread as it was when the write began. */
export interface ThreadBefore {
  id: number
  authorId: number
  status: ThreadStatus
  lockedAt: number | null
  closedAt: number | null
  duplicateOfId: number | null
  acceptedAnswerId: number | null
  officialAnswerId: number | null
}

type Actor = { id: number } | null

export interface ThreadWriteOptions {
  /** The write brings in history from another community (ThreadEvent.imported). */
  imported?: boolean
}

/**
 * Changes an existing, live thread. `work` makes the change in `tx` and says what it was; the
 * thread's facts, the search index rows and the event follow. Throws NotFoundError when the
 * question is gone; whatever `work` throws rolls everything back and publishes nothing.
 */
export function changeThread<R>(
  actor: Actor,
  questionId: number,
  work: (tx: Tx, thread: ThreadBefore) => ThreadWrite<R>,
  now = Date.now(),
  options: ThreadWriteOptions = {},
): R {
  return writeTransaction((tx) => {
    const thread = tx
      .select({
        id: questions.id,
        authorId: questions.authorId,
        status: questions.status,
        lockedAt: questions.lockedAt,
        closedAt: questions.closedAt,
        duplicateOfId: questions.duplicateOfId,
        acceptedAnswerId: questions.acceptedAnswerId,
        officialAnswerId: questions.officialAnswerId,
      })
      .from(questions)
      .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
      .get()
    if (!thread) throw new NotFoundError('Question not found')
    const { change, result } = work(tx, thread)
    finishThreadWrite(tx, {
      questionId,
      questionAuthorId: thread.authorId,
      actorId: actor?.id ?? null,
      statusBefore: thread.status,
      change,
      now,
      ...(options.imported ? { imported: true } : {}),
    })
    return result
  })
}

/** Starts a thread: `work` inserts the question and gives its id. */
export function startThread<R>(
  actor: { id: number },
  work: (tx: Tx) => ThreadWrite<R> & { questionId: number },
  now = Date.now(),
  options: ThreadWriteOptions = {},
): R {
  return writeTransaction((tx) => {
    const { questionId, change, result } = work(tx)
    finishThreadWrite(tx, {
      questionId,
      questionAuthorId: actor.id,
      actorId: actor.id,
      statusBefore: null,
      change,
      now,
      ...(options.imported ? { imported: true } : {}),
    })
    return result
  })
}

function finishThreadWrite(
  tx: Tx,
  write: Omit<ThreadEvent, 'kind' | 'status' | 'at'> & { now: number },
) {
  const { now, ...facts } = write
  const status = refreshThreadFacts(tx, write.questionId, now)
  enqueueThreadReindex(tx, write.questionId, now)
  publish(tx, { kind: 'thread', ...facts, at: now, status })
}

/**
 * Recomputes what a thread shows from its rows: the answer and comment counters, the status
 * and when it was resolved. Costs a look-up of this thread's own rows (indexed), nothing more.
 */
export function refreshThreadFacts(tx: Tx, questionId: number, now: number): ThreadStatus {
  const q = tx
    .update(questions)
    .set({
      answerCount: sql`(SELECT count(*) FROM answers WHERE answers.question_id = ${questionId} AND answers.deleted_at IS NULL)`,
      commentCount: sql`(SELECT count(*) FROM comments WHERE comments.question_id = ${questionId} AND comments.deleted_at IS NULL)`,
    })
    .where(eq(questions.id, questionId))
    .returning({
      closedAt: questions.closedAt,
      duplicateOfId: questions.duplicateOfId,
      answerCount: questions.answerCount,
      acceptedAnswerId: questions.acceptedAnswerId,
      officialAnswerId: questions.officialAnswerId,
      resolvedAt: questions.resolvedAt,
    })
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
