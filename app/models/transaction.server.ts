// Write transactions that know when they have committed. better-sqlite3 runs a transaction
// synchronously on this one connection, so "the transaction running now" is a plain variable.
// Work that must only happen once the data is durable (events, live updates, cache drops)
// registers with afterCommit(); a rolled-back transaction runs none of it.
import { db, type Tx } from '#db/client.server.ts'

interface Running {
  tx: Tx
  afterCommit: (() => void)[]
}

let running: Running | null = null

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
  for (const callback of unit.afterCommit) {
    try {
      callback()
    } catch (error) {
      // The write is committed; one failing reaction must not hide that from the caller.
      console.error('[events] a reaction after commit failed:', error)
    }
  }
  return result
}

/** Runs `callback` once the write transaction that is running now has committed. */
export function afterCommit(callback: () => void) {
  if (!running) throw new Error('afterCommit() called outside writeTransaction()')
  running.afterCommit.push(callback)
}

/** Whether a write transaction is running now (tests check that listeners run after it). */
export function inWriteTransaction() {
  return running != null
}
