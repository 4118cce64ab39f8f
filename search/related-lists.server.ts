// "Resolved threads that may help" under an open question, computed off the request and stored
// (related_lists, related_threads): one look-up costs tens of milliseconds at a million threads,
// more than a page's whole budget, and would be paid again by every logged-in view.
//
// - Writes mark lists due, in their own transaction (markRelatedListsDue, from the unit of work's
//   reactions): the thread's own list when it is asked or retitled, and every list naming it
//   when its status or title moves. A thread that becomes resolved fans out: the job finds the
//   open questions it may help and marks their lists due, so it joins them.
// - The job (RelatedListsJob, in the process that drains the search outbox) computes due lists
//   in the FTS5 look-up threads, oldest due first, and stores them; a list a write marked due again
//   meanwhile stays due (its version moved).
// - The page reads the stored list with its threads' live titles and statuses (storedRelatedThreads):
//   a thread deleted or no longer resolved drops out at once. A list never computed (imported or
//   seeded history, threads from before this table) is put at the front of the queue by its
//   first view, which shows the page without it.
import { sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.server.ts'
import { withWriteLock } from '#db/write-lock.server.ts'
import type { ThreadStatus } from '#db/schema.ts'
import { BackgroundLoop } from './background-loop.server.ts'
import { SIMILAR_COLUMNS, similarHitOf, type SimilarRow } from './sqlite-fts.server.ts'
import type { SimilarHit, SimilarQuery } from './types.ts'

export const RELATED_LIST_LENGTH = 5
/** How many open questions a newly resolved thread is offered to. */
const FAN_OUT = 10
/** A due time before any real one: lists someone is looking at come first. */
const WANTED_NOW = 1

type Writer = Pick<Db, 'run'> | Pick<Tx, 'run'>

/** The thread's own list must be computed (again): asked, retitled, reopened or resolved. */
export function markOwnListDue(tx: Writer, questionId: number, now: number) {
  tx.run(sql`INSERT INTO related_lists (question_id, due_at, version) VALUES (${questionId}, ${now}, 1)
    ON CONFLICT (question_id) DO UPDATE SET
      due_at = min(coalesce(due_at, excluded.due_at), excluded.due_at), version = version + 1`)
}

/** Every list that names the thread must be computed again (its status or title moved). */
export function markListsNamingDue(tx: Writer, questionId: number, now: number) {
  tx.run(sql`UPDATE related_lists SET due_at = min(coalesce(due_at, ${now}), ${now}), version = version + 1
    WHERE question_id IN (SELECT question_id FROM related_threads WHERE related_id = ${questionId})`)
}

/** The stored list of a question, with live titles; asks for it when it was never computed. */
export function storedRelatedThreads(db: Db, questionId: number): SimilarHit[] {
  const list = db.get<{ computedAt: number | null; dueAt: number | null } | undefined>(
    sql`SELECT computed_at AS computedAt, due_at AS dueAt FROM related_lists WHERE question_id = ${questionId}`,
  )
  if (!list || (list.computedAt == null && list.dueAt !== WANTED_NOW)) {
    // A single-row write, once per question: the job computes this list next.
    db.run(sql`INSERT INTO related_lists (question_id, due_at) VALUES (${questionId}, ${WANTED_NOW})
      ON CONFLICT (question_id) DO UPDATE SET due_at = ${WANTED_NOW}`)
    return []
  }
  return db
    .all<SimilarRow>(
      sql`SELECT ${sql.raw(SIMILAR_COLUMNS)}
    FROM related_threads r JOIN questions q ON q.id = r.related_id
    WHERE r.question_id = ${questionId} AND q.deleted_at IS NULL AND q.status = 'resolved'
    ORDER BY r.position`,
    )
    .map(similarHitOf)
}

export interface RelatedListsJobOptions {
  db: Db
  /** Ranks similar questions (in the FTS5 look-up threads). */
  rank: (query: SimilarQuery) => Promise<SimilarHit[]>
  /** A question's stored list changed: its cached pages are out of date. */
  onListChanged?: (questionId: number) => void
  /** Lists taken at a time (default 20). */
  batchSize?: number
  /** Pause when nothing was due (default 1 s; nudge() cuts it short). */
  idleDelayMs?: number
  log?: (message: string) => void
}

/** The lists due by `now`, the most wanted first, with their questions' current state. */
export function dueRelatedLists(db: Db, now: number, limit: number): DueList[] {
  return db.all<DueList>(sql`SELECT l.question_id AS questionId, l.version AS version,
      q.title AS title, q.status AS status, q.deleted_at AS deletedAt
    FROM related_lists l LEFT JOIN questions q ON q.id = l.question_id
    WHERE l.due_at <= ${now} ORDER BY l.due_at LIMIT ${limit}`)
}

interface DueList {
  questionId: number
  version: number
  title: string | null
  status: ThreadStatus | null
  deletedAt: number | null
}

export class RelatedListsJob extends BackgroundLoop {
  readonly #options: RelatedListsJobOptions

  constructor(options: RelatedListsJobOptions) {
    super({ errorDelayMs: options.idleDelayMs ?? 1000, nudgeDelayMs: 50 })
    this.#options = options
  }

  /** Computes the lists due by `now` (one batch, after any batch under way); returns how many. */
  runOnce(now = Date.now()): Promise<number> {
    return this.serially(() => this.#batch(now))
  }

  protected reportError(error: unknown) {
    this.#options.log?.(`related threads: ${(error as Error).message}`)
  }

  /** One batch; with more waiting, a pause as long as it took (about half a core at most). */
  protected async step(): Promise<number> {
    const started = performance.now()
    const done = await this.#batch(Date.now())
    if (done < (this.#options.batchSize ?? 20)) return this.#options.idleDelayMs ?? 1000
    return Math.ceil(performance.now() - started)
  }

  async #batch(now: number): Promise<number> {
    const due = dueRelatedLists(this.#options.db, now, this.#options.batchSize ?? 20)
    for (const list of due) await this.#compute(list, now)
    return due.length
  }

  async #compute(list: DueList, now: number) {
    const { db, rank } = this.#options
    const { questionId } = list
    const open = list.status === 'open' || list.status === 'answered'
    let hits: SimilarHit[] = []
    if (list.title != null && list.deletedAt == null) {
      if (open) {
        hits = await rank({
          text: list.title,
          excludeId: questionId,
          resolvedOnly: true,
          limit: RELATED_LIST_LENGTH,
        })
      } else if (list.status === 'resolved') {
        const helped = await rank({
          text: list.title,
          excludeId: questionId,
          unresolvedOnly: true,
          limit: FAN_OUT,
        })
        await withWriteLock(db.$client, () =>
          db.transaction((tx) => {
            for (const hit of helped) markOwnListDue(tx, hit.id, now)
          }),
        )
      }
    }
    const before = db
      .all<{
        relatedId: number
      }>(
        sql`SELECT related_id AS relatedId FROM related_threads WHERE question_id = ${questionId} ORDER BY position`,
      )
      .map((r) => r.relatedId)
    const changed = before.join() !== hits.map((h) => h.id).join()
    const store = () =>
      db.transaction((tx) => {
        const current = tx.get<{ version: number } | undefined>(
          sql`SELECT version FROM related_lists WHERE question_id = ${questionId}`,
        )
        const stillDue = current != null && current.version !== list.version
        if (changed) {
          tx.run(sql`DELETE FROM related_threads WHERE question_id = ${questionId}`)
          hits.forEach((hit, position) =>
            tx.run(sql`INSERT INTO related_threads (question_id, position, related_id)
            VALUES (${questionId}, ${position}, ${hit.id})`),
          )
        }
        if (open) {
          tx.run(sql`UPDATE related_lists SET computed_at = ${now}
          ${stillDue ? sql`` : sql`, due_at = NULL`} WHERE question_id = ${questionId}`)
        } else if (!stillDue) {
          // Resolved, closed or gone: no list is shown; it comes back if the thread reopens.
          tx.run(sql`DELETE FROM related_lists WHERE question_id = ${questionId}`)
        }
      })
    await withWriteLock(db.$client, store)
    if (changed) this.#options.onListChanged?.(questionId)
  }
}
