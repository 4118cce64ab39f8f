// Checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT that takes the
// write-ahead log past 1 000 pages: that one write copies megabytes into the database file and
// syncs it, 50-500 ms here on a 100 000-thread file, while every request of the process waits
// (issue 10: "no synchronous piece of work on the event loop takes more than 10 ms"). A serving
// process turns that off for its connection and leaves checkpoints to a thread of its own
// (wal-checkpoint-thread.mjs). Scripts (seed, import) keep SQLite's own checkpoints.
import { Worker } from 'node:worker_threads'
import { findThreadEntry } from './thread-entry.server.ts'
import type { Db } from './client.server.ts'

const ENTRY = 'db/wal-checkpoint-thread.mjs'

export interface CheckpointReport {
  /** Frames in the WAL, and how many of them are now in the database file. */
  log?: number
  checkpointed?: number
  error?: string
}

export interface WalCheckpointer {
  /** Each checkpoint's outcome (tests wait on it). */
  onReport(listener: (report: CheckpointReport) => void): void
  /** A last checkpoint, then the thread ends. */
  stop(): Promise<void>
}

/**
 * Starts the checkpointer thread for `db`'s file (every `intervalMs`, default 1 s) and turns off
 * the connection's automatic checkpoints. Null for a database in memory (no WAL, no second
 * connection).
 */
export function startWalCheckpointer(db: Db, intervalMs = 1000): WalCheckpointer | null {
  const file = db.$client.name
  if (db.$client.memory || file === ':memory:' || file === '') return null
  const worker = new Worker(findThreadEntry(ENTRY, import.meta.url), {
    workerData: { file, intervalMs },
  })
  worker.unref()
  db.$client.pragma('wal_autocheckpoint = 0')
  const listeners: ((report: CheckpointReport) => void)[] = []
  let lastError: string | null = null
  worker.on('message', (report: CheckpointReport) => {
    if (report.error && report.error !== lastError) {
      console.error(`[db] WAL checkpoint failed: ${report.error}`)
    }
    lastError = report.error ?? null
    for (const listener of listeners) listener(report)
  })
  worker.on('error', (error) => {
    // Without its thread the connection checkpoints for itself again, as SQLite does by default.
    console.error('[db] The WAL checkpointer thread stopped:', error)
    db.$client.pragma('wal_autocheckpoint = 1000')
  })
  return {
    onReport: (listener) => void listeners.push(listener),
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => {
          if (db.$client.open) db.$client.pragma('wal_autocheckpoint = 1000')
          resolve()
        })
        worker.postMessage('stop')
      }),
  }
}
