// Write transactions that know when they have committed. better-sqlite3 runs a transaction
// synchronously on this one connection, so "the transaction running now" is a plain variable.
// Work that must only happen once the data is durable (events, live updates, cache drops)
// registers with afterCommit(); a rolled-back transaction runs none of it.
//
// Request handlers write through writeWhenFree(): with WEB_CONCURRENCY > 1 another worker may
// hold SQLite's write lock, and waiting for it must not stop the event loop (withWriteLock).
import { db, type Tx } from '#db/client.server.ts'
import { withWriteLock } from '#db/write-lock.server.ts'

interface Running {
  tx: Tx
  afterCommit: (() => void)[]
}

let running: Running | null = null

/** The after-commit callbacks of the write lock writeWhenFree() holds, until its COMMIT. */
let held: (() => void)[] | null = null

/**
 * Runs `work` in an `immediate` transaction (the write lock is taken at BEGIN, so two writers
 * never deadlock on an upgrade), then the callbacks it registered with afterCommit(). Called
 * inside another write transaction it runs as a savepoint of it: its callbacks wait for the
 * outer commit, and are dropped if its savepoint rolls back.
 */
export function writeTransaction<R>(work: (tx: Tx) => R): R {
  const outer = running
  if (outer) {
    const mark = outer.afterCommit.length
    try {
      return outer.tx.transaction((savepoint) => work(savepoint))
    } catch (error) {
      outer.afterCommit.length = mark
      throw error
    }
  }
  const unit: Running = { tx: undefined as unknown as Tx, afterCommit: [] }
  const result = db.transaction(
    (tx) => {
      unit.tx = tx
      running = unit
      try {
        return work(tx)
      } finally {
        running = null
      }
    },
    { behavior: 'immediate' },
  )
  // Under writeWhenFree() this was a savepoint of its transaction: nothing is durable yet.
  if (held) held.push(...unit.afterCommit)
  else runAll(unit.afterCommit)
  return result
}

function runAll(callbacks: (() => void)[]) {
  for (const callback of callbacks) {
    try {
      callback()
    } catch (error) {
      // The write is committed; one failing reaction must not hide that from the caller.
      console.error('[events] a reaction after commit failed:', error)
    }
  }
}

/**
 * Runs `work` (synchronous: its writes go through writeTransaction and the models) inside one
 * write transaction taken without blocking the event loop (withWriteLock): while another worker
 * holds SQLite's write lock, other requests run. The callbacks its writes registered with
 * afterCommit() run after its COMMIT.
 */
export async function writeWhenFree<R>(work: () => R): Promise<R> {
  if (running || held) return work()
  const callbacks: (() => void)[] = []
  const result = await withWriteLock(db.$client, () => {
    held = callbacks
    try {
      return work()
    } finally {
      held = null
    }
  })
  runAll(callbacks)
  return result
}

/** Runs `callback` once the write transaction that is running now has committed. */
export function afterCommit(callback: () => void) {
  if (!running) throw new Error('afterCommit() called outside writeTransaction()')
  running.afterCommit.push(callback)
}

/** Whether a write transaction is running now (tests check that listeners run after it). */
export function inWriteTransaction() {
  return running != null || held != null
}
