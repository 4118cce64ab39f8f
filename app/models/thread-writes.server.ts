// The unit of work for thread writes: the one way a thread changes. Each write runs inside it;
// it owns the transaction and, in that transaction, always recomputes the thread's status and
// counters and writes the search outbox row and the FTS5 row. Then it publishes one domain
// event (app/models/events.server.ts): notifications and badges react before the commit,
// caches, live updates and the search worker after it.
import { and, eq, isNull } from 'drizzle-orm'
import { preparedStatement, type Tx } from '#db/client.server.ts'
import { questions, type ThreadStatus } from '#db/schema.ts'
import { computeThreadStatus } from '#app/lib/thread-status.ts'
import {
  deferThreadReindex,
  enqueueThreadReindex,
  flushDeferredReindex,
  type DeferredReindex,
} from '#search/outbox.server.ts'
import type { RecentWindowOptions } from '#search/sqlite-fts.server.ts'
import type { SearchDocument } from '#search/types.ts'
import { NotFoundError } from './errors.server.ts'
import { publish, type ThreadChange, type ThreadEvent } from './events.server.ts'
import { afterCommit, writeTransaction } from './transaction.server.ts'

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
  lockReason: string | null
  closedAt: number | null
  duplicateOfId: number | null
  acceptedAnswerId: number | null
  officialAnswerId: number | null
}

type Actor = { id: number } | null

export interface ThreadWriteOptions {
  /** The write brings in history from another community (ThreadEvent.imported). */
  imported?: boolean
  /** Bulk writers only: the batch this write belongs to (bulkThreadWrites hands it out). */
  bulk?: BulkBatch
  /** The thread may be deleted (undeleting it): changeThread finds it all the same. */
  includeDeleted?: boolean
}

/**
 * A bulk writer's batch (request paths never have one). Its writes share the batch's one
 * transaction without a savepoint each, and the batch is all or nothing: a write that throws
 * fails the whole batch, even if the bulk writer catches it. Their outbox rows and FTS5
 * refreshes wait in `deferredReindex` and are written once for the whole batch, in the same
 * transaction, leaving the same rows as writing them one write at a time.
 */
export class BulkBatch {
  readonly deferredReindex: DeferredReindex = []
  failure: unknown = null
  constructor(readonly tx: Tx) {}

  run<R>(write: (tx: Tx) => R): R {
    if (this.failure) throw this.failure
    try {
      return write(this.tx)
    } catch (error) {
      this.failure = error
      throw error
    }
  }
}

/** Runs a thread write in its own transaction, or in the bulk batch it belongs to. */
function inTransaction<R>(options: ThreadWriteOptions, write: (tx: Tx) => R): R {
  return options.bulk ? options.bulk.run(write) : writeTransaction(write)
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
  return inTransaction(options, (tx) => {
    const thread = tx
      .select({
        id: questions.id,
        authorId: questions.authorId,
        status: questions.status,
        lockedAt: questions.lockedAt,
        lockReason: questions.lockReason,
        closedAt: questions.closedAt,
        duplicateOfId: questions.duplicateOfId,
        acceptedAnswerId: questions.acceptedAnswerId,
        officialAnswerId: questions.officialAnswerId,
      })
      .from(questions)
      .where(
        and(
          eq(questions.id, questionId),
          options.includeDeleted ? undefined : isNull(questions.deletedAt),
        ),
      )
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
      deferredReindex: options.bulk?.deferredReindex,
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
  return inTransaction(options, (tx) => {
    const { questionId, change, result } = work(tx)
    finishThreadWrite(tx, {
      questionId,
      questionAuthorId: actor.id,
      actorId: actor.id,
      statusBefore: null,
      change,
      now,
      ...(options.imported ? { imported: true } : {}),
      deferredReindex: options.bulk?.deferredReindex,
    })
    return result
  })
}

/**
 * A batch of thread writes by a bulk writer (the scale seeder): one transaction for all of them
 * (all or nothing: see BulkBatch), the writes marked `imported` (no notifications or badges
 * per event), and their outbox rows and FTS5 refreshes written once at the end of the batch,
 * still inside the transaction. Never for request paths: a request makes one write.
 * `onSearchDocuments` gets, once the batch has committed, the search documents its FTS5 rows
 * were made from (a bulk load feeds them to Meilisearch as it goes).
 */
export function bulkThreadWrites<R>(
  work: (options: ThreadWriteOptions) => R,
  options: {
    onSearchDocuments?: (documents: SearchDocument[]) => void
    /** Where the whole load ends (see RecentWindowOptions): the FTS5 writes skip what it will push out. */
    recentWindow?: RecentWindowOptions
  } = {},
): R {
  return writeTransaction((tx) => {
    const batch = new BulkBatch(tx)
    const result = work({ imported: true, bulk: batch })
    if (batch.failure) throw batch.failure
    const documents = flushDeferredReindex(tx, batch.deferredReindex, options.recentWindow)
    const { onSearchDocuments } = options
    if (onSearchDocuments) afterCommit(() => onSearchDocuments(documents))
    return result
  })
}

function finishThreadWrite(
  tx: Tx,
  write: Omit<ThreadEvent, 'kind' | 'status' | 'at'> & {
    now: number
    deferredReindex?: DeferredReindex | undefined
  },
) {
  const { now, deferredReindex, ...facts } = write
  const status = refreshThreadFacts(write.questionId, now)
  if (deferredReindex) deferThreadReindex(deferredReindex, write.questionId, now)
  else enqueueThreadReindex(tx, write.questionId, now)
  publish(tx, { kind: 'thread', ...facts, at: now, status })
}

/**
 * Recomputes what a thread shows from its rows: the answer and comment counters, the status
 * and when it was resolved. Costs a look-up of this thread's own rows (indexed), nothing more.
 * One read, then one UPDATE only when something changed: each UPDATE of a question rewrites its
 * whole row (the body with it) and runs its list-count triggers, and most writes (a vote, an
 * edit, a comment's revision) change none of these. Two statements prepared once: this runs
 * after every thread write, inside its transaction (the connection's one transaction, so no
 * handle is passed).
 */
export function refreshThreadFacts(questionId: number, now: number): ThreadStatus {
  const q = preparedStatement(
    `SELECT status, resolved_at, answer_count, comment_count, closed_at, duplicate_of_id,
       accepted_answer_id, official_answer_id,
       (SELECT count(*) FROM answers WHERE answers.question_id = @id AND answers.deleted_at IS NULL) AS answers,
       (SELECT count(*) FROM comments WHERE comments.question_id = @id AND comments.deleted_at IS NULL) AS comments
     FROM questions WHERE id = @id`,
  ).get({ id: questionId }) as
    | {
        status: ThreadStatus
        resolved_at: number | null
        answer_count: number
        comment_count: number
        closed_at: number | null
        duplicate_of_id: number | null
        accepted_answer_id: number | null
        official_answer_id: number | null
        answers: number
        comments: number
      }
    | undefined
  if (!q) throw new NotFoundError('Question not found')
  const status = computeThreadStatus({
    closed: q.closed_at != null,
    duplicateOfId: q.duplicate_of_id,
    answerCount: q.answers,
    acceptedAnswerId: q.accepted_answer_id,
    officialAnswerId: q.official_answer_id,
  })
  const resolved = q.accepted_answer_id != null || q.official_answer_id != null
  const resolvedAt = resolved ? (q.resolved_at ?? now) : null
  if (
    status !== q.status ||
    resolvedAt !== q.resolved_at ||
    q.answers !== q.answer_count ||
    q.comments !== q.comment_count
  ) {
    preparedStatement(
      `UPDATE questions SET answer_count = ?, comment_count = ?, status = ?, resolved_at = ?
       WHERE id = ?`,
    ).run(q.answers, q.comments, status, resolvedAt, questionId)
  }
  return status
}
